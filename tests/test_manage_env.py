"""manage.py reads the checkout's .env for local commands; the served application never does."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRINT_DEBUG = "from django.conf import settings; print(settings.DEBUG)"


def run(args, env_file, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "ENV_FILE": str(env_file), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def env_file(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=1\n")
    return path


def test_management_commands_read_the_local_env_file(env_file):
    result = run(["manage.py", "shell", "-c", PRINT_DEBUG], env_file)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_the_real_environment_wins_over_the_file(env_file):
    result = run(["manage.py", "shell", "-c", PRINT_DEBUG], env_file, DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_served_application_ignores_the_file(env_file):
    result = run(["-c", "import config.wsgi"], env_file)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
