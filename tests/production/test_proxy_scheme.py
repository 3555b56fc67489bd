"""X-Forwarded-Proto is believed only from the proxy addresses in FORWARDED_ALLOW_IPS.

gunicorn decides the scheme and Django reads its decision; Django trusts no header
itself, so a client that reaches gunicorn directly cannot pass a plain-HTTP request off as
HTTPS (and so dodge the HTTPS redirect, or make the site write https:// links for it).
"""

import http.client
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production.servers import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
HOST = "geo-evidence.example"
PROXY = "127.0.0.2"  # any 127/8 address is this machine; this one plays the proxy
VISITOR = "127.0.0.1"


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """bin/entrypoint with production settings behind HTTPS, trusting only PROXY."""
    port = free_port()
    folder = tmp_path_factory.mktemp("proxy")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "proxy-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{folder / 'proxy.sqlite3'}",
        "MIGRATE": "0",  # robots.txt reads no table
        "COLLECTSTATIC": "never",
        "PAGE_CACHE": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "FORWARDED_ALLOW_IPS": PROXY,
    }
    env.pop("REDIS_URL", None)
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(ROOT / "bin" / "entrypoint")], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    wait_until_listening(port)
    yield port
    server.terminate()
    server.wait(timeout=40)
    log.close()


def robots(port, source, **headers):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=20, source_address=(source, 0)
    )
    connection.request("GET", "/robots.txt", headers={"Host": HOST, **headers})
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read().decode()
    connection.close()
    return result


def test_a_visitor_claiming_https_is_still_redirected_to_https(gunicorn):
    status, headers, _ = robots(gunicorn, VISITOR, **{"X-Forwarded-Proto": "https"})
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/robots.txt"
    assert "Strict-Transport-Security" not in headers


def test_the_proxy_saying_https_is_believed(gunicorn):
    status, headers, body = robots(gunicorn, PROXY, **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert f"Sitemap: https://{HOST}/sitemap.xml" in body
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_proxy_saying_http_or_another_header_is_redirected(gunicorn):
    assert robots(gunicorn, PROXY, **{"X-Forwarded-Proto": "http"})[0] == 301
    # Only the documented header counts, even from the proxy.
    assert robots(gunicorn, PROXY, **{"X-Forwarded-Ssl": "on"})[0] == 301


def test_django_itself_trusts_no_forwarded_header():
    """Under any other server (runserver, a test client) the header means nothing."""
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        "from django.test import RequestFactory;"
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https');"
        "print(json.dumps([settings.SECURE_PROXY_SSL_HEADER, r.is_secure()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "proxy-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123",
        "ALLOWED_HOSTS": HOST,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [None, False]
