from decimal import Decimal

import pytest
from django.urls import reverse

from tactics.choices import Confidence
from tests.factories import StanceFactory, TacticFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("tactics", "sources", "scoring")


@pytest.fixture
def admin_client_as_editor(client, editor):
    client.force_login(editor)
    return client


def _questions(response):
    return {tactic.question for tactic in response.context["cl"].result_list}


def test_changelist_filters_by_confidence_and_contested(admin_client_as_editor):
    high = TacticFactory(question="High one?")
    low = TacticFactory(question="Low one?")
    # Evidence fields are scoring's to write; set them directly to test the filters alone.
    type(high).objects.filter(pk=high.pk).update(confidence=Confidence.HIGH, contested=True)
    type(low).objects.filter(pk=low.pk).update(confidence=Confidence.LOW)
    changelist = reverse("admin:tactics_tactic_changelist")
    assert _questions(admin_client_as_editor.get(changelist, {"confidence__exact": "high"})) == {
        "High one?"
    }
    assert _questions(admin_client_as_editor.get(changelist, {"contested": "no"})) == {"Low one?"}


def test_change_page_shows_evidence_read_only_and_links_to_the_public_page(admin_client_as_editor):
    stance = StanceFactory(finding="Cited pages carried more statistics.")
    page = admin_client_as_editor.get(
        reverse("admin:tactics_tactic_change", args=[stance.tactic.pk])
    )
    html = page.content.decode()
    assert "Cited pages carried more statistics." in html
    assert 'name="evidence_score"' not in html  # computed, never typed in
    assert "View on site" in html


def test_history_page_lists_each_change(admin_client_as_editor):
    tactic = TacticFactory(verdict="First verdict")
    tactic.verdict = "Second verdict"
    tactic.save()
    page = admin_client_as_editor.get(reverse("admin:tactics_tactic_history", args=[tactic.pk]))
    assert page.status_code == 200
    assert len(page.context["page_obj"].object_list) == 2
    # The page shows the field that changed, from its old value to its new one.
    html = " ".join(page.content.decode().split())
    assert "<strong>Verdict:</strong> First verdict &nbsp;&rarr;&nbsp;&nbsp;Second verdict" in html


def test_every_admin_page_of_every_model_opens(admin_client):
    """Changelist, add, change and history pages of every model of ours in the admin."""
    from django.contrib import admin

    from tests.factories import (
        ImplementationStepFactory,
        KeyFindingFactory,
        StanceFactory,
        TacticFAQFactory,
    )

    stance = StanceFactory()
    for part in (TacticFAQFactory, KeyFindingFactory, ImplementationStepFactory):
        part(tactic=stance.tactic)
    ours = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]
    # Category, Platform, Tactic and its parts (key finding, step, FAQ), Organisation,
    # Source, Stance
    assert len(ours) == 9
    for model in ours:
        opts = model._meta
        obj = model.objects.first()
        names = ["changelist", "add"] + (["change", "history"] if obj else [])
        for name in names:
            args = [obj.pk] if name in ("change", "history") else []
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)
            assert admin_client.get(url).status_code == 200, url


def _as_a_browser_sends(data):
    """Browsers send textarea text with CRLF line endings, whatever the page held."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


def test_saving_an_unchanged_tactic_records_no_change(admin_client_as_editor, admin_form_data):
    from tests.factories import TacticFAQFactory

    tactic = TacticFactory(
        lede="First line of the lede.\nSecond line.",
        body="## What does it do?\n\nIt does something.\n\n## Does it work?\n\nSometimes.",
    )
    faq = TacticFAQFactory(tactic=tactic, answer="An answer\nover two lines.")
    url = reverse("admin:tactics_tactic_change", args=[tactic.pk])
    data = _as_a_browser_sends(admin_form_data(admin_client_as_editor.get(url)))
    assert "\r\n" in data["body"] and "\r\n" in data["faqs-0-answer"]

    response = admin_client_as_editor.post(url, data)

    assert response.status_code == 302
    saved, before = tactic.history.all()[:2]
    assert saved.diff_against(before).changes == []
    tactic.refresh_from_db()
    assert "\r" not in tactic.lede + tactic.body
    assert faq.history.count() == 1  # the inline form was unchanged, so not saved again
    faq.refresh_from_db()
    assert faq.answer == "An answer\nover two lines."


def test_an_edit_typed_in_a_browser_is_stored_with_plain_line_breaks(
    admin_client_as_editor, admin_form_data
):
    tactic = TacticFactory(body="One paragraph.")
    url = reverse("admin:tactics_tactic_change", args=[tactic.pk])
    data = admin_form_data(admin_client_as_editor.get(url))
    data["body"] = "One paragraph.\r\n\r\nAnd a second.\rAnd a line from an old Mac."

    assert admin_client_as_editor.post(url, data).status_code == 302

    tactic.refresh_from_db()
    assert tactic.body == "One paragraph.\n\nAnd a second.\nAnd a line from an old Mac."
    change = tactic.history.first().diff_against(tactic.history.all()[1]).changes
    assert [(c.field, c.old, c.new) for c in change] == [("body", "One paragraph.", tactic.body)]


def test_saving_a_tactic_never_writes_back_a_grade_read_before_a_recompute(
    admin_client_as_editor, admin_form_data, monkeypatch
):
    from django.contrib import admin

    from tactics.models import Tactic

    tactic = TacticFactory(lede="Old lede.")
    url = reverse("admin:tactics_tactic_change", args=[tactic.pk])
    data = {**admin_form_data(admin_client_as_editor.get(url)), "lede": "New lede."}
    tactic_admin = admin.site._registry[Tactic]
    save_form = tactic_admin.save_form

    def recompute_commits_meanwhile(request, form, change):
        # Between the page loading the tactic and saving it, a recompute stores a new grade.
        Tactic.objects.filter(pk=tactic.pk).update(
            evidence_score="12.5", confidence=Confidence.MEDIUM, improves_count=3
        )
        return save_form(request, form, change)

    monkeypatch.setattr(tactic_admin, "save_form", recompute_commits_meanwhile)
    assert admin_client_as_editor.post(url, data).status_code == 302

    tactic.refresh_from_db()
    assert tactic.lede == "New lede."
    assert (tactic.evidence_score, tactic.confidence, tactic.improves_count) == (
        Decimal("12.5"),
        Confidence.MEDIUM,
        3,
    )
