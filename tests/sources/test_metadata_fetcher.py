"""The default fetcher: public http(s) addresses only (checked at connect time, redirects
included), a size cap and a time limit for the whole answer. A small server on localhost
plays the remote site; the fetcher is told to allow only that server's port."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sources.metadata import LookupFailed, RefusedAddress, UrllibFetcher, is_public, look_up


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # answers end when the connection closes: no length needed
    redirect_to = ""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.server.requests.append(self.path)
        if self.path == "/page":
            self._answer(200, b'<html><meta name="citation_title" content="A page"></html>')
        elif self.path == "/big":
            self._answer(200, b"x" * 5000)
        elif self.path == "/declared-big":
            self._answer(200, b"x" * 10, length=10**9)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.end_headers()
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"<p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:  # the fetcher gave up and closed the connection, as it should
                pass
        else:
            self._answer(404, b"Not found")

    def _answer(self, status, body, length=None):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    server.requests = []
    server.redirect_to = ""
    server.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def fetcher_for(site, **kwargs):
    return UrllibFetcher(vet=lambda ip, port: port == site.server_port, **kwargs)


def test_a_page_is_fetched_whole(site):
    status, content_type, body = fetcher_for(site).fetch(f"{site.base}/page", {}, 5)
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert b"A page" in body


def test_a_missing_page_is_a_status_not_an_exception(site):
    assert fetcher_for(site).fetch(f"{site.base}/nothing", {}, 5)[0] == 404


@pytest.mark.parametrize("path", ["/big", "/declared-big"])
def test_an_answer_beyond_the_cap_is_refused_in_words(site, path):
    with pytest.raises(
        LookupFailed, match="sent more than 1000\xa0bytes: that is not a citation record"
    ):
        fetcher_for(site, max_bytes=1000).fetch(f"{site.base}{path}", {}, 5)


def test_a_slow_answer_stops_at_the_time_limit(site):
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        fetcher_for(site).fetch(f"{site.base}/slow", {}, 0.5)
    assert time.monotonic() - started < 2


def test_a_redirect_to_a_refused_address_is_not_followed(site):
    site.redirect_to = f"http://127.0.0.1:{site.server_port + 1 or 1}/page"
    with pytest.raises(RefusedAddress, match="private or local network"):
        fetcher_for(site).fetch(f"{site.base}/redirect", {}, 5)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/page",
        "http://localhost:{port}/page",
        "http://[::1]:{port}/page",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/",
        "http://192.168.1.1/",
    ],
)
def test_the_default_fetcher_refuses_private_and_local_addresses(site, url):
    """Before any connection: the local server hears nothing."""
    with pytest.raises(RefusedAddress, match="private or local network"):
        UrllibFetcher().fetch(url.format(port=site.server_port), {}, 2)
    assert site.requests == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/paper.pdf"])
def test_only_http_and_https_are_read(url):
    with pytest.raises(RefusedAddress, match="Only http:// and https://"):
        UrllibFetcher().fetch(url, {}, 2)


def test_a_redirect_to_another_scheme_is_not_followed(site):
    site.redirect_to = "file:///etc/passwd"
    assert fetcher_for(site).fetch(f"{site.base}/redirect", {}, 5)[::2] == (302, b"")

    class Redirected:
        def fetch(self, url, headers, timeout):
            return fetcher_for(site).fetch(f"{site.base}/redirect", headers, timeout)

    with pytest.raises(LookupFailed, match="on to an address that cannot be read"):
        look_up("https://example.org/paper", Redirected())


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("::ffff:127.0.0.1", False),
        ("100.64.0.1", False),
        ("fd00::1", False),
        ("fe80::1%eth0", False),
        ("0.0.0.0", False),  # noqa: S104 (an address checked, not bound)
        ("224.0.0.1", False),
    ],
)
def test_which_addresses_are_public(address, public):
    assert is_public(address) is public


def test_look_up_says_a_timeout_in_words(site):
    class Slow:
        def fetch(self, url, headers, timeout):
            return fetcher_for(site).fetch(f"{site.base}/slow", headers, 0.3)

    with pytest.raises(LookupFailed, match="did not answer within 8 seconds"):
        look_up("https://slow.example/paper", Slow())
