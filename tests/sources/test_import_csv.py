"""Our CSV templates: sources that update stored ones, stances by address or DOI and slug."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from sources.models import Organisation, Source, Stance
from tests.admin_helpers import messages_of
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)
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
        organisation=OrganisationFactory(name="Stored Lab"),
        published_on=datetime.date(2025, 6, 1),
        method="observational",
        sample_size=2000,
        sample_unit="pages",
        platforms=[chatgpt],
    )
    tactics = {slug: TacticFactory(slug=slug) for slug in ("tactic-a", "tactic-b", "tactic-c")}
    StanceFactory(
        source=source, tactic=tactics["tactic-b"], position="no_effect", finding="No effect."
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
    assert "The organisation cell starts with “=”" in formula and "formula: refused" in formula
    assert rows[1].new_organisation == "Field Lab" and rows[0].new_organisation == ""
    assert "New organisation: “Field Lab” will be added" in preview.content.decode()
    bad = " ".join(rows[3].reasons)
    for said in (
        "“opinion piece” is not a source type",
        "Sells a related product: “maybe” is not yes or no",
        "2025-02-30",
    ):
        assert said in bad
    page = confirm(client, "source", preview)
    assert "Imported from sources.csv: 1 added, 1 updated, 2 skipped." in messages_of(page)
    source, _ = stored
    source.refresh_from_db()
    assert (source.title, source.method) == ("Stored study updated", "controlled")
    new = Source.objects.get(doi="10.5555/new.field")
    assert new.sample_size == 1200
    assert (new.venue, new.live_tested_on) == (
        "Journal of Field Studies",
        datetime.date(2024, 11, 20),
    )
    field_lab = new.organisation
    assert (field_lab.name, field_lab.kind, field_lab.sells_related_product) == (
        "Field Lab",
        "other",
        True,
    )
    assert field_lab.history.get().history_change_reason == "Imported from sources.csv"
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
    added = source.stances.get(tactic__slug="tactic-a")
    assert added.entered_by == researcher
    assert (added.position, added.effect_measure, added.effect_kind) == (
        "improves",
        "citation_rate",
        "relative",
    )
    assert (added.effect_value, added.effect_low, added.effect_high, added.effect_p) == (
        Decimal(33),
        Decimal(20),
        Decimal(46),
        Decimal("0.01"),
    )
    assert added.effect_quote.startswith("Citation rate rose by 33%")


STANCE_HEADER = "source,tactic,position,finding,effect_measure,effect_kind,effect_value,effect_low,effect_high,effect_p\n"


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        (
            "supports,Helps.,,,,,,",
            "“supports” is an outcome of the old template: use one of improves, no_effect, "
            "worsens, mixed (“supports” is now improves)",
        ),
        ("contradicts,Nothing.,,,,,,", "“contradicts” is now no_effect when the source found"),
        (
            "improves,Helps.,citation_rate,,33,,,",
            "Kind of effect: Say what kind of effect this is.",
        ),
        ("improves,Helps.,rank,correlation,1.4,,,", "A correlation coefficient lies between"),
        ("improves,Helps.,rank,odds_ratio,2,3,4,", "The interval must contain the effect"),
        ("improves,Helps.,rank,relative,20,10,,", "Give both ends of the interval, or neither."),
        ("improves,Helps.,rank,relative,twenty,,,", "Effect: “twenty” is not a number."),
        (
            "improves,Helps.,rank,relative,20,,,1.5",
            "P-value: Ensure this value is less than or equal to 1",
        ),
    ],
)
def test_a_stance_row_with_a_wrong_outcome_or_effect_is_refused_in_words(
    client, researcher, stored, cells, said
):
    client.force_login(researcher)
    content = f"{STANCE_HEADER}https://example.org/stored-study,tactic-a,{cells}\n".encode()
    preview = upload(client, "stance", "effects.csv", content)
    assert statuses(preview) == {"line 2": "error"}
    assert said in " ".join(preview.context["plan"].rows[0].reasons)


def test_a_negative_effect_is_a_number_not_a_formula(client, researcher, stored):
    client.force_login(researcher)
    content = (
        f"{STANCE_HEADER}https://example.org/stored-study,tactic-a,worsens,Fewer citations.,"
        "answer_share,absolute_pp,-2.5,-4,-1,0.03\n"
    ).encode()
    confirm(client, "stance", upload(client, "stance", "effects.csv", content))
    stance = Stance.objects.get(tactic__slug="tactic-a")
    assert (stance.position, stance.effect_value) == ("worsens", Decimal("-2.5"))


def test_an_organisation_is_matched_whatever_its_case_and_its_flag_is_not_overwritten(
    client, researcher, stored
):
    source, _ = stored
    content = (
        b"title,url,publisher,source_type,method,vendor_interest\n"
        b"Another study,https://example.org/another,  stored   LAB ,independent,observational,yes\n"
    )
    client.force_login(researcher)
    preview = upload(client, "source", "old.csv", content)
    planned = preview.context["plan"].rows[0]
    assert (planned.status, planned.new_organisation) == ("new", "")
    assert any("the stored organisation says otherwise" in w for w in planned.warnings)
    confirm(client, "source", preview)
    added = Source.objects.get(url="https://example.org/another")
    assert added.organisation == source.organisation
    assert Organisation.objects.count() == 1
    assert not Organisation.objects.get().sells_related_product


def test_rows_naming_one_new_organisation_share_it(client, researcher, stored):
    content = (
        b"title,url,organisation,source_type,method\n"
        b"One,https://example.org/one,Fresh Lab,independent,observational\n"
        b"Two,https://example.org/two,fresh lab,independent,observational\n"
    )
    client.force_login(researcher)
    preview = upload(client, "source", "fresh.csv", content)
    assert [p.new_organisation for p in preview.context["plan"].rows] == ["Fresh Lab"] * 2
    confirm(client, "source", preview)
    fresh = Organisation.objects.get(name="Fresh Lab")
    assert sorted(fresh.sources.values_list("title", flat=True)) == ["One", "Two"]


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
