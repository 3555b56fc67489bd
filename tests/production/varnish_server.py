"""A real Varnish (deploy/varnish/default.vcl) in front of a real gunicorn, for a test.

The site runs on its own SQLite file with the test settings (no collectstatic), the page
cache on and `PAGE_CACHE_PURGE_URLS` pointing at the Varnish, exactly as in production.
Data is written by `Stack.django(code)`, a separate Python process with the same settings:
the saves it makes purge Varnish on commit as the web processes' and the scheduler's do.

For the purge race (test_varnish_purge_race.py), `Stack(held=True)` puts a relay between
Varnish and gunicorn that can hold one response after gunicorn has rendered it, and
`in_flight_guard=False` runs the VCL without its rule against storing a page fetched
across a purge, as a CDN or any cache without that rule behaves.
"""

import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.production.servers import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def varnishd_or_skip() -> str:
    """The varnishd program. Locally a missing one skips; in CI (CI set) it fails."""
    found = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None
    )
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("varnishd is not installed, and CI must run the Varnish tests (.ci/run)")
    pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")


def vcl_for_backend(port: int, in_flight_guard: bool = True) -> str:
    """The shipped VCL with its backend moved from the compose service to this port
    (and, if asked, without the rule that refuses a page fetched across a purge)."""
    text = VCL.read_text()
    text, hosts = re.subn(r'\.host = "web";', '.host = "127.0.0.1";', text)
    text, ports = re.subn(r'\.port = "8000";', f'.port = "{port}";', text)
    assert hosts == ports == 1, "the VCL's backend is no longer web:8000"
    if not in_flight_guard:
        text, guards = re.subn(
            r'\n    if \(std\.integer\(var\.global_get\("last-purge"\).*?\n    \}\n',
            "\n",
            text,
            flags=re.DOTALL,
        )
        assert guards == 1, "the VCL's in-flight rule (last-purge) is no longer where it was"
    return text


_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


class HeldBackend(http.server.ThreadingHTTPServer):
    """Relays Varnish's fetches to gunicorn; `hold(path)` makes it keep the next response
    for that path, already rendered, until the test releases it: a slow worker handing
    its page over late, on demand."""

    daemon_threads = True

    def __init__(self, target_port: int):
        super().__init__(("127.0.0.1", 0), _Relay)
        self.target_port = target_port
        self.port = self.server_address[1]
        self._holds = {}
        self._lock = threading.Lock()

    def hold(self, path):
        held = SimpleNamespace(rendered=threading.Event(), release=threading.Event())
        with self._lock:
            self._holds[path] = held
        return held

    def take_hold(self, path):
        with self._lock:
            return self._holds.pop(path, None)

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


