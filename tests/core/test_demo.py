import io

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label != "sessions"
    }


@pytest.mark.django_db
def test_demo_data_loads_and_loading_twice_creates_nothing_twice(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    first = row_counts()
    assert first["accounts.User"] >= 7
    call_command("demo", stdout=io.StringIO())
    assert row_counts() == first


@pytest.mark.django_db
def test_demo_refuses_a_production_site(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", stdout=io.StringIO())
