"""DATABASES entries, with the timeouts that keep a request from waiting on a database
that accepts connections but never answers (a partition, a hung proxy).

- The connect timeout bounds how long opening a connection may take: without it psycopg
  waits 130 s and gunicorn kills the worker at 30 s with an HTML 500.
- The statement timeout makes PostgreSQL cancel any statement (lock waits included) that
  runs longer, so a runaway query ends as a logged error before gunicorn's timeout kills
  the worker. It is sent as a startup option; PgBouncer refuses startup options unless
  `ignore_startup_parameters = options`: there, set 0 and put the timeout on the role
  (`ALTER ROLE geo SET statement_timeout = '20s'`).

Both are PostgreSQL's; SQLite has neither (its busy timeout already defaults to 5 s).
"""

import copy

import dj_database_url

POSTGRESQL = "django.db.backends.postgresql"


def parse(
    url: str,
    *,
    conn_max_age: int,
    connect_timeout: int,
    statement_timeout: int,
    disable_server_side_cursors: bool = False,
) -> dict:
    """A DATABASES entry for `url`; timeouts in seconds, 0 for none. Values written in the
    URL itself (`?connect_timeout=2`, `?options=-c statement_timeout=...`) win."""
    database = dj_database_url.parse(
        url,
        conn_max_age=conn_max_age,
        conn_health_checks=True,
        # PgBouncer in transaction mode cannot keep a server-side cursor between queries.
        disable_server_side_cursors=disable_server_side_cursors,
    )
    options = database.setdefault("OPTIONS", {})
    if options.get("pool"):
        # Django refuses a pool together with persistent connections: the pool keeps them.
        database["CONN_MAX_AGE"] = 0
    if database["ENGINE"] == POSTGRESQL:
        _set_timeouts(options, connect_timeout, statement_timeout)
    return database


def probe_settings(settings_dict: dict, seconds: int) -> dict:
    """A copy of a DATABASES entry for one short-lived connection whose connect and
    statements both give up after `seconds`: what /healthz opens to ask `SELECT 1`."""
    probe = copy.deepcopy(settings_dict)
    options = probe.setdefault("OPTIONS", {})
    options.pop("pool", None)  # a connection of its own, not one borrowed from the pool
    probe["CONN_MAX_AGE"] = 0
    if probe["ENGINE"] == POSTGRESQL:
        options.pop("connect_timeout", None)
        options["options"] = _without_statement_timeout(options.get("options", ""))
        _set_timeouts(options, seconds, seconds)
    return probe


def _set_timeouts(options: dict, connect_timeout: int, statement_timeout: int) -> None:
    if connect_timeout > 0:
        options.setdefault("connect_timeout", connect_timeout)
        if options.get("pool"):
            # How long a request waits for a free pooled connection (psycopg_pool's
            # default is 30 s, as long as gunicorn's timeout).
            pool = {} if options["pool"] is True else dict(options["pool"])
            pool.setdefault("timeout", connect_timeout)
            options["pool"] = pool
    startup = options.get("options", "")
    if statement_timeout > 0 and "statement_timeout" not in startup:
        options["options"] = f"{startup} -c statement_timeout={statement_timeout * 1000}".strip()


def _without_statement_timeout(startup: str) -> str:
    words = startup.split()
    kept = []
    for word in words:
        if "statement_timeout" in word:
            if kept and kept[-1] == "-c":
                kept.pop()
            continue
        kept.append(word)
    return " ".join(kept)
