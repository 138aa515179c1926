"""Who may see a record: the three levels every visible record carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone, without an account")
    MEMBERS = "members", _("Members: the network's members and staff")
    STAFF = "staff", _("Staff: project staff and administrators only")


class RecordVisibility:
    """Who may see the records of one model, defined once.

    The definition is a condition on the model's queryset, `condition(user, path)` returning a
    Q on records reached through `path` (e.g. "organisation__"; an empty Q lets every record
    through). Everything else derives from it: the queryset of visible records that views load
    through (a hidden record is a 404), the condition a query over related rows joins on, and
    the rules predicate (`<app>.view_<model>`) that templates and the API ask, which tests the
    record against the same condition in the database, so that the two can never disagree.

    An app above the model's own may widen who sees its records (`widen`): networks lets the
    members of a network see the members-only organisations in it, without the directory
    importing networks. An app below it reaches the definition by model (`visibility_of`):
    content filters the projects its news links to without importing projects.

    `levels(user)`, where visibility depends on the record's level alone (projects), gives the
    levels the user may see, to check rows already read.
    """

    def __init__(self, model_label: str, condition, *, levels=None):
        self.model_label = model_label
        self._condition = condition
        self._levels = levels
        self._widenings = []
        _DEFINITIONS[model_label] = self

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_label)

    def widen(self, condition) -> None:
        """`condition(user, path)`: a Q of more records this user may see, or None."""
        self._widenings.append(condition)

    def q(self, user, path: str = "") -> models.Q:
        condition = self._condition(user, path)
        if not condition:
            return condition  # every record
        for widening in self._widenings:
            more = widening(user, path)
            if more is not None:
                condition |= more
        return condition

    def queryset(self, user) -> models.QuerySet:
        return self.model._default_manager.filter(self.q(user))

    def levels(self, user) -> frozenset[str]:
        if self._levels is None:
            raise TypeError(f"{self.model_label}: visibility is not by level alone")
        return frozenset(self._levels(user))

    def can_see(self, user, record) -> bool:
        if record is None or record.pk is None:
            return False
        condition = self.q(user)
        if not condition:
            return True
        return self.model._default_manager.filter(condition, pk=record.pk).exists()


_DEFINITIONS: dict[str, RecordVisibility] = {}


def definitions() -> dict[str, RecordVisibility]:
    return dict(_DEFINITIONS)


def visibility_of(model) -> RecordVisibility:
    """The definition for a model (a class or an "app_label.ModelName" label), for an app that
    links to the model (a foreign key, a many-to-many) without importing the app that owns it.
    The owning app defines it in its `selectors` module, imported here if need be; LookupError
    when it defines none."""
    import importlib

    from django.apps import apps

    label = model if isinstance(model, str) else model._meta.label
    if label not in _DEFINITIONS:
        app = apps.get_app_config(label.partition(".")[0])
        importlib.import_module(f"{app.name}.selectors")
    try:
        return _DEFINITIONS[label]
    except KeyError:
        raise LookupError(f"No RecordVisibility for {label}") from None
