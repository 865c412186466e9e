"""Lookups over several cells asked a chunk at a time (`Lookup.find_many`): a few queries however many rows,
and the same records, messages and gate as asking `find` row by row."""

import dataclasses
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from profcluster.clusters.imports import SPECS as CLUSTERS
from profcluster.core.importer import run_import
from profcluster.core.tabular import Table
from profcluster.education.imports import SPECS as EDUCATION
from profcluster.education.imports import find_students
from profcluster.education.models import Group, Student
from profcluster.education.tests import conftest as education
from profcluster.finance.imports import SPECS as FINANCE
from profcluster.governance.imports import SPECS as GOVERNANCE
from profcluster.kpi.imports import SPECS as KPI
from profcluster.organisations.imports import SPECS as ORGANISATIONS
from profcluster.organisations.models import Person
from profcluster.staff.imports import SPECS as STAFF

college, edu, student = education.college, education.edu, education.student
EXAMS = next(spec for spec in EDUCATION if spec.slug == "demo-exams")
STUDENTS = next(spec for spec in EDUCATION if spec.slug == "students")
MEMBERS = next(spec for spec in STAFF if spec.slug == "staff-members")
EXAM_HEADERS = ["Обучающийся", "Группа", "Уровень", "Дата", "Балл", "Сдан"]
MEMBER_HEADERS = ["ИНН организации", "ФИО", "Категория"]


def row_by_row(spec):
    """The register as it was before `find_many`: each combination of cells asked of `find`."""
    return dataclasses.replace(
        spec, lookups=[dataclasses.replace(lookup, find_many=None) for lookup in spec.lookups]
    )


def preview(spec, headers, rows, user):
    """What the user is shown (each row's action and messages), the records the rows that went on to be
    validated had found, in order, and the queries it took."""
    found = []
    field = spec.lookups[0].field
    assert spec.prepare is None
    spec = dataclasses.replace(spec, prepare=lambda _record, values: found.append(values[field]))
    with CaptureQueriesContext(connection) as queries:
        result = run_import(spec, Table(headers, rows), user, apply=False)
    shown = [(row.action, row.errors) for row in result.rows]
    return shown, [getattr(record, "pk", None) for record in found], len(queries)


def exam(name, group, day=1):
    return [name, group, "базовый уровень", f"{day:02d}.06.2025", "30,00", "нет"]


def exams(edu, start, stop):
    for i in range(start, stop):
        student(edu.g26, f"Студентов{i}", "Иван")
    return [exam(f"Студентов{i} Иван", "КМ-26") for i in range(start, stop)]


def staff(world, start, stop):
    for i in range(start, stop):
        Person.objects.create(organisation=world.college_a, surname=f"Людей{i}", name="Анна")
    return [[world.college_a.inn, f"Людей{i} Анна", "преподаватель"] for i in range(start, stop)]


def test_it_gives_every_lookup_of_the_registers_a_batch():
    specs = CLUSTERS + EDUCATION + FINANCE + GOVERNANCE + KPI + ORGANISATIONS + STAFF
    lookups = [lookup for spec in specs for lookup in spec.lookups]
    assert len(lookups) == 8 and all(lookup.find_many for lookup in lookups)


def test_it_finds_the_students_of_5_or_50_rows_in_as_many_queries(official, edu):
    preview(EXAMS, EXAM_HEADERS, exams(edu, 0, 5), official)  # the user's roles, asked once
    few = preview(EXAMS, EXAM_HEADERS, exams(edu, 5, 10), official)[2]
    rows = exams(edu, 10, 60)
    shown, found, many = preview(EXAMS, EXAM_HEADERS, rows, official)
    assert many == few and len(set(found)) == 50 and {action for action, _errors in shown} == {"create"}
    assert preview(row_by_row(EXAMS), EXAM_HEADERS, rows, official)[2] > 50  # the N+1 it was


def test_it_finds_the_people_of_5_or_50_rows_in_as_many_queries(official, world):
    preview(MEMBERS, MEMBER_HEADERS, staff(world, 0, 5), official)  # the user's roles, asked once
    few = preview(MEMBERS, MEMBER_HEADERS, staff(world, 5, 10), official)[2]
    shown, found, many = preview(MEMBERS, MEMBER_HEADERS, staff(world, 10, 60), official)
    assert many == few and len(set(found)) == 50 and {action for action, _errors in shown} == {"create"}


def test_it_finds_in_a_chunk_the_students_it_finds_row_by_row(official, edu):
    student(edu.g26, "Борисов", "Борис")  # a namesake of КМ-22's Борисов
    smith = student(edu.g26, "Smith", "John")
    rows = [
        exam("Борисов Борис", "КМ-22", 1),
        exam("  борисов   БОРИС ", "км-22", 2),  # Cyrillic case is the database's to fold (not SQLite's)
        exam("SMITH  john", "", 3),
        exam("Борисов Борис", None, 4),  # several
        exam("Борисов Борис", "ТМ-23", 5),  # none
        exam("112-233-445 95", None, 6),
        exam("11223344595", "КМ-26", 7),  # the СНИЛС of another group's student
        exam("Жуков Захар", "ТМ-23", 8),
        exam("", "КМ-22", 9),
        exam("Нет Такого", "", 10),
    ]
    shown, found, _queries = preview(EXAMS, EXAM_HEADERS, rows, official)
    assert (shown, found) == preview(row_by_row(EXAMS), EXAM_HEADERS, rows, official)[:2]
    assert set(found) == {edu.students["b"].pk, smith.pk, edu.students["a"].pk, edu.students["x"].pk}


