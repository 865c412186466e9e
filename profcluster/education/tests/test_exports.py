"""The students list as XLSX and CSV: dates of birth and СНИЛС only to those who manage the college."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from profcluster.imports.models import ExportJob


def test_it_exports_students_with_personal_data_to_the_college_managers(as_user, official, edu):
    response = as_user(official).get(reverse("education:student_list"), {"export": "xlsx"})
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0][:5] == ["Фамилия", "Имя", "Отчество", "Дата рождения", "СНИЛС"]
    assert len(rows) == 8  # every student of region A, not only the first page
    andreeva = next(row for row in rows if row[0] == "Андреева")
    assert andreeva[3] == datetime.datetime(2007, 3, 1) and andreeva[4] == "112-233-445 95"
    assert andreeva[5:7] == ["КМ-22", "Колледж А"]


def test_it_masks_personal_data_in_the_csv_of_an_employer(
    as_user, employer, edu, django_assert_max_num_queries
):
    client = as_user(employer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("education:student_list"), {"export": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 7 and not any(line.startswith("Жуков") for line in lines)
    assert next(line for line in lines if line.startswith("Андреева")).startswith(
        "Андреева;Анна;;•••;•••-•••-••• 95;КМ-22"
    )
    assert "01.03.2007" not in response.content.decode("utf-8-sig")


def test_it_exports_demo_exam_results(as_user, official, edu):
    response = as_user(official).get(reverse("education:demoexam_list"), {"export": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Обучающийся;Группа;Уровень;Дата;Балл;Сдан"
    assert "Андреева Анна;КМ-22;профильный уровень;10.06.2025;80,00;да" in lines


def test_it_writes_the_same_masked_graduates_in_the_background(as_user, employer, edu, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = as_user(employer)
    query = {"status": "graduated", "export": "xlsx"}
    at_once = client.get(reverse("education:student_list"), query).content
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client.get(reverse("education:student_list"), query)
    with ExportJob.objects.get().file.open("rb") as file:
        assert file.read() == at_once
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(at_once)).active.iter_rows()]
    assert rows[1] == [
        "Андреева", "Анна", None, "•••", "•••-•••-••• 95", "КМ-22", "Колледж А",
        datetime.datetime(2022, 9, 1), "выпущен", datetime.datetime(2025, 6, 30),
    ]  # fmt: skip
