"""/data/: what the dataset holds, its licence, its dictionary and its downloads, described
by schema.org Dataset JSON-LD whose every fact is also on the page."""

import re
from html import unescape

import extruct
from django.urls import reverse

from opendata.files import JSON_NAME, ZIP_NAME


def visible_text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def dataset_of(response):
    html = response.content.decode()
    data = extruct.extract(html, base_url="http://testserver/data/", syntaxes=["json-ld"])
    [dataset] = [item for item in data["json-ld"] if item.get("@type") == "Dataset"]
    return html, dataset


def test_dataset_jsonld_parses_and_each_fact_is_on_the_page(world, client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html, dataset = dataset_of(response)
    text = visible_text(html)

    assert dataset["name"] == "GEO Evidence dataset"
    assert "<h1>GEO Evidence dataset</h1>" in html
    assert dataset["description"] in text
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert f'href="{dataset["license"]}" rel="license"' in html
    assert dataset["creator"]["name"] == dataset["publisher"]["name"] == "GEO Evidence"
    assert "Published by GEO Evidence" in text
    modified = dataset["dateModified"]
    assert f'datetime="{modified}"' in html
    formats = {item["name"]: item for item in dataset["distribution"]}
    assert set(formats) == {ZIP_NAME, JSON_NAME}
    assert formats[ZIP_NAME]["encodingFormat"] == "application/zip"
    assert formats[JSON_NAME]["encodingFormat"] == "application/json"
    for item in formats.values():
        assert item["@type"] == "DataDownload"
        assert f'href="{item["contentUrl"]}"' in html
        assert item["encodingFormat"] in text
        assert item["contentSize"] in text


def test_the_sizes_on_the_page_are_the_sizes_of_the_files(world, client):
    html = client.get(reverse("opendata:index")).content.decode()
    zipped = client.get(reverse("opendata:csv_zip")).content
    document = client.get(reverse("opendata:json")).content
    assert f"({len(zipped)} bytes)" in html
    assert f"({len(document)} bytes)" in html


def test_the_page_states_what_the_data_holds_and_its_licence(world, client):
    text = visible_text(client.get(reverse("opendata:index")).content.decode())
    assert "It holds 2 published tactics, 3 findings" in text
    assert "2 sources from 2 organisations" in text
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in text
    assert "GEO Evidence dataset (http://testserver/data/), licensed under CC BY 4.0" in text
    assert "A draft nobody may see" not in text


def test_the_dataset_page_leaves_out_the_date_when_nothing_is_published(db, client):
    response = client.get(reverse("opendata:index"))
    html, dataset = dataset_of(response)
    assert "dateModified" not in dataset
    assert "It holds 0 published tactics" in visible_text(html)