def test_it_says_none_or_several_match_as_before(official, edu):
    student(edu.g26, "Борисов", "Борис")
    rows = [exam("Борисов Борис", None), exam("Борисов Борис", "ТМ-23")]
    shown, _found, _queries = preview(EXAMS, EXAM_HEADERS, rows, official)
    assert [errors for _action, errors in shown] == [
        [
            "строка 2, Обучающийся, Группа: «Борисов Борис» подходят несколько записей; "
            "добавьте то, что их различает"
        ],
        ["строка 3, Обучающийся, Группа: «Борисов Борис, ТМ-23» не найдено"],
    ]


def test_it_says_none_or_several_people_match_as_before(official, world):
    for _twice in range(2):
        Person.objects.create(organisation=world.college_a, surname="Андреева", name="Елена")
    rows = [
        [world.college_a.inn, "Андреева  Елена", "преподаватель"],
        [world.college_a.inn, "Нет Такой", "преподаватель"],
    ]
    shown, _found, _queries = preview(MEMBERS, MEMBER_HEADERS, rows, official)
    assert shown == preview(row_by_row(MEMBERS), MEMBER_HEADERS, rows, official)[0]
    assert [errors for _action, errors in shown] == [
        [
            f"строка 2, ИНН организации, ФИО: «{world.college_a}, Андреева  Елена» подходят несколько "
            "записей; добавьте то, что их различает"
        ],
        [f"строка 3, ИНН организации, ФИО: «{world.college_a}, Нет Такой» не найдено"],
    ]


def test_it_finds_no_student_outside_what_the_user_sees(outsider, edu):
    rows = [exam("Борисов Борис", "КМ-22"), exam("112-233-445 95", "")]
    shown, _found, _queries = preview(EXAMS, EXAM_HEADERS, rows, outsider)
    assert [errors for _action, errors in shown] == [
        ["строка 2, Обучающийся, Группа: «Борисов Борис, КМ-22» не найдено"],
        ["строка 3, Обучающийся, Группа: «112-233-445 95» не найдено"],
    ]


def test_it_asks_find_for_a_combination_the_batch_leaves_out(official, edu):
    asked = []

    def first_only(user, combinations):
        asked.append(len(combinations))
        return dict(list(find_students(user, combinations).items())[:1])

    spec = dataclasses.replace(EXAMS, lookups=[dataclasses.replace(EXAMS.lookups[0], find_many=first_only)])
    rows = [
        exam("Андреева Анна", "", 1),
        exam("Борисов Борис", "КМ-22", 2),
        exam("Борисов Борис", "КМ-22", 3),
    ]
    _shown, found, _queries = preview(spec, EXAM_HEADERS, rows, official)
    students = edu.students
    assert asked == [2] and found == [students["a"].pk, students["b"].pk, students["b"].pk]


def test_it_finds_a_student_within_the_group_the_register_found(official, world, edu):
    placements = next(spec for spec in EDUCATION if spec.slug == "placements")
    headers = [
        "Группа",
        "ИНН работодателя",
        "Вид практики",
        "Дата начала",
        "Дата окончания",
        "Часы",
        "Студент",
    ]
    on = datetime.date(2026, 11, 9)
    rows = [
        ["КМ-26", world.employer_a.inn, "учебная практика", on, on, 6, name]
        for name in ("Дмитриев Денис", "Борисов Борис", "")
    ]
    shown, found, _queries = preview(placements, headers, rows, official)
    assert (shown, found) == preview(row_by_row(placements), headers, rows, official)[:2]
    assert found == [edu.students["e"].pk, None]
    assert shown[1][1] == ["строка 3, Обучающийся, Группа: «Борисов Борис, КМ-26 (2026)» не найдено"]


def test_it_finds_a_group_written_two_ways_in_one_query(college, edu):
    group = Group.objects.create(programme=edu.programme, name="IT-26", intake_year=2026, planned_intake=2)
    headers = ["Группа", "Фамилия", "Имя", "Дата рождения", "Дата зачисления", "Статус с"]
    rows = [
        ["IT-26", "Зуева", "Анна", "01.04.2008", "01.09.2026", "01.09.2026"],
        ["it-26", "Ильина", "Анна", "01.04.2008", "01.09.2026", "01.09.2026"],
    ]
    with CaptureQueriesContext(connection) as queries:
        result = run_import(STUDENTS, Table(headers, rows), college, apply=True)
    assert result.applied and {
        student.group for student in Student.objects.filter(surname__in=["Зуева", "Ильина"])
    } == {group}
    asked = [query for query in queries if 'FROM "education_group"' in query["sql"]]
    # Both spellings asked for at once, upper-cased as the database upper-cases them.
    assert len(asked) == 1
