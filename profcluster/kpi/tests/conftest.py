"""A hand-counted dataset for 2026 in cluster A1 (and a little in A2), on top of the education fixture.

Cluster A1, year 2026:
- education (education/tests/conftest.py): 2 studying; intake 6 of 7 planned; 1 of 2 studying with an
  active targeted contract; 108 practice hours not disputed (72 + 36); 1 of 2 passed the demo exam;
  both graduates of 30.06.2025 employed at 12 months;
- staff: teacher and master trained, manager not (methodologist and practitioner are not counted): 66,7 %;
  the practitioner delivered 20 h in spring (academic year 2025) and 30 h in autumn 2026 → 50 h;
- one employer; plan 2026: 100 млн federal, 20 млн employer, 10 млн regional → 0,3 per federal rouble;
- programme 2026: one activity done, one overdue, one still to come.
"""

import datetime
from decimal import Decimal

import pytest

from profcluster.education.tests.conftest import edu  # noqa: F401  (a fixture, used by name)
from profcluster.finance.models import Source, SpendingCategory
from profcluster.finance.services import budget_revise
from profcluster.governance.models import Activity, Programme
from profcluster.kpi.models import Indicator, ReportingPeriod
from profcluster.staff.models import StaffMember
from profcluster.staff.tests.conftest import make_assignment, make_course, make_member, make_record

M = Decimal(1_000_000)
C = StaffMember.Category


@pytest.fixture
def period(db):
    return ReportingPeriod.objects.create(kind="year", year=2026, deadline=datetime.date(2027, 2, 15))


@pytest.fixture
def data(world, edu, official):  # noqa: F811
    a = [world.cluster_a]
    course = make_course(world.college_a2)
    for category, surname in ((C.TEACHER, "Шишкина"), (C.MASTER, "Осипова")):
        make_record(make_member(world.college_a, category, surname, a), course, datetime.date(2025, 3, 1))
    make_member(world.college_a, C.MANAGER, "Кузнецова", a)
    make_member(world.college_a, C.METHODOLOGIST, "Зайцева", a)
    practitioner = make_member(world.employer_a, C.PRACTITIONER, "Ковалёва", a, host=world.college_a)
    make_assignment(practitioner, world.cluster_a, "МДК.01", year=2025, semester=2, planned=20, delivered=20)
    make_assignment(practitioner, world.cluster_a, "МДК.02", year=2026, semester=1, delivered=30)
    make_assignment(practitioner, world.cluster_a, "МДК.03", year=2025, semester=1, delivered=99)
    make_member(world.college_a2, C.TEACHER, "Соколов", [world.cluster_a2])
    category = SpendingCategory.objects.first().pk
    budget_revise(
        cluster=world.cluster_a,
        year=2026,
        reason="Соглашение",
        user=official,
        amounts={
            (Source.FEDERAL, category): 100 * M,
            (Source.EMPLOYER, category): 20 * M,
            (Source.REGIONAL, category): 10 * M,
        },
    )
    programme = Programme.objects.create(
        cluster=world.cluster_a,
        title="Программа",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    day = datetime.date
    for title, end, status, actual in (
        ("Закупка оборудования", day(2026, 4, 30), "done", day(2026, 5, 1)),
        ("Ремонт мастерских", day(2026, 6, 30), "in_progress", None),
        ("Выпуск", day(2026, 12, 20), "planned", None),
    ):
        Activity.objects.create(
            programme=programme,
            title=title,
            direction="infrastructure",
            planned_start=day(2026, 1, 10),
            planned_end=end,
            status=status,
            actual_end=actual,
        )
    return world


@pytest.fixture
def manual_indicator(db):
    return Indicator.objects.create(code="equipment", name="Оснащение мастерских", unit="percent", formula="")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
