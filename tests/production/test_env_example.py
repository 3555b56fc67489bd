""".env.example is the one documented place for configuration: it names every variable."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = [
    *sorted((ROOT / "config").glob("*.py")),
    ROOT / "gunicorn.conf.py",
    ROOT / "bin" / "entrypoint",
    ROOT / "docker-compose.yml",
]
PATTERNS = [
    r"env_(?:str|bool|int|list)\(\s*\"([A-Z_]+)\"",  # config/env.py helpers
    r"require\(\s*\"([A-Z_]+)\"",
    r"os\.environ(?:\.get)?[\[(]\"([A-Z_]+)\"",
    r"_int\(\"([A-Z_]+)\"",  # gunicorn.conf.py
    r"\$\{([A-Z_]+):[-?]",  # shell and compose defaults
]
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def test_every_variable_the_code_reads_is_documented_in_env_example():
    read = set()
    for path in READERS:
        if path.name in ("test_settings.py",):
            continue
        text = path.read_text()
        for pattern in PATTERNS:
            read.update(re.findall(pattern, text))
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert "SECRET_KEY" in read and "WEB_CONCURRENCY" in read  # the scan itself works
    assert read - NOT_SETTINGS - documented == set()
