"""The import engine: the fast path, alternative natural keys, lookups over several cells, services."""

import datetime
import gc

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profcluster.core.importer import Column, ImportSpec, run_import, text
from profcluster.core.tabular import Table
from profcluster.education.imports import SPECS as EDUCATION
from profcluster.education.models import DemoExam, Student
from profcluster.education.tests import conftest as education
from profcluster.organisations.imports import SPECS as ORGANISATIONS
from profcluster.organisations.models import Organisation, Person

ORGS = next(spec for spec in ORGANISATIONS if spec.slug == "organisations")
STUDENTS = next(spec for spec in EDUCATION if spec.slug == "students")
EXAMS = next(spec for spec in EDUCATION if spec.slug == "demo-exams")
ORG_HEADERS = ["ИНН", "Вид", "Краткое наименование", "Полное наименование", "Регион"]
HEADERS = ["Группа", "Фамилия", "Имя", "Отчество", "Дата рождения", "СНИЛС", "Дата зачисления", "Статус с"]
# The education app's fixtures: a college's groups and students.
college, edu, student = education.college, education.edu, education.student
EXAM_HEADERS = ["Обучающийся", "Группа", "Уровень", "Дата", "Балл", "Сдан"]


def enrol(surname, snils="", patronymic="", name="Анна", group="КМ-26"):
    return [group, surname, name, patronymic, "01.04.2008", snils, "01.09.2026", "01.09.2026"]


def imported(spec, headers, rows, user, apply=True):
    return run_import(spec, Table(headers, rows), user, apply=apply)


def test_it_creates_updates_and_keeps_unchanged_rows_in_bulk(official, world):
    rows = [
        [world.college_a.inn, "колледж", "Колледж А", world.college_a.full_name, "22"],
        [world.college_a2.inn, "колледж", "Новое имя", world.college_a2.full_name, "22"],
        ["2225010058", "колледж", "Колледж В", "КГБПОУ «Колледж В»", "22"],
    ]
    result = imported(ORGS, ORG_HEADERS, rows, official)
    assert result.applied and [row.action for row in result.rows] == ["unchanged", "update", "create"]
    world.college_a2.refresh_from_db()
    assert (
        world.college_a2.short_name == "Новое имя" and Organisation.objects.filter(inn="2225010058").exists()
    )


def test_it_asks_the_database_the_same_number_of_times_for_5_or_50_rows(
    official, world, django_assert_max_num_queries
):
    from profcluster.conftest import valid_inn

    def rows(n):
        return [[valid_inn(i, "22"), "работодатель", f"З{i}", f"З{i}", "22"] for i in range(n)]

    with django_assert_max_num_queries(15):
        assert imported(ORGS, ORG_HEADERS, rows(5), official).applied
    with django_assert_max_num_queries(15):
        assert imported(ORGS, ORG_HEADERS, rows(50), official).count("create") == 45


def test_it_writes_history_with_the_user_on_bulk_create(official, world):
    imported(ORGS, ORG_HEADERS, [["2225010058", "колледж", "В", "В", "22"]], official)
    record = Organisation.objects.get(inn="2225010058").history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        official,
        "Загрузка из файла",
    )


def test_it_names_both_rows_of_one_record_in_a_file(official, world):
    rows = [["2225010058", "колледж", "В", "В", "22"], ["2225010065", "колледж", "Г", "Г", "22"]]
    result = imported(ORGS, ORG_HEADERS, [*rows, rows[0]], official)
    assert result.error_messages == ["строка 4: та же запись, что в строке 2 (ИНН)"]
    assert not Organisation.objects.filter(inn="2225010058").exists()


def test_it_names_both_rows_of_one_student_in_a_file(college, edu):
    rows = [enrol("Зуева", "12345678964"), enrol("Ильина", "123-456-789 64")]
    result = imported(STUDENTS, HEADERS, rows, college)
    assert result.error_messages == ["строка 3: та же запись, что в строке 2 (СНИЛС)"]


BY_NAME = ImportSpec("by-name", "by name", Organisation, ORGS.columns, key=("short_name",))


def test_it_names_both_rows_of_one_unique_value(official, world):
    rows = [["2225010058", "колледж", "В", "В", "22"], ["2225010058", "колледж", "Г", "Г", "22"]]
    result = imported(BY_NAME, ORG_HEADERS, rows, official)
    assert result.error_messages == ["строка 3, ИНН: то же значение, что в строке 2"]


def test_it_refuses_a_value_taken_in_the_database(official, world):
    result = imported(BY_NAME, ORG_HEADERS, [[world.college_a.inn, "колледж", "В", "В", "22"]], official)
    assert result.error_messages == ["строка 2, ИНН: Организация с таким ИНН уже существует."]


