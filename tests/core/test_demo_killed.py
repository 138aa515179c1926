"""The largest multi-step write of all, the demo, killed half way leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from tests.security.test_faults import Killed, fingerprint, writes_killed_at


@pytest.mark.django_db
def test_the_demo_loader_killed_half_way_leaves_nothing(settings):
    settings.DEBUG = True
    before = fingerprint()
    with pytest.raises(Killed), writes_killed_at(1500) as seen:
        call_command("demo", stdout=io.StringIO())
    assert seen["writes"] == 1500
    assert fingerprint() == before
