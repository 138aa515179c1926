"""Import of an IATI activity file into projects and organisations.

Idempotent: a project is found by its IATI identifier, an organisation by its ref, else by its
normalised name; an activity whose data already matches the database changes nothing. The whole
file is one transaction: a file that is not well-formed XML (or not an IATI activity file) changes
nothing and the error names the line."""

from dataclasses import dataclass, field

import pycountry
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from shabaka.accounts.audit import audit_created
from shabaka.core.errors import Refused
from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Country, Organisation, Place
from shabaka.projects import services
from shabaka.projects.iati.parse import Activity, IatiFileError, Org, parse_activities
from shabaka.projects.models import (
    Funding,
    ParticipatingOrganisation,
    Project,
)

TYPE_TO_KIND = {
    "10": "government",
    "11": "government",
    "15": "government",
    "21": "cso",
    "22": "cso",
    "23": "cso",
    "24": "cso",
    "40": "international",
    "60": "donor",
}
ROLE_TO_KIND = {"1": "donor", "2": "international", "3": "government", "4": "cso"}


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)
    indicators_imported: int = 0
    results_note: str = ""
    warnings: list[str] = field(default_factory=list)


def _country(code: str) -> Country | None:
    code = (code or "").strip().upper()
    if len(code) != 2:
        return None
    country = Country.objects.filter(code=code).first()
    if country is None:
        entry = pycountry.countries.get(alpha_2=code)
        if entry is None:
            return None
        name = getattr(entry, "common_name", None) or entry.name
        country = Country.objects.create(code=code, name=name, name_en=name)
    return country


class ImportOrganisations:
    """Finds or creates organisations for one import, each once."""

    def __init__(self, imported_by, report: ImportReport):
        self.cache: dict[str, Organisation] = {}
        self.imported_by = imported_by
        self.report = report

    def find(self, org: Org) -> Organisation | None:
        if org.ref:
            found = Organisation.objects.filter(identifier=org.ref).order_by("pk").first()
            if found:
                return found
        if org.name:
            return (
                Organisation.objects.filter(normalised_name=normalise(org.name)[:250])
                .order_by("pk")
                .first()
            )
        return None

    def get(self, org: Org, *, role: str, activity: Activity) -> Organisation:
        key = org.ref or "name:" + normalise(org.name)
        if key in self.cache:
            return self.cache[key]
        found = self.find(org)
        if found is None:
            found = self._create(org, role=role, activity=activity)
        self.cache[key] = found
        return found

    def _create(self, org: Org, *, role: str, activity: Activity) -> Organisation:
        candidates = [org.country, org.ref[:2] if org.ref[:2] not in ("XM", "XI") else ""]
        candidates += activity.countries
        if activity.reporting_org and activity.reporting_org.ref:
            candidates.append(activity.reporting_org.ref[:2])
        country = next((c for c in map(_country, candidates) if c is not None), None)
        if country is None:
            raise Refused(f"no country can be told for the organisation “{org.label}”")
        name = org.name or org.ref
        name_language = next((k for k, v in org.names.items() if v == org.name), "en")[:8]
        organisation = Organisation(
            name=name[:250],
            name_language=name_language if name_language in ("en", "ar", "fr") else "en",
            acronym=org.acronym,
            kind=org.kind or TYPE_TO_KIND.get(org.type) or ROLE_TO_KIND.get(role, "cso"),
            country=country,
            identifier=org.ref,
            visibility=Visibility.PUBLIC,
        )
        for language in ("en", "ar", "fr"):
            text = org.names.get(language, "")
            if text and text != name:
                setattr(organisation, f"name_{language}", text[:250])
        organisation.save()
        audit_created(actor=self.imported_by, obj=organisation, reason="IATI import")
        self.report.organisations_created.append(organisation.name)
        return organisation


