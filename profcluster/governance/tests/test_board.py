from django.urls import reverse

from profcluster.governance.models import Board, BoardMember


def test_it_sets_up_the_management_company(as_user, manager, world):
    url = reverse("governance:board_edit", args=[world.cluster_a.pk])
    response = as_user(manager).post(url, {"name": "Управляющая компания", "quorum_rule": "two_thirds"})
    board = Board.objects.get(cluster=world.cluster_a)
    assert response.status_code == 302 and board.quorum_rule == "two_thirds"
    assert [board.quorum_needed(n) for n in (2, 3, 4)] == [2, 2, 3]


def test_it_adds_a_member_representing_a_participant(as_user, manager, board, world, people):
    url = reverse("governance:boardmember_add", args=[board.pk])
    data = {"person": people["andreeva"].pk, "organisation": world.college_a.pk, "position": "member"}
    response = as_user(manager).post(url, {**data, "voting": "on", "term_from": "2023-04-01"})
    assert response.status_code == 302
    assert board.members.filter(person=people["andreeva"], term_from="2023-04-01").exists()


def test_it_refuses_a_member_of_an_outside_organisation_or_a_second_chair(
    as_user, manager, board, world, people
):
    url = reverse("governance:boardmember_add", args=[board.pk])
    data = {"person": people["andreeva"].pk, "organisation": world.employer_a.pk, "position": "chair"}
    response = as_user(manager).post(url, {**data, "term_from": "2023-04-01"})
    assert {"person", "position"} <= set(response.context["form"].errors)
    assert BoardMember.objects.count() == 3


def test_it_keeps_a_member_who_has_voted(as_user, manager, decided, board, people):
    member = board.members.get(person=people["danilin"])
    assert (
        as_user(manager).post(reverse("governance:boardmember_delete", args=[member.pk])).status_code == 404
    )
    ended = board.members.get(person=people["andreeva"])
    assert as_user(manager).post(reverse("governance:boardmember_delete", args=[ended.pk])).status_code == 302
