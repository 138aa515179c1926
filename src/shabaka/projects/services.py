"""Writes on projects. Callers check permissions first (projects.rules); every write is audited.

A project's status moves only through the named transitions below (IATI ActivityStatus codes);
no form or admin page sets it."""

import datetime
from decimal import Decimal, InvalidOperation

import pycountry
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shabaka.accounts.audit import (
    audit_created,
    audit_deleted,
    audit_record,
    audit_snapshot,
    audit_updated,
)
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.visibility import Visibility
from shabaka.projects.models import (
    Budget,
    Funding,
    OrganisationRole,
    ParticipatingOrganisation,
    Project,
    ProjectIdentifier,
    ProjectSector,
    ProjectStatus,
    ProjectStep,
    Transaction,
)

# Fields a project's editors may change with project_update (never status).
EDITABLE_FIELDS = (
    "title",
    "acronym",
    "description",
    "language",
    "iati_identifier",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "total_budget",
    "currency",
    "visibility",
    "reporting_organisation",
    "title_translations",
    "description_translations",
)


def check_currency(code: str, *, field: str = "currency") -> str:
    code = (code or "").strip().upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise Refused(
            _("“%(code)s” is not an ISO 4217 currency code (e.g. EUR, CHF, USD).") % {"code": code},
            field=field,
        )
    return code


def check_amount(value, *, field: str = "amount", positive: bool = True) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise Refused(_("Give the amount as a number."), field=field) from None
    if not amount.is_finite() or (positive and amount <= 0):
        raise Refused(_("The amount must be more than zero."), field=field)
    if abs(amount) >= Decimal("1e14"):
        raise Refused(_("The amount is too large."), field=field)
    return amount.quantize(Decimal("0.01"))


def _check_project(project: Project) -> None:
    if not project.title.strip():
        raise Refused(_("Give the project a title."), field="title")
    if project.visibility not in Visibility.values:
        raise Refused(_("Unknown visibility."), field="visibility")
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        a, b = getattr(project, start), getattr(project, end)
        if a and b and b < a:
            raise Refused(_("The end date is before the start date."), field=end)
    if project.total_budget is not None:
        project.total_budget = check_amount(project.total_budget, field="total_budget")
        project.currency = check_currency(project.currency)
    elif project.currency:
        project.currency = check_currency(project.currency)
    identifier = project.iati_identifier.strip()
    project.iati_identifier = identifier
    if (
        identifier
        and Project.objects.filter(iati_identifier=identifier).exclude(pk=project.pk).exists()
    ):
        raise Refused(
            _("Another project already has this IATI identifier."), field="iati_identifier"
        )


