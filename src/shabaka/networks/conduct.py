"""Codes of Conduct: a code common to several networks, its versions (draft -> adopted ->
superseded), each network's adoption, and member organisations' endorsements. Writes only;
callers check permissions (networks.rules) first."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.networks.models import (
    CodeAdoption,
    CodeOfConduct,
    CodeText,
    CodeVersion,
    CodeVersionStatus,
    Endorsement,
    EndorsementStatus,
    Membership,
    MembershipStatus,
    Network,
)

V = CodeVersionStatus
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _clean_texts(texts: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for language, body in (texts or {}).items():
        if language not in LANGUAGES:
            raise Refused(_("Unknown language: %(code)s.") % {"code": language}, field="language")
        if body and body.strip():
            cleaned[language] = body.strip()
    return cleaned


def _write_texts(version: CodeVersion, texts: dict[str, str]) -> None:
    for language, body in texts.items():
        CodeText.objects.update_or_create(
            version=version, language=language, defaults={"body": body}
        )


@transaction.atomic
def code_create(
    *,
    title: str,
    created_by,
    texts: dict[str, str] | None = None,
    summary: str = "",
    network: Network | None = None,
) -> CodeOfConduct:
    """A new code with its first version as a draft."""
    if not title.strip():
        raise Refused(_("Give the code a title."), field="title")
    code = CodeOfConduct.objects.create(
        title=title.strip(), summary=summary, started_by_network=network, created_by=created_by
    )
    version = CodeVersion.objects.create(code=code, number=1, created_by=created_by)
    _write_texts(version, _clean_texts(texts or {}))
    audit_created(actor=created_by, obj=code)
    audit_created(actor=created_by, obj=version, extra={"languages": [None, sorted(texts or {})]})
    return code


@transaction.atomic
def code_version_draft(*, code: CodeOfConduct, created_by, note: str = "") -> CodeVersion:
    """A new draft version, starting from the text of the latest version."""
    CodeOfConduct.objects.select_for_update().get(pk=code.pk)
    latest = code.versions.order_by("-number").first()
    if latest is not None and latest.status == V.DRAFT:
        raise Refused(
            _("Version %(number)s is still a draft: edit it instead of starting another.")
            % {"number": latest.number}
        )
    number = (latest.number if latest else 0) + 1
    version = CodeVersion.objects.create(code=code, number=number, note=note, created_by=created_by)
    if latest is not None:
        _write_texts(version, {t.language: t.body for t in latest.texts.all()})
    audit_created(actor=created_by, obj=version)
    return version


@transaction.atomic
def code_version_edit(
    *, version: CodeVersion, edited_by, texts: dict[str, str], note: str | None = None
) -> CodeVersion:
    """Changes the text of a draft (one or more languages; an empty text removes a language)."""
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != V.DRAFT:
        raise InvalidTransition(
            _("Only a draft can be edited; this version is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    for language in texts:
        if language not in LANGUAGES:
            raise Refused(_("Unknown language: %(code)s.") % {"code": language}, field="language")
    before = {t.language: t.body for t in locked.texts.all()}
    keep = _clean_texts(texts)
    if not keep and not any(lang not in texts for lang in before):
        raise Refused(_("A code needs its text in at least one language."))
    removed = [lang for lang in texts if lang not in keep]
    locked.texts.filter(language__in=removed).delete()
    _write_texts(locked, keep)
    after = {t.language: t.body for t in locked.texts.all()}
    snapshot = audit_snapshot(locked, ["note"])
    if note is not None:
        locked.note = note
        locked.save(update_fields=["note"])
    changes = {
        f"text_{lang}": [before.get(lang), after.get(lang)]
        for lang in sorted(set(before) | set(after))
        if before.get(lang) != after.get(lang)
    }
    audit_updated(actor=edited_by, obj=locked, before=snapshot, extra=changes)
    version.refresh_from_db()
    return version


@transaction.atomic
def code_adopt(
    *,
    version: CodeVersion,
    network: Network,
    adopted_by,
    adopted_on: datetime.date | None = None,
    decision: str = "",
) -> CodeAdoption:
    """`network` adopts `version`. A draft becomes adopted (its text frozen) and the earlier
    adopted versions of the same code superseded. The network's previous adoption is replaced
    and its members' endorsements of it are marked as needing renewal."""
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status == V.SUPERSEDED:
        raise InvalidTransition(
            _("Version %(number)s has been superseded: adopt the latest version.")
            % {"number": locked.number}
        )
    if not locked.texts.exists():
        raise Refused(_("A code needs its text in at least one language before adoption."))
    adopted_on = adopted_on or timezone.localdate()
    if adopted_on > timezone.localdate():
        raise Refused(_("The adoption date cannot be in the future."), field="adopted_on")
    Network.objects.select_for_update().get(pk=network.pk)
    in_force = network.code_adoptions.filter(replaced_at__isnull=True).select_related("version")
    previous = in_force.first()
    if previous is not None and previous.version_id == locked.pk:
        raise Refused(_("This network already has this version in force."))
    if network.code_adoptions.filter(version=locked).exists():
        raise Refused(_("This network adopted this version before."))
    if previous is not None and previous.adopted_on > adopted_on:
        raise Refused(
            _("The version in force was adopted on %(date)s; a new adoption cannot be earlier.")
            % {"date": previous.adopted_on},
            field="adopted_on",
        )
    now = timezone.now()
    if locked.status == V.DRAFT:
        before = audit_snapshot(locked, ["status", "adopted_at"])
        locked.status = V.ADOPTED
        locked.adopted_at = now
        locked.save(update_fields=["status", "adopted_at"])
        audit_updated(actor=adopted_by, obj=locked, before=before, action=AuditAction.TRANSITION)
        older = CodeVersion.objects.select_for_update().filter(
            code_id=locked.code_id, status=V.ADOPTED, number__lt=locked.number
        )
        for old in older:
            before = audit_snapshot(old, ["status", "superseded_at"])
            old.status = V.SUPERSEDED
            old.superseded_at = now
            old.save(update_fields=["status", "superseded_at"])
            audit_updated(actor=adopted_by, obj=old, before=before, action=AuditAction.TRANSITION)
    elif locked.code.versions.filter(number__gt=locked.number).exclude(status=V.DRAFT).exists():
        raise InvalidTransition(_("A later version of this code exists: adopt that one."))
    if previous is not None:
        before = audit_snapshot(previous, ["replaced_at"])
        previous.replaced_at = now
        previous.save(update_fields=["replaced_at"])
        audit_updated(actor=adopted_by, obj=previous, before=before)
        to_renew = Endorsement.objects.select_for_update().filter(
            membership__network=network,
            status=EndorsementStatus.CURRENT,
        )
        for endorsement in to_renew.exclude(version=locked):
            before = audit_snapshot(endorsement, ["status", "renewal_needed_since"])
            endorsement.status = EndorsementStatus.RENEWAL_NEEDED
            endorsement.renewal_needed_since = now
            endorsement.save(update_fields=["status", "renewal_needed_since"])
            audit_updated(
                actor=adopted_by,
                obj=endorsement,
                before=before,
                action=AuditAction.TRANSITION,
                reason=_("A new version of the code was adopted."),
            )
    try:
        with transaction.atomic():
            adoption = CodeAdoption.objects.create(
                network=network,
                version=locked,
                adopted_on=adopted_on,
                adopted_by=adopted_by,
                decision=decision,
            )
    except IntegrityError:
        raise Refused(_("Another adoption for this network is being recorded.")) from None
    audit_created(actor=adopted_by, obj=adoption)
    version.refresh_from_db()
    return adoption


