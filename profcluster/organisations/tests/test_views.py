from django.urls import reverse

from profcluster.clusters.models import Participation
from profcluster.conftest import make_organisation, valid_inn
from profcluster.organisations.models import Organisation, Person


def organisation_data(world, **overrides):
    data = {
        "kind": "employer",
        "full_name": "Общество с ограниченной ответственностью «Мотор»",
        "short_name": "ООО «Мотор»",
        "inn": "2225010058",
        "kpp": "222501001",
        "ogrn": "1022201000051",
        "okved": "29.10",
        "region": world.region_a.pk,
        "address": "",
        "website": "",
        "email": "",
        "phone": "",
        "change_reason": "",
    }
    return {**data, **overrides}


def person_data(**overrides):
    data = {
        "surname": "Андреева",
        "name": "Елена",
        "patronymic": "",
        "position": "Директор",
        "email": "",
        "phone": "",
        "snils": "112-233-445 95",
        "change_reason": "",
    }
    return {**data, **overrides}


def test_it_lists_only_organisations_in_scope(as_user, employer):
    response = as_user(employer).get(reverse("organisations:organisation_list"))
    assert [o.short_name for o in response.context["object_list"]] == ["Колледж А", "Работодатель А"]


def test_it_searches_by_name_and_inn(as_user, federal, world):
    client = as_user(federal)
    response = client.get(reverse("organisations:organisation_list"), {"q": world.college_b.inn[:6]})
    assert [o.short_name for o in response.context["object_list"]] == ["Колледж Б"]
    response = client.get(reverse("organisations:organisation_list"), {"kind": "employer"})
    assert [o.short_name for o in response.context["object_list"]] == ["Работодатель А"]


