"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's
live server. CI needs `apt-get install chromium` and `npm ci` (for axe-core); without them
these tests skip and say which is missing."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

CHROMIUM = shutil.which("chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="package")
def allow_async_unsafe():
    """Playwright's sync API runs an event loop in the test thread, and Django refuses ORM
    calls from such a thread (SynchronousOnlyOperation). Allowed for these tests only, and
    removed afterwards: left set, it would leak into the rest of the run (`check --deploy`
    rightly reports it as async.E001)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(allow_async_unsafe):
    """One chromium for the browser tests, closed (with Playwright's event loop) when
    they are done so later tests run without it."""
    if not CHROMIUM:
        pytest.skip("chromium is not installed (CI: apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The demo dataset, loaded the way the admin saves it so scores are real, served by
    the live server; whole-page caches are emptied so each test sees its own data."""
    from tactics.demo.loader import load_demo_data

    load_demo_data()
    cache.clear()
    yield live_server
    cache.clear()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """A page whose context ignores the site's CSP, so axe-core can be injected."""
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS} (CI: npm ci)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
