from django.urls import reverse

from profcluster.clusters.models import Cluster, Participation
from profcluster.conftest import make_cluster, make_organisation, valid_inn
from profcluster.reference.models import Industry


def cluster_data(world, **overrides):
    data = {
        "kind": "opc",
        "name": "ОПЦ машиностроения",
        "brand_name": "",
        "region": world.region_a.pk,
        "industry": Industry.objects.get(slug="mechanical-engineering").pk,
        "selection_year": 2023,
        "base_organisation": world.college_a2.pk,
        "status": "selected",
        "description": "",
        "change_reason": "Итоги отбора",
    }
    return {**data, **overrides}


def test_it_lists_only_the_clusters_in_scope(as_user, official):
    response = as_user(official).get(reverse("clusters:cluster_list"))
    assert response.status_code == 200
    assert [c.name for c in response.context["object_list"]] == ["Кластер А1", "Кластер А2"]
    assert "Кластер Б" not in response.text


def test_it_filters_and_searches_the_list(as_user, federal, world):
    client = as_user(federal)
    response = client.get(reverse("clusters:cluster_list"), {"region": world.region_b.pk})
    assert [c.name for c in response.context["object_list"]] == ["Кластер Б"]
    response = client.get(reverse("clusters:cluster_list"), {"q": "А2"})
    assert [c.name for c in response.context["object_list"]] == ["Кластер А2"]
    response = client.get(
        reverse("clusters:cluster_list"), {"industry": world.cluster_a.industry_id, "selection_year": 2023}
    )
    assert [c.name for c in response.context["object_list"]] == ["Кластер А1"]


def test_it_shows_participant_counts_in_the_list(as_user, official):
    response = as_user(official).get(reverse("clusters:cluster_list"))
    first = response.context["object_list"][0]
    assert (first.name, first.participants_count, first.employers_count) == ("Кластер А1", 2, 1)


def test_it_keeps_the_list_query_count_flat(as_user, federal, world, django_assert_max_num_queries):
    client = as_user(federal)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("clusters:cluster_list"))
    for index in range(15):
        base = make_organisation(valid_inn(index), world.region_b, name=f"Колледж {index}")
        make_cluster(f"Кластер {index}", world.region_b, base)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("clusters:cluster_list"))
    assert len(response.context["object_list"]) == 18


def test_it_answers_404_for_a_cluster_of_another_region(as_user, outsider, world):
    client = as_user(outsider)
    assert client.get(reverse("clusters:cluster_detail", args=[world.cluster_a.pk])).status_code == 404
    assert client.get(reverse("clusters:cluster_edit", args=[world.cluster_a.pk])).status_code == 404


def test_it_shows_participants_and_history_on_the_detail_page(as_user, employer, world):
    response = as_user(employer).get(reverse("clusters:cluster_detail", args=[world.cluster_a.pk]))
    assert response.status_code == 200
    assert "Работодатель А" in response.text and "Колледж А" in response.text
    assert response.context["history"]
    assert not response.context["can_change"]


def test_it_lets_a_regional_official_create_a_cluster_with_its_base_college(as_user, official, world):
    response = as_user(official).post(reverse("clusters:cluster_add"), cluster_data(world))
    cluster = Cluster.objects.get(name="ОПЦ машиностроения")
    assert response.status_code == 302 and response.url == cluster.get_absolute_url()
    base = cluster.participations.get()
    assert (base.organisation, base.role) == (world.college_a2, Participation.Role.BASE_COLLEGE)
    record = cluster.history.get()
    assert (record.history_user, record.history_change_reason) == (official, "Итоги отбора")


