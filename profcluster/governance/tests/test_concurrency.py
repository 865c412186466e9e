"""Two people editing one decision: the later save is refused rather than silently overwriting the first."""

from django.urls import reverse

from profcluster.governance.models import Decision


def test_it_refuses_to_overwrite_a_decision_changed_meanwhile(client, manager, official, decided):
    first, second = client, type(client)()
    first.force_login(manager)
    second.force_login(official)
    url = reverse("governance:decision_edit", args=[decided.pk])
    seen = first.get(url).context["form"]["seen_version"].value()
    data = {"agenda_item": "", "seen_version": seen}
    response = second.post(url, {**data, "text": "Утвердить план на 2023–2024 годы"})
    assert response.status_code == 302
    response = first.post(url, {**data, "text": "Утвердить план с изменениями"})
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "изменил" in message and "Утвердить план на 2023–2024 годы" in message
    decided.refresh_from_db()
    assert decided.text == "Утвердить план на 2023–2024 годы"
    assert Decision.objects.count() == 1


def test_it_saves_a_decision_edited_from_the_current_version(as_user, manager, decided):
    client = as_user(manager)
    url = reverse("governance:decision_edit", args=[decided.pk])
    seen = client.get(url).context["form"]["seen_version"].value()
    response = client.post(url, {"agenda_item": "", "text": "Утвердить план", "seen_version": seen})
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.text == "Утвердить план"
