"""Form widgets that stay fast with long choice lists.

Django renders each <option> of a Select through a template: about 0.1 ms an option, so a
filter listing 2,000 projects costs a page 200 ms. `FastSelect` renders the same markup in
Python (escaped with format_html), a few microseconds an option.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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
            options.append(
                (
                    option_value,
                    mark_safe(" selected") if option_value in selected else "",
                    label,
                )
            )
        body = format_html_join("", '<option value="{}"{}>{}</option>', options)
        return format_html("<select{}>{}</select>", flatatt(final), body)
