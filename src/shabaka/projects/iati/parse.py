"""Parsing of IATI activity files into plain dataclasses, with no database access.

Accepts files as publishers write them: many activities per file, narratives in several
languages, sectors in several vocabularies, organisations known only by name or only by ref,
budgets and transactions in several currencies, results with indicators and periods, and
version 1.x files whose text sits directly in the element (no narrative)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from shabaka.projects.iati.export import NS, XML_LANG


class IatiFileError(Exception):
    """The file cannot be read as an IATI activity file; nothing is imported."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


class ActivityRefused(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def x(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass
class Org:
    ref: str = ""
    name: str = ""
    names: dict[str, str] = field(default_factory=dict)
    type: str = ""
    kind: str = ""
    country: str = ""
    acronym: str = ""

    @property
    def label(self) -> str:
        return self.name or self.ref


@dataclass
class Participant:
    org: Org
    role: str
    unit: str = ""
    national_partner: bool = False
    acting_for: tuple[str, str, str] | None = None  # (ref, name, role) of the organisation


@dataclass
class FundingLine:
    funder: Org
    amount: Decimal
    currency: str
    date: datetime.date
    through: Org | None = None
    note: str = ""


@dataclass
class TransactionLine:
    kind: str
    date: datetime.date
    amount: Decimal
    currency: str
    value_date: datetime.date
    description: str = ""
    provider: Org | None = None
    receiver: Org | None = None
    ref: str = ""


@dataclass
class BudgetLine:
    kind: str
    status: str
    start: datetime.date
    end: datetime.date
    amount: Decimal
    currency: str
    value_date: datetime.date


@dataclass
class SectorLine:
    vocabulary: str
    code: str
    name: str = ""
    percentage: Decimal | None = None


@dataclass
class IdentifierLine:
    ref: str
    kind: str = ""
    owner_ref: str = ""
    owner_name: str = ""


@dataclass
class Period:
    start: datetime.date | None
    end: datetime.date | None
    target: Decimal | None = None
    actual: Decimal | None = None
    narrative: str = ""


@dataclass
class Indicator:
    title: str
    measure: str = "1"
    ascending: bool = True
    baseline: Decimal | None = None
    baseline_year: int | None = None
    description: str = ""
    ref: str = ""
    periods: list[Period] = field(default_factory=list)


@dataclass
class Result:
    type: str
    title: str
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Activity:
    identifier: str
    line: int
    language: str = "en"
    title: str = ""
    title_translations: dict[str, str] = field(default_factory=dict)
    description: str = ""
    description_translations: dict[str, str] = field(default_factory=dict)
    status: str = ""
    dates: dict[str, datetime.date] = field(default_factory=dict)
    default_currency: str = ""
    reporting_org: Org | None = None
    reporting_declared: bool = False
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    funding: list[FundingLine] = field(default_factory=list)
    transactions: list[TransactionLine] = field(default_factory=list)
    budgets: list[BudgetLine] = field(default_factory=list)
    sectors: list[SectorLine] = field(default_factory=list)
    identifiers: list[IdentifierLine] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    slug: str = ""
    acronym: str = ""
    total_budget: Decimal | None = None


def _texts(element, default_language: str) -> dict[str, str]:
    """language → text of the element's narratives (or its own text, as in IATI 1.x)."""
    if element is None:
        return {}
    texts = {}
    narratives = element.findall("narrative")
    if not narratives and (element.text or "").strip():
        language = element.get(XML_LANG) or default_language
        return {language: element.text.strip()}
    for narrative in narratives:
        language = narrative.get(XML_LANG) or element.get(XML_LANG) or default_language
        text = (narrative.text or "").strip()
        if language not in texts or (text and not texts[language]):
            texts[language] = text
    return texts


def _split(texts: dict[str, str], language: str) -> tuple[str, dict[str, str]]:
    if not texts:
        return "", {}
    primary = language if language in texts else next(iter(texts))
    return texts[primary], {k: v for k, v in texts.items() if k != primary and v}


def _date(value: str | None, line: int, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        raise ActivityRefused(f"{what}: “{value}” is not a date (YYYY-MM-DD)", line) from None


def _decimal(value: str | None, line: int, what: str) -> Decimal:
    try:
        number = Decimal((value or "").strip().replace(",", ""))
    except InvalidOperation:
        raise ActivityRefused(f"{what}: “{value}” is not a number", line) from None
    if not number.is_finite():
        raise ActivityRefused(f"{what}: “{value}” is not a number", line)
    return number


def _optional_decimal(value: str | None, line: int, what: str) -> Decimal | None:
    return None if value is None or not value.strip() else _decimal(value, line, what)


def _org(element, language: str) -> Org:
    texts = _texts(element, language)
    name, _others = _split(texts, language)
    return Org(
        ref=(element.get("ref") or "").strip(),
        name=name,
        names=texts,
        type=(element.get("type") or "").strip(),
        kind=element.get(x("kind"), ""),
        country=element.get(x("country"), ""),
        acronym=element.get(x("acronym"), ""),
    )


def _money(element, activity: Activity, what: str) -> tuple[Decimal, str, datetime.date | None]:
    value = element.find("value")
    line = (value if value is not None else element).sourceline
    if value is None:
        raise ActivityRefused(f"{what} without a value", line)
    currency = (value.get("currency") or activity.default_currency or "").strip().upper()
    if not currency:
        raise ActivityRefused(f"{what}: no currency and no default-currency", line)
    value_date = value.get("value-date")
    return (
        _decimal(value.text, line, what),
        currency,
        _date(value_date, line, what) if value_date else None,
    )


def _activity(element) -> Activity:
    line = element.sourceline
    identifier = (element.findtext("iati-identifier") or "").strip()
    if not identifier:
        raise ActivityRefused("activity without an iati-identifier", line)
    language = (element.get(XML_LANG) or "en").strip().lower()
    activity = Activity(
        identifier=identifier,
        line=line,
        language=language,
        default_currency=(element.get("default-currency") or "").strip().upper(),
        slug=element.get(x("slug"), ""),
        acronym=element.get(x("acronym"), ""),
    )
    total = element.get(x("total-budget"))
    activity.total_budget = _optional_decimal(total, line, "total budget")
    activity.title, activity.title_translations = _split(
        _texts(element.find("title"), language), language
    )
    if not activity.title:
        raise ActivityRefused(f"{identifier}: activity without a title", line)
    descriptions = element.findall("description")
    general = [d for d in descriptions if d.get("type", "1") == "1"] or descriptions
    if general:
        activity.description, activity.description_translations = _split(
            _texts(general[0], language), language
        )
    status = element.find("activity-status")
    activity.status = (status.get("code") or "").strip() if status is not None else ""
    if element.get(x("no-dates")) != "1":
        for date in element.findall("activity-date"):
            kind = date.get("type", "")
            # IATI 1.x used the letters start-planned, start-actual, end-planned, end-actual.
            kind = {
                "start-planned": "1",
                "start-actual": "2",
                "end-planned": "3",
                "end-actual": "4",
            }.get(kind, kind)
            if kind in ("1", "2", "3", "4") and date.get("iso-date"):
                activity.dates[kind] = _date(date.get("iso-date"), date.sourceline, "activity-date")
    reporter = element.find("reporting-org")
    if reporter is not None and (reporter.get("ref") or _texts(reporter, language)):
        activity.reporting_org = _org(reporter, language)
        activity.reporting_declared = reporter.get(x("declared")) == "1"
    for country in element.findall("recipient-country"):
        code = (country.get("code") or "").strip().upper()
        if code and code not in activity.countries:
            activity.countries.append(code)
    for location in element.findall("location"):
        if location.get("ref"):
            activity.places.append(location.get("ref").strip())
    for participant in element.findall("participating-org"):
        role = (participant.get("role") or "").strip()
        role = {"Funding": "1", "Accountable": "2", "Extending": "3", "Implementing": "4"}.get(
            role, role
        )
        if role not in ("1", "2", "3", "4"):
            raise ActivityRefused(
                f"participating-org with an unknown role “{role}”", participant.sourceline
            )
        org = _org(participant, language)
        if not org.ref and not org.name:
            continue  # nothing to know it by
        acting_for = participant.find(x("acting-for"))
        activity.participants.append(
            Participant(
                org=org,
                role=role,
                unit=participant.get(x("unit"), ""),
                national_partner=participant.get(x("national-partner")) == "1",
                acting_for=(
                    (acting_for.get("ref", ""), acting_for.get("name", ""), acting_for.get("role"))
                    if acting_for is not None
                    else None
                ),
            )
        )
    for other in element.findall("other-identifier"):
        owner = other.find("owner-org")
        activity.identifiers.append(
            IdentifierLine(
                ref=(other.get("ref") or "").strip(),
                kind=(other.get("type") or "").strip(),
                owner_ref=(owner.get("ref") or "").strip() if owner is not None else "",
                owner_name=_split(_texts(owner, language), language)[0]
                if owner is not None
                else "",
            )
        )
    for sector in element.findall("sector"):
        code = (sector.get("code") or "").strip()
        if not code:
            continue
        activity.sectors.append(
            SectorLine(
                vocabulary=(sector.get("vocabulary") or "1").strip(),
                code=code,
                name=_split(_texts(sector, language), language)[0],
                percentage=_optional_decimal(sector.get("percentage"), sector.sourceline, "sector"),
            )
        )
    for budget in element.findall("budget"):
        amount, currency, value_date = _money(budget, activity, "budget")
        start = _date(budget.find("period-start").get("iso-date"), budget.sourceline, "budget")
        end = _date(budget.find("period-end").get("iso-date"), budget.sourceline, "budget")
        activity.budgets.append(
            BudgetLine(
                kind=budget.get("type", "1"),
                status=budget.get("status", "1"),
                start=start,
                end=end,
                amount=amount,
                currency=currency,
                value_date=value_date or start,
            )
        )
    for record in element.findall("transaction"):
        kind_element = record.find("transaction-type")
        kind = (kind_element.get("code") if kind_element is not None else "") or ""
        kind = {"C": "2", "D": "3", "E": "4", "IF": "1", "IR": "5", "LR": "6", "R": "7"}.get(
            kind, kind
        )
        date_element = record.find("transaction-date")
        amount, currency, value_date = _money(record, activity, "transaction")
        date = (
            _date(date_element.get("iso-date"), record.sourceline, "transaction-date")
            if date_element is not None and date_element.get("iso-date")
            else value_date
        )
        if date is None:
            raise ActivityRefused("transaction without a date", record.sourceline)
        description = _split(_texts(record.find("description"), language), language)[0]
        provider = record.find("provider-org")
        receiver = record.find("receiver-org")
        provider_org = _org(provider, language) if provider is not None else None
        receiver_org = _org(receiver, language) if receiver is not None else None
        if kind == "11" and provider_org is not None and provider_org.label and amount > 0:
            through = record.find(x("through"))
            activity.funding.append(
                FundingLine(
                    funder=provider_org,
                    amount=amount,
                    currency=currency,
                    date=date,
                    note=description,
                    through=(
                        Org(
                            ref=through.get("ref", ""),
                            name=through.get("name", ""),
                            kind=through.get("kind", ""),
                            country=through.get("country", ""),
                        )
                        if through is not None
                        else None
                    ),
                )
            )
            continue
        activity.transactions.append(
            TransactionLine(
                kind=kind,
                date=date,
                amount=amount,
                currency=currency,
                value_date=value_date or date,
                description=description,
                provider=provider_org if provider_org and provider_org.label else None,
                receiver=receiver_org if receiver_org and receiver_org.label else None,
                ref=(record.get("ref") or "").strip(),
            )
        )
    for result in element.findall("result"):
        activity.results.append(_result(result, language))
    return activity


def _result(element, language: str) -> Result:
    result = Result(
        type=element.get("type", ""),
        title=_split(_texts(element.find("title"), language), language)[0],
    )
    for number, indicator in enumerate(element.findall("indicator"), start=1):
        baseline = indicator.find("baseline")
        parsed = Indicator(
            title=_split(_texts(indicator.find("title"), language), language)[0]
            or f"{result.title} ({number})",
            measure=indicator.get("measure", "1"),
            ascending=indicator.get("ascending", "1") not in ("0", "false"),
            description=_split(_texts(indicator.find("description"), language), language)[0],
            ref=(indicator.get("ref") or "").strip(),
        )
        if baseline is not None:
            parsed.baseline = _optional_decimal(
                baseline.get("value"), baseline.sourceline, "baseline"
            )
            year = (baseline.get("year") or "").strip()
            parsed.baseline_year = int(year) if year.isdigit() else None
        for period in indicator.findall("period"):
            start, end = period.find("period-start"), period.find("period-end")
            target, actual = period.find("target"), period.find("actual")
            parsed.periods.append(
                Period(
                    start=_date(start.get("iso-date"), period.sourceline, "period")
                    if start is not None
                    else None,
                    end=_date(end.get("iso-date"), period.sourceline, "period")
                    if end is not None
                    else None,
                    target=_optional_decimal(
                        target.get("value") if target is not None else None,
                        period.sourceline,
                        "target",
                    ),
                    actual=_optional_decimal(
                        actual.get("value") if actual is not None else None,
                        period.sourceline,
                        "actual",
                    ),
                    narrative=_split(
                        _texts(actual.find("comment"), language) if actual is not None else {},
                        language,
                    )[0],
                )
            )
        result.indicators.append(parsed)
    return result


def scan_activity_file(fileobj, *, max_activities: int) -> int:
    """Counts the activities of a file without holding it in memory (each element is dropped once
    read), and refuses, as soon as it is seen, a file that is not XML, not an IATI activity file,
    or holds more than `max_activities`: a hostile file is turned away in well under a second."""
    count = 0
    try:
        for event, element in etree.iterparse(
            fileobj,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
        ):
            if event == "start":
                if count == 0 and element.getparent() is None and element.tag != "iati-activities":
                    raise IatiFileError(
                        f"the root element is <{element.tag}>, not <iati-activities>",
                        element.sourceline,
                    )
                continue
            if element.tag == "iati-activity":
                count += 1
                if count > max_activities:
                    raise IatiFileError(
                        f"the file holds more than {max_activities} activities; split it",
                        element.sourceline,
                    )
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise IatiFileError(f"not well-formed XML: {exc.msg}", exc.lineno) from None
    return count


def read_tree(data: bytes):
    """The parsed document; a file that is not well-formed XML or not an IATI activity file
    raises IatiFileError with the line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise IatiFileError(f"not well-formed XML: {exc.msg}", exc.lineno) from None
    if root.tag != "iati-activities":
        raise IatiFileError(
            f"the root element is <{root.tag}>, not <iati-activities>", root.sourceline
        )
    return root


def parse_activities(data: bytes) -> tuple[list[Activity], list[tuple[str, int, str]]]:
    """(activities, refusals): a refusal is (identifier, line, reason) for an activity whose data
    cannot be used; the others are still returned."""
    root = read_tree(data)
    activities, refused = [], []
    for element in root.iterchildren("iati-activity"):
        try:
            activities.append(_activity(element))
        except ActivityRefused as exc:
            identifier = (element.findtext("iati-identifier") or "").strip() or "?"
            refused.append((identifier, exc.line or element.sourceline, exc.message))
    return activities, refused
