"""The staff member and course cells of an import looked up a chunk at a time (`parse_many`), finding what
one cell at a time (`parse`) finds, and nothing it would refuse."""

import contextlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profcluster.core.importer import CellError
from profcluster.organisations.models import Person
from profcluster.staff.imports import course_by_title, staff_member_by_name
from profcluster.staff.models import StaffMember
from profcluster.staff.tests.conftest import C, make_course, make_member

STAFF_CELLS = [
    "Шишкина Тест",
    "  шишкина   ТЕСТ ",  # spacing and case as people type them
    "112-233-445 95",  # Шишкина's СНИЛС with separators
    "11223344595",
    "Осипова Тест",
    "Соколов Тест",  # college A2, cluster A2: in the official's region too
    "Двойнова Тест",  # two people of that name: refused
    "Неизвестная Тест",
    "999-999-999 99",
]


def one_by_one(parse, cells, user) -> dict:
    found = {}
    for cell in cells:
        with contextlib.suppress(CellError):
            found[cell] = parse(cell, user)
    return found


@pytest.fixture
def namesakes(world):
    for organisation in (world.college_a, world.employer_a):
        make_member(organisation, C.TEACHER, "Двойнова", [world.cluster_a])


def test_it_finds_the_staff_members_one_by_one_finds_and_refuses_the_rest(official, staff, namesakes):
    parse = staff_member_by_name()
    batched = parse.parse_many(set(STAFF_CELLS), official)
    assert batched == one_by_one(parse, STAFF_CELLS, official)
    assert batched["112-233-445 95"] == batched["Шишкина Тест"] == staff.teacher
    # Letters compared as the database compares them, folding the case of every alphabet (on SQLite too).
    assert "  шишкина   ТЕСТ " in batched
    assert not {"Двойнова Тест", "Неизвестная Тест", "999-999-999 99"} & batched.keys()


def test_it_takes_a_person_in_several_categories_in_the_first_category(official, staff):
    Person.objects.filter(pk=staff.methodologist.person_id).update(surname="Шишкина", snils="")
    StaffMember.objects.filter(pk=staff.methodologist.pk).update(person=staff.teacher.person)
    parse = staff_member_by_name()
    assert parse.parse_many({"Шишкина Тест"}, official) == {"Шишкина Тест": staff.teacher}
    practitioners = staff_member_by_name([C.PRACTITIONER])
    assert practitioners.parse_many({"Шишкина Тест", "Ковалёва Тест"}, official) == {
        "Ковалёва Тест": staff.practitioner
    }


def test_it_keeps_an_outsider_away_from_another_regions_staff(outsider, staff):
    assert staff_member_by_name().parse_many(set(STAFF_CELLS), outsider) == {}


def test_it_asks_the_database_the_same_number_of_times_for_any_number_of_cells(official, staff, world):
    for i in range(30):
        make_member(world.college_a, C.TEACHER, f"Многова{i}", [world.cluster_a])
    parse = staff_member_by_name()
    cells = {f"Многова{i} Тест" for i in range(30)} | {"112-233-445 95"}
    with CaptureQueriesContext(connection) as queries:
        found = parse.parse_many(cells, official)
    assert len(found) == 31 and len(queries) <= 4  # the names upper-cased, the names, the numbers, the gate


def test_it_finds_a_course_by_a_title_one_course_alone_bears(official, staff, world):
    make_course(world.college_a2, title="Курс")  # a second «Курс»: named with its provider only
    make_course(staff.provider, title="Цифровые двойники", hours=36)
    cells = ["Курс", "Курс (ИРПО, 72 ч)", "Цифровые   двойники", "ЦИФРОВЫЕ ДВОЙНИКИ", "Нет такого курса"]
    batched = course_by_title.parse_many(set(cells), official)
    assert batched == {
        cell: course
        for cell, course in one_by_one(course_by_title, cells, official).items()
        if cell in batched
    }
    assert batched["Цифровые   двойники"].hours == 36 and "Курс" not in batched
    assert "ЦИФРОВЫЕ ДВОЙНИКИ" in batched
    # The rest is left to one-by-one parsing, which chooses by provider or says why.
    assert course_by_title("Курс (ИРПО, 72 ч)", official) == staff.course
    with pytest.raises(CellError):
        course_by_title("Курс", official)
