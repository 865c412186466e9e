from datetime import date

import pytest

from profcluster.governance.models import (
    Activity,
    Assignment,
    Attendance,
    Board,
    BoardMember,
    Meeting,
    Milestone,
    Programme,
)
from profcluster.governance.services import decision_record, meeting_create
from profcluster.organisations.models import Person

MEETING_DAY = date(2023, 5, 10)


@pytest.fixture
def people(world):
    return {
        "pavlovskaya": world.person_a,
        "andreeva": Person.objects.create(organisation=world.college_a, surname="Андреева", name="Елена"),
        "danilin": Person.objects.create(
            organisation=world.employer_a, surname="Данилин", name="Николай", position="Директор"
        ),
    }


@pytest.fixture
def board(world, people):
    """Cluster A1's management company: two voting members now, one whose term ended before the meeting."""
    board = Board.objects.create(cluster=world.cluster_a, name="Управляющая компания")
    for key, organisation, position, term_to in (
        ("pavlovskaya", world.college_a, BoardMember.Position.CHAIR, None),
        ("danilin", world.employer_a, BoardMember.Position.MEMBER, None),
        ("andreeva", world.college_a, BoardMember.Position.SECRETARY, date(2023, 3, 31)),
    ):
        BoardMember.objects.create(
            board=board,
            person=people[key],
            organisation=organisation,
            position=position,
            term_from=date(2023, 1, 1),
            term_to=term_to,
        )
    return board


@pytest.fixture
def meeting(world, board, people):
    meeting = meeting_create(
        meeting=Meeting(
            cluster=world.cluster_a,
            kind=Meeting.Kind.BOARD,
            date=MEETING_DAY,
            place="Барнаул, ул. Ленина, 1",
            chair=people["pavlovskaya"],
            secretary=people["andreeva"],
        )
    )
    meeting.agenda_items.create(position=1, title="Об утверждении плана мероприятий на 2023 год")
    return meeting


def mark_present(meeting, *persons):
    for person in persons:
        Attendance.objects.create(meeting=meeting, person=person)


@pytest.fixture
def decided(meeting, board, people, world):
    """A meeting with quorum, one adopted decision and an open assignment due in 2023."""
    mark_present(meeting, people["pavlovskaya"], people["danilin"])
    members = {m.person_id: m.pk for m in board.members.all()}
    decision = decision_record(
        meeting=meeting,
        text="Утвердить план мероприятий на 2023 год",
        votes={members[people["pavlovskaya"].pk]: "for", members[people["danilin"].pk]: "for"},
    )
    Assignment.objects.create(
        decision=decision,
        text="Организовать повышение квалификации преподавателей",
        responsible_organisation=world.college_a,
        responsible_person=people["pavlovskaya"],
        due_date=date(2023, 12, 1),
    )
    return decision


@pytest.fixture
def programme(world, people):
    programme = Programme.objects.create(
        cluster=world.cluster_a,
        title="Программа деятельности",
        period_start=date(2023, 1, 1),
        period_end=date(2025, 12, 31),
    )
    rows = [
        ("Повышение квалификации преподавателей", "staff", "done", date(2023, 11, 30), date(2023, 11, 24)),
        ("Модернизация мастерских", "infrastructure", "in_progress", date(2023, 8, 25), None),
        ("Профориентационная кампания", "career", "postponed", date(2023, 9, 1), None),
        ("Трудоустройство выпускников", "employment", "planned", date(2099, 12, 31), None),
    ]
    for title, direction, status, end, actual_end in rows:
        activity = Activity.objects.create(
            programme=programme,
            title=title,
            direction=direction,
            status=status,
            planned_start=date(2023, 2, 1),
            planned_end=end,
            actual_start=date(2023, 2, 15) if actual_end else None,
            actual_end=actual_end,
            responsible_organisation=world.college_a,
        )
        Milestone.objects.create(activity=activity, title=f"Контрольная точка: {title}", due_date=end)
    return programme
