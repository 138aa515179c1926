import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from shabaka.directory.models import Organisation
from shabaka.projects import services
from shabaka.projects.iati.export import export_activities, validate
from shabaka.projects.iati.importer import import_activities, project_state
from shabaka.projects.iati.parse import IatiFileError, parse_activities
from shabaka.projects.models import Project
from shabaka.projects.selectors import projects_for_export
from tests.factories.directory import CountryFactory, OrganisationFactory, PlaceFactory

DATA = Path(__file__).parent / "data"


def full_project(staff_user):
    libya = CountryFactory(code="LY")
    tunisia = CountryFactory(code="TN", name="Tunisia")
    tripoli = PlaceFactory(country=libya, code="LY0101", name="Tripoli")
    eu = OrganisationFactory(
        name="European Union",
        kind="donor",
        identifier="XI-IATI-EC_NEAR",
        country=CountryFactory(code="BE", name="Belgium"),
    )
    swiss = OrganisationFactory(
        name="Swiss Confederation",
        kind="donor",
        identifier="CH-4",
        country=CountryFactory(code="CH"),
        acronym="CH",
    )
    sem = OrganisationFactory(
        name="State Secretariat for Migration (SEM)",
        kind="government",
        country=swiss.country,
        name_fr="Secrétariat d'État aux migrations",
    )
    fdfa = OrganisationFactory(
        name="Federal Department of Foreign Affairs (FDFA)",
        kind="government",
        country=swiss.country,
    )
    icmpd = OrganisationFactory(
        name="International Centre for Migration Policy Development",
        acronym="ICMPD",
        kind="international",
        identifier="XM-DAC-47137",
        country=CountryFactory(code="AT", name="Austria"),
    )
    ntbsm = OrganisationFactory(
        name="National Team for Border Security and Management",
        acronym="NTBSM",
        kind="government",
        country=libya,
        name_language="en",
        name_ar="الفريق الوطني لأمن وإدارة الحدود",
    )
    project = services.project_create(
        title="Libya's Migration Technical Assistance Facility",
        slug="libmitaf",
        acronym="LIBMITAF",
        description="Technical assistance to Libya's participation in migration dialogues.",
        title_translations={
            "fr": "Facilité d'assistance technique sur la migration en Libye",
            "ar": "مرفق المساعدة التقنية للهجرة في ليبيا",
        },
        iati_identifier="XM-DAC-47137-LIBMITAF",
        planned_start=datetime.date(2021, 1, 1),
        planned_end=datetime.date(2023, 12, 31),
        actual_start=datetime.date(2021, 2, 1),
        total_budget=Decimal("3500000.00"),
        currency="EUR",
        reporting_organisation=icmpd,
        countries=[libya, tunisia],
        places=[tripoli],
        created_by=staff_user,
    )
    services.funding_add(
        project=project,
        funder=eu,
        amount="2000000",
        currency="EUR",
        committed_on=datetime.date(2020, 12, 1),
        added_by=staff_user,
        note="EU contribution",
    )
    services.funding_add(
        project=project,
        funder=swiss,
        through=sem,
        amount="500000",
        currency="CHF",
        committed_on=datetime.date(2021, 1, 15),
        added_by=staff_user,
    )
    fdfa_funding = services.funding_add(
        project=project,
        funder=swiss,
        through=fdfa,
        amount="400000",
        currency="CHF",
        committed_on=datetime.date(2021, 3, 1),
        added_by=staff_user,
    )
    fdfa_role = project.participants.get(organisation=fdfa)
    fdfa_role.unit = "Peace and Human Rights Division"
    fdfa_role.save()
    services.participant_add(project=project, organisation=icmpd, role="4", added_by=staff_user)
    services.participant_add(project=project, organisation=icmpd, role="2", added_by=staff_user)
    services.participant_add(
        project=project, organisation=ntbsm, role="4", added_by=staff_user, is_national_partner=True
    )
    services.identifier_add(
        project=project,
        ref="T05-EUTF-NOA-LY-07",
        kind="B1",
        owner_name="European Union",
        added_by=staff_user,
    )
    services.sector_add(project=project, code="15190", added_by=staff_user, percentage="60")
    services.sector_add(
        project=project,
        vocabulary="99",
        code="DIALOGUES",
        name="Dialogues",
        added_by=staff_user,
        percentage="40",
    )
    services.budget_add(
        project=project,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        amount="1200000",
        currency="EUR",
        kind="1",
        status="2",
        added_by=staff_user,
    )
    services.budget_add(
        project=project,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
        amount="300000",
        currency="CHF",
        value_date=datetime.date(2021, 6, 1),
        added_by=staff_user,
    )
    services.transaction_add(
        project=project,
        kind="3",
        date=datetime.date(2021, 5, 1),
        amount="250000.50",
        currency="EUR",
        description="First tranche",
        provider=icmpd,
        receiver=ntbsm,
        ref="TX-1",
        added_by=staff_user,
    )
    services.transaction_add(
        project=project,
        kind="4",
        date=datetime.date(2021, 6, 1),
        amount="1000",
        currency="CHF",
        added_by=staff_user,
    )
    assert fdfa_funding.through == fdfa
    return project


