"""Clusters from a spreadsheet, through the shared import pages and the `cluster_save` service."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from profcluster.clusters.models import Cluster, Participation
from profcluster.imports.tests.test_imports import upload, xlsx

HEADERS = [
    "Регион",
    "Наименование кластера",
    "Вид",
    "Отрасль",
    "Год отбора",
    "ИНН базовой организации",
    "Статус",
]


def rows(world):
    return [
        ["22", "ОПЦ машиностроения", "ОПЦ", "Машиностроение", 2023, world.college_a2.inn, ""],
        ["Алтайский край", "Кластер А1", "опц", "Лёгкая промышленность", "2023", world.college_a.inn, ""],
    ]


def roles(cluster):
    return dict(cluster.participations.values_list("organisation__short_name", "role"))


def test_it_previews_then_creates_a_cluster_with_its_base_college(as_user, official, world):
    client = as_user(official)
    job = upload(client, "clusters", xlsx(HEADERS, rows(world)))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"] == {"create": 1, "update": 0, "unchanged": 1}
    assert not Cluster.objects.filter(name="ОПЦ машиностроения").exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    cluster = Cluster.objects.get(name="ОПЦ машиностроения")
    assert (cluster.region, cluster.industry.slug, cluster.status) == (
        world.region_a,
        "mechanical-engineering",
        "selected",
    )
    assert roles(cluster) == {"Колледж А2": Participation.Role.BASE_COLLEGE}


def test_it_moves_the_base_college_through_the_service(as_user, official, world):
    changed = [[*rows(world)[1][:5], world.college_a2.inn, "действует"]]
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "clusters", xlsx(HEADERS, changed)).pk]))
    world.cluster_a.refresh_from_db()
    assert (world.cluster_a.base_organisation, world.cluster_a.status) == (world.college_a2, "operating")
    assert roles(world.cluster_a) == {
        "Колледж А2": Participation.Role.BASE_COLLEGE,
        "Колледж А": Participation.Role.COLLEGE,
        "Работодатель А": Participation.Role.KEY_EMPLOYER,
    }


def test_it_reads_a_windows_1251_csv_and_changes_nothing_the_second_time(as_user, official, world):
    lines = [HEADERS, *([str(cell) for cell in row] for row in rows(world))]
    content = "\r\n".join(";".join(line) for line in lines).encode("cp1251")
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "clusters", content, "clusters.csv").pk]))
    history = (Cluster.history.count(), Participation.history.count())
    job = upload(client, "clusters", content, name="clusters.csv")
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert (Cluster.history.count(), Participation.history.count()) == history


def test_it_names_the_row_and_column_and_writes_nothing(as_user, official, world):
    bad = rows(world)
    bad[0][4] = 2019
    bad[1][5] = world.employer_a.inn
    job = upload(as_user(official), "clusters", xlsx(HEADERS, bad))
    assert job.status == "failed"
    first, second = job.result["errors"]
    assert first == "строка 2, Год отбора: Убедитесь, что это значение больше либо равно 2022."
    assert second.startswith("строка 3, ИНН базовой организации: Базов") and "колледж" in second
    assert not Cluster.objects.filter(name="ОПЦ машиностроения").exists()
    assert Cluster.objects.get(pk=world.cluster_a.pk).base_organisation == world.college_a


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, world):
    job = upload(as_user(outsider), "clusters", xlsx(HEADERS, rows(world)))
    assert job.result["errors"] == [
        f"строка 2, ИНН базовой организации: «{world.college_a2.inn}» не найдено",
        f"строка 3, ИНН базовой организации: «{world.college_a.inn}» не найдено",
    ]


def test_it_refuses_a_cluster_outside_the_users_regions(as_user, outsider, world):
    own_college = [["22", "Чужой кластер", "ОПЦ", "Транспорт", 2024, world.college_b.inn, ""]]
    job = upload(as_user(outsider), "clusters", xlsx(HEADERS, own_college))
    assert job.result["errors"] == ["строка 2: запись оказалась бы вне области, которую вы можете изменять"]
    assert not Cluster.objects.filter(name="Чужой кластер").exists()


def test_it_lets_a_manager_change_its_cluster_but_not_add_one(as_user, manager, world):
    own = [[*rows(world)[1][:6], "действует"]]
    client = as_user(manager)
    client.post(reverse("imports:apply", args=[upload(client, "clusters", xlsx(HEADERS, own)).pk]))
    assert Cluster.objects.get(pk=world.cluster_a.pk).status == "operating"
    another = [["22", "Ещё кластер", "ОПЦ", "Транспорт", 2024, world.college_a.inn, ""]]
    job = upload(client, "clusters", xlsx(HEADERS, another))
    assert job.result["errors"] == ["строка 2: запись оказалась бы вне области, которую вы можете изменять"]


def test_it_offers_a_template_with_an_example(as_user, official):
    response = as_user(official).get(reverse("imports:template", args=["clusters"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]][:2] == ["Регион", "Наименование кластера"]
    assert "ОПЦ" in [cell.value for cell in sheet[2]]
