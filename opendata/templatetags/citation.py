from django import template

from opendata import citations

register = template.Library()


@register.simple_tag
def citation_meta(source):
    """The citation_* (name, content) pairs of a source, for opendata/_citation_meta.html."""
    return citations.meta_tags(citations.reference(source))