def test_it_refuses_on_the_bulk_path_what_falls_outside_the_gate(official, outsider, world):
    result = imported(ORGS, ORG_HEADERS, [["5406010023", "колледж", "Б2", "Б2", "54"]], official)
    assert result.error_messages == ["строка 2: запись оказалась бы вне области, которую вы можете изменять"]
    rows = [
        [world.college_a.inn, "колледж", "Захват", "Захват", "22"],
        ["2225010058", "колледж", "В", "В", "22"],
    ]
    result = imported(ORGS, ORG_HEADERS, rows, outsider)
    assert result.error_messages[0] == "строка 2: нет прав на изменение этой записи"
    assert not result.applied and not Organisation.objects.filter(inn="2225010058").exists()


def test_it_finds_a_student_by_snils_when_given_else_by_name(college, edu):
    andreeva = edu.students["a"]
    by_snils = [*enrol("Андреева-Петрова", andreeva.snils, group="КМ-22")[:4], "01.03.2007", andreeva.snils]
    by_snils += ["01.09.2022", "30.06.2025"]
    by_name = ["КМ-26", "Дмитриев", "Денис", "", "01.03.2007", "", "01.09.2026", "01.09.2026"]
    result = imported(STUDENTS, HEADERS, [by_snils, by_name], college)
    assert [row.action for row in result.rows] == ["update", "unchanged"], result.error_messages
    andreeva.refresh_from_db()
    assert andreeva.surname == "Андреева-Петрова"


def test_it_takes_a_namesake_with_another_snils_for_another_student(college, edu):
    edu.students["e"].snils = "12345678964"
    edu.students["e"].save()
    row = ["КМ-26", "Дмитриев", "Денис", "", "01.03.2007", "20000000119", "01.09.2026", "01.09.2026"]
    result = imported(STUDENTS, HEADERS, [row], college, apply=False)
    assert [r.action for r in result.rows] == ["create"], result.error_messages


def test_it_matches_a_student_by_name_with_a_patronymic(college, edu):
    rows = [enrol("Зуева", patronymic="Петровна")]
    imported(STUDENTS, HEADERS, rows, college)
    again = imported(STUDENTS, HEADERS, [*rows, enrol("Зуева", patronymic="Ивановна")], college)
    assert [row.action for row in again.rows] == ["unchanged", "create"]


def test_it_finds_a_student_by_name_and_group(official, edu):
    student(edu.g26, "Борисов", "Борис")  # a namesake of КМ-22's Борисов
    row = ["Борисов Борис", "КМ-22", "базовый уровень", "20.06.2025", "30,00", "нет"]
    result = imported(EXAMS, EXAM_HEADERS, [row], official)
    assert result.applied, result.error_messages
    assert DemoExam.objects.get(level="basic").student == edu.students["b"]


def test_it_says_which_cells_match_several_records_or_none(official, edu):
    student(edu.g26, "Борисов", "Борис")
    rows = [
        ["Борисов Борис", None, "базовый уровень", "20.06.2025", "30,00", "нет"],
        ["Борисов Борис", "ТМ-23", "базовый уровень", "20.06.2025", "30,00", "нет"],
    ]
    result = imported(EXAMS, EXAM_HEADERS, rows, official)
    assert result.error_messages == [
        "строка 2, Обучающийся, Группа: «Борисов Борис» подходят несколько записей; "
        "добавьте то, что их различает",
        "строка 3, Обучающийся, Группа: «Борисов Борис, ТМ-23» не найдено",
    ]


def test_it_saves_through_the_service_of_the_register(official, world):
    saved = []

    def person_save(instance, values, user):
        saved.append((values["surname"], user))
        instance.position = "через сервис"
        instance.save()

    spec = ImportSpec(
        slug="people-test",
        title="people",
        model=Person,
        columns=[Column("surname", "Фамилия", text), Column("name", "Имя", text)],
        key=("surname", "name"),
        prepare=lambda person, values: setattr(person, "organisation", world.college_a),
        save=person_save,
    )
    result = imported(spec, ["Фамилия", "Имя"], [["Котова", "Ксения"]], official)
    assert result.applied and saved == [("Котова", official)]
    assert Person.objects.get(surname="Котова").position == "через сервис"


@pytest.mark.parametrize("apply", [False, True])
def test_it_reports_progress_per_chunk(official, world, apply):
    calls = []
    rows = [["2225010058", "колледж", "В", "В", "22"]]
    run_import(ORGS, Table(ORG_HEADERS, rows), official, apply=apply, progress=lambda *a: calls.append(a))
    assert calls == [(1, 1)]


def test_it_reads_a_dd_mm_yyyy_date_without_strptime_and_refuses_a_bad_one():
    from profcluster.core.importer import CellError, day

    assert day("03.02.2009") == datetime.date(2009, 2, 3)
    with pytest.raises(CellError):
        day("31.02.2009")


def test_it_says_a_taken_snils_at_the_field(edu):
    taken = Student(group=edu.g26, surname="Зуева", name="Зоя", birth_date=datetime.date(2008, 4, 1))
    taken.snils, taken.enrolled_on, taken.status_since = (
        edu.students["a"].snils,
        *[datetime.date(2026, 9, 1)] * 2,
    )
    with pytest.raises(ValidationError) as error:
        taken.full_clean()
    assert error.value.message_dict == {"snils": ["Обучающийся с таким СНИЛС уже зарегистрирован."]}


