import pytest

from tests.browser.conftest import check_accessibility, load_demo, page_weight, go, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_survey(browser, live_server, open_page):
    load_demo()
    from shabaka.plans.models import ActionPlan
    plan = ActionPlan.objects.order_by("pk").first()
    pages = ["/", "/organisations/", "/networks/", "/networks/demo-net-tripoli/",
             "/networks/libya-national-platform/",
             "/events/", "/events/tripoli-workshop-2021-01/", "/events/calendar/", "/news/",
             "/news/tripoli-workshop-cso-networks-2021-01/", "/projects/", "/projects/simm-libya/",
             "/search/?q=%D8%B4%D8%A8%D9%83%D8%A9", "/search/?q=Tripoli", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/timeline/",
             "/dialogues/", "/dialogues/rabat-process/", "/frameworks/", "/plans/", "/documents/",
             "/accounts/sign-in/"]
    out = []
    for lang in ("en", "ar"):
        page = open_page(lang, PHONE)
        for p in pages:
            go(page, p)
            try:
                check_accessibility(page, f"{p} ({lang})")
            except AssertionError as e:
                out.append(str(e))
    for p in pages:
        w = page_weight(browser, live_server.url, p, language="ar")
        out.append(f"{p}: {w['gzip']/1024:.1f} KB " + ", ".join(f"{r['url'][:40]}={r['gzip']}" for r in w["files"]))
    print("\n".join(out))