def test_it_keeps_the_list_query_count_flat(as_user, official, world, django_assert_max_num_queries):
    client = as_user(official)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("organisations:organisation_list"))
    for index in range(20):
        make_organisation(valid_inn(index), world.region_a, name=f"Организация {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("organisations:organisation_list"))
    assert response.context["paginator"].count == 23


def test_it_counts_the_clusters_each_organisation_takes_part_in(as_user, federal, world):
    Participation.objects.create(
        cluster=world.cluster_a2, organisation=world.employer_a, role=Participation.Role.EMPLOYER
    )
    make_organisation(valid_inn(1), world.region_a, name="Вне кластеров")
    response = as_user(federal).get(reverse("organisations:organisation_list"))
    counts = {o.short_name: o.clusters_count for o in response.context["object_list"]}
    assert counts["Работодатель А"] == 2
    assert counts["Колледж А"] == 1
    assert counts["Вне кластеров"] == 0


def test_it_answers_404_for_an_organisation_of_another_region(as_user, outsider, world):
    client = as_user(outsider)
    assert (
        client.get(reverse("organisations:organisation_detail", args=[world.college_a.pk])).status_code == 404
    )
    assert (
        client.get(reverse("organisations:organisation_edit", args=[world.college_a.pk])).status_code == 404
    )
    assert client.get(reverse("organisations:person_add", args=[world.college_a.pk])).status_code == 404
    assert client.get(reverse("organisations:person_edit", args=[world.person_a.pk])).status_code == 404


def test_it_shows_personal_data_to_the_cluster_manager(as_user, manager, world):
    response = as_user(manager).get(reverse("organisations:organisation_detail", args=[world.college_a.pk]))
    assert "pavlovskaya@example.ru" in response.text
    assert "112-233-445 95" in response.text


def test_it_masks_personal_data_for_a_partner(as_user, employer, world):
    response = as_user(employer).get(reverse("organisations:organisation_detail", args=[world.college_a.pk]))
    assert response.status_code == 200
    assert "Павловская" in response.text
    assert "pavlovskaya@example.ru" not in response.text
    assert "112-233-445" not in response.text and "000-11-22" not in response.text


def test_it_lets_a_regional_official_register_an_organisation(as_user, official, world):
    data = organisation_data(world, inn="2225010072", ogrn="1022201000073", kpp="222501001")
    response = as_user(official).post(reverse("organisations:organisation_add"), data)
    organisation = Organisation.objects.get(inn="2225010072")
    assert response.status_code == 302 and response.url == organisation.get_absolute_url()


def test_it_names_the_field_of_a_wrong_identifier_in_russian(as_user, official, world):
    data = organisation_data(world, inn="2225010071", ogrn="1022201000074", okved="2X")
    response = as_user(official).post(reverse("organisations:organisation_add"), data)
    errors = response.context["form"].errors
    assert "контрольн" in errors["inn"][0].lower()
    assert {"inn", "ogrn", "okved"} <= set(errors)
    assert not Organisation.objects.filter(short_name="ООО «Мотор»").exists()


def test_it_refuses_a_duplicate_inn(as_user, official, world):
    response = as_user(official).post(
        reverse("organisations:organisation_add"), organisation_data(world, inn=world.college_a.inn)
    )
    assert "inn" in response.context["form"].errors


def test_it_refuses_a_kpp_with_a_sole_trader_inn(as_user, official, world):
    response = as_user(official).post(
        reverse("organisations:organisation_add"), organisation_data(world, inn="500100732259", ogrn="")
    )
    assert "kpp" in response.context["form"].errors


def test_it_forbids_registering_organisations_to_employers(as_user, employer):
    assert as_user(employer).get(reverse("organisations:organisation_add")).status_code == 403


def test_it_lets_an_employer_edit_its_own_organisation_only(as_user, employer, world):
    client = as_user(employer)
    data = organisation_data(
        world,
        inn=world.employer_a.inn,
        ogrn="",
        kpp="",
        short_name="Работодатель А+",
        change_reason="Переименование",
    )
    assert (
        client.post(reverse("organisations:organisation_edit", args=[world.employer_a.pk]), data).status_code
        == 302
    )
    world.employer_a.refresh_from_db()
    assert world.employer_a.short_name == "Работодатель А+"
    assert world.employer_a.history.first().history_change_reason == "Переименование"
    assert (
        client.get(reverse("organisations:organisation_edit", args=[world.college_a.pk])).status_code == 404
    )


def test_it_adds_a_person_with_a_normalised_snils(as_user, official, world):
    response = as_user(official).post(
        reverse("organisations:person_add", args=[world.college_a.pk]), person_data()
    )
    assert response.status_code == 302
    assert Person.objects.get(surname="Андреева").snils == "11223344595"


def test_it_refuses_a_wrong_snils(as_user, official, world):
    response = as_user(official).post(
        reverse("organisations:person_add", args=[world.college_a.pk]), person_data(snils="112-233-445 96")
    )
    assert "snils" in response.context["form"].errors
    assert not Person.objects.filter(surname="Андреева").exists()


def test_it_edits_and_removes_a_person(as_user, manager, world, official):
    client = as_user(official)
    url = reverse("organisations:person_edit", args=[world.person_a.pk])
    assert client.post(url, person_data(surname="Павловская-Иванова")).status_code == 302
    assert client.post(reverse("organisations:person_delete", args=[world.person_a.pk])).status_code == 302
    assert not Person.objects.filter(pk=world.person_a.pk).exists()


def test_it_shows_the_history_of_changes_with_the_reason(as_user, official, world):
    client = as_user(official)
    data = organisation_data(
        world,
        inn=world.college_a.inn,
        ogrn="",
        kpp="",
        kind="college",
        short_name="Колледж А (новое)",
        change_reason="Решение учредителя",
    )
    client.post(reverse("organisations:organisation_edit", args=[world.college_a.pk]), data)
    response = client.get(reverse("organisations:organisation_detail", args=[world.college_a.pk]))
    latest = response.context["history"][0]
    assert latest.reason == "Решение учредителя" and latest.who == official
    assert any(c.old == "Колледж А" and c.new == "Колледж А (новое)" for c in latest.changes)
