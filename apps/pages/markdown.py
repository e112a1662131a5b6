"""Markdown for editor-written text, rendered and then sanitised with nh3."""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(text: str) -> str:
    """Markdown to safe HTML: scripts, event handlers, styles and foreign tags are removed."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"}
    )
