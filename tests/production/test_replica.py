"""Read replica routing: only anonymous reads of pages the page cache does not store."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from web import replica

ROOT = Path(__file__).resolve().parents[2]


def database_for(request):
    seen = []
    middleware = replica.ReplicaMiddleware(
        lambda request: seen.append(replica.ReplicaRouter().db_for_read(None))
    )
    middleware(request)
    return seen[0] or "default"


@pytest.fixture
def rf():
    return RequestFactory()


@pytest.mark.parametrize("path", ["/methodology/"])
def test_anonymous_reads_of_uncached_public_pages_use_the_replica(rf, path):
    assert database_for(rf.get(path)) == "replica"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tactics/",
        "/tactics/statistics/",
        "/sources/",
        "/sources/12/",
        "/sitemap.xml",
        "/llms.txt",
        "/feed.atom",
    ],
)
def test_pages_that_fill_the_page_cache_read_the_primary(rf, path):
    assert database_for(rf.get(path)) == "default"


def test_logged_in_visitors_admin_and_writes_read_the_primary(rf, settings):
    with_session = rf.get("/methodology/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert database_for(with_session) == "default"
    assert database_for(rf.get("/" + settings.ADMIN_URL)) == "default"
    assert database_for(rf.post("/methodology/")) == "default"


def test_outside_a_request_everything_reads_the_primary():
    assert replica.ReplicaRouter().db_for_read(None) is None


def test_the_setting_adds_the_replica_the_router_and_the_middleware():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['replica']['NAME'], s.DATABASE_ROUTERS,"
        " 'web.replica.ReplicaMiddleware' in s.MIDDLEWARE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_REPLICA_URL": "postgres://reader:pw@replica.internal:5432/geo",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["geo", "['web.replica.ReplicaRouter']", "True"]
