"""`/healthz`: is this web process able to serve, and is the data it serves kept fresh?

It asks the database for `SELECT 1`, then runs the checks that apps register with
`register()` (the scoring app reports when scores were last fully recomputed).

A load balancer or container runtime polls it, so it answers a JSON 503 (never an HTML
500) when the database is unreachable, and it is answered by the first middleware: probes
arrive over plain HTTP with the container's own address as Host, which the SSL redirect
and ALLOWED_HOSTS would otherwise refuse.

A check that finds something stale makes the status "degraded" with HTTP 200, not 503: a
missed scheduled job is the operator's to fix, and a load balancer that took a 503 would
drop every healthy web process at once, turning stale scores into no site at all. Monitoring
reads the status field; the load balancer reads the code.
"""

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"
OK, DEGRADED = "ok", "degraded"

# name -> check; a check returns its report, a dict with at least "status" (OK or DEGRADED).
_CHECKS: dict[str, Callable[[], dict]] = {}


def register(name: str, check: Callable[[], dict]) -> None:
    """Add a check to every /healthz answer (called from an AppConfig.ready())."""
    _CHECKS[name] = check


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        reports = {name: check() for name, check in _CHECKS.items()}
    except DatabaseError as error:
        logger.warning("Health check failed: the database is unreachable: %s", error)
        response = JsonResponse(
            {"status": "error", "database": "unreachable", "detail": type(error).__name__},
            status=503,
        )
    else:
        # Not logged: probes come every few seconds; the scheduler logs its own failures.
        degraded = any(report.get("status") != OK for report in reports.values())
        response = JsonResponse(
            {"status": DEGRADED if degraded else OK, "database": "ok", **reports}
        )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
