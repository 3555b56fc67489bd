"""Our CSV templates: sources that update stored ones, stances by address or DOI and slug."""

import datetime
from pathlib import Path

import pytest

from sources.models import Source, Stance
from tests.admin_helpers import messages_of
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from tests.sources.import_files.helpers import confirm, statuses, upload

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def stored(db):
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    PlatformFactory(slug="perplexity", name="Perplexity")
    source = SourceFactory(
        title="Stored study",
        url="https://example.org/stored-study",
        doi="10.5555/stored",
        publisher="Stored Lab",
        published_on=datetime.date(2025, 6, 1),
        method="observational",
        sample_size=2000,
        sample_unit="pages",
        platforms=[chatgpt],
    )
    tactics = {slug: TacticFactory(slug=slug) for slug in ("tactic-a", "tactic-b", "tactic-c")}
    StanceFactory(
        source=source, tactic=tactics["tactic-b"], position="contradicts", finding="No effect."
    )
    return source, tactics


def test_sources_csv_preview_updates_adds_and_refuses(client, researcher, stored):
    client.force_login(researcher)
    preview = upload(client, "source", "sources.csv")
    assert statuses(preview) == {
        "line 2": "updated",
        "line 3": "new",
        "line 4": "error",
        "line 5": "error",
    }
    rows = preview.context["plan"].rows
    assert rows[0].changed == ["title", "method", "summary"]
    formula = " ".join(rows[2].reasons)
    assert "The publisher cell starts with “=”" in formula and "formula: refused" in formula
    bad = " ".join(rows[3].reasons)
    for said in ("“opinion piece” is not a source type", "“maybe” is not yes or no", "2025-02-30"):
        assert said in bad
    page = confirm(client, "source", preview)
    assert "Imported from sources.csv: 1 added, 1 updated, 2 skipped." in messages_of(page)
    source, _ = stored
    source.refresh_from_db()
    assert (source.title, source.method) == ("Stored study updated", "controlled")
    new = Source.objects.get(doi="10.5555/new.field")
    assert new.sample_size == 1200
    assert sorted(new.platforms.values_list("slug", flat=True)) == ["chatgpt", "perplexity"]
    assert not Source.objects.filter(url__contains="formula").exists()


def test_stances_csv_preview_and_confirm(client, researcher, stored):
    source, tactics = stored
    client.force_login(researcher)
    preview = upload(client, "stance", "stances.csv")
    assert statuses(preview) == {
        "line 2": "new",
        "line 3": "updated",  # by DOI, in capitals with the resolver: the finding changed
        "line 4": "duplicate",  # line 3's source and tactic again
        "line 5": "error",
        "line 6": "error",
        "line 7": "duplicate",
        "line 8": "error",
    }
    reasons = {p.row.where: " ".join(p.reasons) for p in preview.context["plan"].rows}
    assert "no stored source has the address" in reasons["line 5"]
    assert "no tactic has the slug “no-such-tactic”" in reasons["line 6"]
    assert "“sideways” is not a position" in reasons["line 8"]
    page = confirm(client, "stance", preview)
    assert "Imported from stances.csv: 1 added, 1 updated, 5 skipped." in messages_of(page)
    assert dict(source.stances.values_list("tactic__slug", "finding")) == {
        "tactic-a": "Pages with it were cited more.",
        "tactic-b": "No effect on citations.",
    }
    assert source.stances.get(tactic__slug="tactic-a").entered_by == researcher


@pytest.mark.parametrize(("model", "name"), [("source", "sources.csv"), ("stance", "stances.csv")])
def test_a_second_csv_run_changes_nothing(client, researcher, stored, model, name):
    client.force_login(researcher)
    confirm(client, model, upload(client, model, name))
    snapshot = (
        list(Source.objects.values()),
        list(Stance.objects.values()),
        Source.history.count(),
        Stance.history.count(),
    )
    again = upload(client, model, name)
    assert set(statuses(again).values()) <= {"unchanged", "duplicate", "error"}
    assert "unchanged" in statuses(again).values()
    confirm(client, model, again)
    assert snapshot == (
        list(Source.objects.values()),
        list(Stance.objects.values()),
        Source.history.count(),
        Stance.history.count(),
    )


@pytest.mark.parametrize(
    ("model", "name"),
    [("source", "import-template-sources.csv"), ("stance", "import-template-stances.csv")],
)
def test_the_documented_templates_import(client, researcher, model, name):
    for slug in ("perplexity", "chatgpt", "google-aio"):
        PlatformFactory(slug=slug)
    TacticFactory(slug="add-statistics")
    TacticFactory(slug="backlinks")
    client.force_login(researcher)
    sources = (DOCS / "import-template-sources.csv").read_bytes()
    if model == "stance":  # its rows name the sources of the sources template
        confirm(client, "source", upload(client, "source", "sources.csv", sources))
    preview = upload(client, model, name, (DOCS / name).read_bytes())
    assert set(statuses(preview).values()) == {"new"}
