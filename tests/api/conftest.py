import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone
from openapi_schema_validator import OAS31Validator

from sources.choices import EffectKind, EffectMeasure, Position, WithdrawalReason
from tests.factories import (
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    tactic_with_evidence,
)


class World:
    """A published tactic with evidence (one stance with a reported effect, one withdrawn),
    and a draft that shares a source with it and has one of its own."""

    def __init__(self):
        self.platform = PlatformFactory(slug="perplexity", name="Perplexity")
        self.tactic = tactic_with_evidence(
            supporting=2, contradicting=1, platforms=[self.platform], slug="statistics"
        )
        self.shared_source = self.tactic.stances.filter(position=Position.IMPROVES).first().source
        self.effect_stance = self.tactic.stances.get(source=self.shared_source)
        self.effect_stance.effect_measure = EffectMeasure.CITATION_RATE
        self.effect_stance.effect_kind = EffectKind.RELATIVE
        self.effect_stance.effect_value = 33
        self.effect_stance.effect_quote = "Citations rose by a third."
        self.effect_stance.save()
        self.withdrawn = StanceFactory(
            tactic=self.tactic,
            position=Position.WORSENS,
            finding="A withdrawn finding nobody may read.",
            withdrawn_at=timezone.now(),
            withdrawal_reason=WithdrawalReason.RETRACTED,
        )
        self.draft = TacticFactory(draft=True, slug="secret-draft", question="A secret draft?")
        self.draft_on_shared = StanceFactory(
            tactic=self.draft,
            source=self.shared_source,
            finding="Draft finding on a shared source.",
        )
        self.draft_only_source = SourceFactory(title="A study only a draft cites")
        StanceFactory(tactic=self.draft, source=self.draft_only_source)
        for tactic in (self.tactic, self.draft):
            tactic.refresh_from_db()


@pytest.fixture
def world(db, scored):
    with scored():
        made = World()
    made.tactic.refresh_from_db()
    return made


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def conforms(openapi):
    """conforms(path, response): the response's JSON against what the schema promises for
    that path and status; raises with the first difference."""

    def check(path, response):
        operation = openapi["paths"][path]["get"]
        declared = operation["responses"][str(response.status_code)]
        schema = declared["content"]["application/json"]["schema"]
        validator = OAS31Validator({**schema, "components": openapi["components"]})
        validator.validate(response.json())
        return response.json()

    return check


# Named here so that the tests run them through the page cache whatever the settings list.
API_VIEWS = [
    "api-v1:index",
    "api-v1:tactics",
    "api-v1:tactic",
    "api-v1:sources",
    "api-v1:source",
    "api-v1:stances",
]


@pytest.fixture
def page_cache_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    caches["default"].clear()
    with override_settings(PAGE_CACHE_VIEWS=[*settings.PAGE_CACHE_VIEWS, *API_VIEWS]):
        yield
    caches["default"].clear()
