"""Events, news, dialogues and action plans in the one search: real sentences in Arabic, French
and English, visibility decided by each app's selector, and every change found at once."""

import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from shabaka.accounts.models import Role
from shabaka.content import services as content_services
from shabaka.content.models import NewsStatus
from shabaka.core.visibility import Visibility
from shabaka.search.selectors import search
from tests.factories.content import NewsFactory
from tests.factories.dialogues import DialogueFactory
from tests.factories.directory import OrganisationFactory, TopicFactory
from tests.factories.events import EventFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.plans import make_activity, make_objective, make_plan


def found(query, viewer=None, **kwargs):
    outcome = search(query=query, viewer=viewer or AnonymousUser(), **kwargs)
    return [(r.kind, html.unescape(re.sub(r"</?mark>", "", str(r.title)))) for r in outcome.results]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "description", "query"),
    [
        (
            "وَرْشَةُ عَمَلٍ حَوْلَ خُطَطِ عَمَلِ الشَّبَكَات",
            "ثلاثة أيام في طرابلس لإنهاء خطط العمل وتكييفها مع جائحة كورونا",
            "ورشة خطط",
        ),
        (
            "Atelier d'introduction pour les points focaux",
            "Les secrétariats des dialogues et l'équipe de suivi du PAVJ participent en ligne.",
            "secretariat dialogue",
        ),
        (
            "Workshop on the networks' action plans",
            "Three days in Tripoli to finalise the plans and adapt them to COVID-19.",
            "adapting plan",
        ),
    ],
)
def test_events_are_found_in_arabic_french_and_english(title, description, query):
    EventFactory(title=title, description=description)
    EventFactory(title="Unrelated meeting", description="Budget review")
    assert found(query) == [("event", title)]


@pytest.mark.django_db
def test_a_members_only_event_is_not_found_by_anonymous_users_or_outsiders(make_user):
    network = NetworkFactory()
    organisation = OrganisationFactory()
    MembershipFactory(network=network, organisation=organisation)
    event = EventFactory(title="Coaching on the Code of Conduct", visibility=Visibility.MEMBERS)
    event.networks.add(network)
    member = make_user(scoped=[(Role.ORG_EDITOR, organisation)])
    stranger_org = OrganisationFactory()
    MembershipFactory(network=NetworkFactory(), organisation=stranger_org)
    stranger = make_user(scoped=[(Role.ORG_EDITOR, stranger_org)])
    assert found("coaching") == []
    assert found("coaching", viewer=stranger) == []
    assert found("coaching", viewer=member) == [("event", "Coaching on the Code of Conduct")]
    assert found("coaching", viewer=make_user(Role.STAFF)) == [
        ("event", "Coaching on the Code of Conduct")
    ]
    # Made public: found by everyone in the next search (visibility is never stored).
    event.visibility = Visibility.PUBLIC
    event.save()
    assert found("coaching") == [("event", "Coaching on the Code of Conduct")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "body", "language", "query"),
    [
        (
            "اختتام ورشة العمل حول خطط عمل شبكات المجتمع المدني",
            "اجتمع ممثلو أربع شبكات ليبية تعمل في مجال الهِجْرَة في طرابلس.",
            "ar",
            "الهجره طرابلس",
        ),
        (
            "Les réseaux de la société civile finalisent leurs plans d'action",
            "Sept représentants désignés par les membres des réseaux ont participé.",
            "fr",
            "representants reseau",
        ),
        (
            "Focal points for the Rabat and Khartoum Processes meet in Tripoli",
            "The newly appointed focal points were introduced to the dialogue secretariats.",
            "en",
            "appointing focal point",
        ),
    ],
)
def test_news_is_found_in_its_language(title, body, language, query):
    NewsFactory(title=title, body=body, language=language)
    NewsFactory(title="Another story", body="Nothing to see")
    assert found(query) == [("news", title)]


@pytest.mark.django_db
def test_a_draft_news_item_is_found_only_by_those_who_may_see_it_and_at_once_when_published(
    staff_user, outsider
):
    news = content_services.news_create(
        title="National platform of CSO networks launched",
        body="The four networks agreed on a common **Code of Conduct**.",
        created_by=staff_user,
    )
    assert news.status == NewsStatus.DRAFT
    assert found("platform") == []
    assert found("platform", viewer=outsider) == []
    assert found("platform", viewer=staff_user) == [
        ("news", "National platform of CSO networks launched")
    ]
    content_services.news_publish(news=news, published_by=staff_user)
    assert found("platform") == [("news", "National platform of CSO networks launched")]
    # The body's text (rendered from Markdown, without tags) is searchable too.
    assert found("conduct") == [("news", "National platform of CSO networks launched")]
    content_services.news_unpublish(news=news, by=staff_user, reason="error")
    assert found("platform") == []


