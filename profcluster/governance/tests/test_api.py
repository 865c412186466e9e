"""The programme and meetings over the API: scope, Russian validation, the current version only."""

from datetime import date

from profcluster.governance.models import Activity, Programme
from profcluster.governance.services import programme_revise

ACTIVITIES = "/api/governance/activities/"


def activity_data(programme, **extra):
    return {
        "programme": programme.pk,
        "title": "Открытие мастерской сварки",
        "direction": "infrastructure",
        "status": "planned",
        "planned_start": "2024-02-01",
        "planned_end": "2024-06-30",
        **extra,
    }


def other_programme(world):
    programme = Programme.objects.create(
        cluster=world.cluster_a2,
        title="Программа А2",
        period_start=date(2023, 1, 1),
        period_end=date(2025, 12, 31),
    )
    Activity.objects.create(
        programme=programme,
        title="Мероприятие А2",
        direction="other",
        planned_start=date(2023, 3, 1),
        planned_end=date(2023, 4, 1),
    )
    return programme


def test_it_shows_an_outsider_nothing(as_user, outsider, programme, decided):
    client = as_user(outsider)
    assert client.get(ACTIVITIES).json()["count"] == 0
    assert client.get(f"/api/governance/programmes/{programme.pk}/").status_code == 404
    assert client.get("/api/governance/decisions/").json()["count"] == 0


def test_it_lists_the_activities_of_the_managers_cluster_only(as_user, manager, official, programme, world):
    other_programme(world)
    assert as_user(manager).get(ACTIVITIES).json()["count"] == 4
    titles = [a["title"] for a in as_user(official).get(ACTIVITIES, {"search": "А2"}).json()["results"]]
    assert titles == ["Мероприятие А2"]


def test_it_names_the_field_of_invalid_data_in_russian(as_user, manager, programme):
    data = activity_data(programme, planned_end="2024-01-01")
    response = as_user(manager).post(ACTIVITIES, data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["planned_end"] == ["Дата окончания раньше даты начала."]
    assert programme.activities.count() == 4


def test_it_adds_an_activity_to_the_current_programme(as_user, manager, programme, world):
    data = activity_data(programme, responsible_organisation=world.employer_a.pk)
    response = as_user(manager).post(ACTIVITIES, data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (
        programme.activities.get(title="Открытие мастерской сварки").responsible_organisation
        == world.employer_a
    )


def test_it_refuses_writes_outside_the_scope_or_into_an_old_version(as_user, employer, manager, programme):
    assert (
        as_user(employer)
        .post(ACTIVITIES, activity_data(programme), content_type="application/json")
        .status_code
        == 403
    )
    programme_revise(programme=programme)
    response = as_user(manager).post(ACTIVITIES, activity_data(programme), content_type="application/json")
    assert response.status_code == 400 and "programme" in response.json()["errors"]
    old = programme.activities.first()
    assert (
        as_user(manager)
        .patch(f"{ACTIVITIES}{old.pk}/", {"title": "X"}, content_type="application/json")
        .status_code
        == 404
    )
    assert not Activity.objects.filter(title__in=["X", "Открытие мастерской сварки"]).exists()


def test_it_reads_decisions_with_their_outcome_and_refuses_to_write_them(as_user, manager, decided):
    client = as_user(manager)
    body = client.get(f"/api/governance/decisions/{decided.pk}/").json()
    assert (body["number"], body["outcome"]) == (decided.number, "adopted")
    response = client.post("/api/governance/decisions/", {"text": "Иначе"}, content_type="application/json")
    assert response.status_code == 405


def test_it_keeps_the_list_query_count_flat(
    as_user, official, programme, world, django_assert_max_num_queries
):
    client = as_user(official)
    with django_assert_max_num_queries(10) as few:
        client.get(ACTIVITIES)
    other_programme(world)
    for index in range(10):
        Activity.objects.create(
            programme=programme,
            title=f"Семинар {index}",
            direction="staff",
            planned_start=date(2024, 1, 1),
            planned_end=date(2024, 1, 2),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(ACTIVITIES)
    assert response.json()["count"] == 15
