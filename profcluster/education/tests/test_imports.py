"""The contingent list and demo exam results from spreadsheets, through the shared import pages."""

import datetime

from django.urls import reverse

from profcluster.education.models import DemoExam, Student
from profcluster.imports.tests.test_imports import upload, xlsx

HEADERS = ["Группа", "Фамилия", "Имя", "Отчество", "Дата рождения", "СНИЛС", "Дата зачисления", "Статус с"]
ROWS = [
    ["КМ-26", "Зуева", "Зоя", "Петровна", "01.04.2008", "", "01.09.2026", "01.09.2026"],
    ["КМ-26", "Ильин", "Иван", "", datetime.date(2009, 2, 3), "", "01.09.2026", "01.09.2026"],
]


def test_it_previews_then_enrols_students(as_user, college, edu):
    client = as_user(college)
    job = upload(client, "students", xlsx(HEADERS, ROWS))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"]["create"] == 2 and not Student.objects.filter(surname="Зуева").exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    ilyin = Student.objects.get(surname="Ильин")
    assert (ilyin.group, ilyin.birth_date, ilyin.status) == (edu.g26, datetime.date(2009, 2, 3), "studying")


def test_it_names_the_row_and_column_and_writes_nothing(as_user, college, edu):
    rows = [ROWS[0], [*ROWS[1][:4], "31.02.2009", *ROWS[1][5:]]]
    job = upload(as_user(college), "students", xlsx(HEADERS, rows))
    assert job.status == "failed"
    assert job.result["errors"] == ["строка 3, Дата рождения: не дата в формате дд.мм.гггг"]
    assert not Student.objects.filter(surname="Зуева").exists()


def test_it_changes_nothing_when_the_same_file_comes_again(as_user, college, edu):
    client = as_user(college)
    client.post(reverse("imports:apply", args=[upload(client, "students", xlsx(HEADERS, ROWS)).pk]))
    history = Student.history.count()
    job = upload(client, "students", xlsx(HEADERS, ROWS))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Student.history.count() == history


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, edu):
    job = upload(as_user(outsider), "students", xlsx(HEADERS, ROWS[:1]))
    assert job.result["errors"] == ["строка 2, Группа: «КМ-26» не найдено"]
    assert not Student.objects.filter(surname="Зуева").exists()


def test_it_imports_exam_results_by_snils_or_name(as_user, official, edu):
    headers = ["Обучающийся", "Уровень", "Дата", "Балл", "Сдан"]
    rows = [
        ["112-233-445 95", "базовый уровень", "20.06.2025", 64.5, "да"],
        ["Борисов Борис", "базовый уровень", "20.06.2025", "30,00", "нет"],
    ]
    client = as_user(official)
    job = upload(client, "demo-exams", xlsx(headers, rows))
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    basic = DemoExam.objects.filter(level="basic").order_by("score")
    assert [(e.student.surname, str(e.score), e.passed) for e in basic] == [
        ("Борисов", "30.00", False),
        ("Андреева", "64.50", True),
    ]
