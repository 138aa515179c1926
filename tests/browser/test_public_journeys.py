"""Journeys of a dialogue secretariat (a focal point is appointed; the previous appointment
ends), of a news editor (a news item in Arabic, with a lead picture, published) and of an
anonymous visitor (a search in Arabic, then a network page). In English on a laptop and in
Arabic on a phone; axe-core checks every page."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from shabaka.content.models import NewsItem, NewsStatus
from shabaka.dialogues.models import AppointmentStatus, FocalPointAppointment
from tests.browser.conftest import JOURNEY_SETUPS, click_and_wait, go, sign_in
from tests.browser.test_network_journeys import seen, translated
from tests.factories import TEST_PASSWORD
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory, OrganisationFactory, PersonFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, adopted_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_a_focal_point_is_appointed_and_the_previous_appointment_ends(
    open_page, make_user, language, viewport
):
    from shabaka.dialogues import services

    libya = CountryFactory(code="LY")
    dialogue = DialogueFactory(short_name="Rabat Process", slug="rabat-process")
    PartnerStateFactory(dialogue=dialogue, country=libya)
    secretariat = make_user(scoped=[("secretariat", dialogue)], email="secretariat@example.org")
    predecessor = services.appointment_create(
        dialogue=dialogue,
        country=libya,
        function="national",
        person=OfficialFactory(full_name="Focal Point 2017 (placeholder)"),
        started_on=date(2017, 3, 1),
        act_reference="Decision 12/2017",
        act_date=date(2017, 3, 1),
        created_by=secretariat,
    )
    successor = OfficialFactory(full_name="Focal Point 2022 (placeholder)")
    tag = f"focal-point-{language}"

    page = open_page(language, viewport)
    sign_in(page, secretariat.email, TEST_PASSWORD)
    go(page, "/dialogues/rabat-process/")
    assert predecessor.person.full_name in page.inner_text("main")
    seen(page, f"{tag}-1-dialogue", f"dialogue page as secretariat ({language})")
    click_and_wait(page, "main a[href='/dialogues/rabat-process/appoint/']")
    seen(page, f"{tag}-2-form", f"appointment form ({language})")
    page.select_option("#id_country", str(libya.pk))
    page.select_option("#id_function", "national")
    page.select_option("#id_person", str(successor.pk))
    page.fill("#id_started_on", "2022-02-01")
    page.fill("#id_act_reference", "Decision 4/2022")
    page.fill("#id_act_date", "2022-01-20")
    click_and_wait(page, "main form button[type=submit]")

    appointment = FocalPointAppointment.objects.get(person=successor)
    assert appointment.started_on == date(2022, 2, 1)
    assert appointment.status == AppointmentStatus.APPOINTED
    assert appointment.previous == predecessor
    predecessor.refresh_from_db()
    assert predecessor.status == AppointmentStatus.ENDED
    assert predecessor.ended_on == date(2022, 2, 1)
    assert translated(language, "The appointment was recorded.") in page.inner_text("[role=status]")
    assert successor.full_name in page.inner_text("h1")
    seen(page, f"{tag}-3-appointment", f"appointment page ({language})")

    # The predecessor's page keeps the history: it ended on the successor's first day.
    click_and_wait(page, f"main a[href='/dialogues/appointments/{predecessor.pk}/']")
    assert "2022-02-01" in page.locator("dl.facts").first.inner_text()
    seen(page, f"{tag}-4-predecessor", f"predecessor's appointment page ({language})")


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 110, 79)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_an_editor_publishes_a_news_item_in_arabic(open_page, make_user, language, viewport):
    editor = make_user("staff", email="news.editor@example.org")
    tag = f"news-{language}"
    title = "ورشة عمل في طرابلس حول خطط عمل الشبكات"
    body = "اجتمعت **أربع شبكات** من منظمات المجتمع المدني في طرابلس.\n\n![قاعة الورشة](https://example.org/hall.png)"

    page = open_page(language, viewport)
    sign_in(page, editor.email, TEST_PASSWORD)
    go(page, "/news/")
    seen(page, f"{tag}-1-list", f"news list as editor ({language})")
    click_and_wait(page, "main a[href='/news/new/']")
    seen(page, f"{tag}-2-form", f"news form ({language})")
    page.fill("#id_title", title)
    page.fill("#id_summary", "أربع شبكات تنهي خطط عملها.")
    page.fill("#id_body", body)
    page.fill("#id_language", "ar")
    page.set_input_files(
        "#id_lead_image",
        {"name": "workshop.png", "mimeType": "image/png", "buffer": png(2400, 1200)},
    )
    page.fill("#id_lead_image_alt", "المشاركون في الورشة")
    click_and_wait(page, "main form button[type=submit]")

    news = NewsItem.objects.get(title=title)
    assert news.status == NewsStatus.DRAFT and news.language == "ar"
    assert page.get_attribute("main article", "lang") == "ar"
    # Arabic text runs right to left even inside an English page.
    assert page.evaluate("getComputedStyle(document.querySelector('main article')).direction") == (
        "rtl"
    )
    seen(page, f"{tag}-3-draft", f"news draft ({language})")
    click_and_wait(page, "main form[action$='/publish/'] button")
    news.refresh_from_db()
    assert news.status == NewsStatus.PUBLISHED and news.published_at is not None
    assert translated(language, "Published.") in page.inner_text("[role=status]")

    # The lead picture was narrowed to 1200 pixels; the picture in the text loads lazily.
    from PIL import Image

    with news.lead_image.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (1200, 600)
    lead = page.locator("main article > img")
    assert lead.get_attribute("alt") == "المشاركون في الورشة"
    assert page.get_attribute(".news-body img", "loading") == "lazy"
    seen(page, f"{tag}-4-published", f"published news ({language})")

    # Anyone reads it from the news list.
    anonymous = open_page(language, viewport)
    go(anonymous, "/news/")
    card = anonymous.locator("main .card", has_text=title)
    assert card.get_attribute("lang") == "ar"
    click_and_wait(anonymous, f"main .card h2 a:text-is('{title}')")
    assert title in anonymous.inner_text("h1")
    seen(anonymous, f"{tag}-5-public", f"news page, anonymous ({language})")


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_a_visitor_searches_in_arabic_and_reads_a_network_page(open_page, language, viewport):
    network = NetworkFactory(
        name="شَبَكَة طرابلس للهجرة",
        slug="tripoli-migration",
        mission="تعمل الشبكة على حماية حقوق المهاجرين في طرابلس.",
    )
    member = OrganisationFactory(name="جمعية الإغاثة البحرية")
    MembershipFactory(network=network, organisation=member)
    PersonFactory(organisation=member, full_name="Private Contact", email="private@secret.example")
    adopted_code(network)
    tag = f"visitor-{language}"
    assert not get_user_model().objects.exists()

    page = open_page(language, viewport)
    go(page, "/")
    seen(page, f"{tag}-1-home", f"home, anonymous ({language})")
    # Typed without vowels and with a final ha for the ta marbuta: still found.
    page.fill("#site-search-q", "شبكه طرابلس")
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    results = page.locator("ol.results")
    assert "شَبَكَة طرابلس للهجرة" in results.inner_text()
    seen(page, f"{tag}-2-search", f"search results ({language})")

    click_and_wait(page, "ol.results a[href='/networks/tripoli-migration/']")
    main = page.inner_text("main")
    assert "شَبَكَة طرابلس للهجرة" in page.inner_text("h1")
    assert "حماية حقوق المهاجرين" in main and "جمعية الإغاثة البحرية" in main
    assert "Private Contact" not in main and "private@secret.example" not in page.content()
    seen(page, f"{tag}-3-network", f"network page, anonymous ({language})")
