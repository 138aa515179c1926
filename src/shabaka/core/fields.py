"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The range of a 64-bit integer column (SQLite's INTEGER, PostgreSQL's bigint).
_SMALLEST, _LARGEST = -(2**63), 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no integer column can hold as an invalid choice: the
    database query behind `id__in` fails on it (SQLite: OverflowError, a 500), where Django
    answers an out-of-range single id with "not found"."""

    def _check_values(self, value):
        for item in value or ():
            text = str(item).strip()
            if text.lstrip("+-").isdigit() and not _SMALLEST <= int(text) <= _LARGEST:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:40]},
                )
        return super()._check_values(value)
