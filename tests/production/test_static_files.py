"""Static files as production serves them: fingerprinted, compressed, cached for a year."""

import re

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    return tmp_path_factory.mktemp("staticfiles")


@pytest.fixture
def production_static(settings, collected):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    if not (collected / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    return Client()  # a new handler, so whitenoise scans the collected files


@pytest.mark.django_db
def test_pages_link_fingerprinted_css_that_is_cached_for_a_year(production_static):
    html = production_static.get("/").content.decode()
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert match, "the stylesheet link is not fingerprinted"

    css = production_static.get(match.group(1))
    assert css.status_code == 200
    assert css["Cache-Control"] == "max-age=315360000, public, immutable"

    gzipped = production_static.get(match.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzipped["Vary"] == "Accept-Encoding"
