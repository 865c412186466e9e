from django.urls import reverse

from profcluster.governance.models import Activity, Programme


def activity_data(world, **overrides):
    data = {
        "title": "Стажировки преподавателей на предприятиях",
        "direction": "staff",
        "status": "planned",
        "planned_start": "2024-01-15",
        "planned_end": "2024-06-30",
        "responsible_organisation": world.employer_a.pk,
        "expected_result": "Все преподаватели прошли стажировку",
    }
    return {**data, **overrides}


def test_it_creates_a_programme_for_the_cluster(as_user, manager, world):
    data = {"title": "Программа деятельности", "period_start": "2023-01-01", "period_end": "2025-12-31"}
    response = as_user(manager).post(reverse("governance:programme_add", args=[world.cluster_a.pk]), data)
    programme = Programme.objects.get()
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert (programme.cluster, programme.version) == (world.cluster_a, 1)


def test_it_adds_an_activity_and_checks_its_rules(as_user, manager, world, programme):
    client, url = as_user(manager), reverse("governance:activity_add", args=[programme.pk])
    response = client.post(
        url, activity_data(world, status="done", responsible_organisation=world.college_b.pk)
    )
    assert {"actual_end", "responsible_organisation"} <= set(response.context["form"].errors)
    response = client.post(url, activity_data(world))
    assert response.status_code == 302
    assert programme.activities.filter(title="Стажировки преподавателей на предприятиях").exists()


def test_it_shows_the_timeline_filtered_by_direction_and_status(as_user, employer, programme):
    url = reverse("governance:programme_detail", args=[programme.pk])
    response = as_user(employer).get(url, {"status": "postponed"})
    assert [a.title for a in response.context["activities"]] == ["Профориентационная кампания"]
    assert response.context["timeline"].startswith("<svg") and "Профориентационная кампания" in response.text
    response = as_user(employer).get(url, {"direction": "staff"})
    assert [a.title for a in response.context["activities"]] == ["Повышение квалификации преподавателей"]
    assert not response.context["can_change"]


def test_it_revises_a_programme_and_keeps_the_previous_version_readable(as_user, manager, programme, decided):
    client = as_user(manager)
    response = client.post(reverse("governance:programme_revise", args=[programme.pk]))
    revision = Programme.objects.get(version=2)
    assert response.url == revision.get_absolute_url()
    assert revision.previous == programme and revision.activities.count() == 4
    assert Activity.objects.filter(programme=programme).count() == 4
    old = client.get(programme.get_absolute_url())
    assert old.status_code == 200 and not old.context["can_change"]
    assert client.get(reverse("governance:programme_edit", args=[programme.pk])).status_code == 404
    data = {
        "title": "Программа",
        "period_start": "2023-01-01",
        "period_end": "2026-12-31",
        "approved_by": decided.pk,
    }
    assert client.post(reverse("governance:programme_edit", args=[revision.pk]), data).status_code == 302
    revision.refresh_from_db()
    assert revision.approved_by == decided


def test_it_adds_a_milestone(as_user, official, programme):
    activity = programme.activities.get(title="Модернизация мастерских")
    url = reverse("governance:milestone_add", args=[activity.pk])
    response = as_user(official).post(url, {"title": "Оборудование смонтировано", "due_date": "2023-08-01"})
    assert response.status_code == 302
    assert activity.milestones.filter(title="Оборудование смонтировано").exists()
