"""A second pair of eyes: who entered a stance, and a check by another researcher."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tactics.roles import RESEARCHERS
from tests.admin_helpers import messages_of
from tests.factories import StanceFactory, TacticFactory, tactic_with_evidence
from tests.sources.admin_forms import source_form

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:sources_stance_changelist")


@pytest.fixture
def second_researcher(roles, django_user_model):
    user = django_user_model.objects.create_user("second", password="pw-for-tests", is_staff=True)
    user.groups.add(roles[RESEARCHERS])
    return user


def mark_checked(client, *stances):
    return client.post(
        CHANGELIST,
        {"action": "mark_checked", "_selected_action": [s.pk for s in stances]},
        follow=True,
    )


def test_entered_by_is_set_from_the_stance_form_and_the_source_inline(client, researcher):
    tactic = TacticFactory()
    client.force_login(researcher)
    client.post(
        reverse("admin:sources_source_add"),
        source_form(
            **{
                "stances-TOTAL_FORMS": "1",
                "stances-0-tactic": str(tactic.pk),
                "stances-0-position": "improves",
                "stances-0-directness": "direct",
                "stances-0-finding": "Cited more often.",
                "stances-0-detail": "",
            }
        ),
    )
    inline = tactic.stances.get()
    assert inline.entered_by == researcher
    other = TacticFactory()
    client.post(
        reverse("admin:sources_stance_add"),
        {
            "source": str(inline.source_id),
            "tactic": str(other.pk),
            "position": "mixed",
            "directness": "partial",
            "finding": "Mixed results.",
            "detail": "",
        },
    )
    assert other.stances.get().entered_by == researcher


def test_another_researcher_marks_a_stance_checked(client, researcher, second_researcher):
    stance = StanceFactory(entered_by=researcher)
    client.force_login(second_researcher)
    response = mark_checked(client, stance)
    assert "Marked 1 stance checked." in messages_of(response)
    stance.refresh_from_db()
    assert stance.checked_by == second_researcher and stance.checked_at is not None
    assert stance.history.first().history_change_reason == "Checked by a second researcher"


def test_ones_own_stance_is_refused_in_words(client, researcher):
    own = StanceFactory(entered_by=researcher)
    client.force_login(researcher)
    response = mark_checked(client, own)
    [message] = messages_of(response)
    assert message.startswith("Not checked: you entered 1 of them yourself")
    own.refresh_from_db()
    assert own.checked_by is None


def test_editing_what_was_checked_clears_the_check_but_a_detail_does_not(
    client, researcher, second_researcher, admin_form_data
):
    stance = StanceFactory(entered_by=researcher)
    client.force_login(second_researcher)
    mark_checked(client, stance)
    client.force_login(researcher)
    url = reverse("admin:sources_stance_change", args=[stance.pk])
    client.post(url, {**admin_form_data(client.get(url)), "detail": "A quotation."})
    stance.refresh_from_db()
    assert stance.checked_by == second_researcher
    client.post(url, {**admin_form_data(client.get(url)), "finding": "It found the opposite."})
    stance.refresh_from_db()
    assert stance.checked_by is None and stance.checked_at is None


def test_the_list_shows_and_filters_unchecked_stances(client, researcher, second_researcher):
    checked, unchecked = StanceFactory(entered_by=researcher), StanceFactory()
    client.force_login(second_researcher)
    mark_checked(client, checked)
    page = client.get(CHANGELIST, {"checked": "no"})
    assert [row.pk for row in page.context["cl"].result_list] == [unchecked.pk]
    assert "Unchecked" in page.content.decode()
    page = client.get(CHANGELIST, {"checked": "yes"})
    assert [row.pk for row in page.context["cl"].result_list] == [checked.pk]
    assert "Checked by second" in page.content.decode()


def test_the_tactic_page_says_how_many_stances_were_checked(
    client, researcher, second_researcher, scored
):
    with scored():
        tactic = tactic_with_evidence(supporting=3, contradicting=1)
    tactic.stances.update(entered_by=researcher)
    client.force_login(second_researcher)
    mark_checked(client, *tactic.stances.all()[:2])
    client.logout()
    cache.clear()
    page = client.get(tactic.get_absolute_url()).content.decode()
    assert "2 of 4 stances checked by a second researcher." in page
