"""`/healthz`: is this web process able to serve, and is the data it serves kept fresh?

It asks the database for `SELECT 1` on a short-lived connection of its own, then runs the
checks that apps register with `register()` (the scoring app reports when scores were last
fully recomputed) on the worker's connection.

A load balancer or container runtime polls it, so it answers a JSON 503 (never an HTML
500) when the database is unreachable, and within about PROBE_SECONDS even when the
database accepts connections and never answers: the probe's own connection gives up after
2 s (the worker's persistent connection could be stuck on a dead peer), and the checks run
under a 2 s statement timeout. The body names no exception: the log has the detail.

It is answered by the first middleware: probes arrive over plain HTTP with the container's
own address as Host, which the SSL redirect and ALLOWED_HOSTS would otherwise refuse. The
security headers are still added, by the same middleware that add them to every page.

A check that finds something stale makes the status "degraded" with HTTP 200, not 503: a
missed scheduled job is the operator's to fix, and a load balancer that took a 503 would
drop every healthy web process at once, turning stale scores into no site at all. Monitoring
reads the status field; the load balancer reads the code.
"""

import logging
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.http import JsonResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.security import SecurityMiddleware

from config.database import probe_settings

logger = logging.getLogger(__name__)

PATH = "/healthz"
OK, DEGRADED = "ok", "degraded"
# libpq's smallest connect timeout; the statement timeout of the probe and the checks.
PROBE_SECONDS = 2

# name -> check; a check returns its report, a dict with at least "status" (OK or DEGRADED).
_CHECKS: dict[str, Callable[[], dict]] = {}


def register(name: str, check: Callable[[], dict]) -> None:
    """Add a check to every /healthz answer (called from an AppConfig.ready())."""
    _CHECKS[name] = check


def probe_database() -> None:
    """`SELECT 1` on a new connection that gives up after PROBE_SECONDS; raises
    DatabaseError when the database does not answer in time."""
    worker = connections[DEFAULT_DB_ALIAS]
    probe = worker.__class__(probe_settings(worker.settings_dict, PROBE_SECONDS), worker.alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        probe.close()


def run_checks() -> dict[str, dict]:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # LOCAL: ends with this transaction, the worker's requests keep their own.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [PROBE_SECONDS * 1000])
        return {name: check() for name, check in _CHECKS.items()}


def healthz(request):
    try:
        probe_database()
        reports = run_checks()
    except DatabaseError as error:
        logger.warning("Health check failed: the database did not answer: %r", error)
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    else:
        # Not logged: probes come every few seconds; the scheduler logs its own failures.
        degraded = any(report.get("status") != OK for report in reports.values())
        response = JsonResponse(
            {"status": DEGRADED if degraded else OK, "database": "ok", **reports}
        )
    response["Cache-Control"] = "no-store"
    return response


# The middleware that put security headers on every other response. Only their response
# halves run for probes: their request halves would redirect plain HTTP.
HEADER_MIDDLEWARE = (SecurityMiddleware, XFrameOptionsMiddleware, ContentSecurityPolicyMiddleware)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = [middleware(get_response) for middleware in HEADER_MIDDLEWARE]

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            response = healthz(request)
            for middleware in self.headers:
                response = middleware.process_response(request, response)
            return response
        return self.get_response(request)
