"""The OpenAPI document is valid OpenAPI (checked by openapi-spec-validator, not by the
library that wrote it), and every endpoint answers what the document promises."""

import pytest
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_at_a_stable_address(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    spec = response.json()
    validate(spec)
    assert set(spec["paths"]) == {
        "/api/v1/",
        "/api/v1/tactics",
        "/api/v1/tactics/{slug}",
        "/api/v1/sources",
        "/api/v1/sources/{source_id}",
        "/api/v1/stances",
    }


def test_the_schema_lists_the_list_pages_filters(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/tactics"]["get"]["parameters"]}
    assert {"q", "confidence", "impact", "platform_grade", "order", "page", "page_size"} <= set(
        parameters
    )
    assert parameters["confidence"]["schema"]["items"]["enum"] == [
        "high",
        "medium",
        "low",
        "very_low",
    ]
    assert parameters["page_size"]["schema"]["maximum"] == 100
    sources = {p["name"] for p in openapi["paths"]["/api/v1/sources"]["get"]["parameters"]}
    assert {"source_type", "method", "platform", "organisation_kind", "interest"} <= sources


def test_no_docs_page_that_would_load_scripts_from_a_cdn(client):
    assert client.get("/api/v1/docs").status_code == 404


def test_every_endpoint_answers_what_the_schema_promises(client, world, conforms):
    tactic, source = world.tactic, world.shared_source
    answers = {
        "/api/v1/tactics": client.get("/api/v1/tactics"),
        "/api/v1/tactics/{slug}": client.get(f"/api/v1/tactics/{tactic.slug}"),
        "/api/v1/sources": client.get("/api/v1/sources"),
        "/api/v1/sources/{source_id}": client.get(f"/api/v1/sources/{source.pk}"),
        "/api/v1/stances": client.get("/api/v1/stances"),
        "/api/v1/": client.get("/api/v1/"),
    }
    for path, response in answers.items():
        assert response.status_code == 200, path
        conforms(path, response)
    detail = answers["/api/v1/tactics/{slug}"].json()
    assert detail["platform_grades"], "a graded platform is in the answer"
    assert any(stance["effect"] for stance in detail["stances"]), "an effect is in the answer"


def test_errors_answer_what_the_schema_promises(client, world, conforms):
    missing = client.get("/api/v1/tactics/no-such-tactic")
    assert missing.status_code == 404
    assert "no-such-tactic" in conforms("/api/v1/tactics/{slug}", missing)["detail"]
    refused = client.get("/api/v1/tactics?confidence=certain")
    assert refused.status_code == 400
    assert conforms("/api/v1/tactics", refused)["problems"]


def test_the_check_catches_an_answer_that_breaks_the_schema(client, world, conforms):
    """The conformance check is not a rubber stamp: a wrong type fails it."""
    response = client.get(f"/api/v1/tactics/{world.tactic.slug}")
    response.json()["evidence_score"] = "high"  # json() is cached: this edits what is checked
    with pytest.raises(ValidationError):
        conforms("/api/v1/tactics/{slug}", response)
