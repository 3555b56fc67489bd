"""Filling the source form from a DOI or a link. (Being built for issue 11.)"""


class MetadataFillMixin:
    pass
