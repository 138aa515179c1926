"""core.prepared: a read compiled once per shape gives what the ORM gives, for new values."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Value

from shabaka.core.prepared import PreparedRead
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Organisation
from shabaka.directory.selectors import organisations_visible_to
from tests.factories.directory import CountryFactory, OrganisationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def visible_names(*, viewer, kind, country_id):
    return (
        organisations_visible_to(viewer)
        .filter(kind=kind, country_id=country_id)
        .order_by("name")
        .values_list("name", "kind")
    )


def test_new_values_run_the_same_sql_and_give_what_the_orm_gives(django_assert_num_queries):
    libya, italy = CountryFactory(code="LY"), CountryFactory(code="IT")
    OrganisationFactory(name="Alpha", kind="cso", country=libya)
    OrganisationFactory(name="Beta", kind="ngo", country=libya)
    OrganisationFactory(name="Gamma", kind="cso", country=italy)
    OrganisationFactory(name="Hidden", kind="cso", country=libya, visibility=Visibility.STAFF)
    read = PreparedRead(visible_names)
    anonymous = AnonymousUser()

    assert read(viewer=anonymous, kind="cso", country_id=libya.pk) == [("Alpha", "cso")]
    with django_assert_num_queries(1):
        assert read(viewer=anonymous, kind="ngo", country_id=libya.pk) == [("Beta", "ngo")]
    assert read(viewer=anonymous, kind="cso", country_id=italy.pk) == [("Gamma", "cso")]
    assert len(read._compiled) == 1
    assert read(viewer=anonymous, kind="cso", country_id=italy.pk) == list(
        visible_names(viewer=anonymous, kind="cso", country_id=italy.pk)
    )


def test_a_signed_in_viewer_gets_their_own_visibility_rule(staff_user):
    libya = CountryFactory(code="LY")
    OrganisationFactory(name="Alpha", kind="cso", country=libya)
    OrganisationFactory(name="Hidden", kind="cso", country=libya, visibility=Visibility.STAFF)
    read = PreparedRead(visible_names)

    assert read(viewer=AnonymousUser(), kind="cso", country_id=libya.pk) == [("Alpha", "cso")]
    assert [name for name, _kind in read(viewer=staff_user, kind="cso", country_id=libya.pk)] == [
        "Alpha",
        "Hidden",
    ]
    assert read(viewer=AnonymousUser(), kind="cso", country_id=libya.pk) == [("Alpha", "cso")]


def test_lists_of_ids_and_empty_lists():
    first, second, third = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    read = PreparedRead(
        lambda *, ids: (
            Organisation.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        )
    )

    assert read(ids=[first.pk, third.pk]) == [first.pk, third.pk]
    assert read(ids={second.pk, third.pk}) == [second.pk, third.pk]
    assert read(ids=[]) == []
    assert read(ids=[second.pk]) == [second.pk]


def test_an_empty_value_is_compiled_apart_so_a_builder_may_leave_its_condition_out():
    OrganisationFactory(name="Alpha", acronym="ALP")
    OrganisationFactory(name="Beta", acronym="")

    def by_acronym(*, acronym):
        organisations = Organisation.objects.order_by("name")
        if acronym:
            organisations = organisations.filter(acronym=acronym)
        return organisations.values_list("name", flat=True)

    read = PreparedRead(by_acronym)
    assert read(acronym="ALP") == ["Alpha"]
    assert read(acronym="") == ["Alpha", "Beta"]
    assert read(acronym="ALP") == ["Alpha"]


def test_models_with_related_rows_annotations_and_dates():
    libya = CountryFactory(code="LY")
    topic = TopicFactory()
    alpha = OrganisationFactory(name="Alpha", country=libya, founded_year=2001)
    alpha.topics.add(topic)
    OrganisationFactory(name="Beta", country=libya, founded_year=2015)

    def organisations(*, year, label):
        return (
            Organisation.objects.filter(founded_year__lte=year)
            .select_related("country")
            .only("name", "country__code")
            .annotate(topic_count=Count("topics"), label=Value(label))
            .order_by("name")
        )

    read = PreparedRead(organisations)
    (found,) = read(year=2010, label="first")
    assert (found.name, found.country.code, found.topic_count, found.label) == (
        "Alpha",
        "LY",
        1,
        "first",
    )
    assert [(o.name, o.topic_count, o.label) for o in read(year=2020, label="again")] == [
        ("Alpha", 1, "again"),
        ("Beta", 0, "again"),
    ]


def test_dates_are_bound_as_the_database_takes_them():
    from shabaka.events.models import Event
    from tests.factories.events import TRIPOLI, EventFactory

    for title, month in (("Spring", 3), ("Autumn", 10)):
        EventFactory(
            title=title,
            starts_at=datetime(2024, month, 1, 9, tzinfo=TRIPOLI),
            ends_at=datetime(2024, month, 1, 17, tzinfo=TRIPOLI),
        )
    read = PreparedRead(
        lambda *, since: (
            Event.objects.filter(start_date__gte=since)
            .order_by("start_date")
            .values_list("title", "start_date")
        )
    )

    assert read(since=date(2024, 1, 1)) == [
        ("Spring", date(2024, 3, 1)),
        ("Autumn", date(2024, 10, 1)),
    ]
    assert read(since=date(2024, 6, 1)) == [("Autumn", date(2024, 10, 1))]
    starting = PreparedRead(
        lambda *, after: (
            Event.objects.filter(starts_at__gt=after)
            .order_by("starts_at")
            .values_list("title", flat=True)
        )
    )
    assert starting(after=datetime(2024, 3, 1, 6, 59, tzinfo=UTC)) == ["Spring", "Autumn"]
    assert starting(after=datetime(2024, 3, 1, 7, 0, tzinfo=UTC)) == ["Autumn"]


def test_a_value_the_orm_rewrites_is_refused_with_a_clear_error():
    read = PreparedRead(
        lambda *, text: Organisation.objects.filter(name__icontains=text).values_list("pk")
    )
    with pytest.raises(ImproperlyConfigured, match="icontains"):
        read(text="alpha")


def test_slice_bounds_go_in_fixed():
    for name in ("A", "B", "C"):
        OrganisationFactory(name=name)

    def page(*, offset):
        return Organisation.objects.order_by("name").values_list("name", flat=True)[
            offset : offset + 2
        ]

    read = PreparedRead(page)
    assert read(fixed={"offset": 0}) == ["A", "B"]
    assert read(fixed={"offset": 2}) == ["C"]
    with pytest.raises(ImproperlyConfigured, match="slice"):
        read(offset=1)


def test_lists_share_a_shape_up_to_the_next_power_of_two():
    organisations = [OrganisationFactory() for _ in range(5)]
    ids = [o.pk for o in organisations]
    read = PreparedRead(
        lambda *, ids: (
            Organisation.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        )
    )

    assert read(ids=ids[:3]) == ids[:3]
    assert read(ids=ids[1:5]) == ids[1:5]  # four: the same shape as three
    assert len(read._compiled) == 1
    assert read(ids=ids) == ids  # five: compiled at eight
    assert len(read._compiled) == 2


def test_count_window_and_unprepared_reads():
    for name in ("Alpha", "Beta", "Gamma", "Delta"):
        OrganisationFactory(name=name, kind="cso")
    OrganisationFactory(name="Other", kind="ngo")

    def by_kind(*, viewer, kind, text=""):
        organisations = organisations_visible_to(viewer).filter(kind=kind).order_by("name")
        if text:
            organisations = organisations.filter(name__icontains=text)
        return organisations.values_list("name", flat=True)

    read = PreparedRead(by_kind)
    anonymous = AnonymousUser()
    assert read.count(viewer=anonymous, kind="cso") == 4
    assert read.count(viewer=anonymous, kind="cso", limit=2) == 2
    assert read.count(viewer=anonymous, kind="ngo") == 1
    assert read(viewer=anonymous, kind="cso", window=(1, 2)) == ["Beta", "Delta"]
    assert read(viewer=anonymous, kind="cso", window=(3, 2)) == ["Gamma"]
    # A text searched with icontains cannot be prepared: built each time, on asking.
    assert read(viewer=anonymous, kind="cso", text="mm", prepare=False) == ["Gamma"]
    assert read.count(viewer=anonymous, kind="cso", text="a", prepare=False) == 4


def test_a_value_computed_from_another_is_refused_not_kept_as_a_constant():
    from datetime import timedelta

    from shabaka.events.models import Event

    read = PreparedRead(
        lambda *, day: Event.objects.filter(
            start_date__gte=day - timedelta(days=3), end_date__lte=day
        ).values_list("pk", flat=True)
    )
    with pytest.raises(ImproperlyConfigured, match="computed from another"):
        read(day=date(2024, 1, 10))


# On PostgreSQL a read runs as a statement prepared on the server, its constants in its text.

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements prepared on the server are PostgreSQL's"
)


def names_except(excluded: str):
    """A builder whose constant `excluded` tells its statement apart from other tests'
    (statements stay prepared for the life of the connection)."""

    def names(*, kind):
        return (
            Organisation.objects.filter(kind=kind)
            .exclude(name=excluded)
            .order_by("name")
            .values_list("name", flat=True)
        )

    return names


def statements_excluding(excluded: str) -> list[str]:
    """The connection's prepared statements with `excluded` written in, quoted as SQL."""
    quoted = "'" + excluded.replace("'", "''") + "'"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall() if quoted in row[0]]


