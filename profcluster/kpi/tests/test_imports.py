"""Targets of the clusters from a ministry's spreadsheet, through the shared import pages."""

from decimal import Decimal

from django.urls import reverse

from profcluster.imports.tests.test_imports import upload, xlsx
from profcluster.kpi.models import Target

HEADERS = ["Кластер", "Показатель", "Год", "Плановое значение"]
STAFF_TRAINED = "Доля педагогических и управленческих кадров, прошедших повышение квалификации"
ROWS = [
    ["Кластер А1", "students_studying", 2025, "1 250"],
    ["Кластер А1", STAFF_TRAINED, 2025, "85,5 %"],
]


def test_it_previews_then_sets_the_targets(as_user, official):
    client = as_user(official)
    job = upload(client, "kpi-targets", xlsx(HEADERS, ROWS))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"]["create"] == 2 and not Target.objects.exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    values = dict(Target.objects.values_list("indicator__code", "value"))
    assert values == {"students_studying": Decimal("1250"), "staff_trained": Decimal("85.5")}


def test_it_reads_a_windows_1251_csv_and_changes_nothing_the_second_time(as_user, official):
    text = "Кластер;Код показателя;Год;План\r\nКластер А1;students_studying;2025;1 250\r\n"
    client = as_user(official)
    client.post(
        reverse("imports:apply", args=[upload(client, "kpi-targets", text.encode("cp1251"), "t.csv").pk])
    )
    history = Target.history.count()
    job = upload(client, "kpi-targets", text.encode("cp1251"), name="t.csv")
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 1}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Target.history.count() == history == 1


def test_it_names_the_row_and_column_and_writes_nothing(as_user, official):
    rows = [ROWS[0], ["Кластер А1", "staff_trained", 2025, "много"]]
    job = upload(as_user(official), "kpi-targets", xlsx(HEADERS, rows))
    assert job.status == "failed"
    assert job.result["errors"] == ["строка 3, Плановое значение: не число"]
    assert not Target.objects.exists()


def test_it_leaves_the_targets_to_the_ministry_not_the_cluster(as_user, manager):
    job = upload(as_user(manager), "kpi-targets", xlsx(HEADERS, ROWS[:1]))
    assert job.result["errors"] == [
        "строка 2, Кластер: Целевые значения устанавливают региональное министерство "
        "или федеральный оператор."
    ]
    assert not Target.objects.exists()


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider):
    job = upload(as_user(outsider), "kpi-targets", xlsx(HEADERS, ROWS[:1]))
    assert job.result["errors"] == ["строка 2, Кластер: «Кластер А1» не найдено"]
    assert not Target.objects.exists()