def test_it_offers_the_cells_of_a_lookup_in_the_template():
    from profcluster.imports.services import import_template

    headers, _example, _notes = import_template(EXAMS)
    assert headers[:2] == ["Уровень", "Дата"] and headers[-2:] == ["Обучающийся", "Группа"]


def test_it_copies_the_history_of_an_update_with_the_user_and_reason(official, world):
    row = [world.college_a2.inn, "колледж", "Новое имя", world.college_a2.full_name, "22"]
    imported(ORGS, ORG_HEADERS, [row], official)
    record = world.college_a2.history.first()
    assert (record.history_type, record.short_name, record.history_user) == ("~", "Новое имя", official)
    assert record.history_change_reason == "Загрузка из файла"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite takes bulk_create"
)
def test_it_writes_new_students_by_copy_with_their_history(college, edu):
    with CaptureQueriesContext(connection) as queries:
        result = imported(STUDENTS, HEADERS, [enrol("Зуева", "12345678964"), enrol("Ильина")], college)
    assert result.applied, result.error_messages
    assert not any('INSERT INTO "education_student"' in query["sql"] for query in queries)
    for surname in ("Зуева", "Ильина"):
        record = Student.objects.get(surname=surname)
        history = record.history.get()
        assert (history.history_type, history.history_user, history.surname) == ("+", college, surname)
        assert history.history_change_reason == "Загрузка из файла" and record.status == "studying"


def test_it_refuses_a_new_student_outside_the_gate_once_written(auditor, edu):
    result = imported(STUDENTS, HEADERS, [enrol("Зуева")], auditor)
    assert result.error_messages == ["строка 2: запись оказалась бы вне области, которую вы можете изменять"]
    assert not Student.objects.filter(surname="Зуева").exists()


def test_it_names_the_row_a_check_constraint_refuses(college, edu, monkeypatch):
    # Without the model's own rule the database's refuses the chunk (COPY or INSERT); row by row names it.
    monkeypatch.setattr(Student, "clean", lambda student: None)
    late = [*enrol("Ильина")[:7], "01.09.2025"]  # a status from before the enrolment
    result = imported(STUDENTS, HEADERS, [enrol("Зуева"), late], college)
    assert result.error_messages == ["строка 3: Статус не может начинаться раньше зачисления."]
    assert not Student.objects.filter(surname__in=["Зуева", "Ильина"]).exists()


def test_it_says_a_value_refused_before_in_every_row_that_repeats_it(college, edu):
    long = "О" * 101
    rows = [enrol("Зуева", patronymic=long), enrol("Ильина", patronymic=long)]
    first, second = imported(STUDENTS, HEADERS, rows, college).rows
    assert first.errors[0].startswith("строка 2, Отчество: Убедитесь, что это значение содержит не более 100")
    assert second.errors == [first.errors[0].replace("строка 2", "строка 3")]


def test_it_finds_by_name_a_student_whose_name_holds_the_separator_of_a_lookup(college, edu):
    rows = [enrol("Зуева\x1fПетрова"), enrol("Ильина")]
    imported(STUDENTS, HEADERS, rows, college)
    assert [row.action for row in imported(STUDENTS, HEADERS, rows, college).rows] == ["unchanged"] * 2


def test_it_pauses_the_cycle_collector_during_an_import_only(official, world):
    seen = []
    rows = [["2225010058", "колледж", "В", "В", "22"]]
    run_import(
        ORGS, Table(ORG_HEADERS, rows), official, apply=True, progress=lambda *a: seen.append(gc.isenabled())
    )
    assert seen == [False] and gc.isenabled()


def test_it_builds_a_new_record_as_the_model_would_from_keywords(edu):
    from profcluster.core.importer import _Plan

    values = {"group": edu.g26, "surname": "Зуева", "name": "Зоя", "patronymic": None, "snils": None}
    built = _Plan(Student, tuple(values)).new(values)
    expected = Student(**{name: "" if value is None else value for name, value in values.items()})
    assert {**built.__dict__, "_state": None} == {**expected.__dict__, "_state": None}
    assert (built._state.db, built._state.adding, built._state.fields_cache) == (
        expected._state.db,
        expected._state.adding,
        expected._state.fields_cache,
    )


@pytest.mark.parametrize(
    "value",
    ["Зуева", "З" * 100, "З" * 101, "Зу\x00ева", "", 42, "112-233-445 95", "11223344595", "11223344594"],
)
@pytest.mark.parametrize("name", ["surname", "snils", "status"])
def test_it_judges_a_text_field_as_the_fields_own_clean(name, value):
    from profcluster.core.importer import _judge

    field = Student._meta.get_field(name)
    instance = Student()

    def verdict(clean):
        try:
            return clean(value, instance)
        except ValidationError as error:
            return error.messages

    assert verdict(_judge(field)) == verdict(field.clean)
    assert (_judge(field) == field.clean) is bool(field.choices)  # shortened for the plain text fields only
