"""Reads of documents, always through what the viewer may see."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from shabaka.accounts.rules import is_project_staff
from shabaka.content.models import Document
from shabaka.core.selectors import localised_name_column
from shabaka.core.visibility import Visibility, visibility_of


def _projects_visible_to(user) -> QuerySet:
    """The projects the user may see, as the projects app defines it: content sits below
    projects and reaches the definition through core.visibility, never importing projects."""
    return visibility_of("projects.Project").queryset(user)


def documents_visible_to(user) -> QuerySet[Document]:
    documents = Document.objects.all()
    if is_project_staff(user):
        return documents
    public = Q(visibility=Visibility.PUBLIC)
    if user is None or not user.is_authenticated:
        return documents.filter(public)
    from shabaka.networks.selectors import member_network_ids

    networks = member_network_ids(user)
    if not networks:
        return documents.filter(public)
    return documents.filter(
        public
        | Q(visibility=Visibility.MEMBERS, network_id__in=networks)
        | Q(visibility=Visibility.MEMBERS, network__isnull=True)
    )


def current_documents_of(owner, *, viewer) -> list[Document]:
    """The current version of each of the owner's documents that the viewer may see, by title:
    one query."""
    return list(documents_of(owner, viewer=viewer))


def documents_of(owner, *, viewer, current_only: bool = True) -> QuerySet[Document]:
    owner_type = ContentType.objects.get_for_model(owner, for_concrete_model=True)
    documents = documents_visible_to(viewer).filter(owner_type=owner_type, owner_id=owner.pk)
    if current_only:
        documents = documents.filter(is_current=True)
    return documents.order_by("title")


def document_versions(document: Document, *, viewer) -> QuerySet[Document]:
    return documents_visible_to(viewer).filter(series=document.series).order_by("-version")


def current_documents(*, viewer) -> QuerySet[Document]:
    """The document list: the current version of each document the viewer may see, newest
    first."""
    return (
        documents_visible_to(viewer)
        .filter(is_current=True)
        .select_related("network")
        .order_by("-uploaded_at", "-id")
    )


def document_upload_choices(*, user) -> tuple[QuerySet, QuerySet]:
    """(networks, projects) a document may be uploaded for: every network and visible project
    for staff; the networks they coordinate, and no project, for a coordinator."""
    from shabaka.networks.models import Network

    if is_project_staff(user):
        return Network.objects.all(), _projects_visible_to(user)
    from shabaka.accounts.models import Role
    from shabaka.accounts.roles import scope_ids

    networks = Network.objects.filter(pk__in=scope_ids(user, Role.COORDINATOR, "networks.Network"))
    return networks, _projects_visible_to(user).none()


# --- news ------------------------------------------------------------------------------------


def news_visible_to(user) -> QuerySet:
    """Published news to everyone; drafts to staff, and to the coordinators of a network the
    draft is linked to (and to its author)."""
    from shabaka.accounts.models import Role
    from shabaka.accounts.roles import scope_ids
    from shabaka.content.models import NewsItem, NewsStatus

    news = NewsItem.objects.all()
    if is_project_staff(user):
        return news
    published = Q(status=NewsStatus.PUBLISHED)
    if user is None or not user.is_authenticated:
        return news.filter(published)
    coordinated = scope_ids(user, Role.COORDINATOR, "networks.Network")
    return news.filter(published | Q(networks__in=coordinated) | Q(created_by=user)).distinct()


def news_drafts(*, viewer) -> QuerySet:
    """The drafts the viewer may see, the latest changed first."""
    from shabaka.content.models import NewsStatus

    return news_visible_to(viewer).filter(status=NewsStatus.DRAFT).order_by("-updated_at")


def news_form_choices(*, viewer) -> dict:
    """What a news form offers: the projects the viewer may see, the networks they may link
    (every visible one for staff, those they coordinate otherwise), countries and tags."""
    from shabaka.directory.models import Country, Topic
    from shabaka.networks.selectors import networks_visible_to

    networks = networks_visible_to(viewer)
    if not is_project_staff(viewer):
        from shabaka.accounts.models import Role
        from shabaka.accounts.roles import scope_ids

        networks = networks.filter(pk__in=scope_ids(viewer, Role.COORDINATOR, "networks.Network"))
    return {
        "projects": _projects_visible_to(viewer),
        "networks": networks,
        "countries": Country.objects.all(),
        "tags": Topic.objects.all(),
    }


def published_news(*, viewer, country: str = "", project: str = "", tag: str = "") -> QuerySet:
    """Published news, filtered by country, project (one the viewer may see) and tag, newest
    first. news_list adds what the feeds and exports show; add_news_columns what the list
    shows."""
    from shabaka.content.models import NewsItem, NewsStatus

    news = NewsItem.objects.filter(status=NewsStatus.PUBLISHED)
    # Filters as subqueries, not joins: no DISTINCT, so the page's COUNT stays a plain index
    # count (a DISTINCT over every column of 50,000 rows cost the list ~100 ms).
    if country:
        news = news.filter(
            pk__in=NewsItem.countries.through.objects.filter(country__code=country).values(
                "newsitem_id"
            )
        )
    if project:
        news = news.filter(
            pk__in=NewsItem.projects.through.objects.filter(
                project__slug=project, project__in=_projects_visible_to(viewer)
            ).values("newsitem_id")
        )
    if tag:
        news = news.filter(
            pk__in=NewsItem.tags.through.objects.filter(topic__slug=tag).values("newsitem_id")
        )
    return news.order_by("-published_at", "-id")


def published_news_page(*, viewer, filters: dict, page_number):
    """A page of published_news (what the list's cards show of each), counted no further than
    a few pages ahead (core.pagination.paginate_capped_page): two queries, the page's items a
    list."""
    from shabaka.core.pagination import paginate_capped_page

    cards = published_news(
        viewer=viewer,
        country=filters.get("country") or "",
        project=filters.get("project") or "",
        tag=filters.get("tag") or "",
    ).only("pk", "slug", "title", "summary", "language", "published_at")
    page = paginate_capped_page(cards, page_number=page_number)
    page.object_list = list(page.object_list)
    return page


def news_list(*, viewer, country: str = "", project: str = "", tag: str = "") -> QuerySet:
    """Published news (published_news) with what each row shows prefetched, for the feeds and
    exports: a fixed number of queries whatever the number of rows."""
    from django.db.models import Prefetch

    news = published_news(viewer=viewer, country=country, project=project, tag=tag)
    # Plain lists (to_attr): `item.countries.all` in a template builds a manager and a queryset
    # per row even when prefetched.
    return news.prefetch_related(
        Prefetch("countries", to_attr="country_list"),
        Prefetch("tags", to_attr="tag_list"),
        Prefetch(
            "projects",
            queryset=_projects_visible_to(viewer)
            .only("pk", "slug", "title", "acronym")
            .order_by("title"),
            to_attr="visible_projects",
        ),
    )


def _country_names_of(*, news_ids: list[int]) -> QuerySet:
    from shabaka.content.models import NewsItem

    return (
        NewsItem.countries.through.objects.filter(newsitem_id__in=news_ids)
        .order_by("id")
        .values_list("newsitem_id", "country__name", f"country__{localised_name_column()}")
    )


def _tag_names_of(*, news_ids: list[int]) -> QuerySet:
    from shabaka.content.models import NewsItem

    return (
        NewsItem.tags.through.objects.filter(newsitem_id__in=news_ids)
        .order_by("id")
        .values_list("newsitem_id", "topic__name", f"topic__{localised_name_column()}")
    )


def _projects_of(*, news_ids: list[int]) -> QuerySet:
    # Visibility checked on the rows read, not in the query: with it there, SQLite read every
    # public project and looked for each among the page's news.
    from shabaka.content.models import NewsItem

    return (
        NewsItem.projects.through.objects.filter(newsitem_id__in=news_ids)
        .order_by("project__title")
        .values_list(
            "newsitem_id",
            "project__slug",
            "project__acronym",
            "project__title",
            "project__visibility",
        )
    )


def add_news_columns(*, viewer, items: list) -> list:
    """Gives each news item of a list page what its card shows: `link`, `country_names`,
    `tag_names` and `project_links` ((link, label) of the projects the viewer may see), read
    as tuples in three queries, with links worked out once a page: model instances and
    {% url %} per card cost the list most of its time. The template writes them
    (content/templatetags/news_cells.py)."""
    from shabaka.core.links import link_maker
    from shabaka.core.selectors import group_rows

    ids = [item.pk for item in items]
    countries = tags = projects = {}
    if ids:
        countries = group_rows(_country_names_of(news_ids=ids))
        tags = group_rows(_tag_names_of(news_ids=ids))
        projects = group_rows(_projects_of(news_ids=ids))
    news_link = link_maker("content:news_detail", "slug")
    project_link = link_maker("projects:project_detail", "slug")
    shown_projects = visibility_of("projects.Project").levels(viewer)
    for item in items:
        item.link = news_link(item.slug)
        item.country_names = [local or default for default, local in countries.get(item.pk, ())]
        item.tag_names = [local or default for default, local in tags.get(item.pk, ())]
        item.project_links = [
            (project_link(slug), acronym or title)
            for slug, acronym, title, visibility in projects.get(item.pk, ())
            if visibility in shown_projects
        ]
    return items


def feed_projects(*, viewer) -> QuerySet:
    """The projects whose news feed the viewer may read: those they may see."""
    return _projects_visible_to(viewer)


def news_feed_items(*, viewer, project: str = "", limit: int = 50) -> list:
    """The latest published news for an Atom feed, with the countries it lists (the feed shows
    no tags nor projects: their prefetches were half of its time)."""
    from django.db.models import Prefetch

    news = published_news(viewer=viewer, project=project)
    return list(news.prefetch_related(Prefetch("countries", to_attr="country_list"))[:limit])


# The filter form's choices: each a bounded read, whatever the number of news items.
FILTER_RECENT_NEWS = 200
FILTER_PROJECTS = 30


def news_countries() -> QuerySet:
    """Countries with published news: one index probe per country (a join and DISTINCT over
    every news item's countries grew with the news)."""
    from django.db.models import Exists, OuterRef

    from shabaka.content.models import NewsItem, NewsStatus
    from shabaka.directory.models import Country

    tagged = NewsItem.countries.through.objects.filter(
        country=OuterRef("pk"), newsitem__status=NewsStatus.PUBLISHED
    )
    return Country.objects.filter(Exists(tagged))


def news_tags() -> QuerySet:
    """Tags with published news, probed tag by tag like `news_countries`."""
    from django.db.models import Exists, OuterRef

    from shabaka.content.models import NewsItem, NewsStatus
    from shabaka.directory.models import Topic

    tagged = NewsItem.tags.through.objects.filter(
        topic=OuterRef("pk"), newsitem__status=NewsStatus.PUBLISHED
    )
    return Topic.objects.filter(Exists(tagged))


def _projects_in_latest_news(*, viewer) -> QuerySet:
    from django.db.models import Exists, OuterRef

    from shabaka.content.models import NewsItem, NewsStatus

    latest = (
        NewsItem.objects.filter(status=NewsStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values("pk")[:FILTER_RECENT_NEWS]
    )
    return (
        NewsItem.projects.through.objects.filter(
            Exists(_projects_visible_to(viewer).filter(pk=OuterRef("project_id"))),
            newsitem_id__in=latest,
        )
        .order_by("-newsitem__published_at", "-newsitem_id")
        .values_list("project__slug", "project__title", "project__acronym")
    )


def news_filter_projects(*, viewer, also: str = "") -> list[tuple[str, str]]:
    """(slug, label) of the projects the filter offers, by label: the FILTER_PROJECTS most
    recently in the news among the latest FILTER_RECENT_NEWS published items (projects the
    viewer may see), and the project `also` (a slug) if the viewer may see it. One query of
    at most FILTER_RECENT_NEWS rows: a list of every project with news grew with the data."""

    fields = ("slug", "title", "acronym")
    visible = _projects_visible_to(viewer)
    chosen: dict[str, str] = {}  # slug -> label, the most recently in the news first
    for slug, title, acronym in _projects_in_latest_news(viewer=viewer):
        if slug not in chosen and len(chosen) < FILTER_PROJECTS:
            chosen[slug] = f"{title} ({acronym})" if acronym else title  # as Project.__str__
    if also and also not in chosen:
        for slug, title, acronym in visible.filter(slug=also).values_list(*fields):
            chosen[slug] = f"{title} ({acronym})" if acronym else title
    return sorted(chosen.items(), key=lambda c: c[1])


def news_page(*, news, viewer) -> dict:
    from shabaka.networks.selectors import networks_visible_to

    translations = (
        news_visible_to(viewer)
        .filter(translation_group=news.translation_group)
        .exclude(pk=news.pk)
        .order_by("language")
    )
    return {
        "news": news,
        "translations": list(translations),
        "projects": list(_projects_visible_to(viewer).filter(news=news)),
        "networks": list(networks_visible_to(viewer).filter(news=news)),
        "countries": list(news.countries.all()),
        "tags": list(news.tags.all()),
        **_news_links(news, viewer),
    }


def _news_links(news, viewer) -> dict:
    """The events and dialogues the news item reports on, as far as the viewer may see them."""
    from django.apps import apps

    links = {"events": [], "dialogues": []}
    if apps.is_installed("shabaka.events"):
        events = visibility_of("events.Event").queryset(viewer)
        links["events"] = list(events.filter(news=news).order_by("starts_at"))
    if apps.is_installed("shabaka.dialogues"):
        links["dialogues"] = list(news.dialogues.order_by("short_name"))
    return links


def latest_news(*, limit: int, **linked_to) -> list:
    """The latest published news as short lists show them (title, date, link): no prefetch
    of countries, tags or projects, no body. For the home page, or the news linked to one
    record (`events=event`, `dialogues=dialogue`, `projects=project`): one query."""
    from shabaka.content.models import NewsItem, NewsStatus

    news = NewsItem.objects.filter(status=NewsStatus.PUBLISHED, **linked_to)
    return list(
        news.only("title", "slug", "language", "published_at").order_by("-published_at", "-id")[
            :limit
        ]
    )


def news_for_project(project, *, viewer, limit: int = 5) -> list:
    # The project itself was loaded through projects_visible_to by its page.
    return latest_news(limit=limit, projects=project)
