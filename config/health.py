"""`/healthz`: is this web process able to serve? It asks the database for `SELECT 1`.

A load balancer or container runtime polls it, so it answers a JSON 503 (never an HTML
500) when the database is unreachable, and it is answered by the first middleware: probes
arrive over plain HTTP with the container's own address as Host, which the SSL redirect
and ALLOWED_HOSTS would otherwise refuse.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check failed: the database is unreachable: %s", error)
        response = JsonResponse(
            {"status": "error", "database": "unreachable", "detail": type(error).__name__},
            status=503,
        )
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
