"""The database a benchmark script runs against, set up before Django is imported.

DATABASE_URL when given (it is emptied by the script), else a throwaway SQLite file in
the temporary folder, removed first so every run starts from nothing.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_database(name: str) -> None:
    """Point Django at the benchmark's database and set it up; `name` names the SQLite file."""
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        sqlite_path = Path(tempfile.gettempdir()) / f"geo_bench_{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

    import django

    django.setup()
