"""The staff list as XLSX and CSV: every filtered row, contacts masked unless the user may read them."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def sheet_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_it_exports_the_list_with_contacts_to_those_who_may_read_them(as_user, official, staff):
    response = as_user(official).get(reverse("staff:index"), {"export": "xlsx", "category": "teacher"})
    rows = sheet_rows(response)
    assert rows[0][:3] == ["ФИО", "Должность", "Категория"] and rows[0][-3:] == [
        "СНИЛС",
        "Электронная почта",
        "Телефон",
    ]
    shishkina = next(row for row in rows if row[0] == "Шишкина Тест")
    assert shishkina[4] == "Колледж А" and shishkina[6] == "Кластер А1"
    assert shishkina[-3:] == ["112-233-445 95", "shishkina@example.ru", "+7 913 111-22-33"]
    assert len(rows) == 3  # the two teachers and the header


def test_it_masks_contacts_in_the_csv_of_a_read_only_user(
    as_user, auditor, staff, django_assert_max_num_queries
):
    client = as_user(auditor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:index"), {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="staff.csv"'
    line = next(line for line in text.splitlines() if line.startswith("Шишкина Тест"))
    assert line.endswith(";•••-•••-••• 95;s•••@example.ru;•••33")
    assert "shishkina@example.ru" not in text