def _unique_slug(title: str, acronym: str = "") -> str:
    base = slugify(acronym or title)[:100] or "project"
    slug, n = base, 1
    while Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def project_create(
    *,
    title: str,
    created_by,
    slug: str = "",
    countries=(),
    places=(),
    **fields,
) -> Project:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise Refused(_("These fields cannot be set: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    project = Project(title=(title or "").strip(), **fields)
    _check_project(project)
    project.slug = slugify(slug)[:120] if slug else _unique_slug(project.title, project.acronym)
    if Project.objects.filter(slug=project.slug).exists():
        raise Refused(_("Another project already uses this short name."), field="slug")
    project.save()
    project.countries.set(countries)
    project.places.set(places)
    audit_created(
        actor=created_by,
        obj=project,
        extra={
            "countries": [None, sorted(c.code for c in project.countries.all())],
        },
    )
    return project


@transaction.atomic
def project_update(
    *, project: Project, updated_by, countries=None, places=None, **fields
) -> Project:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise Refused(_("These fields cannot be set: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = audit_snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    _check_project(project)
    project.save()
    extra = {}
    if countries is not None:
        old = sorted(c.code for c in project.countries.all())
        project.countries.set(countries)
        new = sorted(c.code for c in project.countries.all())
        if old != new:
            extra["countries"] = [old, new]
    if places is not None:
        old = sorted(p.code for p in project.places.all())
        project.places.set(places)
        new = sorted(p.code for p in project.places.all())
        if old != new:
            extra["places"] = [old, new]
    audit_updated(actor=updated_by, obj=project, before=before, extra=extra)
    return project


# --- status transitions ---------------------------------------------------------------------

S = ProjectStatus
TRANSITIONS = {
    "start": ({S.PIPELINE, S.SUSPENDED}, S.IMPLEMENTATION),
    "suspend": ({S.IMPLEMENTATION}, S.SUSPENDED),
    "finalise": ({S.IMPLEMENTATION}, S.FINALISATION),
    "close": ({S.FINALISATION}, S.CLOSED),
    "cancel": ({S.PIPELINE, S.IMPLEMENTATION, S.SUSPENDED}, S.CANCELLED),
}


def transitions_from(status: str) -> list[str]:
    return [name for name, (sources, _to) in TRANSITIONS.items() if status in sources]


@transaction.atomic
def _move(*, project: Project, step: str, by, reason: str = "", on=None) -> Project:
    sources, target = TRANSITIONS[step]
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in sources:
        raise InvalidTransition(
            _("A project in “%(status)s” cannot be moved that way.")
            % {"status": project.get_status_display()}
        )
    before = audit_snapshot(project, ["status", "actual_start", "actual_end"])
    origin = project.status
    project.status = target
    today = datetime.date.today()
    if on is not None and on > today:
        raise Refused(_("The date of this step cannot be in the future."), field="on")
    today = on or today
    if target == S.IMPLEMENTATION and project.actual_start is None:
        project.actual_start = today
    if target in (S.CLOSED, S.CANCELLED) and project.actual_end is None:
        project.actual_end = max(today, project.actual_start or today)
    project.save(update_fields=["status", "actual_start", "actual_end", "updated_at"])
    ProjectStep.objects.create(
        project=project, from_status=origin, to_status=target, decided_by=by, reason=reason
    )
    audit_updated(
        actor=by, obj=project, before=before, reason=reason or step, action=AuditAction.TRANSITION
    )
    return project


def project_start(*, project: Project, by, reason: str = "", on=None) -> Project:
    """Pipeline (or suspended) → implementation; `on` records a start in the past."""
    return _move(project=project, step="start", by=by, reason=reason, on=on)


def project_suspend(*, project: Project, by, reason: str = "") -> Project:
    return _move(project=project, step="suspend", by=by, reason=reason)


def project_finalise(*, project: Project, by, reason: str = "") -> Project:
    return _move(project=project, step="finalise", by=by, reason=reason)


def project_close(*, project: Project, by, reason: str = "") -> Project:
    return _move(project=project, step="close", by=by, reason=reason)


def project_cancel(*, project: Project, by, reason: str = "") -> Project:
    return _move(project=project, step="cancel", by=by, reason=reason)


STEP_FUNCTIONS = {
    "start": project_start,
    "suspend": project_suspend,
    "finalise": project_finalise,
    "close": project_close,
    "cancel": project_cancel,
}


# --- participating organisations and funding ------------------------------------------------


@transaction.atomic
def participant_add(
    *,
    project: Project,
    organisation,
    role: str,
    added_by,
    acting_for: ParticipatingOrganisation | None = None,
    unit: str = "",
    is_national_partner: bool = False,
) -> ParticipatingOrganisation:
    """Adds an organisation in an IATI role, or returns the existing one (updating its unit)."""
    if role not in OrganisationRole.values:
        raise Refused(_("Unknown role."), field="role")
    if acting_for is not None:
        if acting_for.project_id != project.pk:
            raise Refused(_("It can only act for an organisation of the same project."))
        if acting_for.organisation_id == organisation.pk:
            raise Refused(_("An organisation cannot act through itself."), field="acting_for")
    existing = ParticipatingOrganisation.objects.filter(
        project=project, organisation=organisation, role=role
    ).first()
    if existing is not None:
        before = audit_snapshot(existing)
        existing.acting_for = acting_for or existing.acting_for
        existing.unit = unit or existing.unit
        existing.is_national_partner = is_national_partner or existing.is_national_partner
        existing.save()
        audit_updated(actor=added_by, obj=existing, before=before)
        return existing
    participant = ParticipatingOrganisation.objects.create(
        project=project,
        organisation=organisation,
        role=role,
        acting_for=acting_for,
        unit=unit.strip(),
        is_national_partner=is_national_partner,
    )
    audit_created(actor=added_by, obj=participant)
    return participant


@transaction.atomic
def participant_remove(*, participant: ParticipatingOrganisation, removed_by) -> None:
    if (
        Funding.objects.filter(
            project_id=participant.project_id, funder_id=participant.organisation_id
        ).exists()
        and participant.role == OrganisationRole.FUNDING
    ):
        raise Refused(_("Remove this funder's commitments first."))
    audit_deleted(actor=removed_by, obj=participant)
    participant.delete()


@transaction.atomic
def funding_add(
    *,
    project: Project,
    funder,
    amount,
    currency: str,
    committed_on: datetime.date,
    added_by,
    through=None,
    note: str = "",
) -> Funding:
    """Records a funder's commitment. The funder becomes a funding participant; the body it acts
    through (if any) an extending participant acting for it."""
    amount = check_amount(amount)
    currency = check_currency(currency)
    if committed_on is None:
        raise Refused(_("Give the date of the commitment."), field="committed_on")
    if through is not None and through.pk == funder.pk:
        raise Refused(_("A funder cannot act through itself."), field="through")
    funding_role = participant_add(
        project=project, organisation=funder, role=OrganisationRole.FUNDING, added_by=added_by
    )
    if through is not None:
        participant_add(
            project=project,
            organisation=through,
            role=OrganisationRole.EXTENDING,
            acting_for=funding_role,
            added_by=added_by,
        )
    funding = Funding.objects.create(
        project=project,
        funder=funder,
        through=through,
        amount=amount,
        currency=currency,
        committed_on=committed_on,
        note=note.strip(),
    )
    audit_created(actor=added_by, obj=funding)
    return funding


@transaction.atomic
def funding_remove(*, funding: Funding, removed_by) -> None:
    audit_deleted(actor=removed_by, obj=funding)
    funding.delete()


# --- identifiers, sectors, budgets, transactions (used by forms and the IATI import) -----------


@transaction.atomic
def identifier_add(
    *, project: Project, ref: str, added_by, kind: str = "", owner_ref: str = "", owner_name=""
) -> ProjectIdentifier:
    ref = (ref or "").strip()
    if not ref:
        raise Refused(_("Give the identifier."), field="ref")
    try:
        with transaction.atomic():
            identifier = ProjectIdentifier.objects.create(
                project=project,
                ref=ref,
                kind=kind.strip(),
                owner_ref=owner_ref.strip(),
                owner_name=owner_name.strip(),
            )
    except IntegrityError:
        raise Refused(_("The project already has this identifier."), field="ref") from None
    audit_created(actor=added_by, obj=identifier)
    return identifier


@transaction.atomic
def sector_add(
    *, project: Project, code: str, added_by, vocabulary: str = "1", name: str = "", percentage=None
) -> ProjectSector:
    code = (code or "").strip()
    if not code:
        raise Refused(_("Give the sector code."), field="code")
    if vocabulary == "1" and not name:
        from shabaka.projects.iati.codelists import sector_name

        name = sector_name(code)
    if percentage is not None:
        percentage = check_amount(percentage, field="percentage", positive=False)
        if not 0 <= percentage <= 100:
            raise Refused(_("A percentage is between 0 and 100."), field="percentage")
    sector, created = ProjectSector.objects.update_or_create(
        project=project,
        vocabulary=vocabulary,
        code=code,
        defaults={"name": name, "percentage": percentage},
    )
    if created:
        audit_created(actor=added_by, obj=sector)
    return sector


@transaction.atomic
def budget_add(
    *,
    project: Project,
    period_start,
    period_end,
    amount,
    currency: str,
    added_by,
    value_date=None,
    kind: str = "1",
    status: str = "1",
) -> Budget:
    if period_start is None or period_end is None or period_end < period_start:
        raise Refused(_("A budget needs a period whose end is not before its start."))
    budget = Budget.objects.create(
        project=project,
        period_start=period_start,
        period_end=period_end,
        amount=check_amount(amount, positive=False),
        currency=check_currency(currency),
        value_date=value_date or period_start,
        kind=kind,
        status=status,
    )
    audit_created(actor=added_by, obj=budget)
    return budget


@transaction.atomic
def transaction_add(
    *,
    project: Project,
    kind: str,
    date,
    amount,
    currency: str,
    added_by,
    value_date=None,
    description: str = "",
    provider=None,
    receiver=None,
    ref: str = "",
) -> Transaction:
    if date is None:
        raise Refused(_("A transaction needs a date."), field="date")
    record = Transaction.objects.create(
        project=project,
        kind=kind,
        date=date,
        amount=check_amount(amount, positive=False),
        currency=check_currency(currency),
        value_date=value_date or date,
        description=description,
        provider=provider,
        receiver=receiver,
        ref=ref,
    )
    audit_created(actor=added_by, obj=record)
    return record


@transaction.atomic
def project_set_status_from_import(*, project: Project, status: str, imported_by) -> None:
    """The IATI import takes the publisher's status as it is (a record of fact, not a step of
    our life cycle); recorded as a step with the reason "IATI import"."""
    if status not in ProjectStatus.values:
        raise Refused(_("Unknown activity status %(code)s.") % {"code": status})
    if project.status == status:
        return
    origin = project.status
    Project.objects.filter(pk=project.pk).update(status=status)
    ProjectStep.objects.create(
        project=project,
        from_status=origin,
        to_status=status,
        decided_by=imported_by if getattr(imported_by, "is_authenticated", False) else None,
        reason="IATI import",
    )
    audit_record(
        actor=imported_by,
        action=AuditAction.TRANSITION,
        obj=project,
        changes={"status": [origin, status]},
        reason="IATI import",
    )
    project.status = status
