"""The "How scored" page: rendered from the rubric, with a live worked example."""

import datetime
import re
from decimal import Decimal
from html import unescape as html_unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import rubric
from scoring.services import recompute_tactics
from sources.choices import EffectKind, Method, Position, SourceType
from sources.models import Stance
from tactics.choices import Confidence, Impact, Status
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
    assert published(html, "min-organisations") == str(rubric.HIGH_MIN_ORGANISATIONS)
    assert published(html, "stale-after-months") == str(rubric.STALE_AFTER_MONTHS)
    assert published(html, "contested-share") == "50%"
    assert published(html, "min-platforms") == str(rubric.MIN_PLATFORMS)
    assert published(html, "rank-decay") == "60%"
    assert published(html, "experimental-methods") == "controlled experiment, quasi-experiment"
    # Rank shares in full: 0.6 cubed is 21.6%, not the truncated "21%" of before.
    assert '<th scope="row">4</th><td class="num">21.6%</td>' in html
    # Every cap, as the data the engine applies: key, level and wording in one row.
    for cap in rubric.CAPS:
        label = Confidence(cap.level).label
        assert (
            f'<tr data-cap="{cap.key}"><th scope="row"><code>{cap.key}</code></th>'
            f'<td class="cap-level">{label}</td>'
            f'<td class="cap-reason">{cap.wording[0].upper()}{cap.wording[1:]}</td></tr>'
        ) in html
    assert "On an exact tie in weight, each tied conclusion is scored" in html
    assert "on equal grades, the first of works, harms, no effect" in html
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


def test_every_new_rubric_constant_is_rendered(client):
    """Issue 9: effect bands per kind, the lab weight, the vendor, platform and impact
    rules and the direction rules, all from rubric.methodology_tables()."""
    tables = rubric.methodology_tables()
    html = client.get(URL).content.decode()
    assert published(html, "lab-weight") == "75%"
    assert published(html, "firm-net") == "0.5"
    assert published(html, "leaning-net") == "0.15"
    for row in tables["effect_bands"]:
        cells = "".join(f'<td class="num">{cell}</td>' for cell in row[1:])
        assert f'<tr class="effect-band"><th scope="row">{row[0]}</th>{cells}</tr>' in html
    assert '<th scope="row">Odds ratio</th><td class="num">6.71 or more</td>' in html
    for key in ("vendor", "platform", "impact"):
        found = re.search(rf'data-rule-text="{key}">([^<]*)<', html)
        assert found and html_unescape(found.group(1)) == tables[f"{key}_rule"]
    for firm, leaning, rule in tables["direction_rules"]:
        assert (
            f'<tr class="direction-rule"><th scope="row">{firm}</th><td>{leaning}</td>'
            f"<td>{rule[0].upper()}{rule[1:]}</td></tr>"
        ) in html


def test_the_new_constants_follow_the_rubric(client, monkeypatch):
    bands = dict(rubric.EFFECT_BANDS)
    bands[EffectKind.CORRELATION] = (
        (Decimal("0.6"), Impact.LARGE),
        (Decimal("0.35"), Impact.MODERATE),
        (Decimal("0.15"), Impact.SMALL),
    )
    monkeypatch.setattr(rubric, "EFFECT_BANDS", bands)
    monkeypatch.setattr(rubric, "LAB_ENGINE_WEIGHT", Decimal("0.6"))
    html = client.get(URL).content.decode()
    assert published(html, "lab-weight") == "60%"
    assert (
        '<th scope="row">Correlation coefficient</th><td class="num">0.6 or more</td>'
        '<td class="num">0.35 or more</td><td class="num">0.15 or more</td>'
        '<td class="num">under 0.15</td>'
    ) in html
