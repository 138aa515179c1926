"""Light pages for slow connections: every key page under 60 KB compressed on a cold load,
static files hashed and precompressed in production, pictures narrowed and lazily loaded below
the fold, and pages readable with JavaScript off."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser.conftest import OUTPUT, PHONE, go, load_demo, page_weight

pytestmark = pytest.mark.django_db(transaction=True)

TEXT_PAGE_LIMIT = 60 * 1024


def key_pages() -> dict[str, str]:
    """The pages a visitor reads most, on the demo data."""
    from shabaka.plans.models import ActionPlan

    plan = ActionPlan.objects.filter(network__slug="demo-net-tripoli").order_by("pk").first()
    return {
        "home": "/",
        "organisation list": "/organisations/",
        "network page": "/networks/demo-net-tripoli/",
        "event list": "/events/",
        "event page": "/events/tripoli-workshop-2021-01/",
        "news list": "/news/",
        "news page": "/news/tripoli-workshop-cso-networks-2021-01/",
        "project page": "/projects/simm-libya/",
        "search": "/search/?q=%D8%B4%D8%A8%D9%83%D8%A9+%D8%B7%D8%B1%D8%A7%D8%A8%D9%84%D8%B3",
        "plan page": f"/plans/{plan.pk}/" if plan else "/plans/",
    }


def test_key_pages_weigh_under_60_kb_compressed_on_a_cold_load(browser, live_server):
    load_demo()
    report = {}
    # In Arabic (the heavier: longer words in UTF-8); English pages weigh 0.2-0.3 KB less.
    for language in ("ar",):
        for name, path in key_pages().items():
            weight = page_weight(browser, live_server.url, path, language=language)
            types = {row["type"] for row in weight["files"]}
            assert "text/html" in types and "text/css" in types, weight
            report[f"{name} ({language})"] = weight
    OUTPUT.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{label:28} {w['gzip'] / 1024:5.1f} KB  ({w['path']}: "
        + ", ".join(f"{r['url'].split('?')[0]} {r['gzip'] / 1024:.1f}" for r in w["files"])
        + ")"
        for label, w in report.items()
    ]
    (OUTPUT / "page-weights.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    heavy = {label: w["gzip"] for label, w in report.items() if w["gzip"] > TEXT_PAGE_LIMIT}
    assert not heavy, "pages over 60 KB compressed:\n" + "\n".join(lines)
    # Nothing but our own HTML, CSS and JavaScript: no web font, no third-party file.
    for weight in report.values():
        for row in weight["files"]:
            assert row["type"] in ("text/html", "text/css", "text/javascript"), row


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (242, 169, 0)).save(out, format="PNG")
    return out.getvalue()


def test_a_news_picture_is_narrowed_and_pictures_below_the_fold_wait(
    browser, live_server, staff_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shabaka.content import services

    upload = SimpleUploadedFile("wide.png", png(3000, 1500), content_type="image/png")
    news = services.news_create(
        title="Study visit to Italy",
        body="A long text. " * 400 + f"\n\n![The group]({live_server.url}/news/other/image)",
        lead_image=upload,
        lead_image_alt="The group in Rome",
        created_by=staff_user,
    )
    services.news_publish(news=news, published_by=staff_user)
    # The picture in the text points at another item's picture on this server.
    other = services.news_create(
        title="Other",
        body="Other",
        slug="other",
        lead_image=SimpleUploadedFile("other.png", png(800, 400), content_type="image/png"),
        lead_image_alt="Other picture",
        created_by=staff_user,
    )
    services.news_publish(news=other, published_by=staff_user)

    weight = page_weight(browser, live_server.url, f"/news/{news.slug}/", viewport=PHONE)
    urls = [row["url"] for row in weight["files"]]
    assert f"/news/{news.slug}/image" in urls  # the lead picture, at the top, loads at once
    assert "/news/other/image" not in urls  # the one far below waits until scrolled to
    lead = next(row for row in weight["files"] if row["url"] == f"/news/{news.slug}/image")
    assert lead["type"] == "image/png"
    from PIL import Image

    with news.lead_image.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.width == 1200


def test_pages_are_readable_with_javascript_off(browser, live_server):
    load_demo()
    contexts, pages = [], {}
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript, viewport=PHONE, locale="ar")
        context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
        contexts.append(context)
        pages[javascript] = context.new_page()
        pages[javascript].base_url = live_server.url
    page = pages[False]
    try:
        go(page, "/networks/demo-net-tripoli/")
        assert "طرابلس" in page.inner_text("h1") or "Tripoli" in page.inner_text("h1")
        assert page.locator("main table tbody tr").count() >= 1  # its members
        go(page, "/events/tripoli-workshop-2021-01/")
        facts = page.locator("dl.facts").first
        assert facts.is_visible() and "2021" in facts.inner_text()
        # Nothing on these pages needs JavaScript to show: the text is the same with it on.
        for path in ("/networks/demo-net-tripoli/", "/events/tripoli-workshop-2021-01/"):
            go(pages[False], path)
            go(pages[True], path)
            assert pages[False].inner_text("main") == pages[True].inner_text("main")
        # The search works as a plain form.
        page.fill("#site-search-q", "Tripoli")
        with page.expect_navigation():
            page.press("#site-search-q", "Enter")
        assert page.locator("ol.results li").count() >= 1
    finally:
        for context in contexts:
            context.close()


def test_collectstatic_writes_hashed_and_compressed_files_served_for_a_year(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    # The admin's and the API explorer's large files are left out to keep this test fast; they
    # go through the same storage in a real deployment.
    call_command(
        "collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "ninja"]
    )
    root = settings.STATIC_ROOT / "shabaka"
    hashed = [p.name for p in root.glob("htmx.min.*.js")]
    assert len(hashed) == 1 and re.fullmatch(r"htmx\.min\.[0-9a-f]{12}\.js", hashed[0]), hashed
    for suffix in (".gz", ".br"):
        assert (root / (hashed[0] + suffix)).stat().st_size < (root / hashed[0]).stat().st_size
    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
    assert manifest["paths"]["shabaka/htmx.min.js"] == f"shabaka/{hashed[0]}"

    # Pages link the hashed names, and WhiteNoise serves them compressed, cached for a year.
    client = Client()
    html = client.get("/").content.decode()
    assert f"/static/shabaka/{hashed[0]}" in html
    css = re.search(r'href="(/static/shabaka/shabaka\.[0-9a-f]{12}\.css)"', html)
    assert css, html[:500]
    for url in (f"/static/shabaka/{hashed[0]}", css.group(1)):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "br"
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
        b"".join(response.streaming_content)
