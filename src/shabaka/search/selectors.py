"""One search across every record the viewer may see."""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # the standard library's: Django's adds lazy-string overhead

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Left
from django.utils.safestring import SafeString, mark_safe

from shabaka.core.text import normalise
from shabaka.search.analysis import query_terms, stems
from shabaka.search.backends import POOL, backend
from shabaka.search.models import SearchDocument
from shabaka.search.registry import installed_entries

SNIPPET_WORDS = 30
SNIPPET_SOURCE = 5000  # characters of a body read to cut its snippet from
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
    capped: bool = False  # more matches than the pool: total and counts are lower bounds


@lru_cache(maxsize=65_536)
def _word_keys(word: str) -> tuple[str, frozenset]:
    """A word of a text as the index sees it: normalised, and its forms (itself and stems).
    Kept across searches: the words of the indexed texts repeat from one search to the next."""
    key = normalise(word)
    return key, frozenset((key, *stems(key))) if key else frozenset()


class _Matcher(dict):
    """word -> whether it matches the query, worked out once per word and search."""

    def __init__(self, terms: list[tuple[str, ...]]):
        super().__init__()
        self.terms = [(token, set(term_stems)) for token, *term_stems in terms]

    def __missing__(self, word: str) -> bool:
        key, forms = _word_keys(word)
        found = bool(key) and any(
            key.startswith(token) or not term_stems.isdisjoint(forms)
            for token, term_stems in self.terms
        )
        self[word] = found
        return found


def highlight(
    text: str,
    terms: list[tuple[str, ...]],
    *,
    snippet: bool = False,
    matcher: _Matcher | None = None,
) -> SafeString:
    """Wraps matching words in <mark> (text escaped); a snippet is cut around the first hit."""
    matches = matcher if matcher is not None else _Matcher(terms)
    if snippet:
        words, start, end = _snippet_words(text, matches)
    else:
        words, start, end = _WORD.finditer(text), 0, len(text)
    out, cursor = [], start
    for match in words:
        if matches[match.group()]:
            out.append(escape(text[cursor : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            cursor = match.end()
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out).strip() + suffix)


def _snippet_words(text: str, matches: _Matcher) -> tuple[list, int, int]:
    """The SNIPPET_WORDS words from a little before the first hit (from the start when there is
    none), and where the snippet starts and ends in `text`; reads no further than it needs."""
    before = SNIPPET_WORDS // 3
    words = _WORD.finditer(text)
    recent: deque = deque(maxlen=before + 1)
    for n, match in enumerate(words):
        recent.append(match)
        if matches[match.group()]:
            lo = max(0, n - before)
            window = list(recent)[lo - n - 1 :]
            break
    else:
        words, lo, window = _WORD.finditer(text), 0, []
    for match in words:
        if len(window) == SNIPPET_WORDS:  # and more words follow
            return window, (window[0].start() if lo else 0), window[-1].end()
        window.append(match)
    return window, (window[0].start() if lo else 0), len(text)


def _visible_ids(candidates, entries: dict, viewer) -> set[tuple[str, int]]:
    """(kind, object id) of the candidates the viewer may see: each app's own selector decides,
    all kinds asked in one query (a UNION ALL of the selectors, each on its own candidates
    only: at most the back end's pool of ids in all, so a plain IN list)."""
    ids_by_kind: dict[str, list[int]] = {}
    for _pk, kind, object_id in candidates:
        if kind in entries:
            ids_by_kind.setdefault(kind, []).append(object_id)
    if not ids_by_kind:
        return set()
    parts = [
        entries[kind]
        .visible(viewer)
        .filter(pk__in=ids)
        .order_by()
        .annotate(search_kind=Value(kind, output_field=CharField()))
        .values_list("search_kind", "pk")
        for kind, ids in sorted(ids_by_kind.items())
    ]
    visible = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return set(visible)


def _result_rows(*, page_ids: list[int]) -> QuerySet:
    return SearchDocument.objects.filter(pk__in=page_ids).values_list(
        "pk", "kind", "title", Left("body", SNIPPET_SOURCE), "url", "language"
    )


def search(
    *, query: str, viewer, kinds: list[str] | None = None, page: int = 1, per_page: int = 20
) -> SearchOutcome:
    """The viewer's results for `query`, best first, `per_page` at a time: three queries
    (candidates, visibility, the page's rows) whatever the size of the index.

    Only the back end's pool of most recent matches is ranked and counted; when the pool was
    full there may be more matches, and `capped` says so (counts are then lower bounds)."""
    outcome = SearchOutcome(query=query, page=max(1, page))
    terms = query_terms(query)
    if not terms:
        return outcome
    entries = {e.kind: e for e in installed_entries()}
    if kinds:
        kinds = [k for k in kinds if k in entries]
        if not kinds:
            return outcome
    candidates = backend().candidates(terms, kinds=kinds or None, pool=POOL)
    if not candidates:
        return outcome
    outcome.capped = len(candidates) >= POOL
    allowed = _visible_ids(candidates, entries, viewer)
    visible = [(pk, kind) for pk, kind, object_id in candidates if (kind, object_id) in allowed]
    for kind, count in Counter(kind for _pk, kind in visible).items():
        outcome.counts[kind] = (entries[kind].kind_label, count)
    outcome.total = len(visible)
    outcome.pages = (outcome.total + per_page - 1) // per_page
    outcome.page = min(outcome.page, max(outcome.pages, 1))
    page_ids = [
        pk for pk, _kind in visible[(outcome.page - 1) * per_page : outcome.page * per_page]
    ]
    rows = {row[0]: row for row in _result_rows(page_ids=page_ids)}
    matcher = _Matcher(terms)
    for pk in page_ids:
        _pk, kind, title, body, url, language = rows[pk]
        outcome.results.append(
            SearchResult(
                kind=kind,
                kind_label=entries[kind].kind_label,
                title=highlight(title, terms, matcher=matcher),
                snippet=highlight(body, terms, snippet=True, matcher=matcher)
                if body
                else mark_safe(""),
                url=url,
                language=language,
            )
        )
    return outcome
