"""Real-browser journeys: Playwright for Python driving Debian's Chromium, headless.

Run by `make test` (once, on SQLite). Screenshots go to test-output/browser/.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps (and the database flush after each test) are still synchronous and safe. The
# subprocess tests that check deployment settings remove it from their environment.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    from django.db import connection

    # Browser journeys run once, on SQLite (make test); the PostgreSQL run checks the domain.
    on_sqlite = connection.vendor == "sqlite"
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not on_sqlite:
                item.add_marker(pytest.mark.skip(reason="browser journeys run on SQLite only"))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) or "
            "set CHROMIUM_PATH; `.ci/run` installs it. To skip browser journeys locally, run "
            "`make test PYTEST_ARGS=\"-m 'not browser'\"`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(language="ar", viewport=PHONE) -> a page on the live server in that language."""
    contexts = []

    def open_(language="en", viewport=LAPTOP):
        # bypass_csp lets the test inject axe-core into pages that forbid inline scripts.
        context = browser.new_context(viewport=viewport, locale=language, bypass_csp=True)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield open_
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_LOG = OUTPUT / "axe-pages.txt"


@pytest.fixture(scope="session", autouse=True)
def _axe_log():
    """Lists every page axe-core checked in this run (test-output/browser/axe-pages.txt)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    AXE_LOG.write_text("", encoding="utf-8")
    yield


def check_accessibility(page, label: str) -> None:
    """axe-core on the current page: no serious or critical violation."""
    from urllib.parse import urlsplit

    url = urlsplit(page.url)
    with AXE_LOG.open("a", encoding="utf-8") as log:
        log.write(f"{url.path}{'?' + url.query if url.query else ''}\t{label}\n")
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"accessibility violations on {label}:\n" + "\n".join(bad)


def sign_in(page, email: str, password: str) -> None:
    page.goto(page.base_url + "/accounts/sign-in/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


# --- Helpers added for the journeys, page weight and right-to-left checks ------------------------


def go(page, path: str):
    """Open a path of the live server and return the response (its status is checked)."""
    response = page.goto(page.base_url + path)
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    return response


def click_and_wait(page, selector: str) -> None:
    """Click something that navigates (a link or a submit button) and wait for the new page."""
    with page.expect_navigation():
        page.click(selector)


def load_demo() -> None:
    """The demo data of the two seed stories (about 3 s): realistic pages to measure."""
    import io

    from shabaka.core.demo_loader import load_all

    load_all(io.StringIO())


def page_weight(browser, base_url: str, path: str, *, language="en", viewport=None) -> dict:
    """Load `path` in a fresh context (a cold cache) and return what it transferred: a list of
    (url, content type, raw bytes, gzip bytes) and the gzip total. gzip at level 6 of each body
    approximates what a compressing server or proxy sends (images barely shrink)."""
    import gzip

    context = browser.new_context(viewport=viewport or PHONE, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    try:
        main = page.goto(base_url + path, wait_until="load")
        assert main is not None and main.status == 200, f"{path}: {main and main.status}"
        # Lazy images below the fold are not fetched on a cold load: scrolling would fetch them.
        rows = []
        for response in responses:
            if response.status >= 300:
                continue
            body = response.body()
            rows.append(
                {
                    "url": response.url.removeprefix(base_url),
                    "type": (response.headers.get("content-type") or "").split(";")[0],
                    "raw": len(body),
                    "gzip": len(gzip.compress(body, compresslevel=6)),
                }
            )
    finally:
        context.close()
    return {"path": path, "files": rows, "gzip": sum(r["gzip"] for r in rows)}


# Each journey runs twice: in English on a laptop, in Arabic on a phone.
JOURNEY_SETUPS = [
    pytest.param("en", LAPTOP, id="en-laptop"),
    pytest.param("ar", PHONE, id="ar-phone"),
]
