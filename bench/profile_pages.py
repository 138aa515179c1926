"""Per-page query count, SQL time and total time, in process (no server): the quick way to see
why a page is slow. Run with the benchmark's data dir, e.g.

    SHABAKA_DATA_DIR=var/bench-0.1 .venv/bin/python bench/profile_pages.py [/path ...] [--sql]
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shabaka.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("BENCH_REFERENCE_VIEWS", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DEFAULT = [
    "/_bench/list",
    "/",
    "/organisations/?kind=cso",
    "/networks/",
    "/events/?date_from=2021-01-01&date_to=2021-12-31",
    "/news/",
    "/news/feed.atom",
    "/search/?q=%D8%A7%D9%84%D9%87%D8%AC%D8%B1%D8%A9",
    "/search/?q=migration",
    "/api/v1/organisations?kind=cso",
    "/api/v1/projects",
    "/networks/bench-net-0/",
    "/projects/bench-project-1/",
    "/events/bench-event-1/",
]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_sql = "--sql" in sys.argv
    client = Client(HTTP_HOST="127.0.0.1")
    for path in args or DEFAULT:
        client.get(path)  # warm
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        took = (time.perf_counter() - started) * 1000
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{response.status_code} {took:7.1f} ms  sql {sql_ms:7.1f} ms  "
            f"{len(queries):3} queries  {path}"
        )
        if show_sql:
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
                print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")


if __name__ == "__main__":
    main()
