"""The public corrections log (page and Atom feed), and what a withdrawal does to the
public pages."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from sources.withdrawal import reinstate, withdraw
from tests.admin_helpers import grade
from tests.factories import StanceFactory, TacticFactory, tactic_with_evidence

pytestmark = pytest.mark.django_db

LOG = reverse("corrections:log")
FEED = reverse("corrections:feed")


@pytest.fixture
def tactic(scored):
    with scored():
        return tactic_with_evidence(supporting=3, contradicting=1, question="Does llms.txt help?")


def public(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_log_and_feed_list_a_withdrawal_with_its_grade_change(
    client, researcher, tactic, scored
):
    stance = tactic.stances.get(position="no_effect")
    old = grade(tactic)
    with scored():
        withdraw(stance, reason="retracted", note="Retracted in May.", user=researcher)
    new = grade(tactic)
    assert old[:2] != new[:2]
    labels = {"very_low": "Very low", "low": "Low", "medium": "Medium", "high": "High"}
    moved = f"{old[0]} {labels[old[1]]} → <strong>{new[0]} {labels[new[1]]}</strong>"
    page = public(client, LOG)
    assert f"Withdrawn: What “{stance.source.title}”" in page
    assert "Retracted by its authors or publisher. Retracted in May." in page
    assert "Does llms.txt help?" in page
    assert moved in page
    feed = public(client, FEED)
    assert f"Does llms.txt help?: {old[0]} {labels[old[1]]} → {new[0]} {labels[new[1]]}." in feed
    assert "Retracted in May." in feed


def test_a_reinstatement_is_listed_too(client, researcher, tactic, scored):
    source = tactic.stances.first().source
    with scored():
        withdraw(source, reason="duplicate", user=researcher)
    with scored():
        reinstate(source, note="It was a different study.", user=researcher)
    page = public(client, LOG)
    assert page.index("Reinstated: “") < page.index("Withdrawn: “")
    assert "It had been withdrawn as: Duplicate of another source or stance." in page
    assert "It was a different study." in page


def test_a_withdrawal_on_a_draft_never_names_it(client, researcher, scored):
    with scored():
        draft = tactic_with_evidence(supporting=2, question="Secret draft question?", draft=True)
    with scored():
        withdraw(draft.stances.first(), reason="retracted", user=researcher)
    assert "Secret draft question?" not in public(client, LOG)
    assert "Nothing has been withdrawn yet." in public(client, LOG)
    assert "Secret draft question?" not in public(client, FEED)


def test_a_source_on_a_draft_and_a_published_tactic_names_only_the_published(
    client, researcher, tactic, scored
):
    source = tactic.stances.first().source
    with scored():
        StanceFactory(source=source, tactic=TacticFactory(draft=True, question="Secret draft?"))
    with scored():
        withdraw(source, reason="superseded", user=researcher)
    page = public(client, LOG)
    assert "Does llms.txt help?" in page
    assert "Secret draft?" not in page
    assert "Secret draft?" not in public(client, FEED)


def test_the_tactic_page_stops_listing_a_withdrawn_stance_and_says_so(
    client, researcher, tactic, scored
):
    stance = tactic.stances.get(position="no_effect")
    before = public(client, tactic.get_absolute_url())
    assert "4 sources reviewed" in before
    assert "withdrawn: see the" not in before
    with scored():
        withdraw(stance, reason="mislabelled", user=researcher)
    page = public(client, tactic.get_absolute_url())
    assert "3 sources reviewed" in page
    assert stance.finding not in page
    assert f'1 source withdrawn: see the <a href="{LOG}">corrections log</a>' in page


def test_the_library_drops_a_withdrawn_source(client, researcher, tactic, scored):
    source = tactic.stances.first().source
    assert source.title in public(client, reverse("sources:list"))
    with scored():
        withdraw(source, reason="retracted", user=researcher)
    assert source.title not in public(client, reverse("sources:list"))
    cache.clear()
    assert client.get(source.get_absolute_url()).status_code == 404
    assert source.get_absolute_url() not in public(client, reverse("sitemap"))