def code_in_force(network: Network) -> CodeAdoption | None:
    return (
        network.code_adoptions.filter(replaced_at__isnull=True)
        .select_related("version__code")
        .prefetch_related("version__texts")
        .first()
    )


@transaction.atomic
def endorsement_create(
    *,
    membership: Membership,
    version: CodeVersion,
    endorsed_by,
    endorsed_on: datetime.date | None = None,
    signatory: str = "",
) -> Endorsement:
    """The member endorses the version its network has in force. Renewing after a new version
    is the same call with the new version."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.ACTIVE:
        raise Refused(
            _("Only an active member can endorse the code; this membership is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    version = CodeVersion.objects.get(pk=version.pk)
    if version.status == V.DRAFT:
        raise InvalidTransition(_("A draft cannot be endorsed: it must be adopted first."))
    adoption = locked.network.code_adoptions.filter(replaced_at__isnull=True).first()
    if adoption is None or adoption.version_id != version.pk:
        raise InvalidTransition(
            _("This version is not the code in force in %(network)s.") % {"network": locked.network}
        )
    if locked.endorsements.filter(version=version).exists():
        raise Refused(
            _("%(member)s has already endorsed this version.") % {"member": locked.member}
        )
    endorsed_on = endorsed_on or timezone.localdate()
    if endorsed_on > timezone.localdate():
        raise Refused(_("The endorsement date cannot be in the future."), field="endorsed_on")
    if endorsed_on < adoption.adopted_on:
        raise Refused(
            _("The endorsement cannot predate the adoption (%(date)s).")
            % {"date": adoption.adopted_on},
            field="endorsed_on",
        )
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                membership=locked,
                version=version,
                endorsed_by=endorsed_by,
                endorsed_on=endorsed_on,
                signatory=signatory,
            )
    except IntegrityError:
        raise Refused(_("This endorsement is already being recorded.")) from None
    audit_created(actor=endorsed_by, obj=endorsement)
    return endorsement
