"""Markdown for editor-written text, rendered and then sanitised with nh3."""

import threading

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    """One Markdown converter per thread, reset before each use (building one costs more than converting)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"])
    return converter.reset()


# Short texts rendered before, kept in this process: the same descriptions recur on a page (an
# agenda's items) and from render to render (a page renders again after any write to its tables,
# mostly with the same texts); converting and cleaning cost 0.2-0.4 ms a text. The HTML depends on
# the text only. Bounded: texts up to KEEP_MAX_CHARS, at most KEEP_MAX entries (then cleared).
KEEP_MAX_CHARS = 2000
KEEP_MAX = 2000
_kept: dict[str, str] = {}


def render_markdown(text: str) -> str:
    """Markdown to safe HTML: scripts, event handlers, styles and foreign tags are removed."""
    text = text or ""
    html = _kept.get(text)
    if html is None:
        html = nh3.clean(
            _converter().convert(text),
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
        )
        if len(text) <= KEEP_MAX_CHARS:
            if len(_kept) >= KEEP_MAX:
                _kept.clear()
            _kept[text] = html
    return html
