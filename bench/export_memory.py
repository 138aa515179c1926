"""Peak memory of a list export, measured with tracemalloc (a benchmark, not a timed test).

Builds a throw-away SQLite database, writes N audit entries (the longest list of the site),
then exports the audit log to CSV (streamed) and to XLSX (openpyxl write-only, through a
temporary file) through the real view, reading the whole response, and prints the peak of
Python memory allocated while doing so. Run at two sizes to see that the peak does not grow
with the number of rows:

    .venv/bin/python bench/export_memory.py            # 10,000 then 100,000 rows
    .venv/bin/python bench/export_memory.py --rows 100000
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup(data_dir: str) -> None:
    os.environ["SHABAKA_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shabaka.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(rows: int) -> None:
    from django.contrib.contenttypes.models import ContentType

    from shabaka.accounts.models import AuditEntry

    have = AuditEntry.objects.count()
    kind = ContentType.objects.get(app_label="directory", model="organisation")
    batch = []
    for n in range(have, rows):
        batch.append(
            AuditEntry(
                actor_label="bench@example.org",
                action="update",
                content_type=kind,
                object_id=str(n),
                object_repr=f"=Organisation {n} جمعية",
                changes={"name": [f"old {n}", f"new {n}"]},
            )
        )
        if len(batch) == 5000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


def measure(fmt: str, staff) -> tuple[int, float, int]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    response = client.get(f"/exports/audit.{fmt}")  # the real view, filters and all
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    return peak, elapsed, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="sizes (default 10k, 100k)")
    args = parser.parse_args()
    sizes = sorted(args.rows or [10_000, 100_000])
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from shabaka.accounts.models import RoleAssignment, User

        staff = User.objects.create_user(email="bench-staff@example.org", password=None)
        RoleAssignment.objects.create(user=staff, role="staff")
        measure("csv", staff)  # warm up: imports, URL resolver, translations
        print(f"{'rows':>8} {'format':>6} {'peak MiB':>9} {'seconds':>8} {'bytes':>12}")
        for rows in sizes:
            fill(rows)
            for fmt in ("csv", "xlsx"):
                peak, elapsed, size = measure(fmt, staff)
                print(f"{rows:>8} {fmt:>6} {peak / 2**20:>9.1f} {elapsed:>8.1f} {size:>12}")


if __name__ == "__main__":
    main()