def test_it_refuses_a_cluster_in_a_region_the_official_does_not_hold(as_user, official, world):
    response = as_user(official).post(
        reverse("clusters:cluster_add"), cluster_data(world, region=world.region_b.pk)
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Cluster.objects.filter(name="ОПЦ машиностроения").exists()


def test_it_shows_field_errors_and_saves_nothing(as_user, official, world):
    response = as_user(official).post(
        reverse("clusters:cluster_add"),
        cluster_data(world, selection_year=2019, base_organisation=world.employer_a.pk),
    )
    errors = response.context["form"].errors
    assert {"selection_year", "base_organisation"} <= set(errors)
    assert Cluster.objects.count() == 3


def test_it_forbids_creating_clusters_to_employers_and_managers(as_user, employer, manager):
    assert as_user(employer).get(reverse("clusters:cluster_add")).status_code == 403
    assert as_user(manager).get(reverse("clusters:cluster_add")).status_code == 403


def test_it_lets_a_cluster_manager_edit_its_cluster_only(as_user, manager, world):
    client = as_user(manager)
    data = cluster_data(
        world,
        name="Кластер А1 (новое имя)",
        base_organisation=world.college_a.pk,
        industry=world.cluster_a.industry_id,
        region=world.region_a.pk,
    )
    # A manager holds no region, so the region field offers none to choose: the cluster keeps its own.
    response = client.post(reverse("clusters:cluster_edit", args=[world.cluster_a.pk]), data)
    assert response.status_code == 302
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.name == "Кластер А1 (новое имя)"
    assert client.get(reverse("clusters:cluster_edit", args=[world.cluster_a2.pk])).status_code == 404


def test_it_moves_the_base_college_role_when_the_base_organisation_changes(as_user, official, world):
    data = cluster_data(
        world, name="Кластер А1", base_organisation=world.college_a2.pk, industry=world.cluster_a.industry_id
    )
    as_user(official).post(reverse("clusters:cluster_edit", args=[world.cluster_a.pk]), data)
    roles = dict(world.cluster_a.participations.values_list("organisation__short_name", "role"))
    assert roles == {"Колледж А2": "base_college", "Колледж А": "college", "Работодатель А": "key_employer"}


def test_it_adds_a_participant(as_user, manager, world):
    data = {
        "organisation": world.college_a2.pk,
        "role": "college",
        "date_from": "2023-09-01",
        "date_to": "",
        "obligations": "Реализует программы",
        "change_reason": "",
    }
    response = as_user(manager).post(reverse("clusters:participation_add", args=[world.cluster_a.pk]), data)
    assert response.status_code == 302
    assert world.cluster_a.participations.filter(organisation=world.college_a2, role="college").exists()


def test_it_refuses_the_same_organisation_twice(as_user, manager, world):
    data = {"organisation": world.employer_a.pk, "role": "employer", "change_reason": ""}
    response = as_user(manager).post(reverse("clusters:participation_add", args=[world.cluster_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert world.cluster_a.participations.count() == 2


def test_it_refuses_dates_out_of_order(as_user, manager, world):
    data = {
        "organisation": world.college_a2.pk,
        "role": "college",
        "date_from": "2024-01-01",
        "date_to": "2023-01-01",
    }
    response = as_user(manager).post(reverse("clusters:participation_add", args=[world.cluster_a.pk]), data)
    assert "date_to" in response.context["form"].errors


def test_it_never_offers_a_second_base_college(as_user, manager, world):
    data = {"organisation": world.college_a2.pk, "role": "base_college"}
    response = as_user(manager).post(reverse("clusters:participation_add", args=[world.cluster_a.pk]), data)
    assert "role" in response.context["form"].errors
    assert world.cluster_a.participations.filter(role="base_college").count() == 1


def test_it_removes_a_participant_but_not_the_base_college(as_user, manager, world):
    client = as_user(manager)
    employer = world.cluster_a.participations.get(role="key_employer")
    base = world.cluster_a.participations.get(role="base_college")
    assert client.post(reverse("clusters:participation_delete", args=[base.pk])).status_code == 404
    assert client.post(reverse("clusters:participation_delete", args=[employer.pk])).status_code == 302
    assert list(world.cluster_a.participations.values_list("role", flat=True)) == ["base_college"]


def test_it_keeps_outsiders_away_from_participations(as_user, outsider, world):
    employer = world.cluster_a.participations.get(role="key_employer")
    client = as_user(outsider)
    assert client.get(reverse("clusters:participation_edit", args=[employer.pk])).status_code == 404
    assert client.post(reverse("clusters:participation_delete", args=[employer.pk])).status_code == 404
    assert client.get(reverse("clusters:participation_add", args=[world.cluster_a.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    response = client.get(reverse("clusters:cluster_detail", args=[world.cluster_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