def project_state(project: Project) -> dict:
    """Everything the import writes, as plain values: equal states mean nothing changed."""

    def org(o):
        return (o.identifier, o.name) if o else None

    project = Project.objects.get(pk=project.pk)
    fields = [
        "title",
        "acronym",
        "slug",
        "description",
        "language",
        "title_translations",
        "description_translations",
        "iati_identifier",
        "status",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "total_budget",
        "currency",
        "reporting_organisation_id",
    ]
    return {
        **{name: getattr(project, name) for name in fields},
        "countries": sorted(project.countries.values_list("code", flat=True)),
        "places": sorted(project.places.values_list("code", flat=True)),
        "participants": sorted(
            (
                org(p.organisation),
                p.role,
                p.unit,
                p.is_national_partner,
                org(p.acting_for.organisation) if p.acting_for_id else None,
            )
            for p in project.participants.select_related("organisation", "acting_for__organisation")
        ),
        "funding": sorted(
            (org(f.funder), org(f.through), f.amount, f.currency, f.committed_on, f.note)
            for f in project.funding.select_related("funder", "through")
        ),
        "identifiers": sorted(
            project.identifiers.values_list("ref", "kind", "owner_ref", "owner_name")
        ),
        "sectors": sorted(
            (s.vocabulary, s.code, s.name, s.percentage) for s in project.sectors.all()
        ),
        "budgets": sorted(
            project.budgets.values_list(
                "kind", "status", "period_start", "period_end", "amount", "currency", "value_date"
            )
        ),
        "transactions": sorted(
            (
                t.kind,
                t.date,
                t.amount,
                t.currency,
                t.value_date,
                t.description,
                org(t.provider),
                org(t.receiver),
                t.ref,
            )
            for t in project.transactions.select_related("provider", "receiver")
        ),
    }


def _apply(project: Project, activity: Activity, orgs: ImportOrganisations, by) -> None:
    """Writes the activity's data onto the project, replacing its IATI-held parts."""
    countries = [c for c in map(_country, activity.countries) if c is not None]
    places = list(Place.objects.filter(code__in=activity.places))
    reporter = None
    # Our own export marks a declared reporting organisation; a fallback one is not kept.
    if activity.reporting_org is not None and (activity.reporting_declared or not activity.slug):
        reporter = orgs.get(activity.reporting_org, role="2", activity=activity)
    currency = activity.default_currency or ""
    if currency:
        currency = services.check_currency(currency)
    dates = activity.dates
    services.project_update(
        project=project,
        updated_by=by,
        title=activity.title[:300],
        acronym=activity.acronym or project.acronym,
        description=activity.description,
        language=activity.language[:12],
        title_translations=activity.title_translations,
        description_translations=activity.description_translations,
        planned_start=dates.get("1"),
        actual_start=dates.get("2"),
        planned_end=dates.get("3"),
        actual_end=dates.get("4"),
        total_budget=activity.total_budget,
        currency=currency,
        reporting_organisation=reporter,
        countries=countries,
        places=places,
    )
    if activity.status:
        services.project_set_status_from_import(
            project=project, status=activity.status, imported_by=by
        )
    project.participants.all().delete()
    project.funding.all().delete()
    project.identifiers.all().delete()
    project.sectors.all().delete()
    project.budgets.all().delete()
    project.transactions.all().delete()
    added: dict[tuple, ParticipatingOrganisation] = {}
    pending = []
    for line in activity.participants:
        organisation = orgs.get(line.org, role=line.role, activity=activity)
        if (organisation.pk, line.role) in added:
            continue
        participant = services.participant_add(
            project=project,
            organisation=organisation,
            role=line.role,
            added_by=by,
            unit=line.unit,
            is_national_partner=line.national_partner,
        )
        added[(organisation.pk, line.role)] = participant
        if line.acting_for:
            pending.append((participant, line.acting_for))
    for participant, (ref, name, role) in pending:
        target = orgs.find(Org(ref=ref, name=name))
        match = added.get((target.pk, role or "1")) if target else None
        if match is not None:
            ParticipatingOrganisation.objects.filter(pk=participant.pk).update(acting_for=match)
    for line in activity.funding:
        funder = orgs.get(line.funder, role="1", activity=activity)
        through = orgs.get(line.through, role="3", activity=activity) if line.through else None
        if (funder.pk, "1") not in added:
            added[(funder.pk, "1")] = services.participant_add(
                project=project, organisation=funder, role="1", added_by=by
            )
        funding = Funding.objects.create(
            project=project,
            funder=funder,
            through=through,
            amount=services.check_amount(line.amount),
            currency=services.check_currency(line.currency),
            committed_on=line.date,
            note=line.note[:300],
        )
        audit_created(actor=by, obj=funding, reason="IATI import")
    for line in activity.identifiers:
        if line.ref and not project.identifiers.filter(ref=line.ref).exists():
            services.identifier_add(
                project=project,
                ref=line.ref,
                kind=line.kind[:4],
                owner_ref=line.owner_ref,
                owner_name=line.owner_name[:250],
                added_by=by,
            )
    for line in activity.sectors:
        services.sector_add(
            project=project,
            vocabulary=line.vocabulary[:3],
            code=line.code[:40],
            name=line.name[:300],
            percentage=line.percentage,
            added_by=by,
        )
    for line in activity.budgets:
        services.budget_add(
            project=project,
            kind=line.kind[:1],
            status=line.status[:1],
            period_start=line.start,
            period_end=line.end,
            amount=line.amount,
            currency=line.currency,
            value_date=line.value_date,
            added_by=by,
        )
    for line in activity.transactions:
        services.transaction_add(
            project=project,
            kind=line.kind[:2],
            date=line.date,
            amount=line.amount,
            currency=line.currency,
            value_date=line.value_date,
            description=line.description,
            provider=orgs.get(line.provider, role="1", activity=activity)
            if line.provider
            else None,
            receiver=orgs.get(line.receiver, role="4", activity=activity)
            if line.receiver
            else None,
            ref=line.ref[:150],
            added_by=by,
        )


