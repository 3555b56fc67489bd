"""What bench_http.py and loadtest.py share: start the production server, drive wrk, and
read CPU time and memory of processes from /proc. Linux only (wrk and /proc)."""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def production_env(**extra):
    """Production settings, as bin/entrypoint gets them in a container, minus TLS."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        # One random key per benchmark process, shared by the server it starts.
        "SECRET_KEY": os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "0",  # no TLS locally; behind a proxy this is 1
        "PAGE_CACHE": "1",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """bin/entrypoint in the background: migrate, collectstatic when needed, gunicorn."""

    def __init__(self, env, log_name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.log_path = RESULTS / log_name
        self.env = {**env, "PORT": str(self.port)}
        self.process = None

    def __enter__(self):
        log = open(self.log_path, "w")  # noqa: SIM115  (closed with the process)
        self.process = subprocess.Popen(  # noqa: S603
            [str(ROOT / "bin" / "entrypoint")],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log_path}")
            try:
                if fetch(self.base + "/healthz")[0] == 200 and len(self.worker_pids()) > 0:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer /healthz; see {self.log_path}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @property
    def master_pid(self):
        return self.process.pid

    def worker_pids(self):
        return children_of(self.master_pid)

    def cpu_seconds(self):
        """CPU of the master, its live workers and its reaped workers (cutime/cstime)."""
        total = process_cpu(self.master_pid, include_children=True)
        return total + sum(process_cpu(pid) for pid in self.worker_pids())


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _stat_fields(pid):
    with open(f"/proc/{pid}/stat") as handle:
        text = handle.read()
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(_stat_fields(entry)[1]) == pid:
                    found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    return found


def process_cpu(pid, include_children=False):
    try:
        fields = _stat_fields(pid)
    except FileNotFoundError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if include_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE


def postgres_cpu(backend_pids):
    """CPU seconds of each given PostgreSQL backend (the server side of our connections),
    so that work on other databases of the same server does not count."""
    return {pid: process_cpu(pid) for pid in backend_pids}


def cpu_delta(before, after):
    """CPU used between two postgres_cpu() readings. A backend that appeared in between
    counts in full; one that ended (a connection closed) is lost, a small undercount."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_busy_seconds():
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


def wait_for_idle(threshold=0.1, longest=90):
    """Wait until the machine uses under `threshold` cores for a second; return that load."""
    deadline = time.monotonic() + longest
    while True:
        before = machine_busy_seconds()
        time.sleep(1)
        load = machine_busy_seconds() - before
        if load < threshold or time.monotonic() > deadline:
            return load


WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * WRK_UNITS[unit]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": rps,
        "p50": _ms(percentiles["50"]),
        "p99": _ms(percentiles["99"]),
        "requests": requests,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def lua_cycling(paths, headers=None):
    """A wrk script sending the paths in turn (wrk's own -H headers apply too)."""
    quoted = ",\n".join(f'  "{p}"' for p in paths)
    extra = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in (headers or {}).items())
    script = (
        f"local paths = {{\n{quoted}\n}}\n{extra}local n = 0\n"
        "request = function()\n  n = n + 1\n"
        "  return wrk.format(nil, paths[(n % #paths) + 1])\nend\n"
    )
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    handle.write(script)
    handle.close()
    return handle.name


def run_wrk(url, duration, connections, script=None, headers=None, threads=1):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    result = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=False
    )
    try:
        return parse_wrk(result.stdout), result.stdout
    except (AttributeError, KeyError) as error:
        raise RuntimeError(f"wrk failed:\n{result.stdout}\n{result.stderr}") from error
