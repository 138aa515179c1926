import io

import pytest
from django.core.management import call_command

from shabaka.content.models import NewsItem, NewsStatus
from shabaka.projects.models import Project


@pytest.mark.django_db
def test_the_seed_projects_and_news(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    libmitaf = Project.objects.get(slug="libmitaf")
    swiss = libmitaf.participants.get(organisation__name="Swiss Confederation", role="1")
    assert sorted(p.organisation.name for p in swiss.acting_through.all()) == [
        "Federal Department of Foreign Affairs (FDFA)",
        "State Secretariat for Migration (SEM)",
    ]
    simm = Project.objects.get(slug="simm-libya")
    assert simm.participants.get(is_national_partner=True).organisation.acronym == "NTBSM"
    news = NewsItem.objects.filter(status=NewsStatus.PUBLISHED, language="en")
    assert {n.projects.get().slug for n in news} == {"simm-libya", "libmitaf"}
    assert all(n.countries.filter(code="LY").exists() for n in news)


@pytest.mark.django_db
def test_the_seed_projects_export_as_valid_iati(settings):
    from lxml import etree

    from shabaka.projects.iati.export import export_activities, validate
    from shabaka.projects.selectors import projects_for_export

    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    tree = etree.fromstring(export_activities(projects_for_export()))
    assert validate(tree) == []
    assert len(tree.findall("iati-activity")) == 2
