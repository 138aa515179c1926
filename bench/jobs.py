"""`make bench-jobs`: long work through the background queue, as production runs it.

In a database of its own (var/bench-jobs, SQLite unless DATABASE_URL is set), it queues
- an IATI import of 1,000 activities (each with a result, an indicator and three periods),
- CSV and XLSX exports of 100,000 organisations,
then runs `shabaka worker --batch` in a child process for each and reports the wall time, the
time the web request took to hand the work over, and the worker's peak memory (max RSS). Writes
JSON to bench/results/.

    python bench/jobs.py [--activities 1000] [--rows 100000]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTIVITY = """
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-BENCH-{n:06d}</iati-identifier>
  <reporting-org ref="XM-DAC-47137" type="40"><narrative>ICMPD</narrative></reporting-org>
  <title><narrative>Benchmark activity {n}</narrative></title>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <recipient-country code="LY"/>
  <result type="1" aggregation-status="1">
   <title><narrative>Networks strengthened</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative>Networks with an adopted action plan</narrative></title>
    <baseline year="2019" value="0"/>
    <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
     <target value="2"/><actual value="1"/></period>
    <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
     <target value="4"/><actual value="3"/></period>
    <period><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
     <target value="4"/></period>
   </indicator>
  </result>
 </iati-activity>"""


def iati_file(count: int) -> bytes:
    body = "".join(ACTIVITY.format(n=n) for n in range(count))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" '
        f'generated-datetime="2026-12-01T00:00:00Z">{body}\n</iati-activities>\n'
    ).encode()


def run_worker(env) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one `shabaka worker --batch` in a child process."""
    start = time.monotonic()
    worker = subprocess.Popen(
        [sys.executable, "-m", "shabaka", "worker", "--batch", "--no-schedule", "-v", "0"],
        env=env,
        cwd=ROOT,
    )
    _pid, status, usage = os.wait4(worker.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the worker failed ({status})")
    return seconds, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    data_dir = ROOT / "var" / "bench-jobs"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SHABAKA_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "shabaka.settings",
        "TASKS_BACKEND": os.environ.get("TASKS_BACKEND", "database"),
    }
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "-m", "shabaka", "migrate", "--no-input", "-v", "0"], env=env, check=True
    )
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from shabaka.accounts.models import Role, RoleAssignment, User
    from shabaka.directory.models import Country, Organisation
    from shabaka.jobs.models import Job
    from shabaka.projects.models import Project

    staff, created = User.objects.get_or_create(
        email="bench-jobs@example.org", defaults={"full_name": "Bench Jobs"}
    )
    if created:
        RoleAssignment.objects.create(user=staff, role=Role.STAFF)
    Project.objects.filter(iati_identifier__startswith="XM-BENCH-").delete()
    libya, _ = Country.objects.get_or_create(code="LY", defaults={"name": "Libya"})
    have = Organisation.objects.filter(name__startswith="Bench export ").count()
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench export {n:06d}",
                normalised_name=f"bench export {n:06d}",
                kind="cso",
                country=libya,
                visibility="public",
            )
            for n in range(have, args.rows)
        ],
        batch_size=2000,
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    # Warm up: the first request of a process imports the views; a server has done it already.
    assert client.get("/projects/iati/import/").status_code == 200
    assert client.get("/jobs/").status_code == 200
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "backend": env["TASKS_BACKEND"],
        "rows": [],
    }

    data = iati_file(args.activities)
    start = time.monotonic()
    response = client.post("/projects/iati/import/", {"file": SimpleUploadedFile("b.xml", data)})
    handed_over = time.monotonic() - start
    assert response.status_code == 302, response.status_code
    seconds, peak = run_worker(env)
    job = Job.objects.order_by("-created_at").first()
    results["rows"].append(
        {
            "work": f"IATI import, {args.activities} activities ({len(data) // 1024} KB)",
            "status": job.status,
            "done": job.done,
            "request_s": round(handed_over, 3),
            "worker_s": round(seconds, 1),
            "worker_peak_rss_mb": peak,
        }
    )
    total = Organisation.objects.count()
    for fmt in ("csv", "xlsx"):
        start = time.monotonic()
        response = client.post(f"/exports/organisations.{fmt}")
        handed_over = time.monotonic() - start
        assert response.status_code == 302, response.status_code
        seconds, peak = run_worker(env)
        job = Job.objects.order_by("-created_at").first()
        results["rows"].append(
            {
                "work": f"organisation export {fmt.upper()}, {total} rows",
                "status": job.status,
                "done": job.done,
                "file_kb": job.result_file.size // 1024 if job.result_file else 0,
                "request_s": round(handed_over, 3),
                "worker_s": round(seconds, 1),
                "worker_peak_rss_mb": peak,
            }
        )
    for row in results["rows"]:
        print(
            f"{row['work']:<48} {row['status']:<9} request {row['request_s']:>6} s   "
            f"worker {row['worker_s']:>6} s   peak {row['worker_peak_rss_mb']:>5} MB"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S%z")
    path = out / f"{stamp}-jobs-{connection.vendor}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
