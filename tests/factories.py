"""Shared factory_boy factories for the whole test suite.

Defaults build a valid, *published* tactic and a plausible source, so a test only spells
out what it is about. Stances created through these factories trigger the scoring
signals like any other save; wrap creation in
``django_capture_on_commit_callbacks(execute=True)`` when a test needs the real score.
"""

import datetime
import uuid

import factory
from factory.django import DjangoModelFactory

from sources.choices import Directness, Method, OrganisationKind, Position, SourceType
from sources.models import Organisation, Source, Stance
from tactics.choices import Status
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Tactics of one kind."


class PlatformFactory(DjangoModelFactory):
    """A platform; pass slug/name for a real one, e.g. slug="google-aio"."""

    class Meta:
        model = Platform
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"platform-{n}")
    name = factory.Sequence(lambda n: f"Platform {n}")


class TacticFactory(DjangoModelFactory):
    class Meta:
        model = Tactic
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"tactic-{n}")
    question = factory.Sequence(lambda n: f"Does tactic {n} improve AI search citation rates?")
    action_name = factory.Sequence(lambda n: f"applying tactic {n}")
    category = factory.SubFactory(CategoryFactory)
    lede = "Tactic lede with a [link](https://example.com/)."
    verdict = "the studies so far measured its effect on AI citation."
    body = "## What does it do?\n\nIt does something measurable."
    limitations = "The studies are observational."
    implementation_heading = "How to apply it"
    status = Status.PUBLISHED
    last_reviewed = factory.LazyFunction(lambda: datetime.date(2026, 4, 1))

    class Params:
        draft = factory.Trait(status=Status.DRAFT)

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        """TacticFactory(related=[other, ...]) sets the editor's related tactics."""
        if create and extracted:
            self.related_tactics.set(extracted)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.UNIVERSITY
    sells_related_product = False


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Study {n} of AI search citations")
    # The random part keeps URLs unique across processes (seeding a dev database twice).
    url = factory.Sequence(lambda n: f"https://example.org/studies/{n}-{uuid.uuid4().hex[:8]}")
    organisation = factory.SubFactory(OrganisationFactory)
    authors = ""
    published_on = factory.LazyFunction(lambda: datetime.date(2025, 6, 1))
    source_type = SourceType.INDEPENDENT
    method = Method.OBSERVATIONAL
    sample_size = 1000
    sample_unit = "pages"
    summary = "What the study did and found."

    @factory.post_generation
    def platforms(self, create, extracted, **kwargs):
        """SourceFactory(platforms=[p1, p2]) sets the platforms studied."""
        if create and extracted:
            self.platforms.set(extracted)


class StanceFactory(DjangoModelFactory):
    class Meta:
        model = Stance

    source = factory.SubFactory(SourceFactory)
    tactic = factory.SubFactory(TacticFactory)
    position = Position.IMPROVES
    directness = Directness.DIRECT
    finding = factory.Sequence(lambda n: f"Finding {n}: cited pages did better.")
    detail = ""

    class Params:
        contradicting = factory.Trait(position=Position.NO_EFFECT)
        mixed = factory.Trait(position=Position.MIXED)


class KeyFindingFactory(DjangoModelFactory):
    class Meta:
        model = KeyFinding

    tactic = factory.SubFactory(TacticFactory)
    text = factory.Sequence(lambda n: f"Key finding {n}")
    source = None
    position = factory.Sequence(lambda n: n)


class ImplementationStepFactory(DjangoModelFactory):
    class Meta:
        model = ImplementationStep

    tactic = factory.SubFactory(TacticFactory)
    text = factory.Sequence(lambda n: f"Step {n}: do the thing.")
    position = factory.Sequence(lambda n: n)


class TacticFAQFactory(DjangoModelFactory):
    class Meta:
        model = TacticFAQ

    tactic = factory.SubFactory(TacticFactory)
    question = factory.Sequence(lambda n: f"Editor question {n}?")
    answer = factory.Sequence(lambda n: f"Editor answer {n}.")
    position = factory.Sequence(lambda n: n)


def tactic_with_evidence(
    supporting=13, contradicting=1, mixed=0, platforms=None, tactic=None, **tactic_fields
):
    """A tactic with the given numbers of supporting, contradicting and mixed stances, each
    from its own source (the shape of the captured backlinks page: 13 + 1).

    Scores are not computed here: call ``scoring.services.recompute_tactic(tactic.pk)`` or
    create inside ``django_capture_on_commit_callbacks(execute=True)``.
    """
    tactic = tactic or TacticFactory(**tactic_fields)
    if platforms is None:
        platforms = [PlatformFactory(slug="google-aio", name="Google AI Overviews")]
    for position, count in (
        (Position.IMPROVES, supporting),
        (Position.NO_EFFECT, contradicting),
        (Position.MIXED, mixed),
    ):
        for _ in range(count):
            StanceFactory(
                tactic=tactic, position=position, source=SourceFactory(platforms=platforms)
            )
    return tactic
