"""core.form_rendering writes labels and inputs exactly as Django's templates do."""

from pathlib import Path

import django.forms
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from shabaka.core.form_rendering import INPUT_TEMPLATES, LABEL_TEMPLATE, FastFormRenderer

TEMPLATES = Path(django.forms.__file__).parent / "templates"


def test_the_templates_written_in_python_are_still_djangos():
    # If a Django upgrade changes these templates, the renderer must change with them.
    include = '{% include "django/forms/widgets/input.html" %}'
    for name in INPUT_TEMPLATES - {"django/forms/widgets/input.html"}:
        assert (TEMPLATES / name).read_text().strip() == include, name
    assert (TEMPLATES / "django/forms/widgets/input.html").read_text().strip() == (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>'
    )
    assert (TEMPLATES / LABEL_TEMPLATE).read_text().strip() == (
        "{% if use_tag %}<{{ tag }}{% include 'django/forms/attrs.html' %}>{{ label }}"
        "</{{ tag }}>{% else %}{{ label }}{% endif %}"
    )


class Sample(forms.Form):
    name = forms.CharField(label='Name <"quoted"> & more', max_length=20)
    when = forms.DateField(
        label="When", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    count = forms.IntegerField(label="How many?", required=False, min_value=0)
    search = forms.CharField(
        label=mark_safe("<b>Safe</b> label"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "hidden": False}),
    )
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    flag = forms.BooleanField(required=False, label="Tick")
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": 'x" onmouseover="alert(1)', "when": "2026-12-03", "count": "0", "flag": "on"},
        {"name": "", "count": "-1", "search": "<script>", "secret": "p&ss", "token": "' \""},
        {"name": "الهجرة", "email": "not an address"},
    ],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_labels_and_inputs_are_the_markup_djangos_templates_give(data, auto_id):
    for field in Sample(data, auto_id=auto_id, renderer=DjangoTemplates()):
        fast_field = Sample(data, auto_id=auto_id, renderer=FastFormRenderer())[field.name]
        assert str(fast_field) == str(field), field.name
        assert fast_field.label_tag() == field.label_tag(), field.name
        assert fast_field.label_tag(attrs={"class": "x", "data-on": True}) == field.label_tag(
            attrs={"class": "x", "data-on": True}
        )


def test_the_renderer_is_the_sites_and_leaves_other_templates_to_django(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastFormRenderer)
    choice = forms.ChoiceField(choices=[("a", "<A>"), ("b", "B")])
    select = choice.widget.render("pick", "a", renderer=FastFormRenderer())
    assert select == choice.widget.render("pick", "a", renderer=DjangoTemplates())
    assert "&lt;A&gt;" in select