def _unique_slug(activity: Activity) -> str:
    wanted = slugify(activity.slug)[:120]
    if wanted and not Project.objects.filter(slug=wanted).exists():
        return wanted
    base = (slugify(activity.acronym) or slugify(activity.title) or "project")[:90]
    slug, n = base, 1
    while Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _import_results(project: Project, activity: Activity, report: ImportReport, by) -> None:
    """IATI results go into the one Indicator model of the plans app (owned by the project),
    through its services: indicator_create / indicator_update, keyed on an `external_ref`
    made of the activity, result and indicator, and progress_import per period with an actual
    value (validated: the publisher reported it). Re-importing the same file changes nothing.
    An indicator the plans app refuses (e.g. a target below the baseline of an ascending
    indicator) is left out with a warning; the rest of the activity is imported."""
    if not activity.results:
        return
    try:
        from shabaka.plans import services as plan_services

        indicator_create = plan_services.indicator_create
        indicator_update = plan_services.indicator_update
        progress_import = plan_services.progress_import
    except (ImportError, AttributeError):
        count = sum(len(r.indicators) for r in activity.results)
        report.results_note = "results not imported (plans not installed)"
        report.warnings.append(
            f"{activity.identifier}: {count} indicator(s) not imported (plans not installed)"
        )
        return
    from django.contrib.contenttypes.models import ContentType

    from shabaka.plans.models import Indicator as IndicatorModel

    owned = IndicatorModel.objects.filter(
        owner_type=ContentType.objects.get_for_model(Project), owner_id=project.pk
    )
    units = {"1": "number", "2": "percentage"}
    for r_number, result in enumerate(activity.results, start=1):
        for i_number, line in enumerate(result.indicators, start=1):
            ref = f"{activity.identifier}/result-{r_number}/indicator-{line.ref or i_number}"
            if line.measure not in units:
                report.warnings.append(f"{ref}: qualitative indicator not imported")
                continue
            targets = [p for p in line.periods if p.target is not None]
            last = max(targets, key=lambda p: p.end or p.start or 0, default=None)
            values = {
                "title": line.title[:300],
                "unit": units[line.measure],
                "direction": "increase" if line.ascending else "decrease",
                "baseline": line.baseline,
                "baseline_year": line.baseline_year,
                "target": last.target if last else None,
                "target_date": last.end if last else None,
                "description": line.description,
            }
            try:
                with transaction.atomic():
                    indicator = owned.filter(external_ref=ref).first()
                    if indicator is None:
                        indicator = indicator_create(
                            owner=project, created_by=by, external_ref=ref, **values
                        )
                        report.indicators_imported += 1
                    elif _indicator_differs(indicator, values):
                        indicator_update(indicator=indicator, updated_by=by, **values)
                        report.indicators_imported += 1
                    for p_number, period in enumerate(line.periods, start=1):
                        if period.actual is None or period.start is None or period.end is None:
                            continue
                        progress_import(
                            indicator=indicator,
                            period_start=period.start,
                            period_end=period.end,
                            value=period.actual,
                            period_target=period.target,
                            narrative=period.narrative,
                            external_ref=f"{ref}/period-{p_number}",
                            imported_by=by,
                        )
            except Refused as exc:
                report.warnings.append(f"{ref}: not imported ({exc.message})")


