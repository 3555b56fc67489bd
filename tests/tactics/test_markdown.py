"""Editors' Markdown becomes safe HTML: formatting kept, anything executable dropped."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tactics.markdown import render_markdown, render_markdown_inline
from tactics.templatetags.tactic_tags import external_url
from tests.tactics.html_tree import find_all, parse, walk

ALLOWED = {"a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
           "ol", "p", "pre", "strong", "ul"}  # fmt: skip


def test_basic_formatting_survives():
    html = render_markdown("Some **bold**, *em* and `code`.\n\n- one\n- two\n\n1. first")
    assert "<strong>bold</strong>" in html
    assert "<em>em</em>" in html
    assert "<code>code</code>" in html
    assert "<ul>" in html and "<ol>" in html


def test_links_get_noopener_nofollow():
    html = render_markdown("[Ahrefs](https://ahrefs.com/blog)")
    assert html.strip() == (
        '<p><a href="https://ahrefs.com/blog" rel="noopener nofollow">Ahrefs</a></p>'
    )


def test_headings_never_become_h1():
    html = render_markdown("# Top\n\n## Section\n\n### Sub")
    assert "<h1" not in html
    assert "<h2>Top</h2>" in html and "<h3>Section</h3>" in html and "<h4>Sub</h4>" in html


def test_headings_shift_below_the_section_heading():
    html = render_markdown("## Section", top_heading=3)
    assert html.strip() == "<h3>Section</h3>"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href='javascript:alert(1)'>x</a>",
        "</script><script>alert(1)</script>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<iframe src=https://evil.example></iframe>",
        "![x](https://evil.example/x.png)",
        "<svg onload=alert(1)>",
    ],
)
def test_payloads_come_out_inert(payload):
    for html in (render_markdown(payload), render_markdown_inline(payload)):
        tree = parse(html)
        for element in walk(tree):
            assert element.tag in ALLOWED
            assert set(element.attrs) <= {"href", "rel", "title", "start"}
            assert (
                not element.attrs.get("href", "https:").lower().startswith(("javascript", "data"))
            )
        assert "<script" not in html


def test_raw_html_is_shown_as_text_not_dropped():
    html = render_markdown("Use <b>bold</b> tags")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_inline_has_no_paragraph():
    assert render_markdown_inline("a [b](https://e.com) *c*") == (
        'a <a href="https://e.com" rel="noopener nofollow">b</a> <em>c</em>'
    )


def test_empty_text():
    assert render_markdown("") == ""
    assert render_markdown_inline("") == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ahrefs.com/x", "https://ahrefs.com/x"),
        ("http://e.com", "http://e.com"),
        ("javascript:alert(1)", ""),
        (" JAVASCRIPT:alert(1)", ""),
        ("data:text/html,x", ""),
        ("/relative", ""),
        ("", ""),
    ],
)
def test_external_url_only_allows_http(url, expected):
    assert external_url(url) == expected


TOKENS = [*"<>\"'=/ :;()[]!#*`-\n", "script", "onerror", "javascript", "img", "a", "href",
          "x", "svg", "onload", "iframe", "&#106;"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_no_input_produces_executable_markup(text):
    html = render_markdown(text) + render_markdown_inline(text)
    for element in find_all(parse(html)):
        assert element.tag in ALLOWED
        assert not any(name.startswith("on") for name in element.attrs)
        href = element.attrs.get("href", "")
        assert not href.strip().lower().startswith(("javascript", "data", "vbscript"))