def comparable(state):
    state = dict(state)
    state.pop("reporting_organisation_id")
    return state


@pytest.mark.django_db
def test_the_export_validates_against_the_iati_203_schema(staff_user):
    full_project(staff_user)
    data = export_activities(projects_for_export())
    tree = etree.fromstring(data)
    assert validate(tree) == []
    assert tree.get("version") == "2.03"
    roles = {(p.findtext("narrative"), p.get("role")) for p in tree.iter("participating-org")}
    assert ("Swiss Confederation", "1") in roles
    assert ("State Secretariat for Migration (SEM)", "3") in roles
    assert tree.find(".//sector[@code='15190']/narrative").text == (
        "Facilitation of orderly, safe, regular and responsible migration and mobility"
    )
    assert {c.get("code") for c in tree.iter("recipient-country")} == {"LY", "TN"}
    assert len(tree.findall(".//budget")) == 2


@pytest.mark.django_db
def test_a_broken_export_is_caught_by_the_schema():
    tree = etree.fromstring(b'<iati-activities version="2.03"><iati-activity/></iati-activities>')
    assert validate(tree)


@pytest.mark.django_db
def test_round_trip_into_an_empty_database_keeps_every_field(staff_user, django_db_blocker):
    project = full_project(staff_user)
    before = project_state(project)
    data = export_activities(projects_for_export())
    # Empty the database of projects and organisations, then import our own file.
    Project.objects.all().delete()
    Organisation.objects.all().delete()
    report = import_activities(data, imported_by=staff_user)
    assert report.created == ["XM-DAC-47137-LIBMITAF"] and not report.refused
    imported = Project.objects.get(iati_identifier="XM-DAC-47137-LIBMITAF")
    after = project_state(imported)
    assert comparable(after) == comparable(before)
    assert imported.reporting_organisation.name == (
        "International Centre for Migration Policy Development"
    )
    sem = imported.participants.get(organisation__name__startswith="State Secretariat")
    assert sem.acting_for.organisation.name == "Swiss Confederation"
    assert sem.acting_for.role == "1"
    ntbsm = Organisation.objects.get(acronym="NTBSM")
    assert (ntbsm.kind, ntbsm.country.code, ntbsm.name_ar) == (
        "government",
        "LY",
        "الفريق الوطني لأمن وإدارة الحدود",
    )


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(staff_user):
    data = (DATA / "dfid-albania-excerpt.xml").read_bytes()
    first = import_activities(data, imported_by=staff_user)
    assert len(first.created) == 3
    counts = (Project.objects.count(), Organisation.objects.count())
    second = import_activities(data, imported_by=staff_user)
    assert second.created == [] and second.updated == []
    assert len(second.unchanged) == 3
    assert (Project.objects.count(), Organisation.objects.count()) == counts


@pytest.mark.django_db
def test_a_real_publishers_file_is_imported(staff_user):
    report = import_activities(
        (DATA / "dfid-albania-excerpt.xml").read_bytes(), imported_by=staff_user
    )
    assert not report.refused
    project = Project.objects.get(iati_identifier="GB-1-109616-101")
    assert project.status == "4"
    assert project.planned_start == datetime.date(2007, 1, 1)
    assert [c.code for c in project.countries.all()] == ["AL"]
    assert project.budgets.count() == 3
    assert project.transactions.count() == 4
    bank = project.participants.get(role="4").organisation
    assert (bank.identifier, bank.name) == (
        "44001",
        "International Bank for Reconstruction and Development",
    )
    # Organisations are shared between activities, found by ref.
    assert Organisation.objects.filter(identifier="GB-GOV-1").count() == 1


@pytest.mark.django_db
def test_a_file_with_an_organisation_known_only_by_name_and_spanish_narratives(staff_user):
    report = import_activities(
        (DATA / "maec-spain-excerpt.xml").read_bytes(), imported_by=staff_user
    )
    assert report.created == ["ES-DIR3-E04585801-009-001301"]
    project = Project.objects.get()
    assert project.title == "Personas cooperantes voluntarias en organismos internacionales"
    spain = project.participants.get(role="1").organisation
    assert (spain.name, spain.identifier) == ("Spain", "")
    assert project.identifiers.get().owner_ref == "ES-DIR3-E04585801"


