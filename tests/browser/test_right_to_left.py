"""In Arabic the main pages mirror: navigation, tables, forms and the plan timeline start at the
right. The same assertions run in English, where everything starts at the left, so that they
prove the mirroring rather than an accident of layout. Numbers and dates follow the locale."""

from datetime import date
from decimal import Decimal

import pytest

from tests.browser.conftest import LAPTOP, check_accessibility, go, load_demo, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def box(page, selector: str) -> dict:
    locator = page.locator(selector).first
    locator.scroll_into_view_if_needed()
    found = locator.bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


def right(b: dict) -> float:
    return b["x"] + b["width"]


def text_box(page, selector: str) -> dict:
    """Where the text of an element is drawn (a block's own box spans the whole line)."""
    return page.evaluate(
        """(selector) => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const r = range.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        }""",
        selector,
    )


def starts_at_the_right(page, first: str, then: str) -> bool:
    """Whether `first` sits to the right of `then` (both on the same line)."""
    a, b = box(page, first), box(page, then)
    assert abs(a["y"] - b["y"]) < max(a["height"], b["height"]), (first, a, then, b)
    return a["x"] > b["x"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_mirror_in_arabic(open_page, language):
    load_demo()
    from shabaka.plans.models import ActionPlan

    plan = ActionPlan.objects.filter(network__slug="demo-net-tripoli").order_by("pk").first()
    mirrored = language == "ar"
    page = open_page(language, LAPTOP)

    # Home: the navigation runs from the right; the account links sit at the left.
    go(page, "/")
    assert page.get_attribute("html", "dir") == ("rtl" if mirrored else "ltr")
    nav = ".site-nav ul:first-child"
    assert starts_at_the_right(page, f"{nav} li:first-child", f"{nav} li:last-child") is mirrored
    assert (box(page, ".brand")["x"] > LAPTOP["width"] / 2) is mirrored
    assert (box(page, ".site-nav ul.account")["x"] < LAPTOP["width"] / 2) is mirrored

    # Network page: the members table's first column is at the right.
    go(page, "/networks/demo-net-tripoli/")
    table = "section[aria-labelledby=members-heading] table"
    first_th, last_th = f"{table} thead th:first-child", f"{table} thead th:last-child"
    assert starts_at_the_right(page, first_th, last_th) is mirrored
    cell = box(page, f"{table} tbody tr:first-child td:first-child")
    heading = box(page, first_th)
    # Text aligns to the start: the right edge in Arabic, the left edge in English.
    if mirrored:
        assert abs(right(cell) - right(heading)) < 2
    else:
        assert abs(cell["x"] - heading["x"]) < 2
    screenshot(page, f"rtl-{language}-network")

    # Plan page and its timeline: time runs from right to left in Arabic.
    go(page, f"/plans/{plan.pk}/")
    h1, main = text_box(page, "main h1"), box(page, "main")
    assert (right(main) - right(h1) < h1["x"] - main["x"]) is mirrored
    go(page, f"/plans/{plan.pk}/timeline/")
    ticks = page.locator(".timeline svg text.tick-label")
    years = [int(t) for t in ticks.all_text_contents()]
    assert len(years) >= 2 and years == sorted(years)
    earliest, latest = ticks.first.bounding_box(), ticks.last.bounding_box()
    assert (earliest["x"] > latest["x"]) is mirrored
    svg = box(page, ".timeline svg")
    label = box(page, ".timeline svg text.label")
    assert (label["x"] > svg["x"] + svg["width"] / 2) is mirrored
    # Each activity's bar starts (right edge in Arabic, left in English) in date order.
    from shabaka.plans.selectors import plan_activities

    starts = [a.planned_start for a in plan_activities(plan)]
    rows = page.locator(".timeline svg g.row rect.planned")
    assert rows.count() == len(starts) >= 2 and len(set(starts)) >= 2
    edges = []
    for i in range(rows.count()):
        b = rows.nth(i).bounding_box()
        edges.append(-right(b) if mirrored else b["x"])
    by_edge = [start for _, start in sorted(zip(edges, starts, strict=True))]
    assert by_edge == sorted(starts)
    table = ".table-scroll table"
    assert starts_at_the_right(page, f"{table} th:first-child", f"{table} th:last-child") is (
        mirrored
    )
    check_accessibility(page, f"plan timeline ({language})")
    screenshot(page, f"rtl-{language}-timeline")

    # Event list: the filter form and the table start at the right.
    go(page, "/events/")
    fields = "form.filters .field"
    assert starts_at_the_right(page, f"{fields}:nth-child(1)", f"{fields}:nth-child(2)") is mirrored
    label, select = box(page, "label[for=id_type]"), box(page, "#id_type")
    if mirrored:
        assert abs(right(label) - right(select)) < 2
    else:
        assert abs(label["x"] - select["x"]) < 2
    table = "main table"
    assert starts_at_the_right(page, f"{table} th:first-child", f"{table} th:last-child") is (
        mirrored
    )
    screenshot(page, f"rtl-{language}-events")


EXPECTED_FORMATS = {
    # language: (amount, total, a date as the funding table writes it)
    "en": ("12,500,000 EUR", "1,250,000.50 CHF", "26 January 2021"),
    "ar": ("12.500.000 EUR", "1.250.000,50 CHF", "26 يناير 2021"),
    "fr": ("12\u202f500\u202f000 EUR", "1\u202f250\u202f000,50 CHF", "26 janvier 2021"),
}


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_numbers_and_dates_follow_the_locale(open_page, language):
    from tests.factories.directory import OrganisationFactory
    from tests.factories.projects import FundingFactory, ProjectFactory

    project = ProjectFactory(
        title="Strategic and Institutional Management of Migration in Libya",
        slug="simm-libya",
        total_budget=Decimal("12500000.00"),
        currency="EUR",
    )
    FundingFactory(
        project=project,
        funder=OrganisationFactory(name="European Union", kind="donor"),
        amount=Decimal("12500000.00"),
        currency="EUR",
        committed_on=date(2021, 1, 26),
    )
    FundingFactory(
        project=project,
        funder=OrganisationFactory(name="Swiss Confederation", kind="donor"),
        amount=Decimal("1250000.50"),
        currency="CHF",
        committed_on=date(2021, 1, 26),
    )
    page = open_page(language, LAPTOP)
    go(page, "/projects/simm-libya/")
    text = page.inner_text("main").replace("\xa0", "\u202f")
    amount, total, day = EXPECTED_FORMATS[language]
    assert amount.replace("\xa0", "\u202f") in text, text
    assert total in text and day in text, text
    # Amounts line up at the end of their column: the left edge in Arabic.
    cells = page.locator("main table tbody td.num")
    header = box(page, "main table thead th.num")
    first = cells.first.bounding_box()
    if language == "ar":
        assert abs(first["x"] - header["x"]) < 2
    else:
        assert abs(right(first) - right(header)) < 2
