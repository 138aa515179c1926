"""Loads the frameworks (JVAP domains, GCM objectives) from data/frameworks.json, whose origin
is stated in the file and in data/SOURCE.md. Idempotent: items are matched on their code and
their wording is brought in line with the file; nothing is typed from memory."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from shabaka.dialogues.models import Framework, FrameworkItem

DATA_FILE = Path(__file__).resolve().parent / "data" / "frameworks.json"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _load_items(framework: Framework, entries: list[dict], parent, counts: dict) -> None:
    for position, entry in enumerate(entries, start=1):
        values = {
            "parent": parent,
            "position": entry.get("number", position),
            "title": entry["title"],
            "source_url": entry.get("source_url", ""),
            "note": entry.get("note", ""),
        }
        item = FrameworkItem.objects.filter(framework=framework, code=entry["code"]).first()
        if item is None:
            item = FrameworkItem.objects.create(framework=framework, code=entry["code"], **values)
            counts["created"] += 1
        elif any(getattr(item, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
            counts["updated"] += 1
        _load_items(framework, entry.get("items", []), item, counts)


@transaction.atomic
def load_frameworks(path: Path | None = None) -> dict[str, int]:
    """Creates or updates every framework and item in the file; returns the counts."""
    with open(path or DATA_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    counts = {"frameworks": 0, "created": 0, "updated": 0}
    for entry in data["frameworks"]:
        source = entry.get("source", {})
        framework, _created = Framework.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "adopted_on": _date(entry.get("adopted")),
                "adopted_at": entry.get("adopted_at", ""),
                "source_title": source.get("title", ""),
                "source_url": source.get("url", ""),
                "retrieved_on": _date(source.get("retrieved")),
                "gaps": "\n".join(entry.get("gaps", [])),
            },
        )
        counts["frameworks"] += 1
        _load_items(framework, entry["items"], None, counts)
    return counts
