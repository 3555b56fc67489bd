"""The tactic page as a visitor reads it: the captured backlinks page, without its defects."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from scoring.services import recompute_tactic
from sources.choices import Method, Position, SourceType
from tactics.choices import Status
from tests.factories import (
    CategoryFactory,
    ImplementationStepFactory,
    KeyFindingFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    TacticFAQFactory,
)
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db

SUPPORTING_TITLES = [
    "Bing Rankings Drive ChatGPT Visibility More Than Google — New Study",
    "How Much Can You Influence Which Brands ChatGPT Recommends?",
    "What if the Best GEO Strategy Is the One You Stopped Investing In?",
    "The Complete Guide to Off-Page AEO/SEO AI Visibility",
    "AI Visibility 2026: What Gets Brands Cited",
    "87% of SearchGPT Citations Match Bing's Top Results",
    "Brand mentions and AI citations",
    "Rank overlap after 16 months of AIO",
    "Domain Trust and AI citations across 129,000 domains",
    "Traditional link metrics and 250M AI results",
    "ChatGPT citations and live retrieval, 1.4M prompts",
    "Backlinks and Perplexity answers",
    "Off-page signals in Google AI Overviews",
]
CONTRADICTING_TITLE = "The Fan-Out Effect: What Happens Between a Query and a Citation"
CONTRADICTING_FINDING = (
    "DA and backlinks show no positive correlation with AI citation, and are slightly "
    "inversely correlated."
)


@pytest.fixture
def google_aio():
    return PlatformFactory(slug="google-aio", name="Google AI Overviews")


@pytest.fixture
def seed_tactic(google_aio):
    """The captured backlinks page: 14 sources, 13 supporting and 1 contradicting."""
    tactic = TacticFactory(
        slug="backlinks",
        question="Do backlinks improve AI search citation rates?",
        action_name="building backlinks for AI search",
        category=CategoryFactory(name="off-page", slug="off-page"),
        verdict="backlinks predict AI citation rates through rankings.",
        body="## The gateway mechanism\n\n88% of ChatGPT citations come from live search.",
        limitations="The 0.218 backlink correlation is **observational**.",
        implementation_heading="How to build a link strategy that supports AI search citations",
        last_reviewed=datetime.date(2026, 4, 20),
    )
    sources = []
    for index, title in enumerate(SUPPORTING_TITLES):
        source = SourceFactory(
            title=title,
            organisation__name=f"Publisher {index}",
            source_type=SourceType.PEER_REVIEWED if index == 0 else SourceType.INDEPENDENT,
            method=Method.CONTROLLED if index < 2 else Method.OBSERVATIONAL,
            platforms=[google_aio],
        )
        StanceFactory(tactic=tactic, source=source, position=Position.IMPROVES)
        sources.append(source)
    airops = SourceFactory(
        title=CONTRADICTING_TITLE,
        organisation__name="AirOps",
        published_on=datetime.date(2026, 4, 2),
        source_type=SourceType.INDUSTRY,
        platforms=[google_aio],
    )
    StanceFactory(
        tactic=tactic,
        source=airops,
        position=Position.NO_EFFECT,
        finding=CONTRADICTING_FINDING,
        detail="Always-cited pages averaged DA 53.0 versus DA 55.7 for never-cited pages.",
    )
    for position, finding in enumerate(["Correlation 0.218", "4–7% of variance", "DT > 90"]):
        KeyFindingFactory(tactic=tactic, text=finding, position=position, source=sources[position])
    for position in range(4):
        ImplementationStepFactory(tactic=tactic, text=f"Step {position} [link](https://e.com/)")
    TacticFAQFactory(tactic=tactic, question="Is link buying worth it?", answer="Rarely.")
    recompute_tactic(tactic.pk, reason="test")
    tactic.refresh_from_db()
    return tactic


def page(client, tactic):
    response = client.get(tactic.get_absolute_url())
    assert response.status_code == 200
    return response, parse(response.content)


def test_seed_page_lists_all_14_sources_each_with_its_title(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    items = find_all(tree, "li", cls="tactic-source")
    assert len(items) == 14
    titles = [text(find(item, cls="tactic-source__title")) for item in items]
    assert all(titles)
    assert sorted(titles) == sorted([*SUPPORTING_TITLES, CONTRADICTING_TITLE])
    # Each title links to the source itself, and each entry to our page about it.
    for item, source_title in zip(items, titles, strict=True):
        link = find(item, "a", cls="tactic-source__title")
        assert link.attrs["href"].startswith("https://example.org/")
        assert link.attrs["rel"] == "noopener nofollow"
        assert find(item, "a", cls="tactic-source__more").attrs["href"].startswith("/sources/")
        assert source_title


def test_counts_agree_everywhere_on_the_page(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    assert seed_tactic.improves_count == 13
    assert seed_tactic.no_effect_count == 1
    assert text(find(tree, cls="tactic-meta__sources")) == "14 sources reviewed"
    scoreline = text(find(tree, cls="tactic-scoreline"))
    assert "Improves: 13 · No effect: 1 · Worsens: 0 · Mixed: 0" in scoreline
    assert f"{seed_tactic.evidence_score} / 35" in scoreline
    statement = text(find(tree, cls="tactic-implementation__statement"))
    assert statement.startswith("13 independent sources back this finding")
    assert "1 of the 14 sources reviewed found no detectable effect" in text(
        find(tree, cls="tactic-against")
    )
    stances = [text(el) for el in find_all(tree, cls="tactic-stance")]
    assert stances.count("Improves visibility") == 13
    assert stances.count("No detectable effect") == 1


def test_a_null_is_in_the_evidence_against_under_its_own_heading(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    section = find(tree, "section", cls="tactic-against")
    headings = [text(h) for h in find_all(section, "h3")]
    assert headings == ["Found no detectable effect (1)"]
    entries = find_all(section, "li", cls="tactic-against__item--no_effect")
    assert len(entries) == 1
    entry = text(entries[0])
    assert CONTRADICTING_FINDING in entry
    assert "AirOps" in entry
    assert "Apr 2026" in entry
    assert "Industry report" in entry
    assert "DA 53.0" in entry


def test_no_contradiction_says_so(client, google_aio):
    tactic = TacticFactory()
    StanceFactory(tactic=tactic, source=SourceFactory(platforms=[google_aio]))
    recompute_tactic(tactic.pk, reason="test")
    _, tree = page(client, tactic)
    section = find(tree, "section", cls="tactic-against")
    assert "The one source reviewed did not find it ineffective or harmful" in text(section)
    assert not find_all(section, "li", cls="tactic-against__item")


def test_platforms_are_shown_by_display_name_never_slug(client, seed_tactic):
    response, tree = page(client, seed_tactic)
    assert "google-aio" not in response.content.decode()
    assert "across Google AI Overviews" in text(find(tree, cls="tactic-implementation__statement"))
    coverage = text(find(tree, "ul", cls="tactic-coverage"))
    assert "Google AI Overviews 14 sources" in coverage


def test_page_follows_the_seed_order_with_one_h1(client, seed_tactic):
    response, tree = page(client, seed_tactic)
    assert [text(h) for h in find_all(tree, "h1")] == [seed_tactic.question]
    html = response.content.decode()
    markers = [
        'class="tactic-back"',
        'class="tactic-header__category"',
        "<h1",
        "Key findings",
        'class="tactic-lede"',
        'class="tactic-meta"',
        'class="tactic-verdict__text"',
        "What the evidence doesn",
        "How big an effect, and how sure",
        "On each AI platform",
        "What would change this grade",
        seed_tactic.implementation_heading,
        'class="tactic-caution"',
        "Does any research find it doesn",
        "Frequently asked questions",
        'id="sources-heading"',
        'class="tactic-reviewed"',
        'class="tactic-scoreline"',
    ]
    positions = [html.index(marker) for marker in markers]
    assert positions == sorted(positions)
    # Headings never skip a level.
    levels = [int(el.tag[1]) for el in find_all(tree) if el.tag in ("h1", "h2", "h3", "h4")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_header_links_back_confidence_badge_and_updated_date(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    assert find(tree, cls="tactic-back").children[0].attrs["href"] == "/tactics/"
    badge = find(tree, "a", cls="badge")
    assert badge.attrs["href"] == "/methodology/"
    assert text(badge) == f"{seed_tactic.get_confidence_display()} confidence"
    assert "Updated" in text(find(tree, cls="tactic-header__updated"))


def test_key_findings_and_steps_are_ordered_lists_in_the_editors_order(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    findings = find(find(tree, "section", cls="tactic-findings"), "ol")
    items = [text(li) for li in find_all(findings, "li")]
    assert items[0].startswith("Correlation 0.218")
    assert items[2].startswith("DT > 90")
    steps = find_all(find(tree, "ol", cls="tactic-steps"), "li")
    assert [text(li) for li in steps] == [f"Step {n} link" for n in range(4)]


def test_markdown_body_and_limitations_are_rendered(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    body = find(tree, cls="tactic-body")
    assert text(find(body, "h2")) == "The gateway mechanism"
    assert text(find(find(tree, cls="tactic-limitations"), "strong")) == "observational"


def test_generated_faqs_come_first_then_the_editors(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    questions = [text(dt) for dt in find_all(find(tree, "dl", cls="tactic-faq"), "dt")]
    assert len(questions) == 5
    assert questions[0] == (
        "Does building backlinks for AI search help you get cited in AI search results?"
    )
    assert questions[-1] == "Is link buying worth it?"


def test_why_this_score_rows_add_up_to_the_score(client, seed_tactic):
    response, tree = page(client, seed_tactic)
    table = find(tree, "table", cls="tactic-why__table")
    points = [text(td) for td in find_all(find(table, "tbody"), "td", cls="tactic-why__points")]
    assert len(points) >= 14
    assert sum(Decimal(p) for p in points) == seed_tactic.evidence_score
    assert text(find(find(table, "tfoot"), "td")) == str(seed_tactic.evidence_score)


def test_evidence_at_a_glance_is_inline_svg_per_source_type(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    section = find(tree, "section", cls="tactic-glance")
    rows = find_all(section, "li", cls="tactic-glance__row")
    labels = [text(find(row, cls="tactic-glance__label")) for row in rows]
    assert labels == ["Peer-reviewed research", "Independent study", "Industry report"]
    assert len(find_all(section, "rect", cls="tactic-glance__bar--no_effect")) == 1
    assert len(find_all(section, "rect", cls="tactic-glance__bar--worsens")) == 0
    assert len(find_all(section, "rect", cls="tactic-glance__bar--improves")) == 2
    assert text(find(rows[2], cls="tactic-glance__values")).startswith("0 worsens · 0.28 no effect")
    assert not any("style" in el.attrs for el in find_all(section))


def test_score_history_chart_after_two_changes(client, seed_tactic, google_aio):
    # Changes within a few minutes merge into one point: let the first one be a day old.
    seed_tactic.score_history.update(computed_at=timezone.now() - datetime.timedelta(days=1))
    StanceFactory(
        tactic=seed_tactic,
        source=SourceFactory(method=Method.CONTROLLED, platforms=[google_aio]),
        position=Position.NO_EFFECT,
    )
    recompute_tactic(seed_tactic.pk, reason="test")
    _, tree = page(client, seed_tactic)
    svg = find(find(tree, "section", cls="tactic-history"), "svg")
    assert len(find_all(svg, "circle")) == seed_tactic.score_history.count() >= 2


def related_questions(tree):
    section = find(tree, "section", cls="tactic-related")
    return [text(find(li, "a")) for li in find_all(section, "li", cls="tactic-related__item")]


def test_related_tactics_editor_choice_else_closest_published(client, seed_tactic):
    same_category = TacticFactory(category=seed_tactic.category, question="Same category?")
    TacticFactory(category=seed_tactic.category, question="Draft one?", status=Status.DRAFT)
    TacticFactory(question="Unrelated?")
    _, tree = page(client, seed_tactic)
    related = related_questions(tree)
    assert related == ["Same category?"]

    chosen = TacticFactory(question="Chosen by the editor?")
    seed_tactic.related_tactics.set([chosen])
    _, tree = page(client, seed_tactic)
    related = related_questions(tree)
    assert related == ["Chosen by the editor?"]
    badges = find_all(find(tree, "section", cls="tactic-related"), "a", cls="badge")
    assert [badge.attrs["href"] for badge in badges] == ["/methodology/"]
    assert same_category.question not in related


def test_meta_tags_canonical_and_open_graph(client, seed_tactic):
    _, tree = page(client, seed_tactic)
    canonical = find(tree, "link", rel="canonical").attrs["href"]
    assert canonical == "http://testserver/tactics/backlinks/"
    assert find(tree, "meta", property="og:title").attrs["content"] == seed_tactic.question
    assert find(tree, "meta", property="og:url").attrs["content"] == canonical
    assert not find_all(tree, "meta", name="robots")


def test_draft_is_404_for_anonymous_visitors(client):
    draft = TacticFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_is_a_marked_noindex_preview_for_staff(client, django_user_model):
    draft = TacticFactory(status=Status.DRAFT)
    staff = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    client.force_login(staff)
    response, tree = page(client, draft)
    assert "Draft preview" in text(find(tree, cls="tactic-draft-banner"))
    assert find(tree, "meta", name="robots").attrs["content"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_published_page_has_no_draft_banner_for_staff(client, seed_tactic, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", password="pw", is_staff=True))
    _, tree = page(client, seed_tactic)
    assert not find_all(tree, cls="tactic-draft-banner")


def test_unknown_slug_is_404(client):
    assert client.get("/tactics/no-such-tactic/").status_code == 404


def test_page_without_any_evidence_reads_sensibly(client):
    tactic = TacticFactory()
    _, tree = page(client, tactic)
    assert text(find(tree, cls="tactic-meta__sources")) == "0 sources reviewed"
    assert "No research has been reviewed" in text(find(tree, cls="tactic-against"))
    assert "Not reported" in text(find(tree, cls="tactic-grade__item--impact"))
    assert "no platform has a grade of its own" in text(find(tree, cls="tactic-platforms__none"))
    assert "No sources have been reviewed" in text(find(tree, "section", cls="tactic-sources"))


def test_independent_counts_organisations_that_clear_the_replication_rule(client, google_aio):
    """The seed page said "13 independent sources" where its own rule counted 2 publishers."""
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    claude = PlatformFactory(slug="claude", name="Claude")
    tactic = TacticFactory(action_name="adding statistics")
    strong = {"method": Method.CONTROLLED, "source_type": SourceType.PEER_REVIEWED}
    for name in ("Ahrefs", "Ahrefs", "Seer"):  # two studies, one organisation
        source = SourceFactory(organisation__name=name, platforms=[google_aio, chatgpt], **strong)
        StanceFactory(tactic=tactic, source=source)
    weak = SourceFactory(
        organisation__name="A blog",
        source_type=SourceType.PRACTITIONER,
        method=Method.EXPERT_OPINION,
        sample_size=None,
        published_on=datetime.date(2019, 1, 1),
    )
    StanceFactory(tactic=tactic, source=weak)
    StanceFactory(
        tactic=tactic, position=Position.NO_EFFECT, source=SourceFactory(platforms=[claude])
    )
    recompute_tactic(tactic.pk, reason="test")
    tactic.refresh_from_db()
    weights = {c.source_id: c.weight for c in tactic.assessment.contributions}
    assert weights[weak.pk] < Decimal("0.2")  # below scoring.rubric.REPLICATION_MIN_WEIGHT

    _, tree = page(client, tactic)
    statement = text(find(tree, "p", cls="tactic-implementation__statement"))
    assert statement.startswith(
        "4 sources back this finding (2 organisations among them count as independent "
        "replications), with "
    )
    # The improving sources' platforms, not Claude, which only the null tested.
    assert "across ChatGPT and Google AI Overviews." in statement
    faqs = [text(dd) for dd in find_all(find(tree, "dl", cls="tactic-faq"), "dd")]
    assert "The one source that found no detectable effect tested Claude live." in faqs[1]
