"""A tiny HTML tree for assertions about what a visitor sees (the standard library's
parser; no extra dependency). ``find_all(tree, "li", cls="tactic-source")``, ``text(el)``."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parent: "Element | None" = None

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    return builder.root


def walk(element: Element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from walk(child)


def find_all(element: Element, tag: str | None = None, cls: str | None = None, **attrs):
    return [
        el
        for el in walk(element)
        if (tag is None or el.tag == tag)
        and (cls is None or cls in el.classes)
        and all(el.attrs.get(key) == value for key, value in attrs.items())
    ]


def find(element: Element, tag: str | None = None, cls: str | None = None, **attrs) -> Element:
    found = find_all(element, tag, cls, **attrs)
    assert found, f"no <{tag or '*'}> with class {cls!r} and {attrs}"
    return found[0]


def text(element: Element) -> str:
    parts = []
    for child in element.children:
        parts.append(text(child) if isinstance(child, Element) else child)
    return " ".join("".join(parts).split())
