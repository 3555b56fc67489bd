import os

import pytest
from django.core.cache import caches

from tests.production.servers import free_port, wait_until_listening


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The page cache on, with this test's own version file and an empty cache."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway redis-server on a free port (Debian's redis-server package)."""
    import shutil
    import subprocess

    server = shutil.which("redis-server")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: CI must run the Redis-path tests")
        pytest.skip("redis-server is not installed")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(  # noqa: S603
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    wait_until_listening(port, seconds=10)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
