"""The course catalogue, professional development records and practitioners' teaching load from
spreadsheets, through the shared import pages."""

import datetime

from django.urls import reverse

from profcluster.imports.tests.test_imports import upload, xlsx
from profcluster.staff.models import Course, TeachingAssignment, TrainingRecord
from profcluster.staff.tests.conftest import make_course

RECORD_HEADERS = [
    "ФИО",
    "Программа",
    "Дата начала",
    "Дата окончания",
    "Статус",
    "Номер документа",
    "Дата выдачи",
]
RECORDS = [
    ["Шишкина Тест", "Курс", "01.03.2023", "14.03.2023", "", "000777", "15.03.2023"],
    ["Осипова Тест", "Курс", datetime.date(2023, 9, 1), datetime.date(2023, 9, 14), "", "", ""],
]


def apply(client, register, content, name="data.xlsx"):
    job = upload(client, register, content, name=name)
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    return job


def test_it_imports_training_records_and_derives_status_and_document(as_user, official, staff):
    client = as_user(official)
    job = upload(client, "training-records", xlsx(RECORD_HEADERS, RECORDS))
    assert job.result["counts"]["create"] == 2 and not TrainingRecord.objects.exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    done = TrainingRecord.objects.get(staff_member=staff.teacher)
    assert (done.status, done.document_kind, done.valid_until) == (
        "completed",
        "certificate",
        datetime.date(2026, 3, 15),
    )
    assert TrainingRecord.objects.get(staff_member=staff.master).status == "planned"


def test_it_changes_no_training_record_when_the_same_file_comes_again(as_user, official, staff):
    client = as_user(official)
    apply(client, "training-records", xlsx([*RECORD_HEADERS, "Действует до"], [[*r, ""] for r in RECORDS]))
    history = TrainingRecord.history.count()
    job = upload(
        client, "training-records", xlsx([*RECORD_HEADERS, "Действует до"], [[*r, ""] for r in RECORDS])
    )
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert TrainingRecord.history.count() == history == 2


def test_it_names_the_row_and_column_of_a_bad_record_and_writes_nothing(as_user, official, staff):
    bad = [RECORDS[0], ["Осипова Тест", "Курс", "14.09.2023", "01.09.2023", "", "", ""]]
    job = upload(as_user(official), "training-records", xlsx(RECORD_HEADERS, bad))
    assert job.status == "failed"
    assert job.result["errors"] == ["строка 3, Дата окончания: Дата окончания раньше даты начала."]
    assert not TrainingRecord.objects.exists()


def test_it_asks_for_the_provider_when_course_titles_repeat(as_user, official, staff, world):
    make_course(world.college_a2, title="Курс")
    rows = [[*RECORDS[0][:1], "Курс", *RECORDS[0][2:]]]
    job = upload(as_user(official), "training-records", xlsx(RECORD_HEADERS, rows))
    assert job.result["errors"] == [
        "строка 2, Программа: несколько курсов с таким названием: укажите «Курс (ИРПО, 72 ч)»"
    ]
    rows[0][1] = "Курс (ИРПО, 72 ч)"
    apply(as_user(official), "training-records", xlsx(RECORD_HEADERS, rows))
    assert TrainingRecord.objects.get().course == staff.course


def test_it_keeps_an_outsider_away_from_another_regions_staff(as_user, outsider, staff):
    job = upload(as_user(outsider), "training-records", xlsx(RECORD_HEADERS, RECORDS[:1]))
    assert job.result["errors"] == ["строка 2, ФИО: «Шишкина Тест» не найдено"]
    assert not TrainingRecord.objects.exists()


def test_it_reads_a_windows_1251_csv_of_courses(as_user, official, staff, world):
    text = (
        "Программа;ИНН организации-исполнителя;Вид;Часы;Форма;ИНН ведущей организации\r\n"
        f"Цифровые технологии в обучении;{staff.provider.inn};Переподготовка;256;очно;"
        f"{world.college_a.inn}\r\n"
    )
    client = as_user(official)
    apply(client, "courses", text.encode("cp1251"), name="courses.csv")
    course = Course.objects.get(title="Цифровые технологии в обучении")
    assert (course.kind, course.format, course.registered_by) == ("retraining", "in_person", world.college_a)
    job = upload(client, "courses", text.encode("cp1251"), name="courses.csv")
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 1}


def test_it_refuses_a_course_shorter_than_its_kind(as_user, official, staff, world):
    row = ["Короткий курс", staff.provider.inn, "повышение квалификации", 8, "очно", world.college_a.inn]
    headers = ["Программа", "ИНН организации-исполнителя", "Вид", "Часы", "Форма", "ИНН ведущей организации"]
    job = upload(as_user(official), "courses", xlsx(headers, [row]))
    assert job.status == "failed" and job.result["errors"][0].startswith("строка 2, Часы:")
    assert not Course.objects.filter(title="Короткий курс").exists()


LOAD_HEADERS = [
    "ФИО",
    "Кластер",
    "Образовательная программа",
    "Дисциплина",
    "Учебный год",
    "Семестр",
    "Часы по плану",
    "Часы проведено",
]


def test_it_imports_a_practitioners_teaching_load_once(as_user, official, staff):
    row = ["Ковалёва Тест", "Кластер А1", "29.02.10", "МДК.01.01", "2023/24", "осенний", 36, None]
    client = as_user(official)
    apply(client, "teaching-assignments", xlsx(LOAD_HEADERS, [row]))
    load = TeachingAssignment.objects.get()
    assert (load.academic_year, load.semester, load.delivered_hours) == (2023, 1, 0)
    job = upload(client, "teaching-assignments", xlsx(LOAD_HEADERS, [row]))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 1}


def test_it_refuses_teaching_load_outside_the_practitioners_cluster(as_user, official, staff):
    rows = [
        ["Ковалёва Тест", "Кластер А1", "29.02.10", "МДК.01.01", "2023/25", "осенний", 36, 30],
        ["Ковалёва Тест", "Кластер А2", "29.02.10", "МДК.01.02", "2023", "весенний", 36, 30],
    ]
    job = upload(as_user(official), "teaching-assignments", xlsx(LOAD_HEADERS, rows))
    assert job.result["errors"] == [
        "строка 2, Учебный год: не учебный год вида 2023/24",
        "строка 3, Кластер: Специалист не работает в этом кластере.",
    ]
    assert not TeachingAssignment.objects.exists()
