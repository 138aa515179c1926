"""The form renderer (settings.FORM_RENDERER): Django's, with labels and <input> widgets written
in Python.

Django renders each label and each input through templates (label.html including attrs.html,
text.html including input.html including attrs.html): about 0.3 ms a field, so a list page's
filter form of six fields cost it more than its database queries. This renderer writes the same
markup for those templates, escaped as the templates escape it, and leaves every other template
(selects, checkbox lists, whole forms) to Django. tests/core/test_form_rendering.py checks the
output against Django's templates, and that those templates are still the ones written here.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

LABEL_TEMPLATE = "django/forms/label.html"
# Django's widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def _formatted(value) -> str:
    # {{ value|stringformat:'s' }}: the text of the value, escaped unless it is marked safe.
    return str(value) if isinstance(value, SafeData) else conditional_escape(str(value))


def _attrs(attrs: dict | None) -> str:
    # django/forms/attrs.html: False leaves the attribute out, True writes its name alone.
    out = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{_formatted(value)}"')
    return "".join(out)


def render_label(context: dict) -> str:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def render_input(context: dict) -> str:
    widget = context["widget"]
    value = widget["value"]
    written = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{written}{_attrs(widget["attrs"])}>'
    )


class FastFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        if template_name in INPUT_TEMPLATES:
            return render_input(context)
        return super().render(template_name, context, request=request)