@pytest.mark.django_db
def test_news_is_found_by_its_tags_as_soon_as_they_are_set(staff_user):
    news = NewsFactory(title="Study visit to Italy", body="Networks met Italian associations.")
    topic = TopicFactory(name="Protection", name_ar="الحماية", name_fr="Protection")
    assert found("الحمايه") == []
    news.tags.add(topic)
    assert found("الحمايه") == [("news", "Study visit to Italy")]
    topic.news.remove(news)
    assert found("الحمايه") == []


@pytest.mark.django_db
def test_an_edited_news_item_is_found_by_its_new_text(staff_user):
    news = NewsFactory(title="Old headline", body="Old text")
    content_services.news_update(news=news, updated_by=staff_user, title="مُلتقى الشَّباب")
    assert found("ملتقي") == [("news", "مُلتقى الشَّباب")]
    assert found("headline") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "short_name", "scope", "query"),
    [
        (
            "Euro-African Dialogue on Migration and Development",
            "Rabat Process",
            "Countries of origin, transit and destination along the western African route.",
            "rabat",
        ),
        (
            "Initiative de la route migratoire UE-Corne de l'Afrique",
            "Processus de Khartoum",
            "Coopération entre les pays d'origine, de transit et de destination.",
            "cooperation transit",
        ),
        (
            "الحوار الأورو-إفريقي حول الهجرة والتنمية",
            "مسار الرباط",
            "التعاون بين بلدان المنشأ والعبور والمقصد",
            "الرباط العبور",
        ),
    ],
)
def test_dialogues_are_found_by_anyone(name, short_name, scope, query):
    DialogueFactory(name=name, short_name=short_name, scope=scope)
    DialogueFactory(name="Budapest Process", short_name="Budapest", scope="Eastern route")
    assert [kind for kind, _title in found(query)] == ["dialogue"]


@pytest.mark.django_db
def test_action_plans_are_public_once_adopted_and_find_their_objectives(staff_user, make_user):
    from shabaka.plans import services as plan_services

    network = NetworkFactory()
    organisation = OrganisationFactory()
    MembershipFactory(network=network, organisation=organisation)
    member = make_user(scoped=[(Role.ORG_EDITOR, organisation)])
    plan = make_plan(network=network, title="خطة عمل الشبكة 2021", visibility=Visibility.PUBLIC)
    objective = make_objective(plan, title="Renforcer la protection des migrants")
    # A draft plan: its network's members see it, the public does not.
    assert found("خطه") == []
    assert found("خطه", viewer=member) == [("plan", "خطة عمل الشبكة 2021")]
    # The objective's text belongs to the plan's entry, and follows its edits.
    assert found("protection", viewer=member) == [("plan", "خطة عمل الشبكة 2021")]
    make_activity(objective, title="Awareness sessions in Sabha schools")
    assert found("awareness", viewer=member) == [("plan", "خطة عمل الشبكة 2021")]
    plan_services.plan_adopt(plan=plan, adopted_by=staff_user)
    assert found("خطه") == [("plan", "خطة عمل الشبكة 2021")]


@pytest.mark.django_db
def test_a_staff_only_plan_stays_hidden_from_members(make_user):
    network = NetworkFactory()
    organisation = OrganisationFactory()
    MembershipFactory(network=network, organisation=organisation)
    member = make_user(scoped=[(Role.ORG_EDITOR, organisation)])
    make_plan(network=network, title="Internal security plan", visibility=Visibility.STAFF)
    assert found("security", viewer=member) == []
    assert found("security", viewer=make_user(Role.STAFF)) == [("plan", "Internal security plan")]


@pytest.mark.django_db
def test_the_type_filter_covers_the_new_kinds():
    EventFactory(title="Migration workshop")
    NewsFactory(title="Migration news")
    DialogueFactory(name="Migration dialogue", short_name="MD")
    kinds = {kind for kind, _title in found("migration")}
    assert kinds == {"event", "news", "dialogue"}
    assert found("migration", kinds=["news"]) == [("news", "Migration news")]


@pytest.mark.django_db
def test_rebuilding_the_index_covers_the_new_kinds():
    from shabaka.search.models import SearchDocument
    from shabaka.search.services import rebuild_index

    EventFactory(title="Rebuilt event")
    NewsFactory(title="Rebuilt news")
    SearchDocument.objects.all().delete()
    assert found("rebuilt") == []
    rebuild_index()
    assert {kind for kind, _t in found("rebuilt")} == {"event", "news"}


@pytest.mark.django_db
def test_an_unlisted_organiser_never_reaches_search_through_an_event():
    hidden = OrganisationFactory(name="Discreet Shelter Zeta", visibility=Visibility.MEMBERS)
    event = EventFactory(title="Open workshop")
    event.organisers.add(hidden)
    assert found("zeta") == []
