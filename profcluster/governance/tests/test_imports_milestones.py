"""Milestones of the programme's activities from a spreadsheet, through the shared import pages."""

from datetime import date

from django.urls import reverse

from profcluster.governance.models import Milestone
from profcluster.governance.services import programme_revise
from profcluster.imports.tests.test_imports import upload, xlsx

HEADERS = ["Кластер", "Мероприятие", "Контрольная точка", "Срок", "Дата достижения"]
TRAINING = "Повышение квалификации преподавателей"


def rows():
    return [
        ["Кластер А1", "Модернизация мастерских", "Закуплено оборудование", "30.06.2023", ""],
        ["Кластер А1", TRAINING, f"Контрольная точка: {TRAINING}", date(2023, 11, 30), date(2023, 11, 24)],
    ]


def test_it_previews_then_adds_and_updates_milestones(as_user, manager, programme):
    client = as_user(manager)
    job = upload(client, "milestones", xlsx(HEADERS, rows()))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"] == {"create": 1, "update": 1, "unchanged": 0}
    assert not Milestone.objects.filter(title="Закуплено оборудование").exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    added = Milestone.objects.get(title="Закуплено оборудование")
    assert (added.activity.title, added.due_date) == ("Модернизация мастерских", date(2023, 6, 30))
    assert Milestone.objects.get(activity__title=TRAINING).reached_on == date(2023, 11, 24)


def test_it_changes_only_the_current_version(as_user, official, programme):
    revision = programme_revise(programme=programme)
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "milestones", xlsx(HEADERS, rows())).pk]))
    reached = Milestone.objects.filter(activity__title=TRAINING, reached_on__isnull=False)
    assert [m.activity.programme for m in reached] == [revision]
    assert not Milestone.objects.filter(
        activity__programme=programme, title="Закуплено оборудование"
    ).exists()


def test_it_reads_a_windows_1251_csv_and_changes_nothing_the_second_time(as_user, official, programme):
    lines = [HEADERS, rows()[0], [*rows()[1][:3], "30.11.2023", "24.11.2023"]]
    content = "\r\n".join(";".join(line) for line in lines).encode("cp1251")
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "milestones", content, "m.csv").pk]))
    history = Milestone.history.count()
    job = upload(client, "milestones", content, name="m.csv")
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Milestone.history.count() == history == 4 + 2


def test_it_names_the_row_and_column_and_writes_nothing(as_user, manager, programme):
    bad = rows()
    bad[0][3] = "31.02.2023"
    bad[1][1] = "Нет такого мероприятия"
    job = upload(as_user(manager), "milestones", xlsx(HEADERS, bad))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 2, Срок: не дата в формате дд.мм.гггг",
        "строка 3, Кластер, Мероприятие: «Кластер А1, Нет такого мероприятия» не найдено",
    ]
    assert Milestone.objects.count() == 4


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, programme):
    job = upload(as_user(outsider), "milestones", xlsx(HEADERS, rows()[:1]))
    assert job.result["errors"] == [
        "строка 2, Кластер, Мероприятие: «Кластер А1, Модернизация мастерских» не найдено"
    ]


def test_it_lets_a_partner_see_the_activity_but_not_change_its_milestones(as_user, employer, programme):
    job = upload(as_user(employer), "milestones", xlsx(HEADERS, rows()))
    assert job.result["errors"] == [
        "строка 2: запись оказалась бы вне области, которую вы можете изменять",
        "строка 3: нет прав на изменение этой записи",
    ]
    assert Milestone.objects.count() == 4
