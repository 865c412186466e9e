import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from profcluster.conftest import Role, make_user
from profcluster.finance.models import Source, SpendingCategory
from profcluster.reference.models import Industry
from profcluster.selection.models import (
    Application,
    ApplicationBudgetLine,
    Criterion,
    Expert,
    PlannedProgramme,
    SelectionCall,
)
from profcluster.selection.services import call_save

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def call(world) -> SelectionCall:
    """An open 2030 OPC call for light industry and transport; criteria 3×(0..10) and 2×(0..5): max 40."""
    today = timezone.localdate()
    call = SelectionCall(
        year=2030,
        title="Отбор 2030",
        grant_size=Decimal("100000000.00"),
        min_regional_percent=Decimal("10.00"),
        min_non_budget_percent=Decimal("15.00"),
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=5),
        is_published=True,
    )
    call_save(call=call, industries=list(Industry.objects.filter(slug__in=["light-industry", "transport"])))
    Criterion.objects.create(call=call, position=1, name="Потребность в кадрах", weight=3, max_score=10)
    Criterion.objects.create(call=call, position=2, name="Софинансирование", weight=2, max_score=5)
    return call


def make_application(call, world, name="ОПЦ швейной отрасли", region=None, base=None, complete=True):
    application = Application.objects.create(
        call=call,
        region=region or world.region_a,
        cluster_name=name,
        industry=Industry.objects.get(slug="light-industry"),
        base_college=base or world.college_a,
    )
    if complete:
        PlannedProgramme.objects.create(
            application=application, code="29.02.10", name="Конструирование", planned_intake=25
        )
        ApplicationBudgetLine.objects.create(
            application=application,
            year=2030,
            source=Source.FEDERAL,
            category=SpendingCategory.objects.get(code="equipment"),
            amount=Decimal("100000000.00"),
        )
    return application


@pytest.fixture
def application(call, world) -> Application:
    return make_application(call, world)


def make_expert(username, region=None, organisation=None, role=None, scope=None) -> Expert:
    """An expert whose profile names `region`/`organisation`; `role` and `scope` give it a RoleAssignment."""
    user = make_user(username, role, **(scope or {}))
    return Expert.objects.create(user=user, region=region, organisation=organisation)


@pytest.fixture
def experts(world):
    """Two independent experts from region B."""
    return make_expert("expert1", region=world.region_b), make_expert("expert2", region=world.region_b)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


__all__ = ["PDF", "Role", "make_application", "make_expert"]
