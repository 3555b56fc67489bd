import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.urls import reverse

from scoring.services import recompute_tactics
from sources.choices import EffectKind, EffectMeasure, Position, SourceType, WithdrawalReason
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)

# Characters that break naive CSV, BibTeX, RIS or HTML writers.
AWKWARD_TITLE = 'Café «Zürich» {braces} & "quotes", 50% of $5 #1 — a_b'


@pytest.fixture(autouse=True)
def fresh_builds():
    """Builds are kept in the default cache by tag versions; tests that roll back their
    writes never move those versions, so each test starts without a kept build."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@dataclass
class World:
    tactic: object
    other: object
    draft: object
    source: object
    second: object
    withdrawn_source: object
    draft_only_source: object
    current: object
    withdrawn_stance: object
    draft_stance: object
    stance_of_withdrawn_source: object


@pytest.fixture
def world(db):
    """Two published tactics and a draft; a visible source with awkward characters, one
    withdrawn, one cited only by the draft; a withdrawn stance."""
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    perplexity = PlatformFactory(slug="perplexity", name="Perplexity")
    tactic = TacticFactory(slug="statistics", question="Do statistics get pages cited?")
    other = TacticFactory(slug="faq-schema", question="Does FAQ schema help?", effort="project")
    draft = TacticFactory(slug="secret-draft", question="A draft nobody may see?", draft=True)
    source = SourceFactory(
        title=AWKWARD_TITLE,
        authors="José Müller, Ann O'Neil",
        organisation=OrganisationFactory(name="Ünïversity of Ærø & Co"),
        venue="Journal of Search",
        source_type=SourceType.PEER_REVIEWED,
        doi="10.1234/geo.2024_01",
        published_on=datetime.date(2024, 5, 17),
        platforms=[chatgpt, perplexity],
    )
    second = SourceFactory(
        title="Vendor report on answers",
        organisation=OrganisationFactory(name="Vendorly", sells_related_product=True),
        source_type=SourceType.INDUSTRY,
        published_on=None,
        platforms=[chatgpt],
    )
    withdrawn_source = SourceFactory(title="Retracted study of citations")
    draft_only_source = SourceFactory(title="Study only a draft cites")
    current = StanceFactory(
        tactic=tactic,
        source=source,
        finding='Pages with statistics were cited 33% more ("a lot").',
        effect_measure=EffectMeasure.CITATION_RATE,
        effect_kind=EffectKind.RELATIVE,
        effect_value="33.0000",
        effect_low="10.5",
        effect_high="50",
    )
    StanceFactory(tactic=other, source=source, position=Position.NO_EFFECT)
    StanceFactory(tactic=tactic, source=second, position=Position.MIXED)
    withdrawn_stance = StanceFactory(tactic=other, source=second, finding="Withdrawn finding")
    withdrawn_stance.withdrawn_at = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    withdrawn_stance.withdrawal_reason = WithdrawalReason.MISLABELLED
    withdrawn_stance.save()
    draft_stance = StanceFactory(tactic=draft, source=draft_only_source, finding="Draft finding")
    stance_of_withdrawn_source = StanceFactory(
        tactic=tactic, source=withdrawn_source, finding="Finding of a retracted study"
    )
    withdrawn_source.withdrawn_at = datetime.datetime(2026, 1, 3, tzinfo=datetime.UTC)
    withdrawn_source.withdrawal_reason = WithdrawalReason.RETRACTED
    withdrawn_source.save()
    recompute_tactics([tactic.pk, other.pk, draft.pk])
    return World(
        tactic=tactic,
        other=other,
        draft=draft,
        source=source,
        second=second,
        withdrawn_source=withdrawn_source,
        draft_only_source=draft_only_source,
        current=current,
        withdrawn_stance=withdrawn_stance,
        draft_stance=draft_stance,
        stance_of_withdrawn_source=stance_of_withdrawn_source,
    )


def read_zip(content: bytes) -> dict:
    """{file name: [row dicts]} for the CSV files, {name: text} for the others."""
    tables = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            if name.endswith(".csv"):
                tables[name] = list(csv.DictReader(io.StringIO(text, newline="")))
                tables[name + ":header"] = next(csv.reader(io.StringIO(text, newline="")))
            else:
                tables[name] = text
    return tables


@pytest.fixture
def downloads(client):
    """(zip tables, JSON document) as a visitor downloads them."""

    def get():
        zipped = client.get(reverse("opendata:csv_zip"))
        document = client.get(reverse("opendata:json"))
        assert zipped.status_code == 200 and document.status_code == 200
        return read_zip(zipped.content), json.loads(document.content)

    return get
