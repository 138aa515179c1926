"""axe-core on the public pages in English and Arabic on a phone; every form control reachable
with the Tab key; forms submitted from the keyboard; a focus ring that shows and contrasts."""

import pytest

from shabaka.accounts.models import Role
from shabaka.networks.models import MembershipStatus
from tests.browser.conftest import PHONE, check_accessibility, go, load_demo, sign_in
from tests.factories import TEST_PASSWORD
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, adopted_code

pytestmark = pytest.mark.django_db(transaction=True)


def public_pages() -> list[str]:
    from shabaka.plans.models import ActionPlan

    plan = ActionPlan.objects.filter(network__slug="demo-net-tripoli").order_by("pk").first()
    # The journeys check the home page, search, sign-in, event and news lists, event and news
    # pages, forms and the pages behind sign-in; these are the other public pages.
    return [
        "/organisations/",
        "/networks/",
        "/networks/demo-net-tripoli/",
        "/networks/libya-national-platform/",
        "/events/calendar/",
        "/events/tripoli-workshop-2021-01/",
        "/news/tripoli-workshop-cso-networks-2021-01/",
        "/projects/",
        "/projects/simm-libya/",
        "/plans/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/timeline/",
        "/dialogues/",
        "/dialogues/rabat-process/",
        "/frameworks/",
        "/documents/",
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_public_pages_have_no_serious_accessibility_violation(open_page, language):
    load_demo()
    page = open_page(language, PHONE)
    for path in public_pages():
        go(page, path)
        assert page.get_attribute("html", "lang") == language
        assert page.locator("main#main").count() == 1 and page.locator("nav").count() >= 1
        check_accessibility(page, f"{path} ({language})")


TAB_ORDER = """() => {
    const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
    return Array.from(document.querySelectorAll('input, select, textarea, button, a[href]'))
        .filter((el) => el.type !== 'hidden' && !el.disabled && visible(el))
        .map((el) => el.id || el.name + '=' + (el.value || el.getAttribute('href')));
}"""


def tab_through(page, limit=400) -> list[str]:
    """Press Tab from the top of the page until focus comes back round; return what got it."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.locator("body").focus()
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        key = page.evaluate(
            """() => { const el = document.activeElement;
                if (!el || el === document.body) return null;
                return el.id || el.name + '=' + (el.value || el.getAttribute('href')); }"""
        )
        if key is None or (seen and key == seen[0]):
            break
        seen.append(key)
    return seen


def test_every_form_control_is_reachable_with_the_tab_key(open_page, make_user):
    network = NetworkFactory(slug="keyboard-net")
    member = OrganisationFactory()
    MembershipFactory(network=network, organisation=member)
    MembershipFactory(network=network, status=MembershipStatus.APPLIED)
    adopted_code(network)
    coordinator = make_user(scoped=[(Role.COORDINATOR, network)])
    staff = make_user("staff")
    pages = {
        coordinator: [f"/networks/{network.slug}/", "/events/", "/search/?q=x"],
        staff: ["/events/new/", "/news/new/", "/organisations/new/"],
    }
    for user, paths in pages.items():
        page = open_page("ar", PHONE)
        sign_in(page, user.email, TEST_PASSWORD)
        for path in paths:
            go(page, path)
            controls = page.evaluate(TAB_ORDER)
            reached = tab_through(page)
            missing = [c for c in controls if c not in reached]
            assert not missing, f"{path}: not reachable with Tab: {missing}"
            assert reached[0].endswith("=#main"), reached[:3]  # the skip link comes first


def test_forms_are_submitted_from_the_keyboard(open_page, make_user):
    network = NetworkFactory(slug="keys-net")
    applicant = OrganisationFactory(name="Keyboard Association")
    application = MembershipFactory(
        network=network, organisation=applicant, status=MembershipStatus.APPLIED
    )
    coordinator = make_user(scoped=[(Role.COORDINATOR, network)])
    page = open_page("ar", PHONE)
    sign_in(page, coordinator.email, TEST_PASSWORD)

    # The skip link comes first and takes the reader to the content.
    go(page, f"/networks/{network.slug}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    skip = page.locator(".skip-link").bounding_box()
    assert skip["x"] > PHONE["width"] / 2  # shown at the right in Arabic
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # The decision form: focus the reason, type it, Tab to "Approve", press Enter.
    page.focus(f"#reason-{application.pk}")
    page.keyboard.type("يعمل في مجال الهجرة")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "approve"
    with page.expect_response(lambda r: "/decide/" in r.url):
        page.keyboard.press("Enter")
    page.locator(f"#membership-{application.pk} [role=status]").wait_for()
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE

    # The site search: type and press Enter.
    page.focus("#site-search-q")
    page.keyboard.type("Keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Keyboard Association" in page.inner_text("ol.results")

    # The language switcher is a form of buttons: Space on "English" switches.
    page.focus("form.languages button[value=en]")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.get_attribute("html", "lang") == "en"


CONTRAST = """(el) => {
    const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const style = getComputedStyle(el);
    let node = el.parentElement, background = [255, 255, 255];
    while (node) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) { background = c.slice(0, 3); break; }
        node = node.parentElement;
    }
    const ring = parse(style.outlineColor).slice(0, 3);
    const [a, b] = [lum(ring), lum(background)].sort((x, y) => y - x);
    return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
            contrast: (a + 0.05) / (b + 0.05)};
}"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_focus_ring_shows_and_contrasts_with_its_background(open_page, language):
    from tests.factories.events import EventFactory

    EventFactory(slug="focus-event")
    page = open_page(language, PHONE)
    go(page, "/events/")
    checked = {}
    for selector in (
        ".skip-link",
        "#site-search-q",
        "form.languages button",
        ".site-nav a",
        "form.filters select",
        "form.filters button",
        "main table a",
    ):
        target = page.locator(selector).first
        # Reach it with the keyboard, so that :focus-visible applies as for a real user.
        for _ in range(60):
            page.keyboard.press("Tab")
            if target.evaluate("(el) => el === document.activeElement"):
                break
        else:
            raise AssertionError(f"{selector} never got the focus")
        ring = target.evaluate(CONTRAST)
        checked[selector] = ring
        assert ring["style"] != "none" and ring["width"] >= 2, (selector, ring)
        assert ring["contrast"] >= 3, (selector, ring)
    assert len(checked) == 7
