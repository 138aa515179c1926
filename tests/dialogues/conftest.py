from datetime import date

import pytest

from shabaka.dialogues import services
from shabaka.dialogues.models import FocalPointFunction
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory


@pytest.fixture
def libya(db):
    return CountryFactory(code="LY")


@pytest.fixture
def dialogue(libya):
    dialogue = DialogueFactory(short_name="Rabat Process", slug="rabat-process")
    PartnerStateFactory(dialogue=dialogue, country=libya)
    return dialogue


@pytest.fixture
def secretariat_user(make_user, dialogue):
    return make_user(
        scoped=[("secretariat", dialogue)], email="sue@example.org", full_name="Sue Secretariat"
    )


@pytest.fixture
def appoint(dialogue, libya, staff_user):
    """Records a national focal point of Libya from `started_on` (a new official by default)."""

    def make(
        started_on, *, person=None, dialogue=dialogue, function=FocalPointFunction.NATIONAL, **kw
    ):
        return services.appointment_create(
            dialogue=dialogue,
            country=libya,
            function=function,
            person=person or OfficialFactory(),
            started_on=started_on,
            act_reference=kw.pop("act_reference", f"Decree {started_on.isoformat()}"),
            act_date=kw.pop("act_date", started_on),
            created_by=kw.pop("created_by", staff_user),
            **kw,
        )

    return make


FEB_2022 = date(2022, 2, 1)
