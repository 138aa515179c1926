"""Projects as an IATI activity file, version 2.03.

What IATI has no element for (a project's slug, acronym and total budget; an organisation's kind,
country and acronym; "acting through") travels in attributes and elements of our own namespace,
which the schema allows anywhere (`##other`), so that a round trip keeps every field."""

import datetime
from functools import cache

from django.utils import timezone
from lxml import etree

from shabaka.projects.iati.codelists import SCHEMA_DIR
from shabaka.projects.models import Project

NS = "urn:shabaka:iati-extension:1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KIND_TO_TYPE = {
    "government": "10",
    "cso": "22",
    "international": "40",
    "donor": "10",
    "secretariat": "40",
}


def x(name: str) -> str:
    return f"{{{NS}}}{name}"


@cache
def activity_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def validate(tree) -> list[str]:
    """Schema errors of an IATI activity file (an empty list when it validates)."""
    schema = activity_schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _narratives(parent, texts: dict[str, str], default_language: str) -> None:
    """One narrative per language; the default language's one carries no xml:lang (the activity's
    xml:lang applies)."""
    for language, text in texts.items():
        narrative = etree.SubElement(parent, "narrative")
        narrative.text = text or ""
        if language != default_language:
            narrative.set(XML_LANG, language)
    if not len(parent.findall("narrative")):
        etree.SubElement(parent, "narrative").text = ""


def _text(parent, tag: str, texts: dict[str, str], default_language: str):
    element = etree.SubElement(parent, tag)
    _narratives(element, texts, default_language)
    return element


def _org(parent, tag: str, organisation, *, default_language: str, **attributes):
    element = etree.SubElement(parent, tag)
    if organisation.identifier or tag == "reporting-org":
        # reporting-org/@ref is required; without a known identifier it is empty, never made up.
        element.set("ref", organisation.identifier)
    element.set("type", KIND_TO_TYPE.get(organisation.kind, "90"))
    for key, value in attributes.items():
        if value:
            element.set(key, value)
    element.set(x("kind"), organisation.kind)
    element.set(x("country"), organisation.country.code)
    if organisation.acronym:
        element.set(x("acronym"), organisation.acronym)
    names = {organisation.name_language: organisation.name}
    for language in ("en", "ar", "fr"):
        translated = getattr(organisation, f"name_{language}")
        if translated and language not in names:
            names[language] = translated
    for language, text in names.items():
        narrative = etree.SubElement(element, "narrative")
        narrative.text = text
        narrative.set(XML_LANG, language)
    return element


def _org_reference(parent, tag: str, organisation, *, role: str = ""):
    """An extension element naming an organisation (acting-for, through)."""
    element = etree.SubElement(parent, x(tag))
    element.set("name", organisation.name)
    if organisation.identifier:
        element.set("ref", organisation.identifier)
    if role:
        element.set("role", role)
    return element


def _money(parent, tag: str, amount, currency: str, value_date: datetime.date):
    value = etree.SubElement(parent, tag)
    value.set("currency", currency)
    value.set("value-date", value_date.isoformat())
    value.text = f"{amount:.2f}"
    return value


