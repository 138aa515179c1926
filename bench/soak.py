"""Load and soak test (not part of the test suite): gunicorn (2 workers, DEBUG off) on 127.0.0.1
with the demo data, hit by N concurrent clients for a while with mixed reads and writes.

Writes go through the API with a staff token: an organisation applies to a network
(POST /api/v1/networks/<slug>/applications, 201) and withdraws the application
(POST /api/v1/memberships/<id>/leave, 200), over and over. Reads are public pages, a feed, the
search and the API. At the end every write is counted back in the database (0 lost writes), and
each worker's memory (RSS, from /proc) is reported over time.

    python bench/soak.py                          # smoke run: 30 s at concurrency 32
    python bench/soak.py --duration 300           # the 5-minute soak
    DATABASE_URL=postgres://... python bench/soak.py --duration 300

A fresh data directory is used (SQLite in it unless DATABASE_URL is set), so the site's own data
is never touched. Exit status 0 only with no errors and no lost writes.
"""

import argparse
import http.client
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))
from run import free_port, server_env, status_of  # noqa: E402

READS = [
    "/",
    "/organisations/",
    "/organisations/?kind=cso",
    "/networks/",
    "/networks/demo-net-tripoli/",
    "/events/",
    "/news/",
    "/news/feed.atom",
    "/events/feed.ics",
    "/search/?q=migration",
    "/plans/",
    "/api/v1/organisations",
    "/api/v1/networks/demo-net-tripoli/members",
]
NETWORKS = ["demo-net-tripoli", "demo-net-benghazi", "demo-net-sabha", "demo-net-misrata"]
ORG_PREFIX = "Soak test organisation"

SETUP = """
from shabaka.accounts.models import User
from shabaka.accounts.tokens import token_create
from shabaka.directory.models import Country
from shabaka.directory.services import organisation_create
staff = User.objects.get(email="staff@demo.shabaka.invalid")
libya = Country.objects.get(code="LY")
ids = []
for n in range({orgs}):
    org = organisation_create(
        created_by=staff, name=f"{prefix} {{n}}", kind="cso", country=libya,
        allow_same_name=True,
    )
    ids.append(org.pk)
_token, secret = token_create(user=staff, name="soak")
print("SOAK" + __import__("json").dumps({{"token": secret, "orgs": ids}}))
"""

COUNT = """
from shabaka.networks.models import Membership
qs = Membership.objects.filter(organisation__name__startswith="{prefix}")
print("SOAK" + __import__("json").dumps({{
    "memberships": qs.count(),
    "left": qs.filter(status="left").count(),
    "applied": qs.filter(status="applied").count(),
}}))
"""


def shabaka(env, *args, code=None) -> str:
    command = [str(VENV_BIN / "shabaka"), *args]
    if code is not None:
        command += ["-c", code]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"shabaka {' '.join(args)} failed")
    return result.stdout