@on_postgresql
def test_on_postgresql_a_read_is_a_prepared_statement_with_its_constants_written():
    OrganisationFactory(name="Alpha", kind="cso")
    OrganisationFactory(name="100% 'sure'", kind="cso")
    OrganisationFactory(name="Beta", kind="ngo")
    # A constant with a percent sign and a quote, written into the statement's text.
    read = PreparedRead(names_except("100% 'sure'"))

    assert read(kind="cso") == ["Alpha"]
    assert read(kind="ngo") == ["Beta"]
    (statement,) = statements_excluding("100% 'sure'")
    assert "$1" in statement and "$2" not in statement  # the kind alone is bound


@on_postgresql
def test_a_read_planned_for_its_values_and_a_connection_without_prepared_statements():
    OrganisationFactory(name="Alpha", kind="cso")
    planned_each_time = PreparedRead(names_except("planned each time"), generic_plan=False)
    assert planned_each_time(kind="cso") == ["Alpha"]
    assert not statements_excluding("planned each time")

    read = PreparedRead(names_except("not prepared"))
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None  # as with DB_PREPARED_STATEMENTS=0
    try:
        assert read(kind="cso") == ["Alpha"]
        assert not statements_excluding("not prepared")
    finally:
        connection.connection.prepare_threshold = threshold
    assert read(kind="cso") == ["Alpha"]
    assert statements_excluding("not prepared")


@on_postgresql
def test_the_query_log_shows_a_prepared_statement_with_its_values():
    from django.test.utils import CaptureQueriesContext

    OrganisationFactory(name="Alpha", kind="cso")
    read = PreparedRead(names_except("logged"))
    with CaptureQueriesContext(connection) as queries:
        assert read(kind="cso") == ["Alpha"]
    (logged,) = queries.captured_queries
    assert "'logged'" in logged["sql"] and "'cso'" in logged["sql"]
