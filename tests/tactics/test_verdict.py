"""The verdict's lead is generated from the grade and printed the same everywhere: the
tactic page, its meta tags and JSON-LD, the cards, llms.txt, the feed and the generated FAQ
(issue 8, item 1). An editor writes only the clause after it."""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from scoring.services import recompute_tactic
from sources.choices import Method, Position, SourceType
from tactics.choices import Confidence
from tactics.models import Tactic
from tactics.texts import full_verdict, verdict_lead
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from tests.tactics.html_tree import find, find_all, parse, text

ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def jsonld(tree) -> dict:
    scripts = find_all(tree, "script", type="application/ld+json")
    data = [json.loads("".join(c for c in s.children if isinstance(c, str))) for s in scripts]
    return {block["@type"]: block for block in data}


def meta(tree, **attrs) -> str:
    return find(tree, "meta", **attrs).attrs["content"]


def printed_lead(element) -> str:
    """The lead a verdict element sets apart, without its colon."""
    return text(find(element, "strong", cls="verdict-lead")).rstrip(":.")


def card_leads(html) -> dict[str, str]:
    """{tactic URL: the lead its card prints} for every card on a page."""
    leads = {}
    for card in find_all(parse(html), "article", cls="tactic-card"):
        url = find(find(card, cls="card__title"), "a").attrs["href"]
        leads[url] = printed_lead(find(card, "p", cls="card__verdict"))
    return leads


def everywhere(client, tactic) -> dict[str, str]:
    """What each place that prints this tactic's verdict says, as visitors and crawlers
    read it."""
    tree = parse(client.get(tactic.get_absolute_url()).content)
    blocks = jsonld(tree)
    faq = find_all(find(tree, "dl", cls="tactic-faq"), "dd")[0]
    llms = client.get(reverse("llms_txt")).content.decode()
    line = next(line for line in llms.splitlines() if tactic.get_absolute_url() in line)
    return {
        "page": text(find(tree, "p", cls="tactic-verdict__text")),
        "page lead": printed_lead(find(tree, "p", cls="tactic-verdict__text")),
        "description": meta(tree, name="description"),
        "og:description": meta(tree, property="og:description"),
        "JSON-LD Article": blocks["Article"]["description"],
        "JSON-LD FAQ": blocks["FAQPage"]["mainEntity"][0]["acceptedAnswer"]["text"],
        "FAQ": text(faq),
        "llms.txt": line.split("): ", 1)[1],
    }


@pytest.mark.django_db
def test_every_published_demo_page_prints_the_lead_of_its_own_grade(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    published = list(Tactic.objects.published().order_by("slug"))
    assert len(published) >= 12
    cards = card_leads(client.get(reverse("tactics:list")).content)
    cards.update(card_leads(client.get(reverse("home")).content))
    feed = ET.fromstring(client.get(reverse("feed")).content)  # noqa: S314
    summaries = {
        entry.find("a:link", ATOM).get("href"): entry.findtext("a:summary", namespaces=ATOM)
        for entry in feed.findall("a:entry", ATOM)
    }

    for tactic in published:
        assert tactic.evidence_computed_at is not None, tactic.slug
        lead = verdict_lead(tactic.confidence, tactic.direction)
        verdict = full_verdict(tactic.confidence, tactic.direction, tactic.verdict)
        said = everywhere(client, tactic)
        assert said["page lead"] == lead, tactic.slug
        assert said["page"] == verdict, tactic.slug
        for place in ("description", "og:description", "JSON-LD Article"):
            assert said[place] == verdict, (tactic.slug, place)
        for place in ("FAQ", "JSON-LD FAQ"):
            assert said[place].startswith((f"{lead}. ", f"{lead}: ")), (tactic.slug, place)
        assert said["llms.txt"].startswith(f"{verdict} ("), tactic.slug
        assert cards[tactic.get_absolute_url()] == lead, tactic.slug
        summary = summaries[f"http://testserver{tactic.get_absolute_url()}"]
        assert summary.replace("&#x27;", "'").startswith(f"{lead}: "), tactic.slug

    # The demo spans the wording, so this is not one lead checked thirteen times.
    assert len({verdict_lead(t.confidence, t.direction) for t in published}) >= 4


@pytest.fixture
def weak_tactic(db):
    """One practitioner's write-up: very low confidence, whatever the editor types."""
    tactic = TacticFactory(verdict="Yes: it works wonders for every site.")
    StanceFactory(
        tactic=tactic,
        source=SourceFactory(source_type=SourceType.PRACTITIONER, method=Method.CASE_STUDY),
    )
    recompute_tactic(tactic.pk, reason="test")
    tactic.refresh_from_db()
    assert tactic.confidence == Confidence.VERY_LOW
    return tactic


def test_a_typed_yes_in_the_clause_is_not_the_lead(client, weak_tactic):
    said = everywhere(client, weak_tactic)

    assert said["page lead"] == "We don't know yet"
    for place in ("page", "description", "og:description", "JSON-LD Article", "llms.txt"):
        assert said[place].startswith("We don't know yet: "), place
    assert said["FAQ"].startswith("We don't know yet. ")
    assert said["JSON-LD FAQ"].startswith("We don't know yet. ")
    assert card_leads(client.get(reverse("tactics:list")).content) == {
        weak_tactic.get_absolute_url(): "We don't know yet"
    }


def test_the_lead_moves_with_the_grade(client, weak_tactic):
    platforms = [PlatformFactory(slug=f"p{n}", name=f"Platform {n}") for n in range(3)]
    for n in range(3):
        StanceFactory(
            tactic=weak_tactic,
            position=Position.IMPROVES,
            source=SourceFactory(
                source_type=SourceType.PEER_REVIEWED,
                method=Method.CONTROLLED,
                sample_size=50_000,
                organisation__name=f"University {n}",
                platforms=platforms,
            ),
        )
    recompute_tactic(weak_tactic.pk, reason="test")
    weak_tactic.refresh_from_db()
    cache.clear()

    lead = verdict_lead(weak_tactic.confidence, weak_tactic.direction)
    assert lead != "We don't know yet"
    said = everywhere(client, weak_tactic)
    assert said["page lead"] == lead
    assert said["description"].startswith(f"{lead}: ")
    assert said["FAQ"].startswith(f"{lead}. ")
