"""`make bench`: serves the site with gunicorn (2 workers, DEBUG off) on 127.0.0.1 and measures
each key page with wrk at a fixed concurrency, beside two reference views served by the same
server: signed out, then signed in as the benchmark's users (a network coordinator, project
staff, a member organisation's editor; see shabaka.benchmarks.users), with the page cache for
signed-out visitors off (PAGE_CACHE=0) and on (PAGE_CACHE=1), one server each. Prints a table
(throughput as a ratio of the reference list) and writes JSON to bench/results/. Load goes to
127.0.0.1 only and every run is bounded in time.

    python bench/run.py [--duration 10] [--connections 16] [--label scale-1] [--cache both]
    python bench/run.py --compare results/a.json results/b.json   # growth between two scales
"""

import argparse
import http.client
import http.cookiejar
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
sys.path.insert(0, str(ROOT / "src"))
from shabaka.benchmarks import users as bench_users  # noqa: E402  (no Django import)

RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
# The targets: throughput as a ratio of the reference list (signed-out pages with the page cache
# off and signed-in pages at least half of it, signed-out pages with the cache on twice it), p99
# latency at the benchmark's concurrency, and p50 latency growth from SCALE=0.1 to SCALE=1.
TARGET_RATIO = 0.5
TARGET_RATIO_CACHED = 2.0
TARGET_P99_MS = 200
TARGET_GROWTH = 1.5
REFERENCE_LIST = "/_bench/list"
SIGNED_OUT = "signed out"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(page_cache: bool = False) -> dict:
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
            "PAGE_CACHE": "1" if page_cache else "0",
        }
    )
    # With DEBUG off the settings refuse to start without it (links in emails).
    env.setdefault("SITE_URL", "http://127.0.0.1")
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


def wrk(url: str, duration: int, connections: int, cookie: str = "") -> dict:
    header = ["-H", f"Cookie: {cookie}"] if cookie else []
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
        + header
        + [url],
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


def status_of(url: str, cookie: str = "") -> int:
    """The status of a GET, redirects not followed (a page that sends a signed-in user to the
    sign-in form must not pass for a 200)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()


class SignInFailed(RuntimeError):
    pass


def sign_in(base: str, email: str) -> str:
    """Signs in through the real sign-in form (and the second-factor form, for staff) and
    returns the session cookie ("sessionid=...")."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def form(path, fields=None):
        with opener.open(base + path, timeout=60) as response:
            html = response.read().decode("utf-8", "replace")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not token:
            raise SignInFailed(f"{path}: no form with a CSRF token")
        if fields is None:
            return None
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields})
        with opener.open(base + path, data=data.encode(), timeout=60) as response:
            return urllib.parse.urlsplit(response.geturl()).path

    landed = form("/accounts/sign-in/", {"username": email, "password": bench_users.PASSWORD})
    if landed.startswith("/accounts/two-factor/setup/"):
        raise SignInFailed(f"{email}: no confirmed authenticator (regenerate the data)")
    if landed.startswith("/accounts/two-factor/"):
        # A code is accepted once: if this step's code was used (a run within the same 30 s),
        # the form comes back; the next step's code is then tried.
        for attempt in range(2):
            if attempt:
                time.sleep(30 - time.time() % 30 + 1)
            landed = form("/accounts/two-factor/", {"code": bench_users.totp_code()})
            if not landed.startswith("/accounts/two-factor/"):
                break
        else:
            raise SignInFailed(f"{email}: the authenticator code was refused")
    if landed.startswith("/accounts/sign-in/"):
        raise SignInFailed(f"{email}: the password was refused (or the account is locked)")
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        raise SignInFailed(f"{email}: no session cookie after signing in")
    return f"sessionid={session}"


