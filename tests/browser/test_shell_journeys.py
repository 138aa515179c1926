"""Journeys through the shell: language, right to left, search, sign in; axe on every page."""

import pytest

from tests.browser.conftest import PHONE, check_accessibility, screenshot, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_visitor_switches_to_arabic_and_searches_in_arabic_on_a_phone(open_page):
    from tests.factories.directory import OrganisationFactory

    OrganisationFactory(name="شَبَكَة دعم المهاجرين", description="تعمل في طرابلس")
    page = open_page(language="en", viewport=PHONE)
    page.goto(page.base_url + "/")
    assert page.get_attribute("html", "dir") == "ltr"
    check_accessibility(page, "home (en)")
    with page.expect_navigation():
        page.click("form.languages button[value=ar]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    check_accessibility(page, "home (ar)")
    screenshot(page, "home-ar-phone")

    # The brand sits at the right edge in Arabic: the layout mirrored.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > PHONE["width"] / 2

    page.fill("#site-search-q", "شبكه المهاجرين")
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    assert page.locator("ol.results li mark").first.inner_text() in ("شَبَكَة", "المهاجرين")
    assert "شَبَكَة دعم المهاجرين" in page.locator("ol.results").inner_text()
    check_accessibility(page, "search (ar)")
    screenshot(page, "search-ar-phone")


def test_signing_in_and_out_with_the_keyboard(open_page, make_user):
    user = make_user("staff", email="keyboard@example.org")
    page = open_page(language="fr")
    page.goto(page.base_url + "/accounts/sign-in/")
    check_accessibility(page, "sign-in (fr)")
    page.focus("input[name=username]")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Se déconnecter" in page.inner_text("header"), page.inner_text("main")
    page.goto(page.base_url + "/accounts/audit/")
    check_accessibility(page, "audit log (fr)")
    with page.expect_navigation():
        page.click("header button:has-text('Se déconnecter')")
    assert "Se connecter" in page.inner_text("header")


def test_wrong_password_message_is_announced(open_page, make_user):
    make_user(email="someone@example.org")
    page = open_page(language="ar", viewport=PHONE)
    sign_in(page, "someone@example.org", "wrong password")
    assert "البريد الإلكتروني أو كلمة المرور غير صحيحة" in page.locator("[role=alert]").inner_text()
    check_accessibility(page, "sign-in error (ar)")
