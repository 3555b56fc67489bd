"""Hardening: headers, cookies, the deploy checklist, and refusing an insecure start."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import tactic_with_evidence

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-secret-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "geo-evidence.example",
    "HTTPS": "1",
}


def run_python(code, env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in {*drop, *env_overrides}}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(  # noqa: S603
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def pages(db):
    tactic = tactic_with_evidence(supporting=1, contradicting=1)
    return [reverse("home"), reverse("tactics:list"), tactic.get_absolute_url()]


def test_public_pages_send_the_security_headers(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        for directive in (
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert directive in csp, (url, directive)
        assert "unsafe-inline" not in csp
        assert "nonce-" not in csp  # whole pages are cached and shared
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def test_pages_need_no_inline_script_or_style_that_the_policy_would_block(client, pages):
    """JSON-LD data blocks are not executed, so `script-src 'self'` allows them."""
    for url in pages:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url
        assert not INLINE_STYLE.search(html), url


def test_production_settings_turn_on_https_protections():
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps({n: getattr(s, n) for n in ["
        "'DEBUG','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SESSION_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_NAME','CSRF_COOKIE_NAME','SECURE_PROXY_SSL_HEADER']}))"
    )
    result = run_python(["-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    # gunicorn decides HTTPS from FORWARDED_ALLOW_IPS only (test_proxy_scheme.py).
    assert values["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.django_db
def test_over_https_pages_get_hsts_and_the_login_cookies_are_secure(client, settings, admin_user):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"

    assert "max-age=31536000" in client.get("/", secure=True)["Strict-Transport-Security"]
    login = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "password", "next": "/admin/"},
        secure=True,
    )
    assert login.status_code == 302
    session = login.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}"}
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, drop=("REDIS_URL",)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "drop", "message"),
    [
        ({}, ("DEBUG", "SECRET_KEY"), "SECRET_KEY is not set"),
        ({"SECRET_KEY": "k" * 60}, ("DEBUG", "ALLOWED_HOSTS"), "ALLOWED_HOSTS is not set"),
        ({"DEBUG": "maybe"}, (), "DEBUG must be one of"),
    ],
    ids=["no secret key", "no allowed hosts", "unreadable DEBUG"],
)
def test_an_insecure_production_start_is_refused_with_a_clear_message(env, drop, message):
    result = run_python(["-c", "import django; django.setup()"], env, drop=drop)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
