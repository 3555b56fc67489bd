"""A database that accepts connections and never answers (a partition, a hung proxy) must
not hang the site: /healthz answers its JSON 503 in about 2 s, a page fails within the
connect timeout, and the worker lives on. PostgreSQL cancels a statement that runs longer
than the statement timeout."""

import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.db.utils import load_backend
from django.test import Client

from config import database
from tests.production.servers import free_port, wait_until_listening
from web import health

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement timeouts are PostgreSQL's"
)


@contextmanager
def silent_server(lifetime=90):
    """A TCP server on 127.0.0.1 that accepts every connection and never sends a byte.
    Its thread stops by itself after `lifetime` seconds, whatever happens to the test."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve():
        held, deadline = [], time.monotonic() + lifetime
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
        for peer in held:
            peer.close()
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(timeout=5)


def entry(url, **timeouts):
    """A complete DATABASES entry for `url`, built as config/settings.py builds it."""
    timeouts = {
        "connect_timeout": settings.DATABASE_CONNECT_TIMEOUT,
        "statement_timeout": settings.DATABASE_STATEMENT_TIMEOUT,
        **timeouts,
    }
    parsed = database.parse(url, conn_max_age=0, **timeouts)
    return connections.configure_settings({"default": parsed})["default"]


def wrapper(url, **timeouts):
    """A Django connection (not yet open) to `url`, as the default alias."""
    settings_dict = entry(url, **timeouts)
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")


@pytest.fixture
def hung_database(django_db_blocker):
    """The default database alias of this thread points at a silent server."""
    with silent_server() as port, django_db_blocker.unblock():
        original = connections["default"]
        hung = wrapper(f"postgres://geo:geo@127.0.0.1:{port}/geo")
        connections["default"] = hung
        try:
            yield port
        finally:
            connections["default"] = original
            hung.close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_healthz_answers_json_503_within_about_two_seconds(hung_database):
    response, seconds = timed(lambda: Client().get("/healthz"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert seconds < health.PROBE_SECONDS + 1.5, seconds


def test_a_page_fails_within_the_connect_timeout_instead_of_hanging(hung_database, caplog):
    assert settings.DATABASE_CONNECT_TIMEOUT == 5  # the documented default
    client = Client(raise_request_exception=False)
    response, seconds = timed(lambda: client.get("/tactics/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert seconds < settings.DATABASE_CONNECT_TIMEOUT + 1.5, seconds
    [error] = [record.exc_info[1] for record in caplog.records if record.exc_info]
    assert isinstance(error, OperationalError)
    assert "timeout" in str(error)


def test_the_timeouts_reach_both_database_aliases():
    url = "postgres://geo:geo@db.internal:5432/geo"
    for alias_url in (url, url + "?pool=true"):
        options = entry(alias_url)["OPTIONS"]
        assert options["connect_timeout"] == 5
        assert options["options"] == "-c statement_timeout=20000"
    assert entry(url + "?pool=true")["OPTIONS"]["pool"] == {"timeout": 5}
    # A value in the URL wins; 0 turns the statement timeout off (PgBouncer, see .env.example).
    written = entry(url + "?connect_timeout=9&options=-c%20statement_timeout%3D1000")
    assert written["OPTIONS"]["connect_timeout"] == 9
    assert written["OPTIONS"]["options"] == "-c statement_timeout=1000"
    assert "options" not in entry(url, statement_timeout=0)["OPTIONS"]


@on_postgresql
@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_runs_every_connection_under_the_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


def real_database_url():
    own = connection.settings_dict
    return f"postgres://{own['USER']}:{own['PASSWORD']}@{own['HOST']}:{own['PORT']}/{own['NAME']}"


@on_postgresql
@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_cancels_a_statement_longer_than_the_timeout():
    short = wrapper(real_database_url(), statement_timeout=1)
    try:
        with short.cursor() as cursor, pytest.raises(OperationalError, match="statement timeout"):
            started = time.monotonic()
            cursor.execute("SELECT pg_sleep(10)")
        assert time.monotonic() - started < 3
    finally:
        short.close()


@on_postgresql
@pytest.mark.postgres
@pytest.mark.django_db
def test_a_slow_health_check_is_cut_off_at_two_seconds(client, monkeypatch):
    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(10)")
        return {"status": health.OK}

    monkeypatch.setitem(health._CHECKS, "slow", slow)
    response, seconds = timed(lambda: client.get("/healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert seconds < health.PROBE_SECONDS + 1.5, seconds


def fetch(url):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=40) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body, time.monotonic() - started


def test_under_gunicorn_requests_fail_fast_and_the_worker_survives(tmp_path):
    """bin/entrypoint with production settings, one sync worker, the database silent."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with silent_server() as db_port, log.open("w") as output:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "timeout-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://geo:geo@127.0.0.1:{db_port}/geo",
            "MIGRATE": "0",
            "COLLECTSTATIC": "never",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "1",
            "PORT": str(port),
        }
        env.pop("REDIS_URL", None)
        server = subprocess.Popen(  # noqa: S603
            [str(ROOT / "bin" / "entrypoint")], cwd=ROOT, env=env, stdout=output, stderr=output
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_listening(port)
            health_status, health_body, health_seconds = fetch(f"{base}/healthz")
            page_status, _, page_seconds = fetch(f"{base}/tactics/")
            again_status, _, _ = fetch(f"{base}/healthz")
        finally:
            server.terminate()
            server.wait(timeout=40)
    text = log.read_text()
    assert (health_status, json.loads(health_body)) == (
        503,
        {"status": "error", "database": "unreachable"},
    )
    assert health_seconds < 4, health_seconds
    assert page_status == 500
    # The 5 s connect timeout plus the error page: 6.1-6.4 s on a quiet run, 7.2 s once on
    # a busy CI machine; far from gunicorn's 30 s worker timeout, which is what it guards.
    assert page_seconds < 8.5, page_seconds
    assert again_status == 503
    assert "WORKER TIMEOUT" not in text
    assert text.count("Booting worker") == 1, text
