"""Settings read from the environment (12-factor). `.env.example` lists every variable.

With DEBUG off there are no defaults for secrets: a missing SECRET_KEY or ALLOWED_HOSTS
stops start-up with a message instead of running insecurely.
"""

from pathlib import Path

from config import database
from config.env import env_bool, env_int, env_list, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    # Local development only; production must bring its own key.
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-local-development-key-do-not-deploy"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = require(
        "SECRET_KEY",
        "With DEBUG off the site refuses to start without a secret key. Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set DEBUG=1 "
        "for local development.",
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        require("ALLOWED_HOSTS", "List the host names this site answers to, comma-separated.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# A non-default admin path keeps the login form out of the scanners' usual reach.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
# The admin is the only login: where it lands when `?next=` is missing or refused as
# unsafe (Django's default, /accounts/profile/, is a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Lets runserver serve static files the way whitenoise does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "tactics",
    "sources",
    "scoring",
    "web",
    "api",
    "opendata",
    "overview",
]

MIDDLEWARE = [
    # First: load-balancer probes get an answer whatever their Host header or scheme.
    "web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the page cache does not (staff previews, the admin, uncached
    # pages). Inside WhiteNoise, which serves its own pre-compressed files; cached pages
    # already carry their stored gzip copy.
    "web.compression.CompressionMiddleware",
    # Before sessions and auth, so a cache hit costs no session or user lookup (no SQL);
    # the headers the inner middleware add (CSP, frame denial) are stored with the page.
    "web.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Records which admin user made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the outcome of authentication for login throttling.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Must come first so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project folder by default, so trying the site needs nothing installed.
# PostgreSQL: DATABASE_URL=postgres://user:password@host:5432/name; add `?pool=true` for
# psycopg's connection pool (one per worker process) instead of persistent connections.
# Timeouts (config/database.py): opening a connection gives up after 5 s, and PostgreSQL
# cancels a statement after 20 s, under gunicorn's 30 s, so a runaway query ends as a
# logged error while the worker lives on. 0 turns either off.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 20)
_database = {
    "conn_max_age": env_int("CONN_MAX_AGE", 60),
    "connect_timeout": DATABASE_CONNECT_TIMEOUT,
    "statement_timeout": DATABASE_STATEMENT_TIMEOUT,
    "disable_server_side_cursors": env_bool("DISABLE_SERVER_SIDE_CURSORS", default=False),
}
DATABASES = {
    "default": database.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **_database
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE avoids "database is locked" when several workers write; WAL lets readers
    # carry on while one of them does.
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

# Optional read replica: anonymous reads of public pages that are not page-cached go
# there (web/replica.py explains which, and why the cached pages read the primary).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database.parse(DATABASE_REPLICA_URL, **_database)
    # Tests create no second database: the replica is the primary under another name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["web.replica.ReplicaRouter"]
    # Decides per request whether its reads may go to the replica.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("web.page_cache.PageCacheMiddleware") + 1,
        "web.replica.ReplicaMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis when REDIS_URL is set, so several web servers share
# one cache and an invalidation reaches all of them.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Per worker process. The default of 300 entries is fewer than the pages of
            # a large catalogue; at ~50 KB a page, 2,000 entries cost up to ~100 MB.
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_CACHE_ENTRIES", 2000)},
        }
    }

# Whole-page cache for anonymous visitors (web/page_cache.py). Invalidation is exact
# (tags bumped on commit), so the timeout only bounds memory, not staleness.
# Off under DEBUG so template edits show at once.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600)
# The URL names whose anonymous GET responses are cached: the pages visitors read most,
# the source library (its semi-join over every stance costs ~50 ms at 60,000 stances) and
# the crawler files, which list every tactic (the sitemap and llms.txt of the 2,000-tactic
# benchmark take 2.2 s and 0.6 s to render, too slow to do on every request).
PAGE_CACHE_VIEWS = [
    "home",
    "tactics:list",
    "tactics:detail",
    "sources:list",
    "sources:detail",
    "sitemap",
    "sitemap_section",
    "llms_txt",
    "feed",
    "changes:feed",
    "changes:tactic_feed",
    "overview:compare",
    "overview:gaps",
    "api-v1:tactics",
    "api-v1:tactic",
    "api-v1:sources",
    "api-v1:source",
    "api-v1:stances",
    "api-v1:openapi-json",
    "api-v1:index",
    "opendata:index",
    "opendata:csv_zip",
    "opendata:json",
    "sources:cite_bib",
    "sources:cite_ris",
    "sources:cite_json",
    "tactics:references_bib",
    "tactics:references_ris",
    "tactics:references_json",
]
# With a per-process cache, the tag versions live in this file's mtime (site) and in a
# ".tags" folder beside it, so that every worker on the machine sees a bump; empty means a
# file in the system temp directory.
PAGE_CACHE_VERSION_FILE = env_str("PAGE_CACHE_VERSION_FILE", "")
# A reverse proxy or CDN in front (web/page_purge.py): the base URLs that receive
# `PURGE` with an `xkey-purge: <tags>` header after each commit that invalidates pages.
PAGE_CACHE_PURGE_URLS = env_list("PAGE_CACHE_PURGE_URLS")
# How long a shared cache may keep a page (s-maxage). Without purge URLs nothing would
# tell a proxy that a page changed, so the default is then 0 (revalidate every time).
PAGE_CACHE_PROXY_SECONDS = env_int(
    "PAGE_CACHE_PROXY_SECONDS", 24 * 3600 if PAGE_CACHE_PURGE_URLS else 0
)
# A page a worker rendered just before a commit can reach the proxy just after that
# commit's purge; a second purge this many seconds later removes it (web/page_purge.py).
# 0 turns the repeat off.
PAGE_CACHE_PURGE_REPEAT_SECONDS = env_int("PAGE_CACHE_PURGE_REPEAT_SECONDS", 5)

# Scoring (scoring/README.md). Score changes within this many minutes of a snapshot are
# merged into it, so a storm of saves draws one point on the history chart, not thousands.
SCORE_SNAPSHOT_MINUTES = 10
# A recompute note older than this was not handled by its own transaction's on-commit
# recompute (a crash or an error): the five-minute sweep repairs it.
SCORE_SWEEP_AFTER_SECONDS = 60
# /healthz reports "degraded" when no full recompute has finished for this long: the
# daily job (03:00 UTC) has then missed at least one run, and recency weights go stale.
SCORES_STALE_AFTER_HOURS = 48
# Editors' review queue (tactics/review.py): a page not reviewed for this many days is
# listed even when its evidence has not moved (about six months).
REVIEW_AFTER_DAYS = env_int("REVIEW_AFTER_DAYS", 182)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Fingerprinted, compressed files that whitenoise can cache for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# No uploads anywhere in the product; refuse large request bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

SITE_NAME = "GEO Evidence"

# Admin login throttling: lock an account+address pair after five failures for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a proxy every request comes from the proxy's address; read the visitor's from
# X-Forwarded-For instead, counting TRUSTED_PROXY_COUNT hops from the right.
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"

# Errors and warnings to stderr, where gunicorn and the container collect them. Django's
# default sends nothing to the console when DEBUG is off, so a 500 would leave no trace.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

from config.security import *  # noqa: E402, F403  (headers and cookies; split out for length)
