"""What every write of a Shabaka record must respect, checked in one place before it is saved
(a `pre_save` receiver for the models of our apps), so that services, imports and the API
refuse hostile input with a message the user can read instead of failing in the database:

- text fits its column (`max_length`): SQLite would store 100,000 characters in a 200-character
  column, PostgreSQL would fail with a 500;
- no NUL in text (PostgreSQL cannot store it);
- names carry no bidirectional control characters (core.text.clean_name strips them);
- dates lie between EARLIEST and LATEST: a date in year 1 overflows when it is converted to
  another time zone.

Forms check the same with the same helpers (`check_length`, `check_date`), so a page shows the
message beside its field; this guard is for every other way in."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from shabaka.core.errors import Refused
from shabaka.core.text import clean_name

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
# Fields holding a name shown to others.
NAME_FIELDS = {"name", "full_name", "title", "acronym", "short_name", "signatory"}


def date_problem(value) -> str | None:
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if not (EARLIEST <= day <= LATEST):
        return _("Give a date between %(first)s and %(last)s.") % {
            "first": EARLIEST.isoformat(),
            "last": LATEST.isoformat(),
        }
    return None


def check_date(value, *, field: str | None = None) -> None:
    problem = date_problem(value)
    if problem:
        raise Refused(problem, field=field)


def validate_date(value) -> None:
    """A form field's validator: the same bounds as the guard."""
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="date_out_of_range")


def length_problem(value, max_length: int | None) -> str | None:
    if isinstance(value, str) and max_length is not None and len(value) > max_length:
        return _("At most %(limit)d characters (this has %(length)d).") % {
            "limit": max_length,
            "length": len(value),
        }
    return None


def check_length(value, max_length: int | None, *, field: str | None = None) -> None:
    problem = length_problem(value, max_length)
    if problem:
        raise Refused(problem, field=field)


def check_instance(instance) -> None:
    """Clean the names and refuse what cannot be stored, field by field."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if not isinstance(value, str):
                continue
            if field.name in NAME_FIELDS and not field.choices:
                value = clean_name(value)
                setattr(instance, field.attname, value)
            if "\x00" in value:
                raise Refused(_("Text cannot contain NUL characters."), field=field.name)
            check_length(value, field.max_length, field=field.name)
        elif isinstance(field, models.DateField):  # DateTimeField is a DateField
            value = getattr(instance, field.attname)
            if isinstance(value, dt.date):
                check_date(value, field=field.name)


def _guard(sender, instance, raw=False, **kwargs):
    if raw or not sender.__module__.startswith("shabaka."):
        return
    check_instance(instance)


def connect_signals() -> None:
    pre_save.connect(_guard, dispatch_uid="shabaka.core.guards")
