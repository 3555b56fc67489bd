from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tactics.models import Tactic
from tests.factories import (
    ImplementationStepFactory,
    KeyFindingFactory,
    TacticFactory,
    TacticFAQFactory,
)


@pytest.mark.django_db
class TestTacticConstraints:
    @pytest.mark.parametrize(
        "bad",
        [
            {"evidence_score": Decimal("35.1")},
            {"evidence_score": Decimal("-0.1")},
            {"status": "archived"},
            {"confidence": "certain"},
            {"direction": "sideways"},
        ],
    )
    def test_database_rejects_values_outside_the_rules(self, bad):
        with pytest.raises(IntegrityError), transaction.atomic():
            TacticFactory(**bad)
        assert Tactic.objects.count() == 0

    def test_slug_is_unique(self):
        TacticFactory(slug="same")
        with pytest.raises(IntegrityError), transaction.atomic():
            TacticFactory(slug="same")
        assert Tactic.objects.count() == 1

    def test_scores_at_the_bounds_are_accepted(self):
        TacticFactory(evidence_score=Decimal("0"))
        TacticFactory(evidence_score=Decimal("35.0"))
        assert Tactic.objects.count() == 2


@pytest.mark.django_db
def test_drafts_are_only_visible_to_staff(django_user_model):
    published = TacticFactory()
    draft = TacticFactory(draft=True)
    visitor = django_user_model(username="visitor")
    staff = django_user_model(username="staff", is_staff=True)
    assert list(Tactic.objects.published()) == [published]
    assert set(Tactic.objects.visible_to(visitor)) == {published}
    assert set(Tactic.objects.visible_to(staff)) == {published, draft}


@pytest.mark.django_db
def test_history_is_recorded_for_the_tactic_and_each_of_its_parts():
    tactic = TacticFactory(verdict="Yes")
    tactic.verdict = "Probably not"
    tactic.save()
    finding = KeyFindingFactory(tactic=tactic)
    step = ImplementationStepFactory(tactic=tactic)
    faq = TacticFAQFactory(tactic=tactic)
    assert [h.verdict for h in tactic.history.order_by("history_date")] == ["Yes", "Probably not"]
    for part in (finding, step, faq):
        assert part.history.count() == 1


@pytest.mark.django_db
def test_parts_keep_the_editors_order():
    tactic = TacticFactory()
    for position, text in [(2, "third"), (0, "first"), (1, "second")]:
        ImplementationStepFactory(tactic=tactic, position=position, text=text)
    assert [step.text for step in tactic.steps.all()] == ["first", "second", "third"]


@pytest.mark.django_db
class TestVerdictClause:
    """The lead is written from the grade; a typed one could contradict it."""

    @pytest.mark.parametrize(
        "typed",
        ["Yes: it works wonders.", "probably not: no gain", "Indirectly yes: links help rank."],
    )
    def test_a_clause_that_starts_with_a_lead_is_refused_in_words(self, typed):
        tactic = TacticFactory(verdict="backlinks help pages rank.")
        tactic.verdict = typed
        with pytest.raises(ValidationError) as error:
            tactic.full_clean()
        assert "the site writes the lead" in " ".join(error.value.message_dict["verdict"])

    def test_a_clause_that_starts_with_the_finding_is_accepted(self):
        tactic = TacticFactory(verdict="backlinks help pages rank.")
        tactic.verdict = "Notable studies found: links help pages rank."
        tactic.full_clean()  # "Notable" is not the lead word "no"


@pytest.mark.django_db
def test_a_slug_that_names_the_site_wide_feed_is_refused_in_words():
    tactic = TacticFactory.build(slug="feed", category=TacticFactory().category)
    with pytest.raises(ValidationError) as refused:
        tactic.full_clean()
    assert "names a site-wide page" in " ".join(refused.value.message_dict["slug"])
