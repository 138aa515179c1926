"""One search across every record the viewer may see."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from shabaka.core.text import normalise
from shabaka.search.analysis import query_terms, stems
from shabaka.search.backends import backend
from shabaka.search.models import SearchDocument
from shabaka.search.registry import installed_entries

SNIPPET_WORDS = 30
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]+", re.UNICODE)


@dataclass
class SearchResult:
    kind: str
    kind_label: str
    title: SafeString
    snippet: SafeString
    url: str
    language: str


@dataclass
class SearchOutcome:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    counts: dict = field(default_factory=dict)  # kind -> (label, count)
    page: int = 1
    pages: int = 0


def _matches(word: str, terms: list[tuple[str, ...]]) -> bool:
    key = normalise(word)
    if not key:
        return False
    keys = {key, *stems(key)}
    for alternatives in terms:
        token, *term_stems = alternatives
        if key.startswith(token) or keys & set(term_stems):
            return True
    return False


def highlight(text: str, terms: list[tuple[str, ...]], *, snippet: bool = False) -> SafeString:
    """Wraps matching words in <mark> (text escaped); a snippet is cut around the first hit."""
    words = list(_WORD.finditer(text))
    start, end = 0, len(text)
    if snippet:
        first = next((i for i, m in enumerate(words) if _matches(m.group(), terms)), 0)
        lo = max(0, first - SNIPPET_WORDS // 3)
        hi = min(len(words), lo + SNIPPET_WORDS)
        if words:
            start = words[lo].start() if lo > 0 else 0
            end = words[hi - 1].end() if hi < len(words) else len(text)
    out, cursor = [], start
    for match in words:
        if match.start() < start or match.end() > end:
            continue
        out.append(escape(text[cursor : match.start()]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if _matches(match.group(), terms) else word)
        cursor = match.end()
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out).strip() + suffix)


def search(
    *, query: str, viewer, kinds: list[str] | None = None, page: int = 1, per_page: int = 20
) -> SearchOutcome:
    outcome = SearchOutcome(query=query, page=max(1, page))
    terms = query_terms(query)
    if not terms:
        return outcome
    entries = {e.kind: e for e in installed_entries()}
    candidates = backend().match(terms)
    if not candidates:
        return outcome
    documents = dict(
        (d.pk, d)
        for d in SearchDocument.objects.filter(pk__in=[pk for pk, _rank in candidates]).only(
            "pk", "kind", "object_id"
        )
    )
    # Who may see what: each app's own selector, one query per kind of record.
    ids_by_kind: dict[str, set[int]] = {}
    for document in documents.values():
        ids_by_kind.setdefault(document.kind, set()).add(document.object_id)
    allowed: dict[str, set[int]] = {}
    for kind, ids in ids_by_kind.items():
        entry = entries.get(kind)
        allowed[kind] = (
            set(entry.visible(viewer).filter(pk__in=ids).values_list("pk", flat=True))
            if entry
            else set()
        )
    visible = [
        pk
        for pk, _rank in candidates
        if pk in documents and documents[pk].object_id in allowed.get(documents[pk].kind, ())
    ]
    for pk in visible:
        kind = documents[pk].kind
        label, count = outcome.counts.get(kind, (entries[kind].kind_label, 0))
        outcome.counts[kind] = (label, count + 1)
    if kinds:
        visible = [pk for pk in visible if documents[pk].kind in kinds]
    outcome.total = len(visible)
    outcome.pages = (outcome.total + per_page - 1) // per_page
    outcome.page = min(outcome.page, max(outcome.pages, 1))
    page_ids = visible[(outcome.page - 1) * per_page : outcome.page * per_page]
    rows = SearchDocument.objects.in_bulk(page_ids)
    for pk in page_ids:
        row = rows[pk]
        entry = entries[row.kind]
        outcome.results.append(
            SearchResult(
                kind=row.kind,
                kind_label=entry.kind_label,
                title=highlight(row.title, terms),
                snippet=highlight(row.body[:5000], terms, snippet=True)
                if row.body
                else mark_safe(""),
                url=row.url,
                language=row.language,
            )
        )
    return outcome
