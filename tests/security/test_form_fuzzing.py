"""Every HTML form of the site, found from the URL resolver (each page's <form method=post>),
fed random and hostile input as a signed-in administrator: very long strings, invalid UTF-8 and
lone surrogates, NUL bytes, HTML and script, SQL fragments, odd numbers and dates. The answer is
a 4xx or the form again with a message (or a redirect when the input happened to be valid),
never a 5xx. Bounded examples, no deadline (hypothesis)."""

import contextlib
from urllib.parse import quote_from_bytes

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from tests.security.routes import site_routes, targets

SKIPPED = {"accounts:logout", "accounts:login"}  # sign-in is fuzzed by axes' own limits

HOSTILE_TEXT = [
    "A" * 100_000,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE directory_organisation; --",
    "\x00",
    "abc\x00def",
    "../../../../etc/passwd",
    "١٢٣٤",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "2021-02-30",
    "0000-00-00",
    " ",
    "\u202eevil\u202c",
    "😀" * 1000,
]
HOSTILE_BYTES = [b"\xed\xa0\x80", b"\xff\xfe\xfd", b"\xc0\xaf", b"\x00\x00", b"%", b"\xe2\x82"]

value = st.one_of(
    st.sampled_from(HOSTILE_TEXT).map(lambda s: s.encode()),
    st.sampled_from(HOSTILE_BYTES),
    st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=40),
)


def _forms(body: str):
    """(action, [field names]) of every POST form on the page."""
    try:
        tree = html.fromstring(body)
    except Exception:  # noqa: BLE001 - not HTML
        return []
    out = []
    for form in tree.forms:
        if (form.method or "get").lower() != "post":
            continue
        names = {
            el.get("name")
            for el in form.iter("input", "select", "textarea", "button")
            if el.get("name") and el.get("name") != "csrfmiddlewaretoken"
        }
        out.append((form.get("action") or "", sorted(names)))
    return out


def _pages(demo):
    admin = demo.users["admin"]
    client = Client()
    client.force_login(admin)
    found = []
    for route in site_routes():
        if route.name in SKIPPED:
            continue
        for target in targets(route, demo)[:1]:
            response = client.get(target.url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for action, names in _forms(response.content.decode()):
                url = action or target.url
                if url.startswith(("/accounts/sign-out", "/i18n/")) or not names:
                    continue
                found.append((route.name, url, tuple(names)))
    return sorted(set(found))


def test_every_form_survives_hostile_input(demo_db):
    forms = _pages(demo_db)
    assert len(forms) >= 40, f"only {len(forms)} forms found"
    admin = demo_db.users["admin"]
    failures = []

    def fuzz(name, url, fields):
        @settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.fixed_dictionaries({f: value for f in fields}))
        def post(data):
            client = Client(raise_request_exception=False)
            client.force_login(admin)
            body = "&".join(
                f"{quote_from_bytes(k.encode())}={quote_from_bytes(v)}" for k, v in data.items()
            )
            response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                short = {k: v[:40] for k, v in data.items()}
                failures.append(f"{name} {url} {response.status_code} {short!r:.400}")
            assert response.status_code < 500

        # Failures are collected above; hypothesis has shrunk each to its smallest input.
        with contextlib.suppress(AssertionError):
            post()

    for name, url, fields in forms:
        fuzz(name, url, fields)
    assert not failures, "\n".join(failures)
