"""What every public list shares (tactics, the source library, the corrections log, the
API): pagination that never errors, and filter problems in words. Imports nothing from
our apps, so any app may import it."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told its count (a count kept from an earlier request), so it runs no
    COUNT query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def paginate(request, queryset, per_page, count=None):
    """The requested page, or the nearest real one with a note saying so (never a 404
    or 500 for a page number someone typed). `count`, when known, saves the COUNT query."""
    if count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CountedPaginator(queryset, per_page, count)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return paginator.page(
            1
        ), "The page number in the address is not a number, so this is page 1."
    if number < 1:
        return paginator.page(1), "Pages start at 1, so this is page 1."
    if number > paginator.num_pages:
        last = paginator.num_pages
        return paginator.page(last), f"There is no page {number}; this is the last page, {last}."
    return paginator.page(number), ""


class ReadableProblems:
    """For a django-filter FilterSet: invalid parameters are ignored, never an error page,
    and each becomes one line in words the page shows."""

    @property
    def problems(self):
        if not self.is_bound or self.is_valid():
            return []
        return [
            f"{self.form.fields[name].label if name in self.form.fields else name}: "
            f"{' '.join(errors)}"
            for name, errors in self.errors.items()
        ]
