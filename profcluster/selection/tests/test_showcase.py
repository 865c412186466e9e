import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from profcluster.accounts.models import User
from profcluster.conftest import make_cluster, make_organisation, valid_inn
from profcluster.education.models import EducationalProgramme, Group
from profcluster.organisations.models import Person
from profcluster.selection.models import ClusterShowcase
from profcluster.selection.opendata import FIELD_NAMES

PUBLIC = ["selection:showcase", "selection:open_data", "selection:open_data_csv", "selection:open_data_json"]


@pytest.fixture
def published(world):
    """Cluster A1 published with a running programme (latest intake 25 places); cluster A2 not published."""
    programme = EducationalProgramme.objects.create(
        code="29.02.10",
        name="Конструирование, моделирование и технология изготовления изделий лёгкой промышленности",
        qualification="Конструктор-модельер",
        college=world.college_a,
        cluster=world.cluster_a,
        start_year=2022,
        standard_years=3,
        standard_months=10,
        actual_years=2,
        actual_months=10,
        shortened=True,
        practice_share=Decimal("52.00"),
    )
    Group.objects.create(programme=programme, name="КМ-23", intake_year=2023, planned_intake=20)
    Group.objects.create(programme=programme, name="КМ-24", intake_year=2024, planned_intake=25)
    ClusterShowcase.objects.create(
        cluster=world.cluster_b, is_published=True, public_description="Кластер региона Б"
    )
    ClusterShowcase.objects.create(
        cluster=world.cluster_a2, is_published=False, public_description="Черновик"
    )
    return ClusterShowcase.objects.create(
        cluster=world.cluster_a,
        is_published=True,
        public_description="Швейное дело",
        contact_phone="+7 3852 00-00-00",
    )


def test_it_lists_only_published_clusters_to_anonymous_visitors(client, published, world):
    response = client.get(reverse("selection:showcase"))
    assert response.status_code == 200
    assert [r["name"] for r in response.context["records"]] == ["Кластер А1", "Кластер Б"]
    assert "Кластер А2" not in response.text
    assert client.get(reverse("selection:showcase_detail", args=[world.cluster_a2.pk])).status_code == 404


def test_it_filters_and_searches_the_showcase(client, published, world):
    url = reverse("selection:showcase")
    by_region = client.get(url, {"region": world.region_b.pk}).context["records"]
    by_industry = client.get(url, {"industry": world.cluster_a.industry_id}).context["records"]
    by_text = client.get(url, {"q": "29.02.10"}).context["records"]
    assert [r["name"] for r in by_region] == ["Кластер Б"]
    assert [r["name"] for r in by_industry] == [r["name"] for r in by_text] == ["Кластер А1"]


def test_it_shows_programmes_durations_places_and_partners(client, published, world):
    response = client.get(reverse("selection:showcase_detail", args=[world.cluster_a.pk]))
    record = response.context["record"]
    assert record["programmes"][0] | {"name": ""} == {
        "code": "29.02.10",
        "name": "",
        "duration_months": 34,
        "places": 25,
    }
    assert (record["colleges"], record["employers"], record["planned_intake"]) == (
        ["Колледж А"],
        ["Работодатель А"],
        25,
    )
    assert (
        "29.02.10" in response.text
        and "Работодатель А" in response.text
        and "+7 3852 00-00-00" in response.text
    )


def test_it_publishes_exactly_the_documented_fields(client, published):
    data = json.loads(client.get(reverse("selection:open_data_json")).content)
    schema = json.loads(client.get(reverse("selection:open_data_schema")).content)
    documented = schema["properties"]["clusters"]["items"]["properties"]
    assert data["count"] == 2
    assert all(list(record) == FIELD_NAMES for record in data["clusters"])
    assert set(documented) == set(FIELD_NAMES) == set(schema["properties"]["clusters"]["items"]["required"])
    page = client.get(reverse("selection:open_data")).text
    assert all(f"<code>{name}</code>" in page for name in FIELD_NAMES)


def test_it_exports_the_same_records_as_csv(client, published):
    response = client.get(reverse("selection:open_data_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == FIELD_NAMES
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["name"], first["planned_intake"], first["employers"]) == (
        "Кластер А1",
        "25",
        "Работодатель А",
    )
    assert first["programmes"].startswith("29.02.10 ")


def test_it_never_shows_personal_data_in_public(client, published, world, official, manager):
    world.person_a.position = "Директор"
    world.person_a.save()
    secrets = set()
    for person in Person.objects.all():
        secrets |= {person.surname, person.email, person.phone, person.snils, person.full_name}
    for user in User.objects.all():
        secrets |= {user.username, user.email, user.get_full_name()}
    secrets.discard("")
    pages = [reverse(name) for name in PUBLIC] + [
        reverse("selection:showcase_detail", args=[world.cluster_a.pk]),
        reverse("selection:open_data_schema"),
    ]
    for url in pages:
        text = client.get(url).content.decode("utf-8-sig")
        assert [s for s in secrets if s in text] == [], url


def test_it_refuses_a_persons_contacts_on_the_showcase(as_user, manager, world):
    url = reverse("selection:showcase_edit", args=[world.cluster_a.pk])
    data = {
        "is_published": "on",
        "public_description": "Описание",
        "contact_email": world.person_a.email,
        "contact_phone": world.person_a.phone,
        "contact_website": "",
        "change_reason": "",
    }
    response = as_user(manager).post(url, data)
    assert {"contact_email", "contact_phone"} <= set(response.context["form"].errors)
    assert not ClusterShowcase.objects.exists()


def test_it_lets_the_cluster_manager_publish_its_cluster_only(as_user, manager, client, world):
    data = {
        "is_published": "on",
        "public_description": "Швейное дело",
        "contact_email": "priem@college.example",
        "contact_phone": "",
        "contact_website": "college.example",
        "change_reason": "Публикация",
    }
    response = as_user(manager).post(reverse("selection:showcase_edit", args=[world.cluster_a.pk]), data)
    assert response.status_code == 302
    assert ClusterShowcase.objects.get().contact_website == "https://college.example"
    assert (
        as_user(manager).get(reverse("selection:showcase_edit", args=[world.cluster_b.pk])).status_code == 404
    )
    client.logout()
    assert client.get(reverse("selection:showcase_detail", args=[world.cluster_a.pk])).status_code == 200


def test_it_keeps_the_showcase_query_count_flat(client, published, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("selection:showcase"))
    for index in range(8):
        base = make_organisation(valid_inn(index), world.region_b, name=f"Колледж {index}")
        cluster = make_cluster(f"Кластер {index}", world.region_b, base)
        ClusterShowcase.objects.create(cluster=cluster, is_published=True, public_description="Описание")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("selection:showcase"))
    assert len(response.context["records"]) == 10
