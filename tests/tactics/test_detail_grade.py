"""The tactic page's grade beyond the score: the expected impact apart from the confidence,
the grid of per-platform grades, what would change the grade, and the evidence against it
with nulls and harms said apart, each with the effect its source reports."""

import datetime
from decimal import Decimal

import pytest

from scoring.breakdown import Assessment, GradeChange, PlatformAssessment
from scoring.services import recompute_tactic
from sources.choices import EffectKind, EffectMeasure, Method, Position, SourceType
from tactics.choices import Confidence, Direction, Impact
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db


def page(client, tactic):
    response = client.get(tactic.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content)


@pytest.fixture
def platforms():
    return {
        "chatgpt": PlatformFactory(slug="chatgpt", name="ChatGPT", position=1),
        "perplexity": PlatformFactory(slug="perplexity", name="Perplexity", position=2),
        "gemini": PlatformFactory(slug="gemini", name="Gemini", position=3),
    }


def stored(tactic, **fields):
    """A hand-made grade, stored the way the engine stores it."""
    values = dict(
        score=Decimal("17.3"),
        confidence=Confidence.MEDIUM,
        direction=Direction.HARMS,
        contested=False,
        improves=0,
        no_effect=1,
        worsens=2,
        mixed=0,
        platforms=("chatgpt", "perplexity"),
        contributions=(),
        adjustments=(),
        confidence_reasons=("the score is below 26, the minimum for High",),
        impact=Impact.SMALL,
        impact_reason="the weighted middle of 1 reported effect: −9% visibility score (small)",
        would_raise=GradeChange(
            "one direct controlled experiment on a live platform the evidence has not covered "
            "yet, from an organisation not yet represented, that found it worsens visibility",
            Confidence.HIGH,
            Direction.HARMS,
            Decimal("27.1"),
        ),
        would_lower=GradeChange(
            "one direct controlled experiment on a live platform the evidence already covers, "
            "from an organisation not yet represented, that found no detectable effect",
            Confidence.LOW,
            Direction.LEANS_NO_EFFECT,
            Decimal("13.0"),
        ),
        platform_grades=(
            PlatformAssessment(
                "perplexity", Decimal("12.0"), Confidence.LOW, Direction.HARMS, Impact.SMALL, 2, 1
            ),
            PlatformAssessment(
                "chatgpt",
                Decimal("7.4"),
                Confidence.VERY_LOW,
                Direction.LEANS_HARMS,
                Impact.UNKNOWN,
                3,
                2,
            ),
        ),
    )
    values.update(fields)
    assessment = Assessment(**values)
    type(tactic).objects.filter(pk=tactic.pk).update(
        evidence_breakdown=assessment.as_dict(),
        evidence_score=assessment.score,
        confidence=assessment.confidence,
        direction=assessment.direction,
        impact=assessment.impact,
    )
    tactic.refresh_from_db()
    return tactic


def test_impact_is_shown_apart_from_confidence_with_its_reason(client, platforms):
    tactic = stored(TacticFactory())
    tree = page(client, tactic)
    impact = text(find(tree, cls="tactic-grade__item--impact"))
    assert impact.startswith("Expected impact Small")
    assert "The weighted middle of 1 reported effect: −9% visibility score (small)." in impact
    confidence = text(find(tree, cls="tactic-grade__item--confidence"))
    assert confidence.startswith("Confidence in the evidence Medium")
    assert "Small impact" in text(find(tree, cls="tactic-meta__impact"))


def test_platform_grid_is_a_table_of_each_platforms_own_grade(client, platforms):
    tactic = stored(TacticFactory())
    tree = page(client, tactic)
    table = find(tree, "table", cls="tactic-platforms")
    assert text(find(table, "caption"))
    assert all("scope" in th.attrs for th in find_all(table, "th"))
    rows = [
        [text(cell) for cell in row.children if getattr(cell, "tag", None) in ("th", "td")]
        for row in find_all(find(table, "tbody"), "tr")
    ]
    # In the site's platform order, whatever order the engine stored them in.
    assert rows == [
        ["ChatGPT", "Probably harms", "Not reported", "Very low", "7.4/35", "3 (2 live)"],
        ["Perplexity", "Harms", "Small", "Low", "12.0/35", "2 (1 live)"],
    ]
    # Gemini has no grade: it is not in the grid, and the page says why.
    assert "Gemini" not in text(table)
    assert "no grade of their own" in text(find(tree, cls="tactic-platforms__note"))


