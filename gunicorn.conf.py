"""gunicorn settings, read automatically from the working directory (bin/entrypoint).

Every value can be changed from the environment; `.env.example` documents the variables.
The defaults follow our measurements on 2 cores (../shared perf-anchors, summarised in
docs/production.md): sync workers, one more than the cores, behind a buffering proxy.
"""

import os

_cores = os.cpu_count() or 1


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"

# Sync workers gave the highest throughput and tightest p99 on our pages; cores + 1 keeps
# a core busy while another worker waits on PostgreSQL. A sync worker holds one client at
# a time, so slow clients must be buffered by a proxy (nginx, a cloud load balancer).
workers = _int("WEB_CONCURRENCY", _cores + 1)
# Without a buffering proxy in front, use threads (gthread) so a slow client does not hold
# a whole worker: GUNICORN_THREADS=4.
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request taking longer than this is stuck: the worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (deploys, `docker stop`), let in-flight requests finish first.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after many requests (jittered so they do not all restart together):
# bounds the damage of any slow leak. Not lower: a restart costs an import of Django and
# empties that worker's local-memory page cache (bench/loadtest.py measures growth with 0).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2_000)

# Logs to stdout/stderr, where the container runtime collects them. GUNICORN_ACCESS_LOG=""
# turns the access log off (the proxy in front usually keeps one too).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn >= 25.1 opens a control socket in $HOME by default; nothing here uses it, and a
# read-only or home-less container would only log errors about it.
control_socket_disable = True
# The worker heartbeat touches a file every second; on a disk-backed /tmp that can block.
_shm = "/dev/shm"  # noqa: S108  (gunicorn makes its own unique file inside)
worker_tmp_dir = _shm if os.path.isdir(_shm) else None

# The one place that decides whether a request came over HTTPS: X-Forwarded-Proto: https
# sets wsgi.url_scheme, which Django reads, only when the connection comes from one of
# these proxy addresses (or a unix socket, which gunicorn always trusts); from anyone else
# the header is ignored. Django itself trusts no header (config/security.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Only the header the proxy is documented to set: gunicorn's default also believes
# X-Forwarded-Ssl and X-Forwarded-Protocol, which a proxy may pass through from the client.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Import the application once per worker (not in the master), so a code reload via
# SIGHUP works and no database connection is shared across a fork.
preload_app = False