def signed_in_pages() -> list[dict]:
    """The benchmark users' pages, listed by `shabaka bench_pages` from the same database."""
    result = subprocess.run(
        [str(VENV_BIN / "shabaka"), "bench_pages"],
        env=server_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise SignInFailed(result.stderr.strip().splitlines()[-1] if result.stderr else "")
    return json.loads(result.stdout)


def start_server(port: int, page_cache: bool, verbose: bool) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "shabaka.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-" if verbose else "/dev/null",
            "--log-level",
            "warning",
        ],
        env=server_env(page_cache),
        cwd=ROOT,
    )


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def measure(base: str, pages: list[dict], args, cache: str) -> tuple[list[dict], list[float]]:
    """Each page with wrk. The speed of a shared machine drifts during a run (the reference list
    has served 105 to 180 req/s within one), so the reference list is measured again after each
    page, for half as long, and each page is divided by the mean of the reference measured just
    before and just after it."""
    checkpoint_seconds = max(2, args.duration // 2)
    rows, checkpoints, reference_before = [], [], None
    for page in pages:
        label, path, cookie = page["page"], page["path"], page.get("cookie", "")
        row = {"page": label, "viewer": page["viewer"], "cache": cache, "path": path}
        status = status_of(base + path, cookie)
        row["status"] = status
        if status != 200:
            rows.append(row)
            continue
        wrk(base + path, 2, args.connections, cookie)  # warm-up
        figures = wrk(base + path, args.duration, args.connections, cookie)
        row.update(figures)
        rows.append(row)
        if path == REFERENCE_LIST:
            reference_before = row["reference_rps"] = figures["rps"]
            checkpoints.append(figures["rps"])
        elif reference_before:
            after = wrk(base + REFERENCE_LIST, checkpoint_seconds, args.connections)["rps"]
            checkpoints.append(after)
            # A reference that served nothing (the server still busy with a slow page's queue)
            # is left out rather than dividing by it.
            around = [r for r in (reference_before, after) if r]
            row["reference_rps"] = round(sum(around) / len(around), 1)
            reference_before = after or reference_before
        print(
            f"  {cache:>3} {page['viewer']:12} {label:30} {row['rps']:8.1f} req/s",
            file=sys.stderr,
        )
    for row in rows:
        if row.get("reference_rps") and row.get("rps"):
            row["ratio_to_reference_list"] = round(row["rps"] / row["reference_rps"], 2)
    return rows, checkpoints


def run(args) -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    try:
        signed_in = signed_in_pages()
    except SignInFailed as exc:
        print(f"no signed-in pages: {exc}", file=sys.stderr)
        return 1
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.cache]
    rows, checkpoints, cookies = [], {}, {}
    for page_cache in modes:
        cache = "on" if page_cache else "off"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, page_cache, args.verbose)
        try:
            for _ in range(100):
                if status_of(base + "/healthz") == 200:
                    break
                time.sleep(0.2)
            else:
                print("the server did not start", file=sys.stderr)
                return 1
            # Once per user: sessions live in the database, so they outlast the server.
            for page in signed_in:
                if page["email"] not in cookies:
                    cookies[page["email"]] = sign_in(base, page["email"])
                page["cookie"] = cookies[page["email"]]
                page["viewer"] = page["role"]
                status = status_of(base + page["path"], page["cookie"])
                if status != 200:
                    raise SignInFailed(
                        f"{page['path']} answers {status} to {page['email']} (cache {cache})"
                    )
            pages = [
                {"page": label, "path": path, "viewer": SIGNED_OUT}
                for label, path in discover_pages(base)
            ]
            mode_rows, mode_checkpoints = measure(base, pages + signed_in, args, cache)
            rows += mode_rows
            checkpoints[cache] = mode_checkpoints
        except SignInFailed as exc:
            print(f"signed-in pages: {exc}", file=sys.stderr)
            return 1
        finally:
            stop_server(server)
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
    return 0 if all(row.get("status") == 200 for row in rows) else 1


