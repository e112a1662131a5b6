from apps.pages.markdown import render_markdown


def test_script_tags_and_event_handlers_are_removed():
    html = render_markdown(
        'Hallo <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:x">a</a>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_markdown_formatting_is_kept():
    html = render_markdown("## Titel\n\n- eins\n- zwei\n\n[Link](https://example.org)")
    assert "<h2>Titel</h2>" in html
    assert "<li>eins</li>" in html
    assert 'href="https://example.org"' in html


def test_a_text_rendered_again_is_the_same_html_and_long_texts_are_not_kept():
    from apps.pages import markdown

    text = "Beratung und *Beschlussfassung*."
    first = render_markdown(text)
    assert render_markdown(text) == first == "<p>Beratung und <em>Beschlussfassung</em>.</p>"
    assert markdown._kept[text] == first
    long_text = "x" * (markdown.KEEP_MAX_CHARS + 1)
    assert render_markdown(long_text) == f"<p>{long_text}</p>"
    assert long_text not in markdown._kept
