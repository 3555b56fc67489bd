"""Reverting from the admin's history keeps every grade true.

Each test drives the admin's own revert view (the history form, posted back as the Revert
button does) and then compares every stored grade with a fresh computation from the
stances and sources as they now stand.
"""

import pytest
from django.utils import timezone

from scoring.engine import assess
from scoring.services import load_inputs
from sources.choices import Method, Position
from tactics.models import Tactic
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory

pytestmark = pytest.mark.django_db


def _stored(tactic):
    return (
        tactic.evidence_score,
        tactic.confidence,
        tactic.direction,
        tactic.contested,
        tactic.improves_count,
        tactic.no_effect_count,
        tactic.worsens_count,
        tactic.mixed_count,
        sorted(platform.slug for platform in tactic.platforms_covered.all()),
    )


def _fresh(assessment):
    return (
        assessment.score,
        assessment.confidence,
        assessment.direction,
        assessment.contested,
        assessment.improves,
        assessment.no_effect,
        assessment.worsens,
        assessment.mixed,
        sorted(assessment.platforms),
    )


def assert_every_grade_is_true():
    tactics = list(Tactic.objects.prefetch_related("platforms_covered"))
    inputs, _ = load_inputs(tactic.pk for tactic in tactics)
    today = timezone.localdate()
    for tactic in tactics:
        assert _stored(tactic) == _fresh(assess(inputs[tactic.pk], today)), tactic.question


def test_reverting_a_tactic_keeps_its_grade(client, editor, scored, revert_in_admin):
    tactic = TacticFactory(question="Before any evidence?")
    with scored():
        StanceFactory.create_batch(2, tactic=tactic)
    tactic.refresh_from_db()
    graded = tactic.evidence_score
    assert graded > 0
    tactic.question = "After the evidence?"
    tactic.save()

    client.force_login(editor)
    with scored():
        response = revert_in_admin(client, tactic.history.earliest())
    assert response.status_code == 302
    tactic.refresh_from_db()
    assert tactic.question == "Before any evidence?"
    assert tactic.evidence_score == graded  # not the 0.0 the first version was saved with
    assert_every_grade_is_true()


def test_reverting_a_source_recomputes_its_tactics(client, researcher, scored, revert_in_admin):
    with scored():
        stance = StanceFactory(source=SourceFactory(method=Method.OBSERVATIONAL))
        source = stance.source
        source.method = Method.CONTROLLED
        source.save()
    tactic = Tactic.objects.get(pk=stance.tactic_id)
    controlled_score = tactic.evidence_score

    client.force_login(researcher)
    with scored():
        response = revert_in_admin(client, source.history.get(method=Method.OBSERVATIONAL))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.method == Method.OBSERVATIONAL
    tactic.refresh_from_db()
    assert tactic.evidence_score != controlled_score
    assert_every_grade_is_true()


def test_reverting_a_source_restores_its_platform_links(
    client, researcher, scored, revert_in_admin
):
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    gemini = PlatformFactory(slug="gemini", name="Gemini")
    with scored():
        stance = StanceFactory(source=SourceFactory(platforms=[chatgpt]))
    source = stance.source
    only_chatgpt = source.history.latest()
    with scored():
        source.platforms.add(gemini)
    assert sorted(stance.tactic.platforms_covered.values_list("slug", flat=True)) == [
        "chatgpt",
        "gemini",
    ]

    client.force_login(researcher)
    with scored():
        response = revert_in_admin(client, only_chatgpt)
    assert response.status_code == 302
    assert list(source.platforms.all()) == [chatgpt]
    assert list(stance.tactic.platforms_covered.all()) == [chatgpt]
    assert_every_grade_is_true()


def test_reverting_a_stance_recomputes_its_tactic(client, researcher, scored, revert_in_admin):
    with scored():
        stance = StanceFactory(position=Position.IMPROVES)
        stance.position = Position.NO_EFFECT
        stance.save()

    client.force_login(researcher)
    with scored():
        response = revert_in_admin(client, stance.history.get(position=Position.IMPROVES))
    assert response.status_code == 302
    tactic = Tactic.objects.get(pk=stance.tactic_id)
    assert (tactic.improves_count, tactic.no_effect_count) == (1, 0)
    assert_every_grade_is_true()


def test_reverting_a_stance_moved_to_another_tactic_recomputes_both(
    client, researcher, scored, revert_in_admin
):
    first, second = TacticFactory(), TacticFactory()
    with scored():
        stance = StanceFactory(tactic=first)
        stance.tactic = second
        stance.save()

    client.force_login(researcher)
    with scored():
        response = revert_in_admin(client, stance.history.get(tactic=first))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.improves_count, second.improves_count) == (1, 0)
    assert_every_grade_is_true()