def target_ratio(row) -> float:
    if row.get("viewer", SIGNED_OUT) == SIGNED_OUT and row.get("cache") == "on":
        return TARGET_RATIO_CACHED
    return TARGET_RATIO


def print_table(report) -> None:
    heading = f"{report['engine']} · {report['label']} · concurrency {report['connections']}"
    print(f"\n{heading} · {report['duration_s']} s per page")
    checkpoints = report.get("reference_checkpoints") or {}
    if isinstance(checkpoints, list):  # results written before the cache was measured
        checkpoints = {"off": checkpoints}
    for cache, values in checkpoints.items():
        if values:
            print(
                f"reference list, cache {cache}: {min(values):.1f} to {max(values):.1f} req/s "
                "(each page is divided by the reference measured just before and after it)"
            )
    print(
        f"targets: x ref >= {TARGET_RATIO} (signed out with the cache on: >= "
        f"{TARGET_RATIO_CACHED}), p99 < {TARGET_P99_MS} ms"
    )
    print(
        f"{'cache':5} {'viewer':11} {'page':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'x ref':>6} {'errors':>7}"
    )
    for row in report["rows"]:
        lead = f"{row.get('cache', 'off'):5} {row.get('viewer', SIGNED_OUT):11} {row['page']:30}"
        if "rps" not in row:
            print(f"{lead} {'HTTP ' + str(row['status']):>9}  FAILED")
            continue
        ratio = row.get("ratio_to_reference_list", "")
        verdict = ""
        if not row["path"].startswith("/_bench/"):
            misses = []
            if not ratio or ratio < target_ratio(row):
                misses.append(f"throughput < {target_ratio(row)}x")
            if (row["p99_ms"] or 0) >= TARGET_P99_MS:
                misses.append("p99")
            if row["non_2xx"]:
                misses.append("errors")
            verdict = "met" if not misses else "MISSED: " + ", ".join(misses)
        print(
            f"{lead} {row['rps']:9.1f} {row['p50_ms'] or 0:8.1f} {row['p99_ms'] or 0:8.1f} "
            f"{ratio!s:>6} {row['non_2xx']:>7}  {verdict}"
        )


def compare(a_path: str, b_path: str) -> int:
    """Latency growth per page between two runs (matched by page name, viewer and cache, since
    the network, project and event picked may differ). On a shared machine the speed changes
    between runs and within one, so the verdict is on the growth relative to the reference list
    measured around the page in each run (at a fixed concurrency, latency goes as 1 /
    throughput); the raw growth is printed beside it."""
    a, b = (json.loads(Path(p).read_text()) for p in (a_path, b_path))

    def key(row):  # results written before signed-in pages and the cache: signed out, uncached
        return row["page"], row.get("viewer", SIGNED_OUT), row.get("cache", "off")

    b_rows = {key(r): r for r in b["rows"]}
    ref_a = next((r for r in a["rows"] if r["path"] == REFERENCE_LIST), {})
    ref_b = next((r for r in b["rows"] if r["path"] == REFERENCE_LIST), {})
    print(f"latency growth {a['label']} -> {b['label']} ({a['engine']})")
    print(
        f"{'cache':5} {'viewer':11} {'page':30} {'p50 a':>8} {'p50 b':>8} {'b/a':>6} "
        f"{'÷ ref':>6}  target <= {TARGET_GROWTH}"
    )
    for row in a["rows"]:
        other = b_rows.get(key(row))
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
        page, viewer, cache = key(row)
        print(
            f"{cache:5} {viewer:11} {page:30} {row['p50_ms']:8.1f} {other['p50_ms']:8.1f} "
            f"{growth:6.2f} {relative:6.2f}  {verdict}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--label", default="current")
    parser.add_argument(
        "--cache",
        choices=["off", "on", "both"],
        default="both",
        help="the page cache for signed-out visitors (PAGE_CACHE): one server per setting",
    )
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--compare", nargs=2)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
