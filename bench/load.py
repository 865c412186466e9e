"""Load test: gunicorn serving the synthetic country, loaded by wrk from 127.0.0.1 with a federal user's mix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/profcluster_bench LOAD_WORKERS=2,4 python bench/load.py

For each worker count: starts gunicorn (DEBUG off, as in production, without nginx), checks that every URL of
the mix answers 200 to the signed-in user, warms up, runs wrk for LOAD_SECONDS, stops gunicorn. Prints and
writes requests/s, p50/p95/p99 latency and errors to bench/results/load-<timestamp>.json and .md.

The load generator is wrk (Debian package `wrk`), not locust: it is C with an event loop and uses a few per
cent of one core, where a Python generator would take a large share of the same two cores from the server
it measures. It does not enter the Python dependencies.

Reads only, apart from the bench user and its session; the data must exist already (`make bench` fills it).
"""

import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/profcluster_bench"

WORKERS = [int(n) for n in os.environ.get("LOAD_WORKERS", "2,4").split(",")]
SECONDS = int(os.environ.get("LOAD_SECONDS", "30"))
WARMUP_SECONDS = int(os.environ.get("LOAD_WARMUP_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "8"))
THREADS = int(os.environ.get("LOAD_THREADS", "2"))
# The shared cache the workers use, as in production (the boards are kept there: core.datacache); emptied
# before each run, so give it a database of its own. Empty: no shared cache, the boards computed every time.
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/15")

# Server settings are shared with gunicorn: the session cookie is signed with this key.
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.update(
    DEBUG="false",
    ALLOWED_HOSTS="127.0.0.1",
    SECURE_SSL_REDIRECT="false",  # no TLS proxy in front here; nginx would terminate TLS
    SECURE_COOKIES="false",
    LOG_LEVEL="WARNING",
    DJANGO_SETTINGS_MODULE="profcluster.settings",
    REDIS_URL=REDIS_URL,
)
sys.path.insert(0, str(ROOT))


def mix() -> list[tuple[str, str]]:
    """(label, path) of one round of a federal operator's day: mostly registry pages, some dashboards."""
    from profcluster.clusters.models import Cluster

    clusters = list(Cluster.objects.order_by("pk").values_list("pk", flat=True)[:6])
    if not clusters:
        raise SystemExit(f"{os.environ['DATABASE_URL']} has no clusters: fill it with `make bench` first.")
    rounds = [
        ("KPI federal dashboard", "/kpi/federal/"),
        ("Federal finance roll-up", "/finance/"),
        ("Cluster list", "/clusters/"),
        ("Cluster list", "/clusters/?page=2"),
        ("Organisation list", "/organisations/"),
        ("Organisation list", "/organisations/?page=3"),
        ("API /api/clusters/", "/api/clusters/"),
        ("API /api/organisations/", "/api/organisations/"),
        ("API /api/payments/", "/api/payments/"),
        ("Cluster finance page", f"/finance/clusters/{clusters[0]}/"),
    ]
    rounds += [("Cluster page", f"/clusters/{pk}/") for pk in clusters]
    return rounds


def session_cookie() -> str:
    """Signs in the bench federal operator (as bench/run.py creates it) through the test client."""
    from django.conf import settings
    from django.test import Client

    from profcluster.accounts.models import RoleAssignment, User

    federal, _ = User.objects.get_or_create(username="bench-federal")
    RoleAssignment.objects.get_or_create(user=federal, role=RoleAssignment.Role.FEDERAL)
    client = Client()
    client.force_login(federal)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, cookie: str = "", timeout: float = 60) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Gunicorn:
    def __init__(self, workers: int, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        # The production command of docs/deploy.md, minus nginx: sync workers, 60 s timeout.
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "profcluster.wsgi:application",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=60",
                "--max-requests=1000",
                "--max-requests-jitter=100",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        for _ in range(120):
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                if fetch(f"{self.base}/accounts/login/", timeout=5) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log.name}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def wrk(base: str, seconds: int, paths_file: Path, cookie: str) -> dict:
    command = [
        "wrk",
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=30s",  # wrk's default of 2 s would count a slow dashboard as an error
        f"--script={ROOT / 'bench' / 'load.lua'}",
        base,
        "--",
        str(paths_file),
        cookie,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def run_one(workers: int, paths: list[tuple[str, str]], paths_file: Path, cookie: str, logs: Path) -> dict:
    from django.core.cache import cache

    cache.clear()  # each run starts with the boards still to compute
    server = Gunicorn(workers, logs / f"gunicorn-{workers}.log")
    try:
        server.wait()
        for label, path in paths:
            # Every URL must work for this user: a redirect to the login page would look like a fast page.
            status = fetch(server.base + path, cookie)
            if status != 200:
                raise SystemExit(f"{label} {path} answered {status}; see {server.log.name}")
        wrk(server.base, WARMUP_SECONDS, paths_file, cookie)  # every worker imports and connects
        # Service time of each page alone, one request at a time: what a request costs without queueing.
        alone = []
        for label, path in paths:
            started = time.perf_counter()
            fetch(server.base + path, cookie)
            alone.append({"label": label, "path": path, "ms": round((time.perf_counter() - started) * 1000)})
        load_before = os.getloadavg()[0]
        raw = wrk(server.base, SECONDS, paths_file, cookie)
        load_after = os.getloadavg()[0]
    finally:
        server.stop()
    errors = sum(raw[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors"))
    return {
        "workers": workers,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": errors,
        "timeouts": raw["timeouts"],
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "alone_ms": alone,
        "wrk": raw,
    }


def main() -> int:
    import django

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    django.setup()
    from django.db import connections

    paths = mix()
    cookie = session_cookie()
    counts = _counts()
    connections.close_all()  # the server's workers need the connections, not this process
    results = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {os.cpu_count()} CPU, Python {platform.python_version()}",
        "database": os.environ["DATABASE_URL"].rsplit("@", 1)[-1],
        "cache": REDIS_URL or "none (per-process memory; boards not kept)",
        "counts": counts,
        "mix": [{"label": label, "path": path} for label, path in paths],
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="profcluster-load-") as tmp:
        paths_file = Path(tmp) / "paths.txt"
        paths_file.write_text("\n".join(path for _label, path in paths) + "\n")
        for workers in WORKERS:
            run = run_one(workers, paths, paths_file, cookie, Path(tempfile.gettempdir()))
            results["runs"].append(run)
            print(
                f"{workers} workers, {CONNECTIONS} connections, {SECONDS} s: "
                f"{run['requests_per_s']} requests/s, "
                f"p50 {run['p50_ms']} ms, p95 {run['p95_ms']} ms, p99 {run['p99_ms']} ms, "
                f"{run['errors']} errors, {run['timeouts']} timeouts, load {run['load_average_1min']}"
            )
    write(results)
    return 0


def _counts() -> dict:
    from profcluster.clusters.models import Cluster
    from profcluster.education.models import Student
    from profcluster.finance.models import Commitment, Payment
    from profcluster.organisations.models import Organisation

    return {
        "clusters": Cluster.objects.count(),
        "organisations": Organisation.objects.count(),
        "students": Student.objects.count(),
        "ledger": Commitment.objects.count() + Payment.objects.count(),
    }


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"load-{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    data = ", ".join(f"{key} {value:,}".replace(",", " ") for key, value in results["counts"].items())
    labels = sorted({item["label"] for item in results["mix"]})
    lines = [
        f"# Load test {results['when']}",
        "",
        f"Data: {data}. {results['machine']}. gunicorn sync workers (DEBUG off, no nginx) and wrk on the "
        f"same host, {CONNECTIONS} connections from 127.0.0.1, signed in as a federal operator, after a "
        f"{WARMUP_SECONDS} s warm-up. The host is shared with other work: see the load average. "
        f"Shared cache: {results['cache']}, emptied before each run.",
        "",
        f"Mix, in turn ({len(results['mix'])} requests a round): "
        + "; ".join(f"{label} ×{sum(item['label'] == label for item in results['mix'])}" for label in labels)
        + ".",
        "",
        "| gunicorn workers | seconds | requests | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors "
        "| timeouts | load average (1 min) before → after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in results["runs"]:
        before, after = run["load_average_1min"]
        lines.append(
            f"| {run['workers']} | {run['seconds']} | {run['requests']} | {run['requests_per_s']} | "
            f"{run['p50_ms']} | {run['p95_ms']} | {run['p99_ms']} | {run['max_ms']} | {run['errors']} | "
            f"{run['timeouts']} | {before} → {after} |"
        )
    lines += [
        "",
        "Each page alone (one request at a time, after the warm-up, before the load), ms:",
        "",
        "| Page | " + " | ".join(f"{run['workers']} workers" for run in results["runs"]) + " |",
        "|---|" + "---:|" * len(results["runs"]),
    ]
    for index, item in enumerate(results["mix"]):
        times = " | ".join(str(run["alone_ms"][index]["ms"]) for run in results["runs"])
        lines.append(f"| {item['label']} `{item['path']}` | {times} |")
    lines.append("")
    (RESULTS / f"load-{stamp}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
