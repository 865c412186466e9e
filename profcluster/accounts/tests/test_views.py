from django.urls import reverse


def test_it_signs_in_and_shows_the_clusters_of_the_user(client, official):
    response = client.post(reverse("login"), {"username": "official", "password": "pw"}, follow=True)
    assert response.status_code == 200
    assert [c.name for c in response.context["clusters"]] == ["Кластер А1", "Кластер А2"]


def test_it_refuses_a_wrong_password(client, official):
    response = client.post(reverse("login"), {"username": "official", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_it_shows_the_employer_only_its_cluster_on_the_home_page(as_user, employer):
    response = as_user(employer).get(reverse("home"))
    assert [c.name for c in response.context["clusters"]] == ["Кластер А1"]
    assert "Кластер А2" not in response.text


def test_it_keeps_the_home_page_query_count_flat(as_user, federal, world, django_assert_max_num_queries):
    from profcluster.conftest import make_cluster, make_organisation, valid_inn

    client = as_user(federal)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("home"))
    for index in range(10):
        make_cluster(f"К{index}", world.region_b, make_organisation(valid_inn(index), world.region_b))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_it_logs_out(as_user, official):
    client = as_user(official)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_speaks_russian_by_default_and_english_on_request(as_user, official):
    client = as_user(official)
    assert "Кластеры" in client.get(reverse("clusters:cluster_list")).text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Clusters" in client.get(reverse("clusters:cluster_list")).text


def test_it_stays_russian_for_an_english_browser(as_user, official):
    response = as_user(official).get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Ваши кластеры" in response.text