def _date(parent, tag: str, value: datetime.date, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    element.set("iso-date", value.isoformat())
    return element


def activity_element(project: Project):
    language = project.language or "en"
    activity = etree.Element("iati-activity")
    activity.set(XML_LANG, language)
    if project.currency:
        activity.set("default-currency", project.currency)
    activity.set("last-updated-datetime", project.updated_at.replace(microsecond=0).isoformat())
    activity.set(x("slug"), project.slug)
    if project.acronym:
        activity.set(x("acronym"), project.acronym)
    if project.total_budget is not None:
        activity.set(x("total-budget"), f"{project.total_budget:.2f}")

    etree.SubElement(activity, "iati-identifier").text = project.iati_identifier or project.slug
    participants = list(project.participants.all())
    reporter = project.reporting_organisation
    if reporter is None or reporter.visibility != "public":
        reporter = next((p.organisation for p in participants if p.role in "234"), None)
    if reporter is not None:
        _org(activity, "reporting-org", reporter, default_language=language)
        if project.reporting_organisation_id == reporter.pk:
            activity.find("reporting-org").set(x("declared"), "1")
    else:
        etree.SubElement(activity, "reporting-org", ref="", type="90").append(
            etree.Element("narrative")
        )
    _text(activity, "title", {language: project.title, **project.title_translations}, language)
    _text(
        activity,
        "description",
        {language: project.description, **project.description_translations},
        language,
    )
    keys = {}
    for participant in participants:
        keys[participant.pk] = participant
    for participant in participants:
        element = _org(
            activity,
            "participating-org",
            participant.organisation,
            default_language=language,
            role=participant.role,
        )
        if participant.unit:
            element.set(x("unit"), participant.unit)
        if participant.is_national_partner:
            element.set(x("national-partner"), "1")
        if participant.acting_for_id and participant.acting_for_id in keys:
            acting_for = keys[participant.acting_for_id]
            _org_reference(element, "acting-for", acting_for.organisation, role=acting_for.role)
    if not participants and reporter is not None:
        _org(activity, "participating-org", reporter, default_language=language, role="2")
    for identifier in project.identifiers.all():
        element = etree.SubElement(
            activity, "other-identifier", ref=identifier.ref, type=identifier.kind or "A1"
        )
        if identifier.owner_ref or identifier.owner_name:
            owner = etree.SubElement(element, "owner-org")
            if identifier.owner_ref:
                owner.set("ref", identifier.owner_ref)
            if identifier.owner_name:
                etree.SubElement(owner, "narrative").text = identifier.owner_name
    etree.SubElement(activity, "activity-status", code=project.status)
    dates = [
        ("1", project.planned_start),
        ("2", project.actual_start),
        ("3", project.planned_end),
        ("4", project.actual_end),
    ]
    if not any(value for _code, value in dates):
        dates = [("1", project.created_at.date())]
        activity.set(x("no-dates"), "1")
    for code, value in dates:
        if value:
            _date(activity, "activity-date", value, type=code)
    for country in project.countries.all():
        etree.SubElement(activity, "recipient-country", code=country.code)
    for place in project.places.all():
        location = etree.SubElement(activity, "location", ref=place.code)
        _text(location, "name", {"en": place.name}, language)
    for sector in project.sectors.all():
        element = etree.SubElement(
            activity, "sector", vocabulary=sector.vocabulary, code=sector.code
        )
        if sector.percentage is not None:
            element.set("percentage", f"{sector.percentage:.2f}")
        if sector.name:
            etree.SubElement(element, "narrative").text = sector.name
    for budget in project.budgets.all():
        element = etree.SubElement(activity, "budget", type=budget.kind, status=budget.status)
        _date(element, "period-start", budget.period_start)
        _date(element, "period-end", budget.period_end)
        _money(element, "value", budget.amount, budget.currency, budget.value_date)
    for funding in project.funding.all():
        element = etree.SubElement(activity, "transaction")
        element.set(x("funding"), "1")
        etree.SubElement(element, "transaction-type", code="11")
        _date(element, "transaction-date", funding.committed_on)
        _money(element, "value", funding.amount, funding.currency, funding.committed_on)
        if funding.note:
            _text(element, "description", {language: funding.note}, language)
        _org(element, "provider-org", funding.funder, default_language=language)
        if funding.through_id:
            _org_reference(element, "through", funding.through)
            through = element.find(x("through"))
            through.set("kind", funding.through.kind)
            through.set("country", funding.through.country.code)
    for record in project.transactions.all():
        element = etree.SubElement(activity, "transaction")
        if record.ref:
            element.set("ref", record.ref)
        etree.SubElement(element, "transaction-type", code=record.kind)
        _date(element, "transaction-date", record.date)
        _money(element, "value", record.amount, record.currency, record.value_date)
        if record.description:
            _text(element, "description", {language: record.description}, language)
        for tag, organisation in (
            ("provider-org", record.provider),
            ("receiver-org", record.receiver),
        ):
            if organisation is not None and organisation.visibility == "public":
                _org(element, tag, organisation, default_language=language)
    return activity


def export_activities(projects) -> bytes:
    root = etree.Element("iati-activities", nsmap={"shabaka": NS})
    root.set("version", "2.03")
    root.set("generated-datetime", timezone.now().replace(microsecond=0).isoformat())
    for project in projects:
        root.append(activity_element(project))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
