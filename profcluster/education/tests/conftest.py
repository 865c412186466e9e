"""A small hand-counted education dataset in cluster A1 (college A, employer A), and one student elsewhere.

Group КМ-22 (2022, plan 3): Андреева and Борисов graduated on 30.06.2025, Васильев expelled.
Group КМ-26 (2026, plan 4): Григорьева and Дмитриев studying (course 1 until 31.08.2027), Егорова on leave.
Group ТМ-23 of cluster A2 (college A2): Жуков studying.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from profcluster.accounts.models import RoleAssignment
from profcluster.conftest import make_user
from profcluster.education.models import (
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
)
from profcluster.organisations.models import Person

ON = datetime.date(2026, 11, 29)
GRADUATION = datetime.date(2025, 6, 30)


@dataclass
class Edu:
    programme: EducationalProgramme
    g22: Group
    g26: Group
    other_group: Group
    students: dict
    mentor: Person
    group_placement: Placement
    own_placement: Placement
    disputed_placement: Placement


def programme(world, cluster=None, college=None, code="29.02.10", **extra) -> EducationalProgramme:
    values = {
        "qualification": "Конструктор-модельер",
        "start_year": 2022,
        "standard_years": 3,
        "standard_months": 10,
        "actual_years": 2,
        "actual_months": 10,
        "shortened": True,
        "practice_share": Decimal("52.50"),
        **extra,
    }
    result = EducationalProgramme(
        code=code, college=college or world.college_a, cluster=cluster or world.cluster_a, **values
    )
    result.full_clean()
    result.save()
    return result


def student(group, surname, name, status="studying", since=None, snils="", birth=datetime.date(2007, 3, 1)):
    enrolled = datetime.date(group.intake_year, 9, 1)
    result = Student(
        surname=surname,
        name=name,
        birth_date=birth,
        snils=snils,
        group=group,
        enrolled_on=enrolled,
        status=status,
        status_since=since or enrolled,
    )
    result.full_clean()
    result.save()
    return result


def save(obj):
    obj.full_clean()
    obj.save()
    return obj


@pytest.fixture
def edu(world) -> Edu:
    p = programme(world)
    g22 = Group.objects.create(programme=p, name="КМ-22", intake_year=2022, planned_intake=3)
    g26 = Group.objects.create(programme=p, name="КМ-26", intake_year=2026, planned_intake=4)
    other = programme(
        world, world.cluster_a2, world.college_a2, "15.02.16", qualification="Техник", start_year=2023
    )
    other_group = Group.objects.create(programme=other, name="ТМ-23", intake_year=2023, planned_intake=5)
    s = {
        "a": student(g22, "Андреева", "Анна", "graduated", GRADUATION, snils="112-233-445 95"),
        "b": student(g22, "Борисов", "Борис", "graduated", GRADUATION),
        "c": student(g22, "Васильев", "Василий", "expelled", datetime.date(2023, 1, 10)),
        "d": student(g26, "Григорьева", "Галина", birth=datetime.date(2010, 5, 4)),
        "e": student(g26, "Дмитриев", "Денис"),
        "f": student(g26, "Егорова", "Елена", "academic_leave", datetime.date(2026, 10, 1)),
        "x": student(other_group, "Жуков", "Захар"),
    }
    mentor = Person.objects.create(organisation=world.employer_a, surname="Соколова", name="Марина")
    day = datetime.date
    group_placement = save(
        Placement(
            group=g26,
            employer=world.employer_a,
            kind="educational",
            date_from=day(2026, 10, 5),
            date_to=day(2026, 10, 16),
            hours=72,
            mentor=mentor,
            confirmation="confirmed",
        )
    )
    own = save(
        Placement(
            group=g26,
            student=s["d"],
            employer=world.employer_a,
            kind="industrial",
            date_from=day(2026, 11, 2),
            date_to=day(2026, 11, 6),
            hours=36,
        )
    )
    disputed = save(
        Placement(
            group=g22,
            employer=world.employer_a,
            kind="pre_diploma",
            date_from=day(2025, 5, 5),
            date_to=day(2025, 5, 30),
            hours=144,
            confirmation="disputed",
            confirmation_comment="Не было",
        )
    )
    save(TargetedContract(student=s["d"], employer=world.employer_a, number="ЦО-1", date=day(2026, 9, 10)))
    save(
        TargetedContract(
            student=s["a"],
            employer=world.employer_a,
            number="ЦО-0",
            date=day(2022, 9, 10),
            status="fulfilled",
        )
    )
    save(DemoExam(student=s["a"], level="profile", date=day(2025, 6, 10), score=Decimal("80"), passed=True))
    save(DemoExam(student=s["b"], level="profile", date=day(2025, 6, 10), score=Decimal("45"), passed=False))
    save(
        EmploymentRecord(
            student=s["a"],
            checkpoint_months=12,
            status="employed",
            employer=world.employer_a,
            by_speciality=True,
            source="employer",
            fact_date=day(2026, 6, 30),
        )
    )
    save(
        EmploymentRecord(
            student=s["b"],
            checkpoint_months=12,
            status="employed",
            employer=world.college_a2,
            source="registry",
            fact_date=day(2026, 7, 1),
        )
    )
    return Edu(p, g22, g26, other_group, s, mentor, group_placement, own, disputed)


@pytest.fixture
def college(world):
    """A member of college A with write access: manages its students."""
    return make_user("college", RoleAssignment.Role.ORGANISATION, organisation=world.college_a)
