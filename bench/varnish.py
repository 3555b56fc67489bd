"""Varnish (deploy/varnish/default.vcl) in front of a benchmark's server, when asked."""

import contextlib
import shutil
import signal
import subprocess
import time

import serving

from tests.production.varnish_server import vcl_for_backend


@contextlib.contextmanager
def front(server, port, folder):
    """Yield the base URL readers should use: Varnish on `port`, or the server itself
    when `port` is None."""
    if port is None:
        yield server.base
        return
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    vcl = folder / "bench.vcl"
    vcl.write_text(vcl_for_backend(server.port))
    log = open(serving.RESULTS / "varnish.log", "w")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(  # noqa: S603
        [
            varnishd,
            "-F",
            "-f",
            str(vcl),
            "-a",
            f"127.0.0.1:{port}",
            "-n",
            str(folder / "n"),
            "-s",
            "malloc,256m",
            "-T",
            "none",
            "-j",
            "none",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if serving.fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"Varnish did not start; see {log.name}")
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
