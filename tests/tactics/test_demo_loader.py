"""The demo loader: idempotent, faithful to the captured page, and careful with accounts."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from sources.choices import OrganisationKind, Position, SourceType
from sources.models import Organisation, Source, Stance
from tactics.choices import Status
from tactics.demo.data_platforms_categories import PLATFORMS
from tactics.demo.loader import TACTICS
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ

SEED_SLUG = "backlinks-ai-search-citations"

MODELS = [
    Platform,
    Category,
    Organisation,
    Tactic,
    Source,
    Stance,
    KeyFinding,
    ImplementationStep,
    TacticFAQ,
]


def row_counts():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["Tactic.related_tactics"] = Tactic.related_tactics.through.objects.count()
    counts["Source.platforms"] = Source.platforms.through.objects.count()
    # No history rows on a second run means the second run saved nothing at all.
    for model in (Organisation, Tactic, Source, Stance, KeyFinding):
        counts[f"{model.__name__} history"] = model.history.count()
    return counts


def load(*args):
    call_command("load_demo", *args, stdout=io.StringIO())


@pytest.mark.django_db
def test_loading_twice_leaves_every_count_unchanged(capsys):
    load()
    first = row_counts()
    call_command("load_demo")
    output = capsys.readouterr().out

    assert row_counts() == first
    assert first["Tactic"] >= 12 and first["Stance"] > first["Tactic"]
    assert "0 created, 0 updated" in output


@pytest.mark.django_db
def test_loading_repairs_an_edited_demo_row_without_duplicating_it():
    load()
    before = row_counts()["Source"]
    Source.objects.filter(title__startswith="GEO: Generative").update(title="Edited")

    load()

    assert Source.objects.count() == before
    assert Source.objects.filter(title="GEO: Generative Engine Optimization").count() == 1


@pytest.mark.django_db
def test_a_study_recorded_under_another_url_and_publisher_is_corrected_not_duplicated():
    # As the migration from free-text publishers left it: the venue stood in for the
    # organisation, which was a row of its own.
    venue_as_publisher = Organisation.objects.create(name="ACM SIGKDD (KDD 2024)")
    Source.objects.create(
        title="GEO: Generative Engine Optimization",
        url="https://arxiv.org/pdf/2311.09735v1",
        organisation=venue_as_publisher,
        source_type=SourceType.PREPRINT,
        method="controlled",
    )

    load()

    kdd = Source.objects.get(title="GEO: Generative Engine Optimization")
    assert kdd.url == "https://arxiv.org/abs/2311.09735"
    assert kdd.source_type == SourceType.PEER_REVIEWED
    assert kdd.organisation.name == "Princeton University"
    assert kdd.venue == "ACM SIGKDD (KDD 2024)"


@pytest.mark.django_db
def test_an_organisation_spelt_in_another_case_is_updated_not_duplicated():
    Organisation.objects.create(name="AHREFS", kind=OrganisationKind.OTHER)

    load()

    ahrefs = Organisation.objects.get(name__iexact="ahrefs")
    assert ahrefs.name == "Ahrefs"
    assert ahrefs.kind == OrganisationKind.TOOL_VENDOR and ahrefs.sells_related_product
    assert ahrefs.sources.count() >= 5


@pytest.mark.django_db
def test_an_effect_removed_by_hand_is_restored_and_a_second_load_keeps_it():
    load()
    stance = Stance.objects.get(tactic__slug="keyword-stuffing", source__url__contains="2311")
    Stance.objects.filter(pk=stance.pk).update(effect_value=None, effect_kind="", effect_quote="")

    load()
    stance.refresh_from_db()
    history = stance.history.count()
    load()

    assert stance.effect_value == -9 and stance.effect_kind == "relative"
    assert stance.effect_quote.startswith("Keyword Stuffing")
    assert stance.history.count() == history


@pytest.mark.django_db
def test_captured_tactic_has_its_fourteen_sources_with_titles():
    load()
    tactic = Tactic.objects.get(slug=SEED_SLUG)
    stances = tactic.stances.select_related("source")

    assert tactic.question == "Do backlinks improve AI search citation rates?"
    assert tactic.category.slug == "off-page"
    assert tactic.status == Status.PUBLISHED and tactic.last_reviewed is not None
    assert stances.count() == 14
    assert stances.filter(position=Position.IMPROVES).count() == 13
    no_effect = stances.get(position=Position.NO_EFFECT)
    assert no_effect.source.organisation.name == "AirOps"
    assert no_effect.source.title.startswith("The Fan-Out Effect")
    assert all(stance.source.title.strip() for stance in stances)
    peer_reviewed = [s for s in stances if s.source.source_type == SourceType.PEER_REVIEWED]
    assert len(peer_reviewed) == 1


@pytest.mark.django_db
def test_captured_tactic_page_parts_are_complete():
    load()
    tactic = Tactic.objects.get(slug=SEED_SLUG)

    assert tactic.key_findings.count() == 3
    assert tactic.steps.count() == 4
    assert tactic.implementation_heading and tactic.limitations and tactic.verdict
    assert tactic.body.count("\n## ") + tactic.body.startswith("## ") >= 3
    # The captured page's defects are not carried over.
    assert "google-aio" not in tactic.lede + tactic.body


@pytest.mark.django_db
def test_enough_tactics_across_enough_categories_and_drafts_exist():
    load()
    published = Tactic.objects.published()

    assert Tactic.objects.count() >= 12
    assert published.count() >= 12
    assert published.values("category").distinct().count() >= 4
    assert Tactic.objects.filter(status=Status.DRAFT).exists()
    for tactic in Tactic.objects.all():
        assert tactic.action_name[0].islower(), tactic.action_name
        assert tactic.steps.exists() and tactic.key_findings.exists() and tactic.stances.exists()


@pytest.mark.django_db
def test_every_key_finding_cites_a_source_that_has_a_stance_on_its_tactic():
    load()
    for finding in KeyFinding.objects.select_related("source", "tactic"):
        assert finding.source is not None
        assert finding.source.stances.filter(tactic=finding.tactic).exists(), finding.text


@pytest.mark.django_db
def test_sources_are_shared_between_tactics():
    load()
    kdd = Source.objects.get(url__contains="2311.09735")
    assert kdd.stances.count() >= 4


@pytest.mark.django_db
def test_platforms_carry_display_names():
    load()
    assert Platform.objects.get(slug="google-aio").name == "Google AI Overviews"
    assert Platform.objects.get(slug="copilot").name == "Microsoft Copilot"
    for platform in Platform.objects.all():
        assert platform.name != platform.slug
        assert str(platform) == platform.name
    assert Platform.objects.count() == len(PLATFORMS)


@pytest.mark.django_db
def test_accounts_are_refused_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        load("--with-accounts")

    assert not get_user_model().objects.exists()
    assert not Tactic.objects.exists()  # refused before anything was written


@pytest.mark.django_db
def test_without_the_flag_no_accounts_are_touched(settings):
    settings.DEBUG = True
    load()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_accounts_are_created_with_debug_on_in_their_role_groups(settings):
    settings.DEBUG = True
    load("--with-accounts")
    load("--with-accounts")

    users = get_user_model().objects
    assert users.count() == 2
    researcher, editor = users.get(username="researcher"), users.get(username="editor")
    assert researcher.is_staff and editor.is_staff
    assert not researcher.is_superuser and not editor.is_superuser
    assert researcher.check_password("demo-researcher-pw")
    assert editor.check_password("demo-editor-pw")
    assert [g.name for g in researcher.groups.all()] == ["Researchers"]
    assert [g.name for g in editor.groups.all()] == ["Editors"]
    assert not researcher.has_perm("tactics.publish_tactic")
    assert editor.has_perm("tactics.publish_tactic")


@pytest.mark.django_db
def test_scores_come_from_the_scoring_signals(django_capture_on_commit_callbacks):
    pytest.importorskip("scoring.signals")
    with django_capture_on_commit_callbacks(execute=True):
        load()

    tactic = Tactic.objects.get(slug=SEED_SLUG)
    assert tactic.improves_count == 13
    assert tactic.no_effect_count == 1
    assert tactic.sources_reviewed == 14
    assert tactic.evidence_computed_at is not None


# A lead an editor might type; the site writes the lead from the grade (tactics.texts).
TYPED_LEAD = re.compile(
    r"^\s*(?:yes|no|not|probably|possibly|mixed|unclear|indirectly|partly|likely|maybe"
    r"|we don't know)\b[^:]{0,40}[:,]",
    re.IGNORECASE,
)


@pytest.mark.parametrize("data", TACTICS, ids=lambda data: data["slug"])
def test_demo_verdicts_are_clauses_that_follow_the_generated_lead(data):
    clause = data["verdict"]
    assert not TYPED_LEAD.match(clause), clause
    assert clause.endswith(".") and not clause.endswith(".."), clause


@pytest.mark.django_db(transaction=True)
def test_the_demo_evidence_predates_its_reviews(client):
    """The demo says an editor reviewed each page after its evidence was in: no published
    page claims its evidence changed since, and the review queue holds no demo page."""
    call_command("load_demo")
    call_command("load_demo")  # a second run records nothing new to date
    editor = get_user_model().objects.create_superuser("chief", password="pw-for-tests")
    for tactic in Tactic.objects.published():
        html = client.get(tactic.get_absolute_url()).content.decode()
        assert "Last reviewed" in html, tactic.slug
        assert "changed since" not in html, tactic.slug
    client.force_login(editor)
    queue = client.get(reverse("admin:tactics_tactic_review_queue")).content.decode()
    for tactic in Tactic.objects.published():
        assert tactic.question not in queue, tactic.slug