class _Relay(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _relay(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.target_port, timeout=30)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
            status, reason, answer_headers = answer.status, answer.reason, answer.getheaders()
        finally:
            upstream.close()
        held = self.server.take_hold(self.path)
        if held:
            held.rendered.set()
            held.release.wait(30)
        self.send_response_only(status, reason)
        for name, value in answer_headers:
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_HEAD = do_POST = _relay  # noqa: N815 (the handler's method names)

    def log_message(self, *args):
        pass


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def cache(self):
        """What Varnish did: hit, miss or pass."""
        return self.headers.get("X-Cache")


class Stack:
    def __init__(
        self,
        tmp: Path,
        workers: int = 2,
        held: bool = False,
        in_flight_guard: bool = True,
        **env,
    ):
        self.tmp = tmp
        self.varnishd = varnishd_or_skip()
        self.held, self.in_flight_guard, self.backend = held, in_flight_guard, None
        self.web_port, self.port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "varnish-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
            "PAGE_CACHE": "1",
            "PAGE_CACHE_VERSION_FILE": str(tmp / "page-cache-version"),
            "PAGE_CACHE_PURGE_URLS": f"{self.base}/",
            "COLLECTSTATIC": "never",
            "MIGRATE": "0",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": "1",
            "GUNICORN_ACCESS_LOG": "",
            "PORT": str(self.web_port),
            # Writers would wait for their repeated purge when they exit; the race test
            # turns it on where it is the point.
            "PAGE_CACHE_PURGE_REPEAT_SECONDS": "0",
            **env,
        }
        for name in ("REDIS_URL", "DATABASE_REPLICA_URL"):
            self.env.pop(name, None)
        self.processes = []

    # --- starting and stopping ----------------------------------------------------------

    def __enter__(self):
        try:
            self.django(
                "from django.core.management import call_command\n"
                "call_command('migrate', verbosity=0)"
            )
            self._start([str(ROOT / "bin" / "entrypoint")], "gunicorn.log", self.web_port)
            backend_port = self.web_port
            if self.held:
                self.backend = HeldBackend(self.web_port).start()
                backend_port = self.backend.port
            vcl = self.tmp / "test.vcl"
            vcl.write_text(vcl_for_backend(backend_port, self.in_flight_guard))
            self._start(
                [
                    self.varnishd,
                    "-F",
                    "-f",
                    str(vcl),
                    "-a",
                    f"127.0.0.1:{self.port}",
                    "-n",
                    str(self.tmp / "varnish"),
                    "-s",
                    "malloc,64m",
                    # No management port: the test stops it with a signal.
                    "-T",
                    "none",
                    # No privilege drop (it would need the test's files readable by the
                    # varnish user): a throwaway instance on the loopback.
                    "-j",
                    "none",
                ],
                "varnish.log",
                self.port,
            )
            self._wait_for_healthy_backend()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self, command, log_name, port):
        log = open(self.tmp / log_name, "w")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            wait_until_listening(port, seconds=0.5)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
        raise RuntimeError(f"{command[0]} did not start: {self.log(log_name)}")

    def _wait_for_healthy_backend(self):
        # The VCL's probe needs a few good answers before Varnish sends traffic.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.get("/healthz").status == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("Varnish never reached gunicorn: " + self.log("varnish.log"))

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        if self.backend:
            self.backend.shutdown()
            self.backend.server_close()

    def log(self, name):
        return (self.tmp / name).read_text()[-3000:]

    # --- talking to the site ------------------------------------------------------------

    def _script(self, code):
        return (
            "import json, django\ndjango.setup()\n"
            "def emit(value):\n    print('RESULT ' + json.dumps(value), flush=True)\n" + code
        )

    def django(self, code: str, **env):
        """Run code with the site's settings (and env on top) in a new process; return
        what it prints as JSON (`emit(value)`), or None."""
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", self._script(code)],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
        return json.loads(lines[-1][7:]) if lines else None

    def start_django(self, code: str, **env):
        """Like `django`, without waiting: the process, whose output `until_emitted`
        reads as it comes."""
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", self._script(code)],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @staticmethod
    def until_emitted(process):
        """The next value the process emits (None if it ends without one)."""
        for line in process.stdout:
            if line.startswith("RESULT "):
                return json.loads(line[7:])
        return None

    def get(self, path, headers=None, method="GET", base=None, opener=None, data=None):
        request = urllib.request.Request(  # noqa: S310
            (base or self.base) + path, headers=headers or {}, method=method, data=data
        )
        open_url = (opener or urllib.request.build_opener(NoRedirect)).open
        try:
            with open_url(request, timeout=20) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def purge(self, tags, source_address=None):
        """A PURGE sent from the given local address (127.0.0.1 unless told)."""
        with socket.create_connection(
            ("127.0.0.1", self.port),
            timeout=10,
            source_address=(source_address, 0) if source_address else None,
        ) as conn:
            conn.sendall(
                f"PURGE / HTTP/1.1\r\nHost: 127.0.0.1\r\nxkey-purge: {tags}\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            answer = b""
            while chunk := conn.recv(4096):
                answer += chunk
        return int(answer.split()[1])

    def logged_in(self, username, password, admin="/admin/"):
        """An opener holding a staff session, logged in through Varnish like a browser."""
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = self.get(f"{admin}login/", opener=opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": admin,
            }
        ).encode()
        done = self.get(
            f"{admin}login/",
            method="POST",
            data=body,
            opener=opener,
            headers={"Referer": f"{self.base}{admin}login/"},
        )
        assert done.status == 200 and "Log out" in done.text, done.text[:500]
        return opener


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
