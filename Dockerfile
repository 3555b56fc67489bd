# The web image: Python 3.12, dependencies from pyproject.toml, static files collected at
# build, a non-root user, and bin/entrypoint (migrate, collectstatic if needed, gunicorn)
# as the start command: the same script CI runs outside Docker (.ci/production-smoke).
# docker-compose.yml also runs it as the scheduler (`python manage.py run_scheduler`).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHON=python

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# collectstatic needs importable settings but no database or real secret.
RUN DEBUG=0 SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput --verbosity 0 \
 && rm -f /tmp/build.sqlite3

RUN useradd --system --user-group --home-dir /app --no-create-home app
USER app

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["bin/entrypoint"]
