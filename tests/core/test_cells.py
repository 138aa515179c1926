"""core.cells writes what the template loops they replace wrote, escaped the same way."""

import pytest
from django.template import Context, Template

from shabaka.core import cells

NAMES = [["Tripoli", "Misrata"], ['<b>"Bold" & co</b>', "طرابلس"], []]


def rendered(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("names", NAMES)
def test_joined_names(names):
    loop = '{% if names %}{{ names|join:", " }}{% else %}<span class="muted">—</span>{% endif %}'
    assert cells.joined(names, empty=cells.NONE) == rendered(loop, names=names)
    dots = "{% for name in names %} · {{ name }}{% endfor %}"
    assert (" · " + cells.joined(names, " · ") if names else "") == rendered(dots, names=names)


@pytest.mark.parametrize("names", NAMES)
def test_badges(names):
    loop = '{% for name in names %}<span class="badge">{{ name }}</span> {% endfor %}'
    assert cells.badges(names) == rendered(loop, names=names)


@pytest.mark.parametrize(
    "pairs",
    [[("/a/?x=1&y=2", "A <one>"), ('/b/"q"', "B")], [("/only/", "الوحيد")], []],
)
def test_links(pairs):
    loop = (
        '{% for link, text in pairs %}<a href="{{ link }}">{{ text }}</a>'
        "{% if not forloop.last %}, {% endif %}{% endfor %}"
    )
    assert cells.links(pairs) == rendered(loop, pairs=pairs)
