"""IATI codelists shipped in codelists/ (see ../SOURCE.md)."""

import csv
import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "schemas" / "2.03"


@cache
def codelists() -> dict[str, dict[str, str]]:
    with open(HERE / "codelists" / "codelists.json", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def sectors() -> dict[str, str]:
    """DAC 5-digit purpose code → name (IATI Sector codelist, vocabulary 1)."""
    with open(HERE / "codelists" / "Sector.csv", encoding="utf-8", newline="") as handle:
        return {row["Code"]: row["Name"] for row in csv.DictReader(handle)}


def sector_name(code: str) -> str:
    return sectors().get(code, "")


def is_code(codelist: str, code: str) -> bool:
    return code in codelists()[codelist]
