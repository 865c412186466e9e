from django.urls import reverse

from profcluster.clusters.models import Participation
from profcluster.conftest import make_cluster, make_organisation, valid_inn
from profcluster.governance.models import Board, Meeting


def pages(world, decided, programme, board):
    meeting, activity = decided.meeting, programme.activities.first()
    member, assignment = board.members.first(), decided.assignments.get()
    return [
        reverse("governance:cluster_governance", args=[world.cluster_a.pk]),
        reverse("governance:board_edit", args=[world.cluster_a.pk]),
        reverse("governance:boardmember_add", args=[board.pk]),
        reverse("governance:boardmember_edit", args=[member.pk]),
        reverse("governance:programme_add", args=[world.cluster_a.pk]),
        reverse("governance:programme_detail", args=[programme.pk]),
        reverse("governance:programme_edit", args=[programme.pk]),
        reverse("governance:programme_document", args=[programme.pk, "report", 2023, "docx"]),
        reverse("governance:activity_add", args=[programme.pk]),
        reverse("governance:activity_detail", args=[activity.pk]),
        reverse("governance:activity_edit", args=[activity.pk]),
        reverse("governance:milestone_add", args=[activity.pk]),
        reverse("governance:meeting_add", args=[world.cluster_a.pk]),
        reverse("governance:meeting_detail", args=[meeting.pk]),
        reverse("governance:meeting_edit", args=[meeting.pk]),
        reverse("governance:meeting_minutes", args=[meeting.pk, "docx"]),
        reverse("governance:meeting_minutes", args=[meeting.pk, "pdf"]),
        reverse("governance:agendaitem_add", args=[meeting.pk]),
        reverse("governance:attendance_edit", args=[meeting.pk]),
        reverse("governance:decision_add", args=[meeting.pk]),
        reverse("governance:decision_edit", args=[decided.pk]),
        reverse("governance:assignment_add", args=[decided.pk]),
        reverse("governance:assignment_edit", args=[assignment.pk]),
    ]


def test_it_answers_404_to_an_outsider_on_every_page(as_user, outsider, world, decided, programme, board):
    client = as_user(outsider)
    statuses = {url: client.get(url).status_code for url in pages(world, decided, programme, board)}
    assert set(statuses.values()) == {404}
    assert client.post(reverse("governance:programme_revise", args=[programme.pk])).status_code == 404


def test_it_lets_an_employer_read_its_cluster_but_change_nothing(
    as_user, employer, world, decided, programme, board
):
    client = as_user(employer)
    urls = pages(world, decided, programme, board)
    readable = [url for url in urls if client.get(url).status_code == 200]
    assert len(readable) == 7 and all("/edit/" not in url and "/new/" not in url for url in readable)
    assert client.get(reverse("governance:cluster_governance", args=[world.cluster_a2.pk])).status_code == 404
    response = client.get(reverse("governance:index"))
    assert [c.name for c in response.context["object_list"]] == ["Кластер А1"]


def test_it_lets_a_read_only_auditor_read_but_not_change(as_user, auditor, world, decided, programme, board):
    client = as_user(auditor)
    assert client.get(reverse("governance:meeting_detail", args=[decided.meeting_id])).status_code == 200
    data = {"kind": "board", "date": "2023-09-01", "place": "Барнаул"}
    assert client.post(reverse("governance:meeting_add", args=[world.cluster_a.pk]), data).status_code == 404
    assert Meeting.objects.count() == 1


def test_it_lets_the_official_and_the_manager_change_the_cluster(as_user, official, manager, world, decided):
    data = {"kind": "board", "date": "2023-09-01", "place": "Барнаул"}
    for user, day in ((official, "2023-09-01"), (manager, "2023-10-01")):
        response = as_user(user).post(
            reverse("governance:meeting_add", args=[world.cluster_a.pk]), {**data, "date": day}
        )
        assert response.status_code == 302
    assert Meeting.objects.filter(cluster=world.cluster_a).count() == 3
    assert (
        as_user(manager).get(reverse("governance:meeting_add", args=[world.cluster_a2.pk])).status_code == 404
    )


def test_it_lists_the_clusters_in_scope_with_flat_queries(
    as_user, official, world, decided, django_assert_max_num_queries
):
    client = as_user(official)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("governance:index"))
    for index in range(8):
        base = make_organisation(valid_inn(index), world.region_a, name=f"Колледж {index}")
        cluster = make_cluster(f"Кластер {index}", world.region_a, base)
        Board.objects.create(cluster=cluster)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("governance:index"))
    assert len(response.context["object_list"]) == 10
    row = next(c for c in response.context["object_list"] if c.pk == world.cluster_a.pk)
    assert (row.members_count, row.meetings_count, row.open_assignments, row.overdue_assignments) == (
        2,
        1,
        1,
        1,
    )


def test_it_warns_when_a_participant_is_not_represented(as_user, manager, world, board):
    Participation.objects.create(cluster=world.cluster_a, organisation=world.college_a2, role="college")
    response = as_user(manager).get(reverse("governance:cluster_governance", args=[world.cluster_a.pk]))
    assert [o.short_name for o in response.context["unrepresented"]] == ["Колледж А2"]
    assert "Не представлены сейчас" in response.text
