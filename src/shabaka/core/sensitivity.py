"""Sensitivity classes of fields: declared once, in each model, read from here.

A model lists its fields that are not plain public data in a `SENSITIVITY` class attribute:

    class Person(models.Model):
        SENSITIVITY = {
            "email": CONFIDENTIAL,
            "full_name": restricted(public_when="is_public"),
        }

- public: may appear on public pages, feeds, the public API, search results and donor exports
  (any field not listed is public, as the record's own visibility allows);
- restricted: personal or sensitive data shown only to signed-in people the rules allow (a
  network's members, an organisation's editors, staff); `public_when` names a boolean attribute
  (or a callable) of the record that makes the value public, e.g. a person who agreed to be
  named, an organisation whose contact details are public;
- confidential: only staff and the person concerned (emails, phones, secrets).

Nothing here changes the database; the test in tests/security/test_sensitivity.py scans every
public output for the values of every field above public.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models

PUBLIC = "public"
RESTRICTED = "restricted"
CONFIDENTIAL = "confidential"
LEVELS = (PUBLIC, RESTRICTED, CONFIDENTIAL)


@dataclass(frozen=True)
class Sensitive:
    level: str
    public_when: str | Callable | None = None

    def is_public_for(self, obj) -> bool:
        if self.level == PUBLIC:
            return True
        if self.public_when is None:
            return False
        if callable(self.public_when):
            return bool(self.public_when(obj))
        return bool(getattr(obj, self.public_when))


def restricted(*, public_when: str | Callable | None = None) -> Sensitive:
    return Sensitive(RESTRICTED, public_when)


def _normalise(value) -> Sensitive:
    if isinstance(value, Sensitive):
        return value
    if value not in LEVELS:
        raise ValueError(f"unknown sensitivity {value!r}; use one of {LEVELS}")
    return Sensitive(value)


def declared(model: type[models.Model]) -> dict[str, Sensitive]:
    """The model's fields above public, as its SENSITIVITY declares them."""
    return {name: _normalise(v) for name, v in getattr(model, "SENSITIVITY", {}).items()}


def sensitive_fields() -> Iterator[tuple[type[models.Model], str, Sensitive]]:
    for model in apps.get_models():
        for name, sensitivity in declared(model).items():
            if sensitivity.level != PUBLIC:
                yield model, name, sensitivity


def is_public_value(obj: models.Model, field: str) -> bool:
    sensitivity = declared(type(obj)).get(field)
    return sensitivity is None or sensitivity.is_public_for(obj)


def non_public_values(*, min_length: int = 1) -> Iterator[tuple[str, str, str, str]]:
    """(model label, field, level, value) of every stored value that must not reach the public.
    Fields with choices are skipped: their values are codes shared by every record."""
    for model, name, sensitivity in sensitive_fields():
        field = model._meta.get_field(name)
        if getattr(field, "choices", None):
            continue
        for obj in model._default_manager.all().iterator():
            if sensitivity.is_public_for(obj):
                continue
            value = getattr(obj, name)
            if isinstance(value, str) and len(value.strip()) >= min_length:
                yield model._meta.label, name, sensitivity.level, value.strip()


def check_declarations() -> list[str]:
    """Problems with the declarations: unknown fields, or personal-looking fields left out."""
    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("shabaka."):
            continue
        names = {f.name for f in model._meta.get_fields()}
        for name, value in getattr(model, "SENSITIVITY", {}).items():
            if name not in names:
                problems.append(f"{model._meta.label}.SENSITIVITY names no field {name!r}")
            try:
                _normalise(value)
            except ValueError as exc:
                problems.append(f"{model._meta.label}.{name}: {exc}")
        for field in model._meta.concrete_fields:
            personal = isinstance(field, models.EmailField) or field.name in (
                "phone",
                "full_name",
                "address",
                "password",
            )
            if personal and field.name not in getattr(model, "SENSITIVITY", {}):
                problems.append(
                    f"{model._meta.label}.{field.name} looks personal: declare its sensitivity"
                )
    return problems
