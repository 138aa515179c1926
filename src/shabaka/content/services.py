"""Writes on documents and news. Callers check permissions first (content.rules)."""

import io
import re

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_deleted, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.content.markdown import render_markdown
from shabaka.content.models import Document, NewsItem, NewsStatus
from shabaka.content.uploads import validate_upload
from shabaka.core.errors import InvalidTransition, Refused
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
    if link and not link.lower().startswith(("https://", "http://")):
        # The download view redirects to the link: a javascript: or data: URL must not pass.
        raise Refused(_("A link starts with https:// or http://."), field="link")


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


# --- news ------------------------------------------------------------------------------------

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LEAD_IMAGE_WIDTH = 1200


def lead_image_file(upload) -> ContentFile:
    """A PNG or JPEG, checked by content, re-encoded (which drops its metadata: camera, place)
    and narrowed to LEAD_IMAGE_WIDTH pixels if wider."""
    facts = validate_upload(upload)
    if facts["mime_type"] not in ("image/png", "image/jpeg"):
        raise Refused(_("The lead image must be a PNG or JPEG picture."), field="lead_image")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.load()
            if image.width * image.height > 40_000_000:
                raise Refused(_("The picture is too large."), field="lead_image")
            if image.width > LEAD_IMAGE_WIDTH:
                height = round(image.height * LEAD_IMAGE_WIDTH / image.width)
                image = image.resize((LEAD_IMAGE_WIDTH, max(height, 1)))
            out = io.BytesIO()
            if facts["mime_type"] == "image/png":
                image.save(out, format="PNG", optimize=True)
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise Refused(_("The picture cannot be read."), field="lead_image") from None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=facts["name"])


def _check_news(news: NewsItem) -> None:
    if not news.title.strip():
        raise Refused(_("Give the news item a title."), field="title")
    if not news.body.strip():
        raise Refused(_("Write the text of the news item."), field="body")
    if not LANGUAGE_TAG.match(news.language or ""):
        raise Refused(_("Give the language as a BCP 47 code, e.g. en, ar, fr."), field="language")
    if news.lead_image_id and not news.lead_image_alt.strip():
        raise Refused(
            _("Describe the picture in a few words for those who cannot see it."),
            field="lead_image_alt",
        )


def _news_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:120] or "news"
    slug, n = base, 1
    while NewsItem.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _attach_image(news: NewsItem, upload, by) -> None:
    image = lead_image_file(upload)
    document = document_create(
        title=news.title,
        upload=image,
        owner=news,
        visibility=Visibility.PUBLIC,
        uploaded_by=by,
        language=news.language if news.language in ("en", "ar", "fr") else "en",
    )
    news.lead_image = document


LINKS = ("projects", "networks", "countries", "tags", "events", "dialogues")


def _set_links(news: NewsItem, links: dict) -> dict:
    changes = {}
    for name in LINKS:
        if links.get(name) is None:
            continue
        manager = getattr(news, name)
        old = sorted(manager.values_list("pk", flat=True))
        manager.set(links[name])
        new = sorted(manager.values_list("pk", flat=True))
        if old != new:
            changes[name] = [old, new]
    return changes


@transaction.atomic
def news_create(
    *,
    title: str,
    body: str,
    created_by,
    language: str = "en",
    summary: str = "",
    translation_of: NewsItem | None = None,
    lead_image=None,
    lead_image_alt: str = "",
    slug: str = "",
    projects=(),
    networks=(),
    countries=(),
    tags=(),
    events=(),
    dialogues=(),
) -> NewsItem:
    news = NewsItem(
        title=(title or "").strip(),
        body=body or "",
        language=(language or "").strip(),
        summary=summary.strip(),
        lead_image_alt=lead_image_alt.strip(),
        created_by=created_by,
    )
    if translation_of is not None:
        news.translation_group = translation_of.translation_group
        if NewsItem.objects.filter(
            translation_group=news.translation_group, language=news.language
        ).exists():
            raise Refused(_("This news item already has a version in that language."))
    if lead_image and not news.lead_image_alt:
        raise Refused(
            _("Describe the picture in a few words for those who cannot see it."),
            field="lead_image_alt",
        )
    _check_news(news)
    news.body_html = render_markdown(news.body)
    news.slug = slugify(slug, allow_unicode=True)[:140] if slug else _news_slug(news.title)
    if NewsItem.objects.filter(slug=news.slug).exists():
        raise Refused(_("Another news item already uses this short name."), field="slug")
    news.save()
    if lead_image:
        _attach_image(news, lead_image, created_by)
        news.save(update_fields=["lead_image"])
    links = _set_links(
        news,
        {
            "projects": projects,
            "networks": networks,
            "countries": countries,
            "tags": tags,
            "events": events,
            "dialogues": dialogues,
        },
    )
    audit_created(actor=created_by, obj=news, extra=links)
    return news


NEWS_EDITABLE = ("title", "body", "summary", "language", "lead_image_alt")


@transaction.atomic
def news_update(
    *, news: NewsItem, updated_by, lead_image=None, remove_image: bool = False, **fields
) -> NewsItem:
    links = {name: fields.pop(name, None) for name in LINKS}
    unknown = set(fields) - set(NEWS_EDITABLE)
    if unknown:
        raise Refused(_("These fields cannot be set: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    news = NewsItem.objects.select_for_update().get(pk=news.pk)
    before = audit_snapshot(news)
    for name, value in fields.items():
        setattr(news, name, value.strip() if isinstance(value, str) and name != "body" else value)
    if remove_image:
        news.lead_image = None
    if lead_image:
        if not news.lead_image_alt.strip():
            raise Refused(
                _("Describe the picture in a few words for those who cannot see it."),
                field="lead_image_alt",
            )
        _attach_image(news, lead_image, updated_by)
    _check_news(news)
    news.body_html = render_markdown(news.body)
    news.save()
    changes = _set_links(news, links)
    audit_updated(actor=updated_by, obj=news, before=before, extra=changes)
    return news


@transaction.atomic
def news_publish(*, news: NewsItem, published_by, published_at=None) -> NewsItem:
    """Draft → published; the publication date is now unless given (an earlier item)."""
    news = NewsItem.objects.select_for_update().get(pk=news.pk)
    if news.status != NewsStatus.DRAFT:
        raise InvalidTransition(_("Only a draft can be published."))
    _check_news(news)
    before = audit_snapshot(news, ["status", "published_at"])
    news.status = NewsStatus.PUBLISHED
    news.published_at = published_at or timezone.now()
    news.save(update_fields=["status", "published_at", "updated_at"])
    audit_updated(actor=published_by, obj=news, before=before, action=AuditAction.TRANSITION)
    return news


@transaction.atomic
def news_unpublish(*, news: NewsItem, by, reason: str = "") -> NewsItem:
    """Published → draft (withdrawn); the publication date is kept for the record."""
    news = NewsItem.objects.select_for_update().get(pk=news.pk)
    if news.status != NewsStatus.PUBLISHED:
        raise InvalidTransition(_("Only a published item can be withdrawn."))
    before = audit_snapshot(news, ["status"])
    news.status = NewsStatus.DRAFT
    news.save(update_fields=["status", "updated_at"])
    audit_updated(actor=by, obj=news, before=before, reason=reason, action=AuditAction.TRANSITION)
    return news
