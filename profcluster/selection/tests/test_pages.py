from django.urls import reverse

from profcluster.selection.models import SelectionCall


def test_it_opens_every_page_of_the_selection(as_user, federal, application, experts, world):
    client = as_user(federal)
    pages = [
        reverse("selection:call_list"),
        reverse("selection:call_detail", args=[application.call_id]),
        reverse("selection:call_add"),
        reverse("selection:criterion_add", args=[application.call_id]),
        reverse("selection:application_list"),
        reverse("selection:application_detail", args=[application.pk]),
        reverse("selection:expert_list"),
        reverse("selection:expert_add"),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_it_lets_only_the_federal_operator_announce_calls(as_user, official, call):
    assert as_user(official).get(reverse("selection:call_add")).status_code == 403
    assert as_user(official).get(reverse("selection:call_list")).context["object_list"][0] == call
    assert SelectionCall.objects.count() == 1


def test_it_shows_the_draft_form_pages_to_the_applying_region(as_user, official, application):
    client = as_user(official)
    for name in ("application_edit", "participant_add", "programme_add", "budgetline_add", "activity_add"):
        assert client.get(reverse(f"selection:{name}", args=[application.pk])).status_code == 200, name


def test_it_sends_anonymous_visitors_of_the_registry_to_the_login_page(client, application):
    response = client.get(reverse("selection:application_detail", args=[application.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
