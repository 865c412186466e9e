from io import StringIO

from django.core.management import call_command

from profcluster.clusters.models import Cluster
from profcluster.governance import models
from profcluster.governance.services import meeting_quorum

GOVERNANCE = [
    models.Board,
    models.BoardMember,
    models.Programme,
    models.Activity,
    models.Milestone,
    models.Meeting,
    models.AgendaItem,
    models.Attendance,
    models.Decision,
    models.Vote,
    models.Assignment,
]


def counts():
    return [(m.objects.count(), m.history.count()) for m in GOVERNANCE]


def test_it_loads_the_seed_governance_once(db):
    call_command("load_demo", stdout=StringIO())
    before = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before
    working = models.Meeting.objects.filter(kind="working").select_related("chair")
    assert {m.chair.surname for m in working} == {"Синицына"}
    speakers = set(
        models.AgendaItem.objects.filter(meeting__kind="working").values_list("speakers__surname", flat=True)
    )
    assert speakers == {"Дмитриева", "Павловская", "Андреева"}


def test_it_gives_every_participant_a_seat_on_its_cluster_board(db):
    call_command("load_demo", stdout=StringIO())
    for cluster in Cluster.objects.prefetch_related("participations"):
        seats = set(
            models.BoardMember.objects.filter(board__cluster=cluster).values_list(
                "organisation_id", flat=True
            )
        )
        assert seats == {p.organisation_id for p in cluster.participations.all()}, cluster.name
    board_meeting = models.Meeting.objects.get(kind="board")
    assert meeting_quorum(board_meeting).reached
    assert models.Programme.objects.get(cluster=board_meeting.cluster).approved_by.number == "1/2023-1"
