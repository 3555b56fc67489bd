"""`/healthz`: what a load balancer polls. JSON always; 503, never a 500, without a database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from config import health

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_reports_503_as_json_when_the_database_fails(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "unreachable"


def test_reports_503_for_a_real_unreachable_server():
    """Production settings and a PostgreSQL address where nothing listens."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='example.org');"
        "print(json.dumps([r.status_code, r['Content-Type'], r.json()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "HTTPS": "1",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/nowhere?connect_timeout=2",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    status, content_type, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert (status, content_type, body["status"]) == (503, "application/json", "error")


@pytest.mark.django_db
def test_answers_plain_http_probes_with_any_host_header(client, settings):
    """Probes use the container's address and plain HTTP; the site itself redirects them."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["geo-evidence.example"]

    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/", HTTP_HOST="geo-evidence.example").status_code == 301
