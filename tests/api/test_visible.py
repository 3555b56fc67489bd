"""Visible first: every figure the API gives for a tactic is printed on the tactic's page,
so that a reader (and an AI crawler, which reads visible text, not JSON) finds the same
facts there. Checked for every demo tactic, in the page's visible text only."""

import io

import pytest
from django.core.management import call_command

from tests.tactics.html_tree import find, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, scored):
    with scored():
        call_command("load_demo", stdout=io.StringIO())


def figure(value) -> str:
    """A JSON number as the page prints it (one decimal for scores, in full for weights)."""
    return repr(value)


def visible(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return text(find(parse(response.content), "main"))


def claims(tactic) -> list[str]:
    """Each figure of the API's answer, in the words the page uses around it."""
    out = [
        f"Evidence score: {figure(tactic['evidence_score'])} / {tactic['max_score']}",
        f"{tactic['confidence_label']} confidence",
        f"Expected impact {tactic['impact_label']}",
    ]
    labels = {"improves": "Improves", "no_effect": "No effect", "worsens": "Worsens"}
    out += [f"{label}: {tactic['counts'][key]}" for key, label in labels.items()]
    out.append(f"Mixed: {tactic['counts']['mixed']}")
    out.append(f"of {tactic['counts']['total']} stance")
    for grade in tactic["platform_grades"]:
        out += [
            f"{grade['platform']['name']} {grade['direction_label']} {grade['impact_label']} "
            f"{grade['confidence_label']} {figure(grade['score'])}/35 "
            f"{grade['sources']} ({grade['live_sources']} live)"
        ]
    for change in (tactic["would_raise"], tactic["would_lower"]):
        if change:
            out.append(change["sentence"])
    for stance in tactic["stances"]:
        if stance["points"] is not None:
            out.append(f"{figure(stance['weight'])} ")
            out.append(f" {figure(stance['points'])}")
        if stance["effect"]:
            out.append(stance["effect"]["words"])
    return out


def test_every_figure_in_the_api_is_on_the_tactic_page(client, demo):
    listing = client.get("/api/v1/tactics?page_size=100").json()["results"]
    assert len(listing) > 10
    checked = 0
    for summary in listing:
        tactic = client.get(f"/api/v1/tactics/{summary['slug']}").json()
        page = visible(client, f"/tactics/{tactic['slug']}/")
        lowered = page.lower()
        for claim in claims(tactic):
            assert claim.lower() in lowered, (tactic["slug"], claim)
            checked += 1
    assert checked > 200
