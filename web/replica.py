"""Read replica for public pages, switched on by DATABASE_REPLICA_URL.

Which reads go to the replica: those of anonymous GET and HEAD requests (no session
cookie) for public pages that the page cache does not store (today the methodology page;
any page taken out of PAGE_CACHE_VIEWS joins it). Those may lag the primary by the replication
delay, which is harmless for them.

Everything else reads the primary: the admin and anyone logged in (they must see what
they just saved), every write, and the pages that fill the page cache (home, list, tactic
pages, the source library, crawler files). The cache's exactness depends on a page never being rendered from data older
than the tag versions it is stored under; a lagging replica would break that, and a
page rendered from it would be served until the next change. Those pages are rendered
once per change anyway, so the primary's share of public traffic stays small.
"""

from contextvars import ContextVar

from django.conf import settings

from web.page_cache import is_candidate

REPLICA = "replica"
_reads_from_replica = ContextVar("reads_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reads_from_replica.get() else None

    def db_for_write(self, model, **hints):
        return None  # the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def may_read_replica(request):
    if request.method not in ("GET", "HEAD") or is_candidate(request):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path_info.startswith("/" + settings.ADMIN_URL.lstrip("/"))


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(may_read_replica(request))
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
