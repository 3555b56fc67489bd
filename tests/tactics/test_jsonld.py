"""JSON-LD on the tactic page: an Article, and a FAQPage that matches the visible FAQ."""

import json

import pytest

from scoring.services import recompute_tactic
from tactics.choices import Status
from tactics.jsonld import dumps_for_script
from tests.factories import TacticFactory, TacticFAQFactory, tactic_with_evidence
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db


def blocks(tree):
    scripts = find_all(tree, "script", type="application/ld+json")
    data = [json.loads("".join(c for c in s.children if isinstance(c, str))) for s in scripts]
    return {block["@type"]: block for block in data}


@pytest.fixture
def tactic():
    tactic = tactic_with_evidence(supporting=3, contradicting=1)
    TacticFAQFactory(
        tactic=tactic,
        question="Does it work for B2B & SaaS?",
        answer="Yes, **mostly**: see [the study](https://example.com/b2b).\n\nSecond paragraph.",
    )
    recompute_tactic(tactic.pk, reason="test")
    tactic.refresh_from_db()
    return tactic


def test_faq_page_matches_the_visible_faq_exactly(client, tactic):
    tree = parse(client.get(tactic.get_absolute_url()).content)
    faq_list = find(tree, "dl", cls="tactic-faq")
    visible = [
        (text(find(item, "dt")), text(find(item, "dd")))
        for item in find_all(faq_list, "div", cls="tactic-faq__item")
    ]
    data = blocks(tree)["FAQPage"]
    structured = [(entry["name"], entry["acceptedAnswer"]["text"]) for entry in data["mainEntity"]]
    assert len(visible) == 5
    assert structured == visible
    assert structured[-1] == (
        "Does it work for B2B & SaaS?",
        "Yes, mostly: see the study. Second paragraph.",
    )


def test_article_has_headline_dates_author_and_publisher(client, tactic):
    tree = parse(client.get(tactic.get_absolute_url()).content)
    article = blocks(tree)["Article"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == tactic.question
    assert article["datePublished"] == tactic.created_at.isoformat()
    assert article["dateModified"] == tactic.updated_at.isoformat()
    assert article["author"]["name"] == "GEO Evidence"
    assert article["publisher"]["@type"] == "Organization"
    assert article["mainEntityOfPage"] == f"http://testserver{tactic.get_absolute_url()}"


def test_drafts_have_no_json_ld_for_visitors(client):
    draft = TacticFactory(status=Status.DRAFT)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert b"application/ld+json" not in response.content
    assert draft.question.encode() not in response.content


@pytest.mark.parametrize("text_in", ["</script><script>alert(1)</script>", "<!--", "a & b"])
def test_dumps_for_script_escapes_markup_and_round_trips(text_in):
    dumped = dumps_for_script({"name": text_in})
    assert "<" not in dumped and ">" not in dumped and "&" not in dumped
    assert json.loads(dumped) == {"name": text_in}