def test_what_would_change_the_grade_names_the_study_and_the_grade_it_would_give(client, platforms):
    tactic = stored(TacticFactory())
    tree = page(client, tactic)
    raise_ = text(find(tree, cls="tactic-change__item--raise"))
    assert raise_.startswith(
        "What would raise it One direct controlled experiment on a live platform the "
        "evidence has not covered yet"
    )
    assert "With it: harms, high confidence, score 27.1/35." in raise_
    lower = text(find(tree, cls="tactic-change__item--lower"))
    assert "With it: probably no effect, low confidence, score 13.0/35." in lower


def test_without_a_computed_grade_nothing_is_invented(client, platforms):
    tree = page(client, TacticFactory())
    assert "no single new study would move it" in text(find(tree, cls="tactic-change__none"))
    assert not find_all(tree, "table", cls="tactic-platforms")


def test_harms_and_nulls_are_listed_apart_with_their_reported_effects(client, platforms):
    tactic = TacticFactory(action_name="stuffing pages with keywords")
    recent = datetime.date.today() - datetime.timedelta(days=60)
    strong = dict(
        method=Method.CONTROLLED, source_type=SourceType.PEER_REVIEWED, published_on=recent
    )
    for name in ("Princeton University", "IIT Delhi"):
        StanceFactory(
            tactic=tactic,
            position=Position.WORSENS,
            finding=f"{name}: stuffed pages were cited less.",
            effect_measure=EffectMeasure.VISIBILITY,
            effect_kind=EffectKind.RELATIVE,
            effect_value=Decimal("-9"),
            source=SourceFactory(
                organisation__name=name, platforms=[platforms["perplexity"]], **strong
            ),
        )
    StanceFactory(
        tactic=tactic,
        position=Position.NO_EFFECT,
        finding="No measurable change on ChatGPT.",
        source=SourceFactory(organisation__name="Lab X", platforms=[platforms["chatgpt"]]),
    )
    recompute_tactic(tactic.pk, reason="test")
    tactic.refresh_from_db()
    assert tactic.direction in (Direction.HARMS, Direction.LEANS_HARMS)

    tree = page(client, tactic)
    section = find(tree, "section", cls="tactic-against")
    assert [text(h) for h in find_all(section, "h3")] == [
        "Found no detectable effect (1)",
        "Found it worsens visibility (2)",
    ]
    summary = text(find(section, cls="tactic-against__summary"))
    assert summary.startswith(
        "Yes. 1 of the 3 sources reviewed found no detectable effect and 2 found it worsens "
        "visibility."
    )
    assert summary.endswith("avoid this tactic.")
    harms = find_all(section, "li", cls="tactic-against__item--worsens")
    assert len(harms) == 2
    assert "Reported effect: −9% visibility score" in text(harms[0])
    # The verdict and the advice say to avoid it; the sources list labels each outcome.
    assert "avoid" in text(find(tree, cls="tactic-implementation__statement")).lower()
    stances = [text(el) for el in find_all(tree, cls="tactic-stance")]
    assert stances.count("Worsens visibility") == 2
    assert stances.count("No detectable effect") == 1
    effects = [text(el) for el in find_all(tree, cls="tactic-source__effect")]
    assert effects == ["Reported effect: −9% visibility score"] * 2
    # The engine's per-platform grades reach the grid.
    grid = text(find(tree, "table", cls="tactic-platforms"))
    assert "Perplexity" in grid and "ChatGPT" in grid


def test_lab_sources_say_so_and_cover_no_platform(client, platforms):
    tactic = TacticFactory()
    StanceFactory(
        tactic=tactic,
        source=SourceFactory(lab_engine="GPT-4o (2024-08-06) over ten fixed pages", platforms=[]),
    )
    recompute_tactic(tactic.pk, reason="test")
    tree = page(client, tactic)
    assert "simulated engine: GPT-4o (2024-08-06) over ten fixed pages" in text(
        find(tree, cls="tactic-source__lab")
    )
    assert "the lab studies tested simulated engines" in text(
        find(tree, cls="tactic-platforms__none")
    )


def test_the_admin_shows_the_same_grade_read_only(admin_client, platforms):
    tactic = stored(TacticFactory())
    html = admin_client.get(f"/admin/tactics/tactic/{tactic.pk}/change/").content.decode()
    assert "Grade on each platform" in html
    assert (
        '<tr><th scope="row">Perplexity</th><td>Harms</td><td>Small</td><td>Low</td>'
        '<td class="num">12.0</td><td class="num">2 (1 live)</td></tr>'
    ) in html
    assert "<dt>Would raise it</dt><dd>One direct controlled experiment" in html
    assert "then harms, high confidence, score 27.1.</dd>" in html
    assert "then probably no effect, low confidence, score 13.0.</dd>" in html
    assert "Expected impact: Small (the weighted middle of 1 reported effect" in html
    # Read-only: no form field for any of it.
    assert 'name="impact"' not in html and 'name="evidence_breakdown"' not in html
