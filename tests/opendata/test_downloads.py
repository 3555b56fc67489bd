"""The CSV zip and the JSON document, read back with zipfile, csv and json."""

from decimal import Decimal

from opendata import dictionary
from opendata.files import ZIP_NAME
from scoring.models import PlatformGrade
from tests.opendata.conftest import AWKWARD_TITLE


def ids(rows, column="id"):
    return {int(row[column]) for row in rows}


def test_zip_has_one_csv_per_table_with_the_rows_of_the_database(world, downloads):
    tables, _document = downloads()
    assert set(tables) >= {f"{table.name}.csv" for table in dictionary.TABLES}
    assert {"README.md", "LICENCE.txt", "data-dictionary.csv"} <= set(tables)

    tactics = {row["slug"]: row for row in tables["tactics.csv"]}
    assert set(tactics) == {"statistics", "faq-schema"}
    world.tactic.refresh_from_db()
    row = tactics["statistics"]
    assert row["question"] == world.tactic.question
    assert Decimal(row["evidence_score"]) == world.tactic.evidence_score
    assert row["confidence"] == world.tactic.confidence
    assert row["verdict"] == world.tactic.full_verdict
    assert row["page_url"] == "http://testserver/tactics/statistics/"
    assert tactics["faq-schema"]["effort"] == "project"

    sources = {int(row["id"]): row for row in tables["sources.csv"]}
    assert set(sources) == {world.source.pk, world.second.pk}
    awkward = sources[world.source.pk]
    assert awkward["title"] == AWKWARD_TITLE  # quotes, commas and accents survive
    assert awkward["platforms"] == "chatgpt;perplexity"
    assert awkward["published_on"] == "2024-05-17"
    assert sources[world.second.pk]["published_on"] == ""

    stance = next(row for row in tables["stances.csv"] if int(row["id"]) == world.current.pk)
    assert stance["finding"] == world.current.finding
    assert (stance["effect_value"], stance["effect_low"], stance["effect_high"]) == (
        "33",
        "10.5",
        "50",
    )
    assert stance["checked"] == "false"

    organisations = {row["name"]: row for row in tables["organisations.csv"]}
    assert set(organisations) == {"Ünïversity of Ærø & Co", "Vendorly"}
    assert organisations["Vendorly"]["sells_related_product"] == "true"

    grades = tables["platform_grades.csv"]
    stored = PlatformGrade.objects.filter(tactic__status="published")
    assert len(grades) == stored.count() > 0
    assert {(int(r["tactic_id"]), r["platform"]) for r in grades} == {
        (g.tactic_id, g.platform.slug) for g in stored
    }


def test_drafts_and_withdrawn_evidence_never_appear(world, downloads):
    tables, document = downloads()
    stance_ids = ids(tables["stances.csv"])
    assert world.current.pk in stance_ids
    for hidden in (world.withdrawn_stance, world.draft_stance, world.stance_of_withdrawn_source):
        assert hidden.pk not in stance_ids
        assert hidden.pk not in {row["id"] for row in document["tables"]["stances"]}
    assert world.draft.pk not in ids(tables["tactics.csv"])
    assert world.draft.pk not in ids(tables["stances.csv"], "tactic_id")
    assert world.draft.pk not in ids(tables["platform_grades.csv"], "tactic_id")
    source_ids = ids(tables["sources.csv"])
    assert world.withdrawn_source.pk not in source_ids
    assert world.draft_only_source.pk not in source_ids
    everything = "".join(str(value) for value in tables.values()) + str(document)
    for secret in ("secret-draft", "A draft nobody may see", "Draft finding", "Retracted study"):
        assert secret not in everything


def test_every_stance_points_at_a_tactic_and_a_source_in_the_download(world, downloads):
    tables, _document = downloads()
    assert ids(tables["stances.csv"], "tactic_id") <= ids(tables["tactics.csv"])
    assert ids(tables["stances.csv"], "source_id") <= ids(tables["sources.csv"])
    assert ids(tables["sources.csv"], "organisation_id") <= ids(tables["organisations.csv"])


def test_the_json_holds_the_same_rows_as_the_csv_files(world, downloads):
    tables, document = downloads()
    meta = document["metadata"]
    assert meta["licence"] == "CC BY 4.0"
    assert meta["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["generated_at"]
    for table in dictionary.TABLES:
        csv_rows = tables[table.filename]
        json_rows = document["tables"][table.name]
        assert meta["counts"][table.name] == len(json_rows) == len(csv_rows)
        for csv_row, json_row in zip(csv_rows, json_rows, strict=True):
            assert list(json_row) == table.column_names
            for column in table.columns:
                assert as_csv(json_row[column.name], column) == csv_row[column.name], (
                    table.name,
                    column.name,
                )


def as_csv(value, column):
    """A JSON value as the CSV writes it, by the dictionary's type."""
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "codes":
        return ";".join(value)
    if column.type == "decimal":
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def test_the_data_dictionary_lists_every_csv_column_and_nothing_else(world, downloads, client):
    tables, _document = downloads()
    dictionary_rows = tables["data-dictionary.csv"]
    readme = tables["README.md"]
    page = client.get("/data/").content.decode()
    for table in dictionary.TABLES:
        header = tables[f"{table.filename}:header"]
        listed = [row["column"] for row in dictionary_rows if row["table"] == table.name]
        assert listed == header
        section = readme.split(f"## {table.filename}")[1].split("\n## ")[0]
        lines = [line for line in section.splitlines() if line.startswith("| ")][1:]
        assert [line.split("|")[1].strip() for line in lines] == header
        on_page = page.split(f'data-table="{table.name}"')[1].split("</table>")[0]
        assert on_page.count('<th scope="row">') == len(header)
        for name in header:
            assert f'<th scope="row"><code>{name}</code></th>' in on_page
    assert {row["table"] for row in dictionary_rows} == {t.name for t in dictionary.TABLES}


def test_choice_columns_hold_only_their_allowed_codes(world, downloads):
    tables, _document = downloads()
    for table in dictionary.TABLES:
        for column in table.columns:
            if column.choices is None:
                continue
            allowed = {code for code, _label in column.allowed}
            if column.empty:
                allowed.add("")
            found = {row[column.name] for row in tables[table.filename]}
            assert found <= allowed, (table.name, column.name, found - allowed)


def test_the_zip_carries_the_licence_and_the_attribution(world, downloads):
    tables, _document = downloads()
    assert "CC BY 4.0" in tables["LICENCE.txt"]
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in tables["LICENCE.txt"]
    assert "GEO Evidence dataset (http://testserver/data/)" in tables["LICENCE.txt"]
    assert "tactics.csv (2 rows)" in tables["README.md"]


def test_downloads_are_attachments_with_validators(world, client):
    response = client.get("/data/geo-evidence-csv.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{ZIP_NAME}"'
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/data/geo-evidence-csv.zip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    document = client.get("/data/geo-evidence.json")
    assert document["Content-Type"] == "application/json; charset=utf-8"
