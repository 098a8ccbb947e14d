"""Markdown of the information pages as safe HTML: rendered by `markdown`, then sanitised by `nh3`
(the Ammonia allow-list: no scripts, no styles, no event handlers), since staff text is shown to
everyone and the Content Security Policy forbids inline scripts and styles anyway."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def rendered(text: str) -> SafeString:
    """`text` (Markdown) as sanitised HTML."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}, "abbr": {"title"}})
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)
