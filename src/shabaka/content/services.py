"""Writes on documents. Callers check permissions first (content.rules)."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_deleted, audit_snapshot, audit_updated
from shabaka.content.models import Document
from shabaka.content.uploads import validate_upload
from shabaka.core.errors import Refused
from shabaka.core.visibility import Visibility


def _check_common(title: str, language: str, visibility: str, upload, link: str) -> None:
    from django.conf import settings

    if not title.strip():
        raise Refused(_("Give the document a title."), field="title")
    if language not in dict(settings.LANGUAGES):
        raise Refused(_("Unknown language."), field="language")
    if visibility not in Visibility.values:
        raise Refused(_("Unknown visibility."), field="visibility")
    if not upload and not link:
        raise Refused(_("Upload a file or give a link."), field="file")
    if upload and link:
        raise Refused(_("Upload a file or give a link, not both."), field="link")


def _store(document: Document, upload) -> None:
    facts = validate_upload(upload)
    document.original_filename = facts["name"]
    document.mime_type = facts["mime_type"]
    document.size = facts["size"]
    document.sha256 = facts["sha256"]
    document.file.save(facts["name"], File(upload), save=False)


@transaction.atomic
def document_create(
    *,
    title: str,
    uploaded_by,
    owner: models.Model | None = None,
    upload=None,
    link: str = "",
    language: str = "en",
    visibility: str = Visibility.MEMBERS,
    network=None,
    description: str = "",
) -> Document:
    _check_common(title, language, visibility, upload, link)
    document = Document(
        title=title.strip(),
        description=description,
        language=language,
        visibility=visibility,
        network=network,
        link=link,
        uploaded_by=uploaded_by,
    )
    if owner is not None:
        document.owner_type = ContentType.objects.get_for_model(owner, for_concrete_model=True)
        document.owner_id = owner.pk
    if upload:
        _store(document, upload)
    document.save()
    audit_created(actor=uploaded_by, obj=document)
    return document


@transaction.atomic
def document_new_version(
    *, document: Document, uploaded_by, upload=None, link: str = "", title: str | None = None
) -> Document:
    """Adds a version; the earlier one stays readable but is no longer current."""
    previous = Document.objects.select_for_update().get(pk=document.pk)
    if not previous.is_current:
        raise Refused(_("A new version is added to the current version only."))
    _check_common(title or previous.title, previous.language, previous.visibility, upload, link)
    before = audit_snapshot(previous, ["is_current"])
    previous.is_current = False
    previous.save(update_fields=["is_current"])
    audit_updated(
        actor=uploaded_by, obj=previous, before=before, reason="superseded by a new version"
    )
    latest = Document(
        series=previous.series,
        version=previous.version + 1,
        title=(title or previous.title).strip(),
        description=previous.description,
        language=previous.language,
        visibility=previous.visibility,
        network=previous.network,
        owner_type=previous.owner_type,
        owner_id=previous.owner_id,
        link=link,
        uploaded_by=uploaded_by,
    )
    if upload:
        _store(latest, upload)
    latest.save()
    audit_created(actor=uploaded_by, obj=latest)
    return latest


@transaction.atomic
def document_delete(*, document: Document, deleted_by, reason: str = "") -> None:
    audit_deleted(actor=deleted_by, obj=document, reason=reason)
    stored = document.file.name if document.file else None
    storage = document.file.storage if document.file else None
    document.delete()
    if stored:
        # The file goes only once the deletion is committed.
        transaction.on_commit(lambda: storage.delete(stored))
