"""Bringing sources (CSV, RIS, BibTeX) and stances (CSV) in from the admin: upload, a
preview of every row, then confirm. (Being built for issue 11.)"""


class SourceImportMixin:
    pass


class StanceImportMixin:
    pass
