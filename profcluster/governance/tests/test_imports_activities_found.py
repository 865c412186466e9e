"""A milestone's activity found by cluster and title, a chunk of rows at a time (`Lookup.find_many`)."""

from profcluster.core.tests.test_importer_find_many import preview, row_by_row
from profcluster.governance.imports import SPECS
from profcluster.governance.models import Activity
from profcluster.governance.services import programme_revise
from profcluster.governance.tests.test_imports_milestones import HEADERS, TRAINING

MILESTONES = next(spec for spec in SPECS if spec.slug == "milestones")


def milestones(pairs):
    return [[cluster, title, f"Точка {i}", "30.06.2023", ""] for i, (cluster, title) in enumerate(pairs)]


def test_it_finds_the_activities_it_finds_row_by_row(official, programme):
    current = programme_revise(programme=programme)
    table = milestones(
        [
            ("Кластер А1", TRAINING),
            ("  кластер  а1 ", "ПОВЫШЕНИЕ квалификации   преподавателей"),  # Cyrillic case: the database's
            ("КЛАСТЕР А1", "Модернизация мастерских"),
            ("Кластер А1", "Нет такого мероприятия"),
            ("Кластер А2", TRAINING),
        ]
    )
    shown, found, _queries = preview(MILESTONES, HEADERS, table, official)
    assert (shown, found) == preview(row_by_row(MILESTONES), HEADERS, table, official)[:2]
    assert found[0] == Activity.objects.get(programme=current, title=TRAINING).pk
    assert [errors for _action, errors in shown][3:] == [
        ["строка 5, Кластер, Мероприятие: «Кластер А1, Нет такого мероприятия» не найдено"],
        [f"строка 6, Кластер, Мероприятие: «Кластер А2, {TRAINING}» не найдено"],
    ]


def test_it_finds_no_activity_outside_what_the_user_sees(outsider, programme):
    shown, _found, _queries = preview(MILESTONES, HEADERS, milestones([("Кластер А1", TRAINING)]), outsider)
    assert shown[0][1] == [f"строка 2, Кластер, Мероприятие: «Кластер А1, {TRAINING}» не найдено"]
