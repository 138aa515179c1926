import io
from datetime import date

import pytest

from shabaka.dialogues import demo
from shabaka.dialogues.models import (
    Dialogue,
    FocalPointAppointment,
    FrameworkItem,
    FrameworkTag,
    PartnerState,
)
from shabaka.directory.reference import load_countries

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    load_countries()
    demo.load(stdout=io.StringIO())


def test_the_demo_has_both_processes_with_the_facts_file_launch_years_and_secretariat(loaded):
    rabat = Dialogue.objects.get(slug="rabat-process")
    khartoum = Dialogue.objects.get(slug="khartoum-process")
    assert (rabat.launched, khartoum.launched) == (2006, 2014)
    for dialogue in (rabat, khartoum):
        assert dialogue.secretariat.acronym == "ICMPD"
        assert dialogue.secretariat.name == "International Centre for Migration Policy Development"
    assert khartoum.secretariat_arrangement.startswith(
        "Jointly managed by the African Union Commission and the European Commission"
    )
    assert "implemented by the International Centre" in rabat.secretariat_arrangement


def test_libya_takes_part_since_2017_with_the_status_the_sources_give(loaded):
    rabat = PartnerState.objects.get(dialogue__slug="rabat-process", country__code="LY")
    khartoum = PartnerState.objects.get(dialogue__slug="khartoum-process", country__code="LY")
    assert (rabat.status, khartoum.status) == ("observer", "member")
    assert rabat.since_year == khartoum.since_year == 2017
    assert PartnerState.objects.filter(dialogue__slug="rabat-process").count() == 58
    assert PartnerState.objects.filter(dialogue__slug="khartoum-process").count() == 41


def test_two_focal_points_appointed_in_february_2022_replaced_earlier_ones(loaded):
    for slug in ("rabat-process", "khartoum-process"):
        earlier, current = FocalPointAppointment.objects.filter(
            dialogue__slug=slug, country__code="LY"
        ).order_by("started_on")
        assert current.started_on == date(2022, 2, 1) and current.ended_on is None
        assert earlier.ended_on == date(2022, 2, 1) and earlier.status == "ended"
        assert "(placeholder)" in current.person.full_name
        assert current.previous == earlier


def test_the_frameworks_are_loaded_and_the_two_projects_tagged(loaded):
    assert FrameworkItem.objects.filter(framework__code="JVAP").count() == 5
    assert FrameworkItem.objects.filter(framework__code="GCM").count() == 23
    tagged = set(FrameworkTag.objects.values_list("object_id", flat=True))
    from shabaka.projects.models import Project

    assert set(Project.objects.filter(pk__in=tagged).values_list("slug", flat=True)) == {
        "simm-libya",
        "libmitaf",
    }


def test_loading_the_demo_twice_creates_nothing(loaded):
    from shabaka.accounts.models import AuditEntry

    counts = (AuditEntry.objects.count(), FocalPointAppointment.objects.count())
    demo.load(stdout=io.StringIO())
    assert (AuditEntry.objects.count(), FocalPointAppointment.objects.count()) == counts
