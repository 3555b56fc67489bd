from django import template

from tactics.choices import Confidence, Direction
from tactics.markdown import http_url, render_markdown, render_markdown_inline

register = template.Library()


@register.filter(name="markdown", is_safe=True)
def markdown_filter(text, top_heading=2):
    """``{{ tactic.body|markdown }}``; ``|markdown:3`` when the text sits under an h2."""
    return render_markdown(str(text or ""), top_heading=int(top_heading))


@register.filter(name="markdown_inline", is_safe=True)
def markdown_inline_filter(text):
    """``{{ step.text|markdown_inline }}``: links and emphasis, no paragraph."""
    return render_markdown_inline(str(text or ""))


@register.filter(name="external_url")
def external_url(url):
    """The URL if it is http(s), else "": a stored ``javascript:`` URL never becomes a link."""
    return http_url(url)


@register.filter(name="direction_label")
def direction_label(value):
    """ "leans_works" -> "Probably works", for a direction read from an annotation."""
    return Direction(value).label if value in Direction.values else ""


@register.filter(name="confidence_label")
def confidence_label(value):
    return Confidence(value).label if value in Confidence.values else ""
