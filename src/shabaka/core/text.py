"""Text normalisation for matching and search: Arabic letter forms, diacritics, case, accents."""

import re
import unicodedata

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FORMS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
    }
)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise_arabic(text: str) -> str:
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FORMS)


def fold_accents(text: str) -> str:
    """é -> e, ç -> c; leaves Arabic letters alone (their marks are handled above)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff"
    )


def normalise(text: str | None) -> str:
    """A key for tolerant matching: case, spacing, punctuation, accents and Arabic forms ignored."""
    if not text:
        return ""
    text = normalise_arabic(unicodedata.normalize("NFKC", text))
    text = fold_accents(text).casefold()
    text = normalise_arabic(text)
    return " ".join(_NON_WORD.sub(" ", text).split())


# Characters that reorder or hide text (bidirectional embeddings, overrides and isolates, the
# implicit marks) and NUL: in a name they let one name pass for another ("‮gpj.exe" shows as
# "exe.jpg"). Right-to-left text needs none of them; the pages isolate user text themselves.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE_IN_NAMES = re.compile(f"[\x00{BIDI_CONTROLS}]")


def clean_name(text: str | None) -> str:
    """A name (of a person, an organisation, a record) without bidi controls and NUL. Used by
    the forms and, for every write, by the model guard (core.guards), so a name is the same
    whichever way it came in."""
    if not text:
        return text or ""
    return _UNSAFE_IN_NAMES.sub("", text)