def _indicator_differs(indicator, values: dict) -> bool:
    from decimal import Decimal

    def same(old, new):
        if isinstance(old, Decimal) or isinstance(new, Decimal):
            if old is None or new is None:
                return old is new
            return Decimal(old).quantize(Decimal("0.01")) == Decimal(new).quantize(Decimal("0.01"))
        return (old or None) == (new or None)

    return any(not same(getattr(indicator, name), value) for name, value in values.items())


def import_activity(
    activity: Activity, orgs: "ImportOrganisations", report: ImportReport, imported_by
) -> None:
    """Creates or updates the project of one activity, with its results; an activity whose data
    cannot be used is refused (added to the report) and changes nothing."""
    project = Project.objects.filter(iati_identifier=activity.identifier).first()
    try:
        with transaction.atomic():
            if project is None:
                project = services.project_create(
                    title=activity.title[:300],
                    slug=_unique_slug(activity),
                    created_by=imported_by,
                    iati_identifier=activity.identifier,
                    visibility=Visibility.PUBLIC,
                )
                _apply(project, activity, orgs, imported_by)
                report.created.append(activity.identifier)
            else:
                before = project_state(project)
                with transaction.atomic():
                    _apply(project, activity, orgs, imported_by)
                    changed = project_state(project) != before
                    if not changed:
                        transaction.set_rollback(True)
                if changed:
                    report.updated.append(activity.identifier)
                else:
                    orgs.cache.clear()
                    report.unchanged.append(activity.identifier)
            _import_results(project, activity, report, imported_by)
    except (Refused, IntegrityError, ValueError) as exc:
        orgs.cache.clear()
        report.refused.append((activity.identifier, activity.line, str(exc)))


@transaction.atomic
def import_activities(data: bytes, *, imported_by) -> ImportReport:
    """Creates or updates a project per activity, all in one transaction (the command line's
    import; the site imports as a background job, an activity at a time: projects.jobs).
    Raises IatiFileError (nothing changed) when the file cannot be read; an activity whose data
    is unusable is refused, with its line."""
    activities, refused = parse_activities(data)
    report = ImportReport(refused=list(refused))
    orgs = ImportOrganisations(imported_by, report)
    for activity in activities:
        import_activity(activity, orgs, report, imported_by)
    return report


__all__ = [
    "ImportReport",
    "IatiFileError",
    "ImportOrganisations",
    "import_activities",
    "import_activity",
]