MULTI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-TEST-1</iati-identifier>
  <reporting-org ref="XM-TEST" type="40"><narrative>Test Agency</narrative></reporting-org>
  <title><narrative>Migration dialogue support</narrative>
   <narrative xml:lang="fr">Appui au dialogue sur la migration</narrative>
   <narrative xml:lang="ar">دعم الحوار حول الهجرة</narrative></title>
  <description><narrative>Support.</narrative></description>
  <participating-org role="1" ref="XM-DAC-7"/>
  <participating-org role="4"><narrative xml:lang="fr">Association Tunisienne</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <recipient-country code="TN"/>
  <sector vocabulary="1" code="15190" percentage="50"/>
  <sector vocabulary="2" code="151" percentage="50"/>
  <sector vocabulary="7" code="10"/>
  <budget type="1" status="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value value-date="2020-01-01">1000</value></budget>
  <budget type="1" status="1"><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
   <value currency="USD" value-date="2021-01-01">2000</value></budget>
  <transaction><transaction-type code="11"/><transaction-date iso-date="2020-02-01"/>
   <value currency="CHF" value-date="2020-02-01">5000</value>
   <provider-org ref="XM-DAC-7"/></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2020-03-01"/>
   <value value-date="2020-03-01">700</value></transaction>
  <result type="1"><title><narrative>Networks strengthened</narrative></title>
   <indicator measure="1" ascending="1"><title><narrative>Networks with an action plan</narrative></title>
    <baseline year="2019" value="0"/>
    <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
     <target value="4"/><actual value="3"><comment><narrative>Three of four adopted.</narrative></comment></actual></period>
   </indicator></result>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-TEST-2</iati-identifier>
  <title><narrative>No currency anywhere</narrative></title>
  <activity-status code="2"/>
  <budget><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value value-date="2020-01-01">1000</value></budget>
 </iati-activity>
</iati-activities>
""".encode()  # noqa: E501


@pytest.mark.django_db
def test_languages_vocabularies_currencies_and_refs_only(staff_user):
    report = import_activities(MULTI, imported_by=staff_user)
    assert report.created == ["XM-TEST-1"]
    # Refused where the problem is: the budget value with no currency and no default-currency.
    lines = MULTI.decode().splitlines()
    expected = max(n for n, text in enumerate(lines, start=1) if "<value value-date" in text)
    assert [(i, line) for i, line, _reason in report.refused] == [("XM-TEST-2", expected)]
    project = Project.objects.get(iati_identifier="XM-TEST-1")
    assert project.title_translations == {
        "fr": "Appui au dialogue sur la migration",
        "ar": "دعم الحوار حول الهجرة",
    }
    assert sorted(project.sectors.values_list("vocabulary", "code")) == [
        ("1", "15190"),
        ("2", "151"),
        ("7", "10"),
    ]
    assert sorted(project.budgets.values_list("currency", flat=True)) == ["EUR", "USD"]
    funding = project.funding.get()
    assert (funding.currency, funding.funder.identifier, funding.funder.name) == (
        "CHF",
        "XM-DAC-7",
        "XM-DAC-7",
    )
    assert project.participants.get(role="4").organisation.name == "Association Tunisienne"
    assert "results not imported (plans not installed)" in report.results_note or (
        report.indicators_imported == 1
    )


def test_results_are_parsed_into_plain_dataclasses():
    activities, refused = parse_activities(MULTI)
    indicator = activities[0].results[0].indicators[0]
    assert (indicator.title, indicator.measure, indicator.ascending) == (
        "Networks with an action plan",
        "1",
        True,
    )
    assert (indicator.baseline, indicator.baseline_year) == (Decimal("0"), 2019)
    period = indicator.periods[0]
    assert (period.start, period.end, period.target, period.actual, period.narrative) == (
        datetime.date(2020, 1, 1),
        datetime.date(2020, 12, 31),
        Decimal("4"),
        Decimal("3"),
        "Three of four adopted.",
    )


@pytest.mark.django_db
def test_a_malformed_file_changes_nothing_and_names_the_line(staff_user):
    good = (DATA / "dfid-albania-excerpt.xml").read_bytes()
    broken = good.replace(b"</title>", b"</titel>", 3)
    with pytest.raises(IatiFileError) as error:
        import_activities(broken, imported_by=staff_user)
    assert error.value.line == 8  # where </titel> closes the <title> opened on line 6
    assert "line 8" in str(error.value)
    assert not Project.objects.exists() and not Organisation.objects.exists()


def test_a_file_that_is_not_iati_is_refused():
    with pytest.raises(IatiFileError, match="not <iati-activities>"):
        parse_activities(b"<html><body/></html>")


@pytest.mark.django_db(transaction=True)
def test_the_import_page_reports_the_line_of_a_malformed_file(client, staff_user):
    """The import runs as a background job; its page gives the line of a malformed file."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.urls import reverse

    client.force_login(staff_user)
    broken = (DATA / "maec-spain-excerpt.xml").read_bytes().replace(b"</iati-activity>", b"")
    response = client.post(
        reverse("projects:iati_import"), {"file": SimpleUploadedFile("a.xml", broken)}
    )
    job_page = response["Location"]
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    assert "Nothing was imported: line" in client.get(job_page).content.decode()
    assert not Project.objects.exists()
    response = client.post(
        reverse("projects:iati_import"),
        {"file": SimpleUploadedFile("a.xml", (DATA / "maec-spain-excerpt.xml").read_bytes())},
    )
    job_page = response["Location"]
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    assert "ES-DIR3-E04585801-009-001301" in client.get(job_page).content.decode()
    assert Project.objects.count() == 1


@pytest.mark.django_db
def test_the_export_command_writes_a_valid_file(staff_user, tmp_path):
    from django.core.management import call_command

    full_project(staff_user)
    target = tmp_path / "out.xml"
    call_command("iati_export", str(target))
    assert validate(etree.parse(str(target))) == []
