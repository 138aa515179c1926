"""Property-based: every HTML form (found from the URL resolver, as in test_form_fuzzing) and
every API write (from the OpenAPI schema) fed extreme values: dates in year 1 or 9999, numbers
such as 1e400 or forty nines, texts of 100,000 characters, bidirectional controls, NUL and
combining marks. Every answer is a clear refusal (4xx, or the form again with its message) or a
success, never a 5xx; and afterwards no record holds a text longer than its column, NUL, or a
name with a bidi control (core.guards).

Bounded (a few examples per form and operation, deadline None, derandomized) and run once, on
SQLite, as the design asks of fuzzing."""

import contextlib
import json
import re

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.security.test_form_fuzzing import _pages
from tests.security.test_permission_matrix import _api_params

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="fuzzing runs once, on SQLite (DESIGN.md, CI time)"
)

BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u2066", "\u2067", "\u2068", "\u200f", "\u061c"]
DATES = ["0001-01-01", "0001-01-01T00:00", "9999-12-31", "9999-12-31T23:59", "1899-12-31"]
DATES += ["2200-01-01", "0000-00-00", "2021-02-29", "10000-01-01", "-0001-01-01"]
NUMBERS = ["1e400", "-1e400", "1E+9999999999", "9" * 40, "-" + "9" * 40, "NaN", "Infinity"]
NUMBERS += ["-0", "0.0000000000000000000001", "1e-400", "2147483648", "9223372036854775808"]
TEXTS = ["A" * 100_000, "ب" * 5_000, "e\u0301" * 2_000, "Z\u0336\u0335\u0334" * 500]
TEXTS += ["\x00", "abc\x00def", "\u200d" * 300, "😀" * 1_000, " ", ""]
TEXTS += [f"Fatima{c} Ali{c}" for c in BIDI] + [f"{c}gpj.exe" for c in BIDI]

extreme = st.one_of(
    st.sampled_from(DATES),
    st.sampled_from(NUMBERS),
    st.sampled_from(TEXTS),
    st.lists(st.sampled_from(BIDI + ["\x00", "\u0301", "a", "ب"]), max_size=30).map("".join),
)

FUZZ = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
)


def _raised(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    return f"{response.status_code} {exc_info[1]!r:.200}" if exc_info else str(response.status_code)


def _stored_problems() -> list[str]:
    """Texts longer than their column, NUL anywhere, bidi controls in names: none may be stored."""
    from django.apps import apps
    from django.db import models

    from shabaka.core.guards import NAME_FIELDS

    bidi = re.compile(f"[{''.join(BIDI)}\u202c\u2069\u200e]")
    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("shabaka."):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list("pk", *(f.attname for f in fields)).iterator():
            for field, value in zip(fields, row[1:], strict=True):
                if not isinstance(value, str):
                    continue
                where = f"{model.__name__}#{row[0]}.{field.name}"
                if field.max_length and len(value) > field.max_length:
                    problems.append(f"{where}: {len(value)} > {field.max_length} characters")
                if "\x00" in value:
                    problems.append(f"{where}: NUL")
                if field.name in NAME_FIELDS and not field.choices and bidi.search(value):
                    problems.append(f"{where}: bidi control in {value[:40]!r}")
    return problems


def test_every_form_refuses_extreme_values_without_a_5xx(demo_db):
    forms = _pages(demo_db)
    assert len(forms) >= 40, f"only {len(forms)} forms found"
    admin = demo_db.users["admin"]
    failures = {}

    def fuzz(name, url, fields):
        @FUZZ
        @given(st.fixed_dictionaries({f: extreme for f in fields}))
        def post(data):
            client = Client(raise_request_exception=False)
            client.force_login(admin)
            response = client.post(url, data)
            if response.status_code >= 500:
                short = {k: v[:30] for k, v in data.items()}
                failures[url] = f"{name} {url} {_raised(response)} {short!r:.300}"
            assert response.status_code < 500

        with contextlib.suppress(AssertionError):  # collected above, shrunk by hypothesis
            post()

    for name, url, fields in forms:
        fuzz(name, url, fields)
    assert not failures, "\n".join(failures.values())
    assert not _stored_problems()


# --- the API -------------------------------------------------------------------------------------


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _strategy(schema: dict, node: dict):
    """Extreme values of the type a property declares (and, sometimes, of another type)."""
    node = _resolve(schema, node)
    if "anyOf" in node:
        return st.one_of(*(_strategy(schema, option) for option in node["anyOf"]))
    kind = node.get("type")
    if kind == "integer":
        return st.one_of(
            st.sampled_from([0, -1, 2**31, 2**63, 10**40, -(10**40)]), st.sampled_from(NUMBERS)
        )
    if kind == "number":
        return st.one_of(st.sampled_from([1e308, -1e308, 0.0]), st.sampled_from(NUMBERS))
    if kind == "boolean":
        return st.sampled_from([True, False, "\x00"])
    if kind == "array":
        return st.lists(_strategy(schema, node.get("items", {})), max_size=3)
    if kind == "object":
        inner = node.get("additionalProperties")
        if isinstance(inner, dict):
            return st.dictionaries(extreme, _strategy(schema, inner), max_size=2)
        return st.just({})
    if node.get("enum"):
        return st.one_of(st.sampled_from(node["enum"]), extreme)
    return extreme  # strings, dates


def _writes():
    schema = Client().get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get" or path.startswith("/api/v1/tokens/"):
                continue  # revoking the caller's own token has its own tests
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            yield path, method, (_resolve(schema, body["schema"]) if body else None), schema


def test_every_api_write_refuses_extreme_values_without_a_5xx(demo_db):
    writes = list(_writes())
    assert len(writes) >= 10, f"only {len(writes)} API writes found"
    admin = demo_db.users["admin"]
    failures = {}

    for path, method, body, schema in writes:
        url = path
        for param in re.findall(r"{(\w+)}", path):
            url = url.replace("{" + param + "}", str(_api_params(demo_db, path, param)[0][1]))
        properties = (body or {}).get("properties", {})
        payload = st.fixed_dictionaries(
            {},
            optional={name: _strategy(schema, node) for name, node in properties.items()},
        )

        def make(url, method, payload):
            @FUZZ
            @given(payload)
            def call(data):
                client = Client(raise_request_exception=False)
                client.force_login(admin)
                response = getattr(client, method)(
                    url, json.dumps(data), content_type="application/json"
                )
                if response.status_code >= 500:
                    failures[url] = f"{method.upper()} {url} {_raised(response)} {data!r:.300}"
                assert response.status_code < 500
                if response.status_code >= 400:
                    assert set(response.json()) == {"error"}, response.content[:300]

            return call

        with contextlib.suppress(AssertionError):
            make(url, method, payload)()

    assert not failures, "\n".join(failures.values())
    assert not _stored_problems()
