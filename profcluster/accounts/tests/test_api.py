"""The REST API: the same gate, the same validation and one error format as the pages."""

from django.urls import reverse
from knox.models import AuthToken

from profcluster.clusters.models import Cluster
from profcluster.organisations.models import Organisation


def api(client, user):
    client.force_login(user)
    return client


def test_it_lists_only_clusters_in_scope(client, official):
    response = api(client, official).get("/api/clusters/")
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["results"]] == ["Кластер А1", "Кластер А2"]


def test_it_answers_404_for_a_cluster_of_another_region(client, outsider, world):
    assert api(client, outsider).get(f"/api/clusters/{world.cluster_a.pk}/").status_code == 404


def test_it_authenticates_with_a_token_and_refuses_without(client, official, world):
    _, token = AuthToken.objects.create(user=official)
    assert client.get("/api/clusters/").status_code == 401
    response = client.get("/api/clusters/", headers={"authorization": f"Token {token}"})
    assert response.status_code == 200 and response.json()["count"] == 2


def test_it_names_the_fields_of_invalid_data_in_russian(client, official, world):
    data = {
        "kind": "employer",
        "full_name": "ООО «Мотор»",
        "short_name": "Мотор",
        "inn": "2225010071",
        "region": world.region_a.pk,
    }
    response = api(client, official).post("/api/organisations/", data, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "контрольн" in body["errors"]["inn"][0].lower()
    assert not Organisation.objects.filter(short_name="Мотор").exists()


def test_it_creates_a_cluster_with_its_base_college(client, official, world):
    data = {
        "kind": "opc",
        "name": "ОПЦ API",
        "region": world.region_a.pk,
        "industry": world.cluster_a.industry_id,
        "selection_year": 2024,
        "base_organisation": world.college_a2.pk,
        "status": "selected",
    }
    response = api(client, official).post("/api/clusters/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    cluster = Cluster.objects.get(name="ОПЦ API")
    assert cluster.participations.get().role == "base_college"


def test_it_refuses_creating_outside_the_callers_scope(client, official, world):
    data = {
        "kind": "opc",
        "name": "Чужой",
        "region": world.region_b.pk,
        "industry": world.cluster_a.industry_id,
        "selection_year": 2024,
        "base_organisation": world.college_b.pk,
    }
    response = api(client, official).post("/api/clusters/", data, content_type="application/json")
    # The base college of region B is not visible to the official: it "does not exist".
    assert response.status_code == 400 and "base_organisation" in response.json()["errors"]
    data["base_organisation"] = world.college_a2.pk
    response = api(client, official).post("/api/clusters/", data, content_type="application/json")
    assert response.status_code == 403
    assert not Cluster.objects.filter(name="Чужой").exists()


def test_it_keeps_read_only_roles_from_writing(client, auditor, world):
    response = api(client, auditor).patch(
        f"/api/clusters/{world.cluster_a.pk}/", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 404
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.name == "Кластер А1"


def test_it_masks_personal_data_for_partners(client, employer, manager, world):
    masked = api(client, employer).get("/api/people/").json()["results"][0]
    assert masked["snils"] != "11223344595" and "pavlovskaya" not in masked["email"]
    shown = api(client, manager).get("/api/people/").json()["results"][0]
    assert shown["snils"] == "11223344595"


def test_it_keeps_the_list_query_count_flat(client, federal, world, django_assert_max_num_queries):
    from profcluster.conftest import make_cluster, make_organisation, valid_inn

    api(client, federal)
    with django_assert_max_num_queries(10) as few:
        client.get("/api/people/")
    for index in range(10):
        organisation = make_organisation(valid_inn(index), world.region_b)
        make_cluster(f"К{index}", world.region_b, organisation)
        organisation.people.create(surname=f"Иванов{index}", name="Иван")
    for url in ("/api/people/", "/api/clusters/", "/api/organisations/"):
        with django_assert_max_num_queries(len(few.captured_queries) + 1):
            client.get(url)


def test_it_serves_the_schema_and_the_docs_locally(client, official):
    api(client, official)
    assert client.get(reverse("api-schema")).status_code == 200
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200 and "//cdn" not in docs.text and "unpkg" not in docs.text


def test_it_lets_a_user_create_and_revoke_its_tokens(client, official, world):
    client.force_login(official)
    response = client.post(reverse("profile"), {"create": "1"})
    token = response.context["new_token"]
    assert AuthToken.objects.filter(user=official).count() == 1
    client.logout()
    assert client.get("/api/clusters/", headers={"authorization": f"Token {token}"}).status_code == 200
    client.force_login(official)
    client.post(reverse("profile"), {"revoke": AuthToken.objects.get(user=official).token_key})
    client.logout()
    assert client.get("/api/clusters/", headers={"authorization": f"Token {token}"}).status_code == 401


def test_it_answers_409_when_other_records_refer_to_a_deleted_one(client, official, world):
    response = api(client, official).delete(f"/api/organisations/{world.college_a.pk}/")
    assert response.status_code == 409 and response.json()["errors"] == {}
    assert Organisation.objects.filter(pk=world.college_a.pk).exists()
