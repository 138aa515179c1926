"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from shabaka.core.text import clean_name

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


# The longest text a form takes where the column sets no limit (descriptions, reasons,
# narratives), and the longest news article: past these, the form says so.
LONG_TEXT = 20_000
NEWS_BODY = 100_000


def limit_texts(form, limit: int = LONG_TEXT) -> None:
    """Gives every text field of `form` that has no maximum length one (a model form's fields
    of TextField columns have none)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))


class NameField(forms.CharField):
    """A name shown to others (of a person, an organisation, a record): bidirectional controls
    and NUL are stripped (core.text.clean_name), as core.guards does on every save."""

    def to_python(self, value):
        return clean_name(super().to_python(value))
