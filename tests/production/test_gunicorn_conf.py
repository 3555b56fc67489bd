"""gunicorn.conf.py: the defaults we measured, and every knob reachable from the environment."""

import os
import runpy
import subprocess
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
KNOBS = ("WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT", "GUNICORN_BIND", "GUNICORN_ACCESS_LOG")


def load(monkeypatch, **env):
    for name in KNOBS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(CONF))
    config = Config()
    for name in config.settings:
        if name in values:
            config.set(name, values[name])  # validates each value as gunicorn would
    return config


def test_defaults_are_sync_workers_one_more_than_the_cores(monkeypatch):
    config = load(monkeypatch)
    assert config.worker_class_str == "sync"
    assert config.workers == (os.cpu_count() or 1) + 1
    assert config.threads == 1
    assert config.bind == ["0.0.0.0:8000"]
    assert config.accesslog == "-"
    assert config.control_socket_disable is True
    assert config.max_requests > 0
    assert config.max_requests_jitter > 0
    assert config.graceful_timeout > 0


def test_the_environment_sets_workers_threads_and_port(monkeypatch):
    config = load(monkeypatch, WEB_CONCURRENCY="2", GUNICORN_THREADS="4", PORT="9001")
    assert config.workers == 2
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.bind == ["0.0.0.0:9001"]


def test_the_access_log_can_be_turned_off(monkeypatch):
    assert load(monkeypatch, GUNICORN_ACCESS_LOG="").accesslog is None


def test_the_entrypoint_starts_gunicorn_with_this_configuration(tmp_path):
    """bin/entrypoint hands its arguments to gunicorn; --check-config loads the app and
    the configuration, then exits (the CI smoke test starts it for real)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "entrypoint-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'entrypoint.sqlite3'}",
        "COLLECTSTATIC": "never",
    }
    result = subprocess.run(  # noqa: S603
        [str(CONF.parent / "bin" / "entrypoint"), "--check-config"],
        cwd=CONF.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "applying migrations" in result.stderr
    assert (tmp_path / "entrypoint.sqlite3").exists()  # migrate ran first
