"""The members of a management company from a spreadsheet, through the shared import pages."""

from datetime import date

from django.urls import reverse

from profcluster.governance.models import BoardMember
from profcluster.imports.tests.test_imports import upload, xlsx

HEADERS = [
    "Кластер",
    "ФИО",
    "ИНН организации",
    "Должность в управляющей компании",
    "С правом голоса",
    "Дата включения",
    "Дата исключения",
]


def rows(world):
    return [
        ["Кластер А1", "Данилин Николай", world.employer_a.inn, "член", "да", "01.01.2023", ""],
        ["Кластер А1", "Андреева Елена", world.college_a.inn, "секретарь", "", date(2024, 4, 1), ""],
    ]


def test_it_adds_a_new_term_and_keeps_the_known_member(as_user, manager, board, world):
    client = as_user(manager)
    job = upload(client, "board-members", xlsx(HEADERS, rows(world)))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"] == {"create": 1, "update": 0, "unchanged": 1}
    client.post(reverse("imports:apply", args=[job.pk]))
    terms = BoardMember.objects.filter(person__surname="Андреева").order_by("term_from")
    assert [(t.term_from, t.voting) for t in terms] == [(date(2023, 1, 1), True), (date(2024, 4, 1), True)]


def test_it_reads_a_windows_1251_csv_and_changes_nothing_the_second_time(as_user, official, board, world):
    lines = [HEADERS, *rows(world)]
    lines[2][5] = "01.04.2024"
    content = "\r\n".join(";".join(cell for cell in line) for line in lines).encode("cp1251")
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "board-members", content, "board.csv").pk]))
    history = BoardMember.history.count()
    job = upload(client, "board-members", content, name="board.csv")
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert BoardMember.history.count() == history == 4


def test_it_names_the_row_and_column_and_writes_nothing(as_user, manager, board, world):
    bad = rows(world)
    bad[0][2] = world.college_a.inn  # Данилин works for the employer
    bad[1][3] = "председатель"  # Павловская chairs without an end of term
    job = upload(as_user(manager), "board-members", xlsx(HEADERS, bad))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 2, ФИО: Этот сотрудник не работает в выбранной организации.",
        "строка 3, Должность в управляющей компании: На пересекающийся срок председатель уже назначен.",
    ]
    assert BoardMember.objects.count() == 3


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, board, world):
    job = upload(as_user(outsider), "board-members", xlsx(HEADERS, rows(world)))
    assert job.result["errors"][0] == "строка 2, Кластер: «Кластер А1» не найдено"
    assert BoardMember.objects.count() == 3
