"""bin/backup and bin/restore: what they refuse, and a restore that serves no stale page.

The scripts run as an operator runs them, in a subprocess with DATABASE_URL. The full proof
that a restore is identical (every table, history row, sequence and score of the demo data)
is .ci/backup-restore; these tests cover the arguments, the refusals and the page cache.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.factories import SourceFactory, TacticFactory, tactic_with_evidence
from web import page_cache

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "postgres://nobody@127.0.0.1:1/none"  # port 1: reaching it at all would fail


def on_postgres(test):
    marks = [
        pytest.mark.postgres,
        pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
        pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
        pytest.mark.django_db(transaction=True),
    ]
    for mark in marks:
        test = mark(test)
    return test


def run(script, *args, database_url, version_file=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "ENV_FILE": os.devnull,
    }
    if version_file:
        env["PAGE_CACHE_VERSION_FILE"] = str(version_file)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bin" / script), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def postgres_url(name=None):
    database = connection.settings_dict
    user = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    name = name or database["NAME"]
    return f"postgres://{user}:{password}@{database['HOST']}:{database['PORT']}/{name}"


def backup(directory):
    """bin/backup of the test database; returns the archive's path."""
    result = run("backup", directory, database_url=postgres_url())
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == directory and path.suffix == ".dump"
    return path


@pytest.fixture
def scratch_database():
    """A new, empty database on the test server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database_url, sql, params=None):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as other:
        cursor = other.execute(sql, params)
        return cursor.fetchone()[0] if cursor.description else None


# --- Refusals that need no PostgreSQL ------------------------------------------------------


def test_backup_refuses_sqlite_by_name_and_writes_nothing(tmp_path):
    result = run("backup", tmp_path / "out", database_url=f"sqlite:///{tmp_path}/site.sqlite3")
    assert result.returncode == 1
    assert "The database is sqlite" in result.stderr and "not PostgreSQL" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_restore_refuses_sqlite_and_leaves_the_file_alone(tmp_path):
    database = tmp_path / "site.sqlite3"
    database.write_bytes(b"")
    result = run("restore", __file__, database_url=f"sqlite:///{database}")
    assert result.returncode == 1
    assert "not PostgreSQL" in result.stderr and "Traceback" not in result.stderr
    assert database.read_bytes() == b""


def test_restore_without_a_file_prints_its_usage():
    result = run("restore", database_url=NOWHERE)
    assert result.returncode == 2
    assert "usage: bin/restore [-h] [--clean] file" in result.stderr


def test_restore_of_a_missing_file_says_so(tmp_path):
    result = run("restore", tmp_path / "gone.dump", database_url=NOWHERE)
    assert result.returncode == 2
    assert "gone.dump is not a file" in result.stderr


@pytest.mark.skipif(not shutil.which("pg_restore"), reason="pg_restore is not installed")
def test_restore_checks_the_archive_before_touching_any_database(tmp_path):
    not_an_archive = tmp_path / "notes.dump"
    not_an_archive.write_text("these are not the rows you are looking for\n")
    result = run("restore", not_an_archive, database_url=NOWHERE)
    assert result.returncode == 1
    assert "notes.dump is not a readable pg_dump archive" in result.stderr


# --- Against PostgreSQL ---------------------------------------------------------------------


@on_postgres
def test_a_restore_copies_the_rows_and_serves_no_page_cached_before_it(
    client, settings, tmp_path, scratch_database
):
    tactic = tactic_with_evidence(supporting=2, contradicting=1, slug="statistics")
    archive = backup(tmp_path)
    url = tactic.get_absolute_url()
    assert client.get(url)[page_cache.HEADER] == "miss"
    assert client.get(url)[page_cache.HEADER] == "hit"

    result = run(
        "restore",
        archive,
        database_url=scratch_database,
        version_file=settings.PAGE_CACHE_VERSION_FILE,
    )

    assert result.returncode == 0, result.stderr
    assert "the schema is current" in result.stderr
    assert query(scratch_database, "SELECT slug FROM tactics_tactic") == "statistics"
    assert query(scratch_database, "SELECT count(*) FROM sources_historicalstance") == 3
    assert client.get(url)[page_cache.HEADER] == "miss"


@on_postgres
def test_restore_refuses_a_database_with_tables_unless_clean(tmp_path, scratch_database):
    TacticFactory(slug="kept", question="Does the backup keep this question?")
    archive = backup(tmp_path)
    assert run("restore", archive, database_url=scratch_database).returncode == 0
    query(scratch_database, "UPDATE tactics_tactic SET question = 'Edited after the backup?'")

    refused = run("restore", archive, database_url=scratch_database)

    assert refused.returncode == 1
    assert "is not empty" in refused.stderr and "--clean" in refused.stderr
    assert query(scratch_database, "SELECT question FROM tactics_tactic") == (
        "Edited after the backup?"
    )

    cleaned = run("restore", "--clean", archive, database_url=scratch_database)

    assert cleaned.returncode == 0, cleaned.stderr
    assert query(scratch_database, "SELECT question FROM tactics_tactic") == (
        "Does the backup keep this question?"
    )


@on_postgres
def test_clean_refuses_a_database_with_tables_the_backup_lacks(tmp_path, scratch_database):
    SourceFactory(title="A source in the backup")
    archive = backup(tmp_path)
    assert run("restore", archive, database_url=scratch_database).returncode == 0
    query(scratch_database, "CREATE TABLE tactics_from_newer_code (id int)")
    query(scratch_database, "UPDATE sources_source SET title = 'Kept as it was'")

    refused = run("restore", "--clean", archive, database_url=scratch_database)

    assert refused.returncode == 1
    assert "tables the backup does not (tactics_from_newer_code)" in refused.stderr
    assert query(scratch_database, "SELECT title FROM sources_source") == "Kept as it was"


@on_postgres
def test_a_restore_applies_the_migrations_newer_than_the_backup(tmp_path, scratch_database):
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    (app, latest), *_ = sorted(node for node in graph.leaf_nodes() if node[0] == "scoring")
    previous = next(
        (name for parent_app, name in graph.node_map[(app, latest)].parents if parent_app == app),
        "zero",
    )
    assert run("restore", backup(tmp_path / "now"), database_url=scratch_database).returncode == 0
    # A backup taken by the release before `latest`: that database, unmigrated, backed up.
    unmigrate = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", app, previous, "--noinput"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ENV_FILE": os.devnull,
            "DATABASE_URL": scratch_database,
        },
        capture_output=True,
        text=True,
    )
    assert unmigrate.returncode == 0, unmigrate.stderr
    older = run("backup", tmp_path / "older", database_url=scratch_database)
    assert older.returncode == 0, older.stderr

    result = run("restore", "--clean", older.stdout.strip(), database_url=scratch_database)

    assert result.returncode == 0, result.stderr
    assert "applying 1 migrations newer than the backup" in result.stderr
    recorded = "SELECT count(*) FROM django_migrations WHERE app = %s AND name = %s"
    assert query(scratch_database, recorded, (app, latest)) == 1
