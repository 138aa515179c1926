"""Validation of uploaded files: the type is sniffed from the content, not trusted from the
name or the browser; size is bounded; the name is sanitised."""

import hashlib
import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from shabaka.core.errors import Refused

# extension -> (MIME type, sniffing rule)
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
_OOXML_MARKERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}


def sanitise_filename(name: str) -> str:
    name = os.path.basename(name.replace("\\", "/"))
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"[^\w.\- ]+", "_", name, flags=re.UNICODE).strip(" ._")
    stem, ext = os.path.splitext(name)
    return (stem[:120] or "document") + ext.lower()[:10]


def _sniff(head: bytes, upload, ext: str) -> bool:
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in (".docx", ".xlsx", ".pptx", ".odt"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                if ext == ".odt":
                    return archive.read("mimetype").startswith(
                        b"application/vnd.oasis.opendocument.text"
                    )
                return "[Content_Types].xml" in names and any(
                    n.startswith(_OOXML_MARKERS[ext]) for n in names
                )
        except (zipfile.BadZipFile, KeyError):
            return False
        finally:
            upload.seek(0)
    if ext in (".txt", ".csv"):
        upload.seek(0)
        try:
            sample = upload.read(64 * 1024)
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is fine.
            if exc.start < len(sample) - 4:
                return False
        finally:
            upload.seek(0)
        return b"\x00" not in head
    return False


def validate_upload(upload) -> dict:
    """Checks an uploaded file; returns its sanitised name, MIME type, size and SHA-256."""
    max_bytes = getattr(settings, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
    if upload.size == 0:
        raise Refused(_("The file is empty."), field="file")
    if upload.size > max_bytes:
        raise Refused(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": max_bytes // 1048576},
            field="file",
        )
    name = sanitise_filename(upload.name or "")
    ext = os.path.splitext(name)[1]
    if ext not in ALLOWED:
        raise Refused(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(e.lstrip(".") for e in ALLOWED))},
            field="file",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _sniff(head, upload, ext):
        raise Refused(
            _("The file's content does not match its type (%(ext)s).") % {"ext": ext}, field="file"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {
        "name": name,
        "mime_type": ALLOWED[ext],
        "size": upload.size,
        "sha256": digest.hexdigest(),
    }
