"""`/healthz`: what a load balancer polls. JSON always; 503, never a 500, without a database;
"degraded" (still 200) when scores have not been fully recomputed for 48 hours."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from scoring.models import RecomputeRun, ScoreSnapshot
from tests.factories import TacticFactory

ROOT = Path(__file__).resolve().parents[2]


def full_run(hours_ago, kind=RecomputeRun.Kind.FULL, finished=True):
    at = timezone.now() - datetime.timedelta(hours=hours_ago)
    RecomputeRun.objects.create(
        kind=kind,
        started_at=at,
        finished_at=at + datetime.timedelta(seconds=9) if finished else None,
    )


@pytest.mark.django_db
def test_reports_ok_with_the_last_full_recompute(client):
    full_run(hours_ago=30)
    full_run(hours_ago=6)
    full_run(hours_ago=0.1, kind=RecomputeRun.Kind.SWEEP)  # a sweep is not a full recompute
    full_run(hours_ago=0.2, finished=False)  # nor is a run still going (or one that failed)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["scores"]["status"]) == ("ok", "ok", "ok")
    assert body["scores"]["hours_since_full_recompute"] == 6.0
    last = datetime.datetime.fromisoformat(body["scores"]["last_full_recompute"])
    assert abs(timezone.now() - datetime.timedelta(hours=6) - last).total_seconds() < 60
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_reports_degraded_but_200_after_48_hours_without_a_full_recompute(client):
    full_run(hours_ago=49)
    full_run(hours_ago=0.1, kind=RecomputeRun.Kind.SWEEP)
    response = client.get("/healthz")
    # 200: the process serves fine; only monitoring should act on the status.
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["scores"]["status"]) == (
        "degraded",
        "ok",
        "degraded",
    )
    assert body["scores"]["hours_since_full_recompute"] == 49.0


@pytest.mark.django_db
def test_a_site_never_fully_recomputed_is_degraded_48_hours_after_its_first_score(client):
    assert client.get("/healthz").json()["status"] == "ok"  # a new, empty install
    tactic = TacticFactory()
    snapshot = ScoreSnapshot.objects.create(
        tactic=tactic, score=5, confidence="low", direction="supports", computed_at=timezone.now()
    )
    assert client.get("/healthz").json()["status"] == "ok"
    ScoreSnapshot.objects.filter(pk=snapshot.pk).update(
        computed_at=timezone.now() - datetime.timedelta(hours=50)
    )
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["scores"]["last_full_recompute"] is None


def test_reports_503_for_a_real_unreachable_server():
    """Production settings and a PostgreSQL address where nothing listens. The body names
    no exception (the log does); a server that never answers: test_db_timeouts.py."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='example.org');"
        "print(json.dumps([r.status_code, r['Content-Type'], r.json(), dict(r.headers)]))"
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
    status, content_type, body, headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert (status, content_type) == (503, "application/json")
    assert body == {"status": "error", "database": "unreachable"}
    assert "OperationalError" in result.stderr  # the operator's log keeps the detail
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_carries_the_security_headers_of_every_other_response(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    site = client.get("/tactics/", secure=True)
    probe = client.get("/healthz", secure=True)
    assert probe.status_code == 200
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Strict-Transport-Security",
    ):
        assert probe[header] == site[header], header
    # Over plain HTTP, as probes come, HSTS is rightly absent (browsers ignore it there).
    assert "Strict-Transport-Security" not in client.get("/healthz")


@pytest.mark.django_db
def test_answers_plain_http_probes_with_any_host_header(client, settings):
    """Probes use the container's address and plain HTTP; the site itself redirects them."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["geo-evidence.example"]

    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/", HTTP_HOST="geo-evidence.example").status_code == 301
