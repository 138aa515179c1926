"""Text of uploaded PDF and DOCX files, for search (pypdf and python-docx)."""

import logging

logger = logging.getLogger(__name__)
MAX_CHARS = 100_000
MAX_PAGES = 60


def extract_text(document) -> str:
    if not document.file:
        return ""
    try:
        if document.mime_type == "application/pdf":
            from pypdf import PdfReader

            with document.file.open("rb") as handle:
                reader = PdfReader(handle)
                parts = []
                for page in reader.pages[:MAX_PAGES]:
                    parts.append(page.extract_text() or "")
                    if sum(map(len, parts)) > MAX_CHARS:
                        break
            return "\n".join(parts)[:MAX_CHARS]
        if document.mime_type.endswith("wordprocessingml.document"):
            import docx

            with document.file.open("rb") as handle:
                parsed = docx.Document(handle)
            return "\n".join(p.text for p in parsed.paragraphs)[:MAX_CHARS]
        if document.mime_type in ("text/plain", "text/csv"):
            with document.file.open("rb") as handle:
                return handle.read(MAX_CHARS).decode("utf-8", errors="replace")
    except Exception as exc:  # a damaged file must not stop the upload; it is just not indexed
        logger.warning("could not extract text of document %s: %s", document.pk, exc)
    return ""
