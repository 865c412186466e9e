"""The selection over the API: the gate, drafts only, own scores, published showcase, no file paths."""

from django.core.files.base import ContentFile

from profcluster.reference.models import Industry
from profcluster.selection.models import Application, Attachment, ClusterShowcase, ExpertAssignment, Score
from profcluster.selection.tests.conftest import PDF, make_application

APPLICATIONS = "/api/selection/applications/"


def application_data(call, world, **extra):
    return {
        "call": call.pk,
        "region": world.region_a.pk,
        "cluster_name": "ОПЦ сварки",
        "industry": Industry.objects.get(slug="light-industry").pk,
        "base_college": world.college_a.pk,
        **extra,
    }


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_it_shows_an_outsider_nothing_of_altai(as_user, outsider, application):
    client = as_user(outsider)
    assert client.get(f"{APPLICATIONS}{application.pk}/").status_code == 404
    assert client.get(APPLICATIONS).json()["count"] == 0
    assert client.get("/api/selection/scores/").json()["count"] == 0
    assert client.get("/api/selection/calls/").json()["count"] == 1


def test_it_lists_the_applications_of_the_officials_region(as_user, official, federal, call, world):
    make_application(call, world)
    make_application(call, world, "ОПЦ Б", region=world.region_b, base=world.college_b)
    names = [a["cluster_name"] for a in as_user(official).get(APPLICATIONS).json()["results"]]
    assert names == ["ОПЦ швейной отрасли"]
    assert as_user(federal).get(APPLICATIONS).json()["count"] == 2


def test_it_creates_and_changes_a_draft(as_user, official, call, world):
    client = as_user(official)
    response = post(client, APPLICATIONS, application_data(call, world))
    assert response.status_code == 201, response.json()
    application = Application.objects.get(cluster_name="ОПЦ сварки")
    assert (application.status, application.region) == ("draft", world.region_a)
    response = client.patch(
        f"{APPLICATIONS}{application.pk}/", {"summary": "Кратко"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).summary == "Кратко"


def test_it_refuses_a_submitted_application_and_other_regions(
    as_user, official, outsider, application, call, world
):
    Application.objects.filter(pk=application.pk).update(status="submitted")
    response = as_user(official).patch(
        f"{APPLICATIONS}{application.pk}/", {"summary": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = post(as_user(outsider), APPLICATIONS, application_data(call, world, cluster_name="Чужой"))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["base_college"]
    data = application_data(call, world, region=world.region_b.pk, base_college=world.college_b.pk)
    response = post(as_user(official), APPLICATIONS, data)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["base_college"]
    assert list(Application.objects.values_list("summary", flat=True)) == [""]


def test_it_lists_attachments_by_their_gated_link_only(as_user, official, application, media):
    attachment = Attachment(application=application, title="Письмо")
    attachment.file.save("letter.pdf", ContentFile(PDF))
    body = as_user(official).get(f"{APPLICATIONS}{application.pk}/").json()
    assert body["attachments"] == [
        {
            "id": attachment.pk,
            "title": "Письмо",
            "uploaded_at": body["attachments"][0]["uploaded_at"],
            "download_url": f"/selection/attachments/{attachment.pk}/",
        }
    ]
    assert attachment.file.name not in str(body)


def test_it_shows_an_expert_its_own_scores_and_the_federal_operator_all(
    as_user, federal, official, application, call, experts
):
    Application.objects.filter(pk=application.pk).update(status="under_review")
    criterion = call.criteria.first()
    for expert, value in zip(experts, (7, 9), strict=True):
        assignment = ExpertAssignment.objects.create(application=application, expert=expert)
        Score.objects.create(assignment=assignment, criterion=criterion, score=value)
    scores = as_user(experts[0].user).get("/api/selection/scores/").json()["results"]
    assert [(s["application"], s["score"]) for s in scores] == [(application.pk, 7)]
    assert as_user(federal).get("/api/selection/scores/").json()["count"] == 2
    assert as_user(official).get("/api/selection/scores/").json()["count"] == 0


def test_it_shows_published_showcase_entries_only(as_user, official, world):
    ClusterShowcase.objects.create(cluster=world.cluster_a, is_published=True, public_description="Шьём")
    ClusterShowcase.objects.create(cluster=world.cluster_a2)
    body = as_user(official).get("/api/selection/showcase/").json()
    assert [e["cluster"] for e in body["results"]] == [world.cluster_a.pk]


def test_it_keeps_the_application_list_query_count_flat(
    as_user, federal, call, world, django_assert_max_num_queries
):
    client = as_user(federal)
    make_application(call, world, complete=False)
    with django_assert_max_num_queries(10) as few:
        client.get(APPLICATIONS)
    for index in range(5):
        application = make_application(call, world, f"ОПЦ {index}", complete=False)
        Attachment.objects.create(application=application, title="Письмо", file="x.pdf")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(APPLICATIONS)
    assert response.json()["count"] == 6
