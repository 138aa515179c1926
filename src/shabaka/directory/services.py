"""Writes on the directory. Callers check permissions (directory.rules) first."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.core.errors import Refused
from shabaka.core.text import normalise
from shabaka.directory.models import Organisation, Person

ORGANISATION_FIELDS = (
    "name",
    "name_language",
    "name_en",
    "name_ar",
    "name_fr",
    "acronym",
    "kind",
    "country",
    "description",
    "founded_year",
    "website",
    "email",
    "phone",
    "address",
    "contact_visibility",
    "visibility",
    "identifier",
)
PERSON_FIELDS = (
    "full_name",
    "organisation",
    "position",
    "email",
    "phone",
    "gender",
    "languages",
    "is_public",
)


def _validate(obj, exclude=()) -> None:
    try:
        obj.full_clean(exclude=["normalised_name", *exclude])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Refused(f"{messages[0]}", field=None if field == "__all__" else field) from None


def _ids(values) -> list[int]:
    return sorted(v.pk for v in values)


def organisation_duplicate(*, name: str, exclude_pk: int | None = None) -> Organisation | None:
    """The existing organisation whose name matches `name` despite case, spacing, Arabic letter
    forms and diacritics."""
    matches = Organisation.objects.filter(normalised_name=normalise(name)[:250])
    if exclude_pk:
        matches = matches.exclude(pk=exclude_pk)
    return matches.first()


@transaction.atomic
def organisation_create(
    *, created_by, places=(), topics=(), allow_same_name: bool = False, **fields: Any
) -> Organisation:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise Refused(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if not (fields.get("name") or "").strip():
        raise Refused(_("Give the organisation's name."), field="name")
    fields["name"] = " ".join(fields["name"].split())
    if not allow_same_name:
        existing = organisation_duplicate(name=fields["name"])
        if existing is not None:
            raise Refused(
                _("An organisation with this name already exists (%(name)s).")
                % {"name": existing.name},
                field="name",
            )
    organisation = Organisation(**fields)
    _validate(organisation)
    organisation.save()
    organisation.places.set(places)
    organisation.topics.set(topics)
    audit_created(
        actor=created_by,
        obj=organisation,
        extra={"places": [None, _ids(places)], "topics": [None, _ids(topics)]},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, updated_by, places=None, topics=None, **fields: Any
) -> Organisation:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise Refused(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit_snapshot(locked)
    if "name" in fields:
        fields["name"] = " ".join((fields["name"] or "").split())
        if not fields["name"]:
            raise Refused(_("Give the organisation's name."), field="name")
        existing = organisation_duplicate(name=fields["name"], exclude_pk=locked.pk)
        if existing is not None:
            raise Refused(
                _("An organisation with this name already exists (%(name)s).")
                % {"name": existing.name},
                field="name",
            )
    for key, value in fields.items():
        setattr(locked, key, value)
    _validate(locked)
    locked.save()
    extra = {}
    if places is not None:
        old = _ids(locked.places.all())
        locked.places.set(places)
        if old != _ids(places):
            extra["places"] = [old, _ids(places)]
    if topics is not None:
        old = _ids(locked.topics.all())
        locked.topics.set(topics)
        if old != _ids(topics):
            extra["topics"] = [old, _ids(topics)]
    audit_updated(actor=updated_by, obj=locked, before=before, extra=extra)
    organisation.refresh_from_db()
    return organisation


@transaction.atomic
def person_create(*, created_by, **fields: Any) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise Refused(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if not (fields.get("full_name") or "").strip():
        raise Refused(_("Give the person's name."), field="full_name")
    person = Person(**fields)
    _validate(person, exclude=["user"])
    person.save()
    audit_created(actor=created_by, obj=person)
    return person


@transaction.atomic
def person_update(*, person: Person, updated_by, **fields: Any) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise Refused(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    locked = Person.objects.select_for_update().get(pk=person.pk)
    before = audit_snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value)
    if not locked.full_name.strip():
        raise Refused(_("Give the person's name."), field="full_name")
    _validate(locked, exclude=["user"])
    locked.save()
    audit_updated(actor=updated_by, obj=locked, before=before)
    person.refresh_from_db()
    return person
