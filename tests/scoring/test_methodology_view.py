"""The "How scored" page: rendered from the rubric, with a live worked example."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import rubric
from scoring.services import recompute_tactics
from sources.choices import Method, Position, SourceType
from sources.models import Stance
from tactics.choices import Confidence, Status
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
URL = "/methodology/"


class Outline(HTMLParser):
    """Collects headings, table header cells and anything CSP would block."""

    def __init__(self):
        super().__init__()
        self.headings, self.th_without_scope, self.inline = [], 0, []
        self._script_has_src = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th" and "scope" not in attrs:
            self.th_without_scope += 1
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append((tag, attrs))
        if tag == "style" or (tag == "script" and "src" not in attrs):
            self.inline.append((tag, attrs))


def outline(response):
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def build_tactics():
    busy = TacticFactory(question="Do statistics get pages cited?", status=Status.PUBLISHED)
    quiet = TacticFactory(status=Status.PUBLISHED)
    draft = TacticFactory(status=Status.DRAFT)
    for _ in range(3):
        StanceFactory(
            tactic=busy,
            source=SourceFactory(
                source_type=SourceType.PEER_REVIEWED,
                method=Method.CONTROLLED,
                published_on=datetime.date(2026, 3, 1),
            ),
        )
    StanceFactory(tactic=busy, position=Position.NO_EFFECT)
    StanceFactory(tactic=quiet)
    for _ in range(6):  # more stances, but a draft is never the public example
        StanceFactory(tactic=draft)
    recompute_tactics([busy.pk, quiet.pk, draft.pk])
    return busy


def test_url_name():
    assert reverse("scoring:methodology") == URL


def test_page_renders_the_rubric_constants(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>How tactics are scored</h1>" in html
    for label, share in rubric.methodology_tables()["weights"][0]["rows"]:
        assert f'<th scope="row">{label}</th><td class="num">{share}</td>' in html
    assert 'Observational / correlational</th><td class="num">45%' in html
    assert "No published tactic has evidence yet" in html


def test_changing_a_weight_constant_changes_the_page(client, monkeypatch):
    weights = dict(rubric.METHOD_WEIGHTS)
    weights[Method.OBSERVATIONAL] = Decimal("0.55")
    monkeypatch.setattr(rubric, "METHOD_WEIGHTS", weights)
    html = client.get(URL).content.decode()
    assert 'Observational / correlational</th><td class="num">55%' in html


def test_worked_example_uses_the_published_tactic_with_most_stances_and_adds_up(client):
    busy = build_tactics()
    busy.refresh_from_db()
    response = client.get(URL)
    example = response.context["example"]
    assert example["tactic"] == busy
    assessment = example["assessment"]
    assert assessment.score == busy.evidence_score > 0
    total = sum(r["points"] for r in example["rows"]) + sum(
        a.points for a in assessment.adjustments
    )
    assert total == assessment.score
    html = response.content.decode()
    assert busy.question in html
    assert f'<td class="num">{assessment.score}</td></tr>\n        </tfoot>' in html
    for stance in Stance.objects.filter(tactic=busy).select_related("source"):
        assert stance.source.title in html


def test_markup_is_semantic_and_has_nothing_inline(client):
    build_tactics()
    parsed = outline(client.get(URL))
    assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:], strict=False))
    assert parsed.th_without_scope == 0
    assert parsed.inline == []


def test_query_count_does_not_grow_with_the_example_size(client):
    busy = build_tactics()
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for _ in range(10):
        StanceFactory(tactic=busy)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large.captured_queries) == len(small.captured_queries)


def published(html, rule):
    found = re.search(rf'<span data-rule="{rule}">([^<]*)</span>', html)
    assert found, f"the page does not publish {rule}"
    return found.group(1)


def test_every_threshold_the_engine_uses_is_published(client):
    html = client.get(URL).content.decode()
    assert published(html, "replication-min-weight") == "0.2"
    assert published(html, "min-publishers") == str(rubric.HIGH_MIN_PUBLISHERS)
    assert published(html, "stale-after-months") == str(rubric.STALE_AFTER_MONTHS)
    assert published(html, "contested-share") == "50%"
    assert published(html, "min-platforms") == str(rubric.MIN_PLATFORMS)
    assert published(html, "rank-decay") == "60%"
    assert published(html, "experimental-methods") == "controlled experiment, quasi-experiment"
    # Rank shares in full: 0.6 cubed is 21.6%, not the truncated "21%" of before.
    assert '<th scope="row">4</th><td class="num">21.6%</td>' in html
    for key, (cap, reason) in zip(rubric.CAP_KEYS, rubric.CONFIDENCE_CAPS, strict=True):
        label = Confidence(cap).label
        assert f'<tr data-cap="{key}"><th scope="row">{label}</th><td>{reason[0].upper()}' in html
    assert "On an exact tie in weight, both sides are scored" in html
    assert "on equal grades, the supporting side" in html
    assert "rounded half up to one decimal" in html


def test_the_published_thresholds_follow_the_constants(client, monkeypatch):
    monkeypatch.setattr(rubric, "REPLICATION_MIN_WEIGHT", Decimal("0.35"))
    monkeypatch.setattr(rubric, "SWEEP_EVERY_MINUTES", 10)
    monkeypatch.setattr(rubric, "DAILY_RECOMPUTE_UTC", datetime.time(4, 30))
    html = client.get(URL).content.decode()
    assert published(html, "replication-min-weight") == "0.35"
    assert published(html, "sweep-every-minutes") == "10"
    assert published(html, "daily-recompute-at") == "04:30 UTC"


def test_the_page_says_exactly_when_scores_are_recomputed(client):
    html = client.get(URL).content.decode()
    assert "night" not in html
    assert "recomputes the scores it affects at once" in html
    assert published(html, "sweep-every-minutes") == "5"
    assert "repairs any recompute that a crash interrupted" in html
    assert published(html, "daily-recompute-at") == "03:00 UTC"
    assert "so that sources age" in html
