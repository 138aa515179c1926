"""`make bench`: serves the site with gunicorn (2 workers, DEBUG off) on 127.0.0.1 and measures
each key page with wrk at a fixed concurrency, beside two reference views served by the same
server. Prints a table (throughput as a ratio of the reference list) and writes JSON to
bench/results/. Load goes to 127.0.0.1 only and every run is bounded in time.

    python bench/run.py [--duration 10] [--connections 16] [--label scale-1]
    python bench/run.py --compare results/a.json results/b.json   # growth between two scales
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
# The targets of issue 10: throughput as a ratio of the reference list, p99 latency at the
# benchmark's concurrency, and p50 latency growth from SCALE=0.1 to SCALE=1.
TARGET_RATIO = 0.5
TARGET_P99_MS = 200
TARGET_GROWTH = 1.5
REFERENCE_LIST = "/_bench/list"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "shabaka.settings",
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY", "benchmark-only-key-" + "b" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "BENCH_REFERENCE_VIEWS": "1",
            "STATIC_MANIFEST": "0",
        }
    )
    return env


def discover_pages(base: str) -> list[tuple[str, str]]:
    """The key pages, with concrete objects picked from the data (via the JSON API)."""
    pages = [
        ("reference: 50-row list", REFERENCE_LIST),
        ("reference: plain response", "/_bench/plain"),
        ("home", "/"),
        ("organisation list (filtered)", "/organisations/?kind=cso"),
        ("network list", "/networks/"),
        ("events list (a year)", "/events/?date_from=2021-01-01&date_to=2021-12-31"),
        ("news list", "/news/"),
        ("news Atom feed", "/news/feed.atom"),
        # "الهجرة" (migration) and "migration": both common words of the generated text.
        ("search (Arabic)", "/search/?q=%D8%A7%D9%84%D9%87%D8%AC%D8%B1%D8%A9"),
        ("search (English)", "/search/?q=migration"),
        ("API: organisations", "/api/v1/organisations?kind=cso"),
        ("API: projects", "/api/v1/projects"),
    ]

    def fetch(path):
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                return response.read().decode("utf-8", "replace")
        except Exception:
            return ""

    def first(path, key):
        try:
            items = json.loads(fetch(path) or "{}").get("items") or []
        except ValueError:
            return None
        return items[0][key] if items else None

    network = first("/api/v1/networks?kind=network", "slug")
    if network:
        pages.append(("network page", f"/networks/{urllib.parse.quote(network)}/"))
    project = first("/api/v1/projects", "slug")
    if project:
        pages.append(("project page", f"/projects/{project}/"))
    # An event from the list page (there is no events endpoint in the API).
    slugs = re.findall(r'href="/events/([\w-]+)/"', fetch("/events/?date_from=2021-01-01"))
    slugs = [s for s in slugs if s not in ("calendar", "new")]
    if slugs:
        pages.append(("event page", f"/events/{slugs[0]}/"))
    return pages


def wrk(url: str, duration: int, connections: int) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    out = result.stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except Exception:
        return 0


def run(args) -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "shabaka.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-" if args.verbose else "/dev/null",
            "--log-level",
            "warning",
        ],
        env=server_env(),
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            if status_of(base + "/healthz") == 200:
                break
            time.sleep(0.2)
        else:
            print("the server did not start", file=sys.stderr)
            return 1
        engine = (
            "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        )
        # The speed of a shared machine drifts during a run (the reference list has served 105
        # to 180 req/s within one), so the reference list is measured again after each page,
        # for half as long, and each page is divided by the mean of the reference measured
        # just before and just after it.
        checkpoint_seconds = max(2, args.duration // 2)
        rows, checkpoints, reference_before = [], [], None
        for label, path in discover_pages(base):
            status = status_of(base + path)
            if status != 200:
                rows.append({"page": label, "path": path, "status": status})
                continue
            wrk(base + path, 2, args.connections)  # warm-up
            figures = wrk(base + path, args.duration, args.connections)
            row = {"page": label, "path": path, "status": status, **figures}
            rows.append(row)
            if path == REFERENCE_LIST:
                reference_before = row["reference_rps"] = figures["rps"]
                checkpoints.append(figures["rps"])
            elif reference_before:
                after = wrk(base + REFERENCE_LIST, checkpoint_seconds, args.connections)["rps"]
                row["reference_rps"] = round((reference_before + after) / 2, 1)
                checkpoints.append(after)
                reference_before = after
        for row in rows:
            if row.get("reference_rps") and row.get("rps"):
                row["ratio_to_reference_list"] = round(row["rps"] / row["reference_rps"], 2)
        report = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "label": args.label,
            "engine": engine,
            "connections": args.connections,
            "duration_s": args.duration,
            "reference_checkpoints": checkpoints,
            "rows": rows,
        }
        print_table(report)
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{report['when'].replace(':', '')}-{engine}-{args.label}.json"
        out.write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(f"\nwritten to {out.relative_to(ROOT)}")
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def print_table(report) -> None:
    heading = f"{report['engine']} · {report['label']} · concurrency {report['connections']}"
    print(f"\n{heading} · {report['duration_s']} s per page")
    checkpoints = report.get("reference_checkpoints") or []
    if checkpoints:
        print(
            f"reference list: {min(checkpoints):.1f} to {max(checkpoints):.1f} req/s during the "
            "run (each page is divided by the reference measured just before and after it)"
        )
    print(
        f"{'page':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'× ref list':>10} {'errors':>7}"
        f"  targets (>= {TARGET_RATIO}x, p99 < {TARGET_P99_MS} ms)"
    )
    for row in report["rows"]:
        if "rps" not in row:
            print(f"{row['page']:34} {'HTTP ' + str(row['status']):>9}")
            continue
        ratio = row.get("ratio_to_reference_list", "")
        verdict = ""
        if not row["path"].startswith("/_bench/"):
            misses = []
            if not ratio or ratio < TARGET_RATIO:
                misses.append("throughput")
            if (row["p99_ms"] or 0) >= TARGET_P99_MS:
                misses.append("p99")
            verdict = "met" if not misses else "MISSED: " + ", ".join(misses)
        print(
            f"{row['page']:34} {row['rps']:9.1f} {row['p50_ms'] or 0:8.1f} "
            f"{row['p99_ms'] or 0:8.1f} "
            f"{ratio!s:>10} {row['non_2xx']:>7}  {verdict}"
        )


def compare(a_path: str, b_path: str) -> int:
    """Latency growth per page between two runs (matched by page name, since the network,
    project and event picked may differ). On a shared machine the speed changes between runs
    and within one, so the verdict is on the growth relative to the reference list measured
    around the page in each run (at a fixed concurrency, latency goes as 1 / throughput); the
    raw growth is printed beside it."""
    a, b = (json.loads(Path(p).read_text()) for p in (a_path, b_path))
    b_rows = {r["page"]: r for r in b["rows"]}
    ref_a = next((r for r in a["rows"] if r["path"] == REFERENCE_LIST), {})
    ref_b = b_rows.get("reference: 50-row list", {})
    print(f"latency growth {a['label']} -> {b['label']} ({a['engine']})")
    print(
        f"{'page':34} {'p50 a':>8} {'p50 b':>8} {'b/a':>6} {'÷ ref':>6}  target <= {TARGET_GROWTH}"
    )
    for row in a["rows"]:
        other = b_rows.get(row["page"])
        if not other or not row.get("p50_ms") or not other.get("p50_ms"):
            continue
        growth = other["p50_ms"] / row["p50_ms"]
        if row.get("reference_rps") and other.get("reference_rps"):
            relative = growth * other["reference_rps"] / row["reference_rps"]
        elif ref_a.get("p50_ms") and ref_b.get("p50_ms"):  # results written before 2026-12-03
            relative = growth / (ref_b["p50_ms"] / ref_a["p50_ms"])
        else:
            relative = growth
        verdict = "" if row["path"].startswith("/_bench/") else "met"
        if verdict and relative > TARGET_GROWTH:
            verdict = "MISSED"
        print(
            f"{row['page']:34} {row['p50_ms']:8.1f} {other['p50_ms']:8.1f} {growth:6.2f} "
            f"{relative:6.2f}  {verdict}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--label", default="current")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--compare", nargs=2)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
