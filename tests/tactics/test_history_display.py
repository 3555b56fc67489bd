"""What the admin's history pages say: choice labels in diffs, grade changes credited to
the system with their reason, and the generated verdict lead beside the verdict."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from sources.choices import Method, Position
from tactics.choices import Confidence, Direction
from tactics.models import Tactic
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return " ".join(response.content.decode().split())


def _change(field, old, new):
    return f"<strong>{field}:</strong> {old} &nbsp;&rarr;&nbsp;&nbsp;{new}"


def test_a_stance_history_shows_position_labels(client, researcher):
    stance = StanceFactory(position=Position.IMPROVES)
    stance.position = Position.MIXED
    stance.save()
    client.force_login(researcher)
    page = client.get(reverse("admin:sources_stance_history", args=[stance.pk]))
    assert _change(
        "Position", "Improves visibility", "Mixed: helps in some settings, not in others"
    ) in _text(page)


def test_a_source_history_shows_method_labels(client, editor):
    source = SourceFactory(method=Method.OBSERVATIONAL)
    source.method = Method.CONTROLLED
    source.save()
    client.force_login(editor)  # a view-only role reads the same history
    page = client.get(reverse("admin:sources_source_history", args=[source.pk]))
    text = _text(page)
    assert _change("Method", "Observational / correlational", "Controlled experiment") in text
    assert "observational" not in text


@pytest.mark.django_db(transaction=True)
def test_a_recompute_is_listed_as_the_systems_with_its_reason(client, roles, researcher, editor):
    """The recompute runs when the researcher's save commits, inside their request, as in
    production: the grade moves, and no edit of the tactic is credited to them."""
    tactic = TacticFactory()
    source = SourceFactory()
    client.force_login(researcher)
    response = client.post(
        reverse("admin:sources_stance_add"),
        {
            "source": source.pk,
            "tactic": tactic.pk,
            "position": Position.IMPROVES,
            "directness": "direct",
            "finding": "Cited pages carried it more often.",
            "detail": "",
        },
    )
    assert response.status_code == 302
    snapshot = tactic.score_history.get()
    assert not tactic.history.filter(history_user=researcher).exists()

    client.force_login(editor)
    page = client.get(reverse("admin:tactics_tactic_history", args=[tactic.pk]))
    table = _text(page).split("Grade changes (recomputed by the system)", 1)[1]
    row = re.search(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1]).group(1)
    assert f"<td>{snapshot.score}</td>" in row
    assert "The system (recompute)" in row
    assert snapshot.reason and f"<td>{escape(snapshot.reason)}</td>" in row
    assert "researcher" not in row


def _generated_lead(response):
    text = _text(response)
    field = re.search(
        r'<div class="[^"]*field-generated_lead.*?<div class="readonly">(.*?)</div>', text
    )
    assert field, "no Generated lead field"
    assert text.index("field-generated_lead") < text.index("field-verdict")
    return html.unescape(field.group(1))


def test_the_tactic_form_shows_the_generated_lead_live_from_the_grade(client, editor):
    tactic = TacticFactory()
    url = reverse("admin:tactics_tactic_change", args=[tactic.pk])
    client.force_login(editor)
    no_evidence = _generated_lead(client.get(url))
    assert no_evidence == tactic.verdict_lead
    assert "writes it from the grade" in _text(client.get(url))

    # The grade is scoring's to write; set it directly to see the lead follow.
    Tactic.objects.filter(pk=tactic.pk).update(
        confidence=Confidence.HIGH, direction=Direction.NO_EFFECT
    )
    tactic.refresh_from_db()
    refuted = _generated_lead(client.get(url))
    assert refuted == tactic.verdict_lead
    assert refuted != no_evidence


def test_each_part_of_a_tactic_links_to_its_own_history(client, editor):
    from tests.factories import KeyFindingFactory

    finding = KeyFindingFactory(text="Cited pages carried statistics.")
    client.force_login(editor)
    page = client.get(reverse("admin:tactics_tactic_change", args=[finding.tactic_id]))
    change_url = reverse("admin:tactics_keyfinding_change", args=[finding.pk])
    assert f'href="{change_url}"' in page.content.decode()
    history = client.get(reverse("admin:tactics_keyfinding_history", args=[finding.pk]))
    assert "Cited pages carried statistics." in history.content.decode()
