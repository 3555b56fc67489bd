"""What the compare tests share (no tests of its own): tactics with stored grades, and
the chart and the rows read back from the page."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.urls import reverse

from scoring.models import PlatformGrade
from tactics.choices import Confidence, Direction, Effort, Impact
from tests.factories import PlatformFactory, TacticFactory

URL = reverse("overview:compare")
SVG = "{http://www.w3.org/2000/svg}"


def grade(tactic, platform, score, confidence=Confidence.LOW, direction=Direction.WORKS):
    return PlatformGrade.objects.create(
        tactic=tactic,
        platform=platform,
        score=Decimal(score),
        confidence=confidence,
        direction=direction,
    )


def graded_tactic(n, platforms, **fields):
    """A published tactic with a stored grade and a grade on each given platform (written
    directly, as the engine stores them: the page only reads them)."""
    values = {
        "evidence_score": Decimal(f"{n % 30}.{n % 10}"),
        "confidence": Confidence.values[n % 4],
        "direction": Direction.WORKS,
        "impact": Impact.values[n % 5],
        "effort": Effort.values[n % 4],
    }
    values.update(fields)
    tactic = TacticFactory(**values)
    for index, platform in enumerate(platforms):
        grade(tactic, platform, f"{(n + index) % 30}.5")
    return tactic


def chart_of(html: str) -> ET.Element:
    """The page's chart, parsed as XML: a malformed SVG fails here."""
    found = re.search(r'<svg class="compare-chart__svg".*?</svg>', html, re.S)
    assert found, "no chart on the page"
    return ET.fromstring(found.group(0))  # noqa: S314 (our own page, not untrusted input)


def rows_of(html: str) -> list[str]:
    """The slugs of the table's rows, in order."""
    return re.findall(r'<tr id="row-\d+" data-slug="([^"]+)">', html)


def two_platforms():
    return [
        PlatformFactory(slug="chatgpt", name="ChatGPT", position=1),
        PlatformFactory(slug="perplexity", name="Perplexity", position=2),
    ]
