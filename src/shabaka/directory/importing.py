"""Bulk import of organisations (and their memberships in a network) from CSV or XLSX.

upload -> `import_upload` parses the file and keeps its rows server-side (OrganisationImport,
found by an unguessable token, visible only to the uploader) -> `import_plan` shows per row
what will be created, updated or refused and why -> `import_apply` writes everything in one
transaction (nothing when a row is refused, unless the uploader chose to skip refused rows) or
`import_cancel` writes nothing but the cancellation.
"""

import csv
import io
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.directory.models import (
    Country,
    ImportStatus,
    Organisation,
    OrganisationImport,
    OrganisationKind,
    Place,
    Topic,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = (
    "name",
    "acronym",
    "kind",
    "country",
    "places",
    "topics",
    "name_en",
    "name_ar",
    "name_fr",
    "name_language",
    "founded_year",
    "website",
    "email",
    "phone",
    "address",
    "description",
    "visibility",
    "role",
)
ALIASES = {
    "organisation": "name",
    "organization": "name",
    "organisation_name": "name",
    "organization_name": "name",
    "place": "places",
    "place_codes": "places",
    "municipality": "places",
    "topic": "topics",
    "year_founded": "founded_year",
    "founded": "founded_year",
    "country_code": "country",
    "type": "kind",
}
# Fields copied onto the organisation when the cell is not empty.
TEXT_FIELDS = (
    "acronym",
    "name_en",
    "name_ar",
    "name_fr",
    "name_language",
    "website",
    "email",
    "phone",
    "address",
    "description",
)


def _header(value) -> str:
    key = "_".join(str(value or "").strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


# Rows read (blank ones included) and columns read per row before a file is refused: a hostile
# workbook (a few hundred KB that unpack to millions of cells) is turned away after reading no
# more than this, in bounded time and memory.
MAX_LINES_READ = MAX_ROWS * 5
MAX_COLUMNS = 60
# Unpacked size of the workbook's parts, checked in the zip directory before anything is read.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024


def _capped(rows):
    """The non-blank rows, refusing the file as soon as it holds more than MAX_ROWS of them
    (after the header) or more than MAX_LINES_READ lines in all."""
    kept = []
    for read, row in enumerate(rows, start=1):
        if read > MAX_LINES_READ:
            raise Refused(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS}, field="upload")
        row = list(row[:MAX_COLUMNS])
        if any(_cell(c) for c in row):
            kept.append(row)
            if len(kept) > MAX_ROWS + 1:
                raise Refused(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS}, field="upload")
    return kept


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("The CSV file must be saved as UTF-8."), field="upload") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _capped(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(data: bytes) -> list[list]:
    import zipfile

    from openpyxl import load_workbook

    unreadable = Refused(_("This file could not be read as an XLSX workbook."), field="upload")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except zipfile.BadZipFile:
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(
            _("The workbook unpacks to more than %(n)s MB; at most %(rows)s rows at a time.")
            % {"n": MAX_UNPACKED_BYTES // 2**20, "rows": MAX_ROWS},
            field="upload",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        # Read-only mode streams the sheet: rows are read one at a time and the cap stops it.
        return _capped(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    finally:
        workbook.close()


def parse_file(*, filename: str, data: bytes) -> list[dict]:
    """Rows of the file as {column: text}, with the file's line number under "_line"."""
    if len(data) > MAX_BYTES:
        raise Refused(_("The file is larger than 2 MB."), field="upload")
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise Refused(_("This file is not an XLSX workbook."), field="upload")
        table = _read_xlsx(data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        if data.startswith(b"PK") or b"\x00" in data[:1024]:
            raise Refused(_("This file is not a CSV text file."), field="upload")
        table = _read_csv(data)
    else:
        raise Refused(_("Upload a .csv or .xlsx file."), field="upload")
    table = [row for row in table if any(_cell(c) for c in row)]
    if not table:
        raise Refused(_("The file is empty."), field="upload")
    headers = [_header(h) for h in table[0]]
    if "name" not in headers:
        raise Refused(
            _("The first row must name the columns, including a 'name' column."), field="upload"
        )
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        raise Refused(
            _("Unknown columns: %(names)s. Known columns: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(COLUMNS)},
            field="upload",
        )
    if len(table) - 1 > MAX_ROWS:
        raise Refused(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS}, field="upload")
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        row = {"_line": number}
        for header, value in zip(headers, raw, strict=False):
            if header:
                row[header] = _cell(value)
        rows.append(row)
    return rows


@dataclass
class RowPlan:
    line: int
    data: dict
    action: str = "create"  # create | update | refused
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    match: Organisation | None = None
    values: dict = field(default_factory=dict)
    places: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    join: bool = False
    role: str = "member"

    @property
    def refused(self) -> bool:
        return self.action == "refused"


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace(";", ",").replace("|", ",").split(",") if p.strip()]


class _Lookups:
    """Reference data loaded once per plan: a fixed number of queries whatever the row count."""

    def __init__(self, rows: list[dict]):
        self.topics = {}
        for topic in Topic.objects.all():
            for key in (topic.slug, topic.name, topic.name_en, topic.name_ar, topic.name_fr):
                if key:
                    self.topics[normalise(key)] = topic
        self.countries = {c.code: c for c in Country.objects.all()}
        self.kinds = {}
        for value, label in OrganisationKind.choices:
            self.kinds[normalise(value)] = value
            self.kinds[normalise(str(label))] = value
        self.load(rows)

    def load(self, rows: list[dict]) -> None:
        """Existing organisations matching the rows' names, and the places they name."""
        names = {normalise(r.get("name", ""))[:250] for r in rows} - {""}
        self.organisations = {}
        for org in Organisation.objects.filter(normalised_name__in=names).order_by("pk"):
            self.organisations.setdefault(org.normalised_name, org)
        codes = {c for r in rows for c in _split(r.get("places", ""))}
        codes |= {c.upper() for c in codes}
        self.places = {p.code.upper(): p for p in Place.objects.filter(code__in=codes)}


def _plan_row(row: dict, lookups: _Lookups, seen: dict, network, current: dict) -> RowPlan:
    plan = RowPlan(line=row["_line"], data=row)
    reasons = plan.reasons
    name = " ".join((row.get("name") or "").split())
    if not name:
        reasons.append(_("Missing name."))
    key = normalise(name)[:250]
    if key and key in seen:
        reasons.append(_("Duplicate of row %(line)s in this file.") % {"line": seen[key]})
    elif key:
        seen[key] = plan.line
    kind = row.get("kind", "")
    kind_value = lookups.kinds.get(normalise(kind)) if kind else None
    if kind and kind_value is None:
        reasons.append(_("Unknown kind: %(value)s.") % {"value": kind})
    country_code = (row.get("country") or "").upper()
    country = lookups.countries.get(country_code) if country_code else None
    if country_code and country is None:
        reasons.append(_("Unknown country code: %(value)s.") % {"value": row["country"]})
    for code in _split(row.get("places", "")):
        place = lookups.places.get(code.upper())
        if place is None:
            reasons.append(_("Unknown place code: %(value)s.") % {"value": code})
        else:
            plan.places.append(place)
    for value in _split(row.get("topics", "")):
        topic = lookups.topics.get(normalise(value))
        if topic is None:
            reasons.append(_("Unknown topic: %(value)s.") % {"value": value})
        else:
            plan.topics.append(topic)
    visibility = (row.get("visibility") or "").lower()
    if visibility and visibility not in Visibility.values:
        reasons.append(_("Unknown visibility: %(value)s.") % {"value": row["visibility"]})
    year = row.get("founded_year", "")
    if year and (not year.isdigit() or not 1800 <= int(year) <= 2100):
        reasons.append(_("The founding year is not a year: %(value)s.") % {"value": year})
    if row.get("website"):
        try:
            URLValidator()(row["website"])
        except ValidationError:
            reasons.append(_("Not a web address: %(value)s.") % {"value": row["website"]})
    if row.get("email"):
        try:
            EmailValidator()(row["email"])
        except ValidationError:
            reasons.append(_("Not an email address: %(value)s.") % {"value": row["email"]})
    language = row.get("name_language", "")
    if language and language not in ("ar", "en", "fr"):
        reasons.append(_("Unknown language of the name: %(value)s.") % {"value": language})
    role = (row.get("role") or "member").lower()
    if role not in ("member", "coordinator"):
        reasons.append(_("Unknown role: %(value)s.") % {"value": row["role"]})
    if role == "coordinator" and network is None:
        reasons.append(_("A role needs a network to import the members into."))
    plan.role = role
    plan.match = lookups.organisations.get(key) if key else None
    values = {k: row[k] for k in TEXT_FIELDS if row.get(k)}
    if name:
        values["name"] = name
    if kind_value:
        values["kind"] = kind_value
    if country:
        values["country"] = country
    if visibility:
        values["visibility"] = visibility
    if year and year.isdigit():
        values["founded_year"] = int(year)
    plan.values = values
    if plan.match is None:
        values.setdefault("kind", OrganisationKind.CSO)
        if "country" not in values:
            values["country"] = network.country if network else lookups.countries.get("LY")
            if values["country"] is None:
                reasons.append(_("Give a country code."))
        values.setdefault("visibility", Visibility.MEMBERS)
        values.setdefault(
            "name_language", "ar" if any("\u0600" <= c <= "\u06ff" for c in name) else "en"
        )
    if network is not None:
        status = current.get(plan.match.pk) if plan.match else None
        if status:
            plan.notes.append(
                _("Already in %(network)s (%(status)s): membership unchanged.")
                % {"network": network, "status": status}
            )
        else:
            plan.join = True
            plan.notes.append(_("Joins %(network)s as an active member.") % {"network": network})
    if reasons:
        plan.action = "refused"
    elif plan.match is not None:
        plan.action = "update"
        plan.notes.insert(0, _("Matches %(name)s.") % {"name": plan.match.name})
    return plan


def import_plan(batch: OrganisationImport) -> list[RowPlan]:
    """What each row will do, against the database as it is now."""
    lookups = _Lookups(batch.rows)
    current = _current_memberships(batch, lookups)
    seen: dict[str, int] = {}
    return [_plan_row(row, lookups, seen, batch.network, current) for row in batch.rows]


def plan_summary(plans: list[RowPlan]) -> dict:
    return {
        "create": sum(p.action == "create" for p in plans),
        "update": sum(p.action == "update" for p in plans),
        "refused": sum(p.refused for p in plans),
        "join": sum(p.join and not p.refused for p in plans),
    }


@transaction.atomic
def import_upload(*, uploaded_by, filename: str, data: bytes, network=None) -> OrganisationImport:
    rows = parse_file(filename=filename, data=data)
    batch = OrganisationImport.objects.create(
        token=uuid.uuid4(),
        uploaded_by=uploaded_by,
        filename=filename[:255],
        network=network,
        rows=rows,
    )
    plans = import_plan(batch)
    batch.summary = {
        **plan_summary(plans),
        "refused_lines": [p.line for p in plans if p.refused],
    }
    batch.save(update_fields=["summary"])
    audit_created(actor=uploaded_by, obj=batch, reason=_("Uploaded for preview"))
    return batch


def _check_pending(batch: OrganisationImport) -> OrganisationImport:
    locked = OrganisationImport.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportStatus.PREVIEWED:
        raise InvalidTransition(
            _("This import is already %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def import_cancel(*, batch: OrganisationImport, cancelled_by) -> OrganisationImport:
    locked = _check_pending(batch)
    before = audit_snapshot(locked, ["status"])
    locked.status = ImportStatus.CANCELLED
    locked.finished_at = timezone.now()
    locked.rows = []  # nothing of the file is kept once it is no longer needed
    locked.save(update_fields=["status", "finished_at", "rows"])
    audit_updated(actor=cancelled_by, obj=locked, before=before, action=AuditAction.TRANSITION)
    return locked


def check_can_apply(batch: OrganisationImport, *, skip_refused: bool) -> None:
    """Refuses, before any job is started, an apply that would stop on the refused rows."""
    refused_in_preview = batch.summary.get("refused_lines", [])
    if refused_in_preview and not skip_refused:
        raise Refused(
            _("%(n)s rows are refused; correct the file, or choose to skip the refused rows.")
            % {"n": len(refused_in_preview)}
        )


@transaction.atomic
def import_apply(
    *, batch: OrganisationImport, applied_by, skip_refused: bool = False
) -> OrganisationImport:
    """Writes every row in one transaction. Rows are checked again as they are written: a row
    refused now that was not refused in the preview (the data changed meanwhile), or any refused
    row when `skip_refused` is off, undoes everything written so far."""
    from shabaka.directory.affiliations import AFFILIATIONS
    from shabaka.directory.services import organisation_create, organisation_update

    locked = _check_pending(batch)
    check_can_apply(locked, skip_refused=skip_refused)
    refused_in_preview = set(locked.summary.get("refused_lines", []))
    reason = _("Imported from %(file)s") % {"file": locked.filename}
    counts = {"created": 0, "updated": 0, "skipped": 0, "joined": 0}
    # Each row is planned again against the database as it is now, rows written so far included.
    lookups = _Lookups([])
    seen: dict[str, int] = {}
    for row in locked.rows:
        plan = _plan_one(locked, row, seen, lookups)
        if plan.refused:
            if skip_refused and plan.line in refused_in_preview:
                counts["skipped"] += 1
                continue
            raise Refused(
                _("Row %(line)s: %(reasons)s Nothing was imported.")
                % {"line": plan.line, "reasons": " ".join(plan.reasons)}
            )
        if plan.match is None:
            organisation = organisation_create(
                created_by=applied_by, places=plan.places, topics=plan.topics, **plan.values
            )
            counts["created"] += 1
        else:
            organisation = plan.match
            places = set(organisation.places.all()) | set(plan.places)
            topics = set(organisation.topics.all()) | set(plan.topics)
            values = {k: v for k, v in plan.values.items() if k != "name"}
            organisation_update(
                organisation=organisation,
                updated_by=applied_by,
                places=places,
                topics=topics,
                **values,
            )
            counts["updated"] += 1
        if plan.join:
            # The networks app joins it (directory.affiliations): active, and coordinator
            # when the row says so.
            AFFILIATIONS.join(
                network=locked.network,
                organisation=organisation,
                coordinator=plan.role == "coordinator",
                applied_by=applied_by,
                reason=reason,
            )
            counts["joined"] += 1
    before = audit_snapshot(locked, ["status", "skip_refused"])
    locked.status = ImportStatus.APPLIED
    locked.skip_refused = skip_refused
    locked.finished_at = timezone.now()
    locked.summary = {**locked.summary, "applied": counts}
    locked.save(update_fields=["status", "skip_refused", "finished_at", "summary"])
    audit_updated(
        actor=applied_by,
        obj=locked,
        before=before,
        action=AuditAction.TRANSITION,
        extra={"applied": [None, counts]},
    )
    return locked


def _current_memberships(batch: OrganisationImport, lookups: _Lookups) -> dict[int, str]:
    from shabaka.directory.affiliations import AFFILIATIONS

    if not batch.network_id:
        return {}
    matched = [o.pk for o in lookups.organisations.values()]
    return AFFILIATIONS.current_memberships(batch.network_id, matched)


def _plan_one(batch: OrganisationImport, row: dict, seen: dict, lookups: _Lookups) -> RowPlan:
    lookups.load([row])
    return _plan_row(row, lookups, seen, batch.network, _current_memberships(batch, lookups))
