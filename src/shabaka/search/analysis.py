"""Text analysis shared by both search back ends, so SQLite and PostgreSQL find the same things.

Every word is normalised (case, accents, Arabic diacritics, tatweel, alef/ya/ta marbuta forms:
see shabaka.core.text) and indexed together with its English, French and Arabic Snowball stems,
so "migrations" finds "migration", "réseaux" finds "reseau" and "الهجرة" finds "هجرة".
"""

from functools import lru_cache

import snowballstemmer

from shabaka.core.text import normalise

_STEMMERS = {name: snowballstemmer.stemmer(name) for name in ("english", "french", "arabic")}
MAX_QUERY_TERMS = 12


def _is_arabic(token: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in token)


# Proclitics the Snowball stemmer leaves on: "and the", "with the", "like the", "so the", "for
# the" (والعبور → العبور). Stripped only when a word of three letters or more remains.
_ARABIC_PROCLITICS = ("وال", "بال", "كال", "فال", "لل")


def _light_forms(token: str) -> list[str]:
    for prefix in _ARABIC_PROCLITICS:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            rest = token[len(prefix) :]
            return ["ال" + rest, rest] if prefix != "لل" else [rest]
    return []


@lru_cache(maxsize=50_000)
def stems(token: str) -> tuple[str, ...]:
    """The token's stems (without the token itself), Arabic or Latin as the script says."""
    arabic = _is_arabic(token)
    names = ("arabic",) if arabic else ("english", "french")
    forms = [token, *(_light_forms(token) if arabic else [])]
    found = []
    for form in forms:
        candidates = [form] if form != token else []
        candidates += [normalise(_STEMMERS[name].stemWord(form)) for name in names]
        for stem in candidates:
            if stem and stem != token and stem not in found and " " not in stem:
                found.append(stem)
    return tuple(found)


def index_text(text: str) -> str:
    """The words to index for `text`: each normalised word followed by its stems."""
    out = []
    for token in normalise(text).split():
        out.append(token)
        out.extend(stems(token))
    return " ".join(out)


def query_terms(query: str) -> list[tuple[str, ...]]:
    """For each word of the query, the alternatives that may match it (word and stems)."""
    terms = []
    for token in normalise(query).split()[:MAX_QUERY_TERMS]:
        terms.append((token, *stems(token)))
    return terms
