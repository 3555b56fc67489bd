"""Every ``datetime`` attribute is a valid date or time string as HTML defines it (issue 8,
item 10): the Nu Html Checker refused the tactic page's "2026-11-29T12:35:42.378431+00:00",
since HTML allows at most three digits of a second's fraction."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from scoring.services import recompute_tactic
from tests.factories import TacticFAQFactory, tactic_with_evidence
from tests.tactics.html_tree import find_all, parse

# The HTML Living Standard's microsyntaxes (§2.3.5) that a datetime attribute accepts:
# year, month, date, yearless date, time, local or global date-time, week, duration.
_YEAR = r"\d{4,}"
_MONTH = rf"{_YEAR}-(?:0[1-9]|1[0-2])"
_DATE = rf"{_MONTH}-(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?"
_OFFSET = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)"
_DURATION = r"P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,3})?S)?)?"
VALID_DATETIME = re.compile(
    rf"(?:{_YEAR}|{_MONTH}|{_DATE}|--(?:0[1-9]|1[0-2])-\d\d|{_TIME}"
    rf"|{_DATE}[T ]{_TIME}{_OFFSET}?|{_OFFSET}|{_YEAR}-W(?:0[1-9]|[1-4]\d|5[0-3])|{_DURATION})"
)


def valid(value: str) -> bool:
    return VALID_DATETIME.fullmatch(value) is not None


@pytest.mark.parametrize(
    "value",
    ["2026-11-29", "2026-11", "2026", "2026-11-29T12:35:42+0000", "2026-11-29T12:35Z",
     "2026-11-29 12:35:42.378+00:00", "12:35", "2026-W48"],
)  # fmt: skip
def test_the_grammar_accepts_what_html_allows(value):
    assert valid(value)


@pytest.mark.parametrize(
    "value",
    ["2026-11-29T12:35:42.378431+00:00", "2026-13-01", "2026-11-29T24:00", "29 Nov 2026", ""],
)
def test_the_grammar_refuses_what_the_checker_refuses(value):
    assert not valid(value)


@pytest.fixture
def tactic(db):
    tactic = tactic_with_evidence(supporting=2, contradicting=1, mixed=1)
    TacticFAQFactory(tactic=tactic)
    recompute_tactic(tactic.pk, reason="test")
    tactic.refresh_from_db()
    return tactic


def test_every_datetime_attribute_on_every_page_is_valid(client, tactic):
    cache.clear()
    source = tactic.stances.first().source
    # auto_now carries microseconds: the very value the checker refused, if printed raw.
    assert tactic.updated_at.microsecond
    pages = [
        tactic.get_absolute_url(),
        reverse("tactics:list"),
        reverse("home"),
        reverse("sources:detail", args=[source.pk]),
        reverse("sources:list"),
    ]
    seen = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for element in find_all(parse(response.content)):
            if "datetime" in element.attrs:
                seen += 1
                value = element.attrs["datetime"]
                assert valid(value), f"{url}: <{element.tag} datetime={value!r}>"
    # The tactic page's updated date, its sources' dates, the source's own date at least.
    assert seen >= 5
