"""Reference data from outside, loaded idempotently: ISO countries (pycountry, which ships
Debian's iso-codes tables and their Arabic and French names), Libya's administrative units
(data/libya_places.csv, see data/SOURCE.md) and the topics of the field."""

import csv
import gettext
from pathlib import Path

import pycountry
from django.db import transaction

from shabaka.directory.models import Country, Place, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"

# The topics civil-society networks on migration work on (the list).
TOPICS = [
    ("protection", "Protection", "الحماية", "Protection"),
    (
        "return-reintegration",
        "Return and reintegration",
        "العودة وإعادة الإدماج",
        "Retour et réintégration",
    ),
    ("labour-migration", "Labour migration", "هجرة العمالة", "Migration de travail"),
    ("anti-trafficking", "Anti-trafficking", "مكافحة الاتجار بالبشر", "Lutte contre la traite"),
    ("health", "Health", "الصحة", "Santé"),
    ("border-management", "Border management", "إدارة الحدود", "Gestion des frontières"),
    ("legal-aid", "Legal aid", "المساعدة القانونية", "Aide juridique"),
    ("advocacy", "Advocacy", "المناصرة", "Plaidoyer"),
]


def _translator(language: str):
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@transaction.atomic
def load_countries() -> int:
    arabic, french = _translator("ar"), _translator("fr")
    existing = {c.code: c for c in Country.objects.all()}
    created = 0
    for entry in pycountry.countries:
        name = getattr(entry, "common_name", None) or entry.name
        values = {
            "name": name,
            "name_en": name,
            "name_ar": arabic.gettext(entry.name),
            "name_fr": french.gettext(entry.name),
        }
        country = existing.get(entry.alpha_2)
        if country is None:
            Country.objects.create(code=entry.alpha_2, **values)
            created += 1
        elif any(getattr(country, k) != v for k, v in values.items()):
            Country.objects.filter(pk=country.pk).update(**values)
    return created


@transaction.atomic
def load_places(path: Path | None = None, *, country_code: str = "LY") -> int:
    """Loads a places file (code, parent_code, level, name_en, name_ar); parents first."""
    path = path or DATA_DIR / "libya_places.csv"
    country = Country.objects.get(code=country_code)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    order = {"region": 0, "district": 1, "municipality": 2}
    rows.sort(key=lambda r: order[r["level"]])
    by_code = {p.code: p for p in Place.objects.filter(country=country)}
    created = 0
    for row in rows:
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        values = {
            "country": country,
            "level": row["level"],
            "parent": parent,
            "name": row["name_en"],
            "name_en": row["name_en"],
            "name_ar": row.get("name_ar", ""),
        }
        place, was_created = Place.objects.update_or_create(code=row["code"], defaults=values)
        by_code[place.code] = place
        created += was_created
    return created


@transaction.atomic
def load_topics() -> int:
    created = 0
    for slug, en, ar, fr in TOPICS:
        _topic, was_created = Topic.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_en": en, "name_ar": ar, "name_fr": fr}
        )
        created += was_created
    return created


def load_reference_data() -> dict[str, int]:
    return {"countries": load_countries(), "places": load_places(), "topics": load_topics()}
