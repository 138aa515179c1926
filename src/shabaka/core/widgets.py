"""Form widgets that stay fast with long choice lists.

Django renders each <option> of a Select through a template: about 0.1 ms an option, so a
filter listing 2,000 projects costs a page 200 ms. `FastSelect` renders the same markup in
Python (escaped with format_html), a few microseconds an option.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A single <select> with the same markup as forms.Select (flat choices, no optgroups)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: leave it to Django
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            # The standard library's escape, not format_html per option: a few hundred options
            # (places, networks) cost a list page more than its rows did.
            text = label.__html__() if hasattr(label, "__html__") else html.escape(str(label))
            options.append(
                f'<option value="{html.escape(option_value)}"'
                f"{' selected' if option_value in selected else ''}>{text}</option>"
            )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


class LocalisedNameChoiceIterator(forms.models.ModelChoiceIterator):
    """(pk, name in the reader's language) read with values_list: building a model instance
    per option cost a filter form of a few hundred places more than the rest of its page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        from shabaka.core.selectors import localised_name_column

        for pk, name, localised in self.queryset.values_list("pk", "name", localised_name_column()):
            yield (pk, localised or name)  # as TranslatedNameMixin.localised_name


class LocalisedNameChoiceField(forms.ModelChoiceField):
    """A choice of a record with a `name` and its translations (name_en, name_ar, name_fr),
    rendered by FastSelect; the chosen value is still cleaned to the model instance. The
    options are read fresh each time the field renders, from the field's current queryset."""

    iterator = LocalisedNameChoiceIterator
    widget = FastSelect
