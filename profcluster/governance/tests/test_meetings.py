from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from profcluster.governance.models import AgendaItem, Assignment, Decision, Meeting, Vote
from profcluster.governance.services import decision_record, meeting_quorum
from profcluster.governance.tests.conftest import mark_present


def vote_data(board, choices, text="Утвердить план"):
    members = {m.person.surname: m.pk for m in board.members.select_related("person")}
    return {"text": text, **{f"vote_{members[name]}": choice for name, choice in choices.items()}}


def test_it_counts_only_the_roster_valid_on_the_meeting_date(meeting, people):
    # Андреева's term ended on 31.03.2023: present on 10.05.2023, she is no longer a voting member.
    mark_present(meeting, people["pavlovskaya"], people["andreeva"])
    quorum = meeting_quorum(meeting)
    assert [m.person.surname for m in quorum.roster] == ["Павловская", "Данилин"]
    assert (len(quorum.present), quorum.needed, quorum.reached) == (1, 2, False)


def test_it_refuses_a_decision_without_quorum(as_user, manager, meeting, board, people):
    mark_present(meeting, people["pavlovskaya"], people["andreeva"])
    response = as_user(manager).post(
        reverse("governance:decision_add", args=[meeting.pk]), vote_data(board, {"Павловская": "for"})
    )
    assert response.status_code == 200
    assert "Кворума нет: присутствуют 1 из 2 членов с правом голоса, необходимо 2" in response.text
    assert not Decision.objects.exists()


def test_it_records_a_decision_with_votes_and_numbers_it(as_user, manager, meeting, board, people):
    mark_present(meeting, people["pavlovskaya"], people["danilin"])
    url = reverse("governance:decision_add", args=[meeting.pk])
    client = as_user(manager)
    response = client.post(url, vote_data(board, {"Павловская": "for", "Данилин": "for"}))
    assert response.status_code == 302
    client.post(url, vote_data(board, {"Павловская": "for", "Данилин": "against"}, text="Второе"))
    decisions = list(Decision.objects.order_by("sequence"))
    assert [d.number for d in decisions] == ["1/2023-1", "1/2023-2"]
    assert [d.outcome for d in decisions] == ["adopted", "rejected"]
    assert Vote.objects.filter(decision=decisions[0], choice="for").count() == 2


def test_it_decides_by_more_than_half_of_the_votes(meeting, board, people, world):
    mark_present(meeting, people["pavlovskaya"], people["danilin"])
    members = {m.person_id: m.pk for m in board.members.all()}
    ids = [members[people["pavlovskaya"].pk], members[people["danilin"].pk]]
    for choices, outcome in ((["for", "abstain"], "rejected"), (["for", "for"], "adopted")):
        decision = decision_record(meeting=meeting, text="Вопрос", votes=dict(zip(ids, choices, strict=True)))
        assert Decision.objects.with_votes().get(pk=decision.pk).outcome == outcome


def test_it_requires_every_present_voting_member_to_vote(meeting, board, people):
    mark_present(meeting, people["pavlovskaya"], people["danilin"])
    member = board.members.get(person=people["pavlovskaya"])
    with pytest.raises(ValidationError, match="Голосуют все присутствующие члены с правом голоса"):
        decision_record(meeting=meeting, text="Вопрос", votes={member.pk: "for"})
    assert not Decision.objects.exists()


def test_it_numbers_meetings_within_the_year(as_user, official, meeting, world):
    data = {"kind": "board", "number": "", "date": "2023-09-01", "place": "Барнаул", "change_reason": ""}
    as_user(official).post(reverse("governance:meeting_add", args=[world.cluster_a.pk]), data)
    as_user(official).post(
        reverse("governance:meeting_add", args=[world.cluster_a.pk]), {**data, "date": "2024-02-01"}
    )
    numbers = list(Meeting.objects.order_by("date").values_list("number", flat=True))
    assert numbers == ["1/2023", "2/2023", "1/2024"]


def test_it_carries_open_assignments_into_the_next_meeting(as_user, manager, decided, world):
    data = {"kind": "board", "date": "2023-09-01", "place": "Барнаул"}
    client = as_user(manager)
    response = client.post(reverse("governance:meeting_add", args=[world.cluster_a.pk]), data)
    second = Meeting.objects.get(number="2/2023")
    assert response.status_code == 302 and response.url == second.get_absolute_url()
    item = second.agenda_items.get()
    assignment = Assignment.objects.get()
    assert item.carried_assignment == assignment and "1/2023-1" in item.title
    assignment.status, assignment.completed_on = "done", date(2023, 10, 1)
    assignment.save()
    client.post(reverse("governance:meeting_add", args=[world.cluster_a.pk]), {**data, "date": "2023-11-01"})
    assert not AgendaItem.objects.filter(meeting__number="3/2023").exists()


def test_it_records_working_meeting_decisions_without_a_vote(as_user, official, world, people):
    data = {"kind": "working", "date": "2023-02-16", "place": "Минобрнауки", "invited": [world.employer_a.pk]}
    as_user(official).post(reverse("governance:meeting_add", args=[world.cluster_a.pk]), data)
    working = Meeting.objects.get(kind="working")
    response = as_user(official).post(
        reverse("governance:decision_add", args=[working.pk]), {"text": "Сформировать управляющую компанию"}
    )
    assert response.status_code == 302
    assert Decision.objects.get().outcome == "agreed"
    assert list(working.invited.all()) == [world.employer_a]


def test_it_keeps_a_voter_in_the_attendance(as_user, manager, decided, people):
    url = reverse("governance:attendance_edit", args=[decided.meeting_id])
    response = as_user(manager).post(url, {"people": [people["pavlovskaya"].pk]})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert decided.meeting.attendances.count() == 2


def test_it_marks_attendance(as_user, manager, meeting, people):
    url = reverse("governance:attendance_edit", args=[meeting.pk])
    response = as_user(manager).post(url, {"people": [people["pavlovskaya"].pk, people["danilin"].pk]})
    assert response.status_code == 302
    assert meeting_quorum(meeting).reached
