"""Per-page query count, SQL time and total time, in process (no server): the quick way to see
why a page is slow. Signed out, then signed in as each of the benchmark's users (the test
client's force_login; staff's session is marked verified by its authenticator, as after the
second-factor form). Run with the benchmark's data dir, e.g.

    SHABAKA_DATA_DIR=var/bench-0.1 .venv/bin/python bench/profile_pages.py [/path ...] [--sql]
    SHABAKA_DATA_DIR=var/bench-0.1 .venv/bin/python bench/profile_pages.py --as=staff /path

PAGE_CACHE is off unless set: the pages themselves are measured.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shabaka.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("BENCH_REFERENCE_VIEWS", "1")
os.environ.setdefault("PAGE_CACHE", "0")

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
    "/networks/bench-net-1/",
    "/projects/bench-project-1/",
    "/events/bench-event-1/",
]


def client_for(role: str | None) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if role is None:
        return client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shabaka.accounts.models import User
    from shabaka.benchmarks import users

    user = User.objects.get(email=users.email(role))
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def profile(client, path: str, show_sql: bool, who: str) -> None:
    client.get(path)  # warm
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    took = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(
        f"{response.status_code} {took:7.1f} ms  sql {sql_ms:7.1f} ms  "
        f"{len(queries):3} queries  {who:11}  {path}"
    )
    if show_sql:
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
            print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")


def main() -> None:
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_sql = "--sql" in sys.argv
    role = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--as=")), None)
    if paths:
        client = client_for(role)
        for path in paths:
            profile(client, path, show_sql, role or "signed out")
        return
    client = client_for(None)
    for path in DEFAULT:
        profile(client, path, show_sql, "signed out")
    from shabaka.benchmarks.pages import signed_in_pages

    clients = {}
    for page in signed_in_pages():
        if page["role"] not in clients:
            clients[page["role"]] = client_for(page["role"])
        profile(clients[page["role"]], page["path"], show_sql, page["role"])


if __name__ == "__main__":
    main()
