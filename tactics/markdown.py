"""Markdown written in the admin, turned into HTML that is safe to show to visitors.

Two layers, so a mistake in one is caught by the other: markdown-it-py runs with raw HTML
disabled (an editor's ``<script>`` becomes text) and refuses unsafe link schemes, then nh3
(the Rust ``ammonia`` sanitiser) keeps only a short list of tags and attributes and adds
``rel="noopener nofollow"`` to every link.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
        "ol", "p", "pre", "strong", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "commonmark" with html off: raw HTML in the source is escaped, not passed through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _sanitise(html: str) -> SafeString:
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 (nh3 output is sanitised HTML)


def render_markdown(text: str, top_heading: int = 2) -> SafeString:
    """Block Markdown to sanitised HTML.

    Headings are shifted so the highest one is ``<h{top_heading}>``: the page owns its h1
    and the section heading above the text, so an editor's ``#`` cannot break the
    document outline.
    """
    if not text:
        return mark_safe("")  # noqa: S308
    md = _parser()
    tokens = md.parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if levels:
        shift = max(0, top_heading - min(levels))
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    html = md.renderer.render(tokens, md.options, {})
    return _sanitise(html)


def http_url(url) -> str:
    """The URL if it is http(s), else "": a stored ``javascript:`` URL never becomes a link."""
    url = str(url or "").strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https") else ""


def render_markdown_inline(text: str) -> SafeString:
    """One line of Markdown (emphasis, links, code) without a wrapping paragraph."""
    if not text:
        return mark_safe("")  # noqa: S308
    return _sanitise(_parser().renderInline(text))