def marked(output: str) -> dict:
    line = next(x for x in output.splitlines() if x.startswith("SOAK"))
    return json.loads(line[4:])


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(p) for p in out.split()]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Client:
    """One keep-alive connection per simulated user."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None, auth=False):
        headers = {"Host": "127.0.0.1"}
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                # The server closed the idle connection: reconnect once (not an error).
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def run(args) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="shabaka-soak-"))
    env = server_env()
    env.update({"SHABAKA_DATA_DIR": str(data_dir), "BENCH_REFERENCE_VIEWS": "0"})
    setup_env = dict(env, DEBUG="1")  # the demo loads on a development site only
    print(f"data directory {data_dir}; preparing the demo data…", flush=True)
    shabaka(setup_env, "migrate", "--no-input")
    shabaka(setup_env, "demo")
    orgs_needed = args.concurrency * 4
    prepared = marked(
        shabaka(setup_env, "shell", code=SETUP.format(orgs=orgs_needed, prefix=ORG_PREFIX))
    )
    token, org_ids = prepared["token"], prepared["orgs"]

    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "shabaka.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    stop = threading.Event()
    lock = threading.Lock()
    statuses: Counter = Counter()
    errors: list[str] = []
    latencies: list[float] = []
    writes = Counter()  # applied (201), left (200)
    memory: dict[int, list[tuple[float, float]]] = {}
    try:
        for _ in range(150):
            if status_of(f"http://127.0.0.1:{port}/healthz") == 200:
                break
            time.sleep(0.2)
        else:
            print("the server did not start", file=sys.stderr)
            return 1
        workers = worker_pids(server.pid)
        started = time.monotonic()

        def sample_memory():
            while not stop.is_set():
                now = time.monotonic() - started
                for pid in worker_pids(server.pid):
                    value = rss_mb(pid)
                    if value is not None:
                        memory.setdefault(pid, []).append((round(now, 1), round(value, 1)))
                stop.wait(args.sample_every)

        def user(n: int):
            rng = random.Random(n)
            client = Client(port, token)
            my_orgs = org_ids[n :: args.concurrency]
            pending: dict[int, int] = {}  # organisation -> membership id (applied)
            while not stop.is_set():
                t0 = time.monotonic()
                try:
                    if rng.random() < args.write_share:
                        org = rng.choice(my_orgs)
                        if org in pending:
                            membership = pending.pop(org)
                            status, body = client.request(
                                "POST",
                                f"/api/v1/memberships/{membership}/leave",
                                {"reason": "soak"},
                                auth=True,
                            )
                            kind, ok = "left", status == 200
                        else:
                            network = NETWORKS[org % len(NETWORKS)]
                            status, body = client.request(
                                "POST",
                                f"/api/v1/networks/{network}/applications",
                                {"organisation_id": org, "reason": "soak"},
                                auth=True,
                            )
                            kind, ok = "applied", status == 201
                            if ok:
                                pending[org] = json.loads(body)["id"]
                        if ok:
                            with lock:
                                writes[kind] += 1
                    else:
                        path = rng.choice(READS)
                        status, body = client.request("GET", path)
                        ok = status == 200
                    with lock:
                        statuses[status] += 1
                        latencies.append((time.monotonic() - t0) * 1000)
                        if not ok:
                            errors.append(f"{status} {body[:200]!r}")
                except Exception as exc:  # noqa: BLE001 - counted as an error
                    with lock:
                        errors.append(repr(exc))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        threads = [threading.Thread(target=user, args=(n,)) for n in range(args.concurrency)]
        for t in threads:
            t.start()
        print(
            f"soaking: {args.duration} s, concurrency {args.concurrency}, workers {workers}",
            flush=True,
        )
        time.sleep(args.duration)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    counted = marked(shabaka(env, "shell", code=COUNT.format(prefix=ORG_PREFIX)))
    lost_applications = writes["applied"] - counted["memberships"]
    lost_withdrawals = writes["left"] - counted["left"]
    total = sum(statuses.values())
    report = {
        "engine": "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
        "duration_s": round(elapsed, 1),
        "concurrency": args.concurrency,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "statuses": dict(statuses),
        "errors": len(errors),
        "error_samples": errors[:5],
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1) if latencies else None,
            "p99": round(statistics.quantiles(latencies, n=100)[98], 1)
            if len(latencies) > 100
            else None,
        },
        "writes": dict(writes),
        "counted_back": counted,
        "lost_writes": {"applications": lost_applications, "withdrawals": lost_withdrawals},
        "worker_rss_mb": {
            str(pid): {
                "first": series[0][1],
                "min": min(v for _t, v in series),
                "max": max(v for _t, v in series),
                "last": series[-1][1],
                "samples": series,
            }
            for pid, series in memory.items()
        },
    }
    print(json.dumps({k: v for k, v in report.items() if k != "worker_rss_mb"}, indent=2))
    for pid, figures in report["worker_rss_mb"].items():
        trace = " ".join(f"{v:.0f}" for _t, v in figures["samples"])
        print(
            f"worker {pid} RSS MB: first {figures['first']}, min {figures['min']}, "
            f"max {figures['max']}, last {figures['last']}\n  {trace}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    name = out / f"soak-{time.strftime('%Y%m%dT%H%M%S')}-{report['engine']}.json"
    name.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written to {name.relative_to(ROOT)}")
    ok = not errors and lost_applications == 0 and lost_withdrawals == 0
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds (300 for the soak)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--write-share", type=float, default=0.25)
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between RSS")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
