"""The bulk targets form under two editors at once, and a target brought back from its history."""

from django.urls import reverse

from profcluster.kpi.models import Indicator, Target


def targets_url(data):
    return reverse("kpi:targets", args=[data.cluster_a.pk, 2026])


def opened(client, data):
    return client.get(targets_url(data)).context["form"]["seen_version"].value()


def test_it_refuses_a_save_over_targets_changed_meanwhile(client, data, period, official, federal):
    students = Indicator.objects.get(code="students_studying")
    hours = Indicator.objects.get(code="practice_hours")
    first, second = client, type(client)()
    first.force_login(official)
    second.force_login(federal)
    seen_first, seen_second = opened(first, data), opened(second, data)
    saved = first.post(targets_url(data), {f"i{students.pk}": "120", "seen_version": seen_first})
    assert saved.status_code == 302
    response = second.post(
        targets_url(data), {f"i{students.pk}": "90", f"i{hours.pk}": "500", "seen_version": seen_second}
    )
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "изменил" in message and students.name in message and "Ничего не сохранено" in message
    assert list(Target.objects.values_list("indicator__code", "value")) == [("students_studying", 120)]


def test_it_refuses_when_a_target_appeared_in_an_empty_cell(as_user, data, period, official):
    hours = Indicator.objects.get(code="practice_hours")
    client = as_user(official)
    seen = opened(client, data)
    Target.objects.create(cluster=data.cluster_a, indicator=hours, year=2026, value=300)
    response = client.post(targets_url(data), {f"i{hours.pk}": "", "seen_version": seen})
    assert hours.name in " ".join(response.context["form"].non_field_errors())
    assert Target.objects.get().value == 300


def test_it_saves_when_nothing_changed_meanwhile(as_user, data, period, official):
    hours = Indicator.objects.get(code="practice_hours")
    Target.objects.create(cluster=data.cluster_a, indicator=hours, year=2027, value=1)  # another year
    client = as_user(official)
    response = client.post(targets_url(data), {f"i{hours.pk}": "400", "seen_version": opened(client, data)})
    assert response.status_code == 302
    assert Target.objects.get(year=2026).value == 400


def changed_target(data):
    students = Indicator.objects.get(code="students_studying")
    target = Target.objects.create(cluster=data.cluster_a, indicator=students, year=2026, value=100)
    target.value, target._change_reason = 150, "Ошибка"
    target.save()
    return target, target.history.order_by("history_id").first()


def test_it_restores_an_earlier_target_as_a_new_version(as_user, data, period, official):
    target, first = changed_target(data)
    client = as_user(official)
    restore = reverse("kpi:target_restore", args=[target.pk, first.history_id])
    assert restore in client.get(reverse("kpi:target_history", args=[target.pk])).text
    assert reverse("kpi:target_history", args=[target.pk]) in client.get(targets_url(data)).text
    response = client.post(restore, {"reason": "Значение по соглашению"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 100
    assert target.history.count() == 3
    assert target.history.first().history_change_reason == "Значение по соглашению"


def test_it_restores_targets_only_for_those_who_set_them(as_user, data, period, manager, outsider):
    target, first = changed_target(data)
    restore = reverse("kpi:target_restore", args=[target.pk, first.history_id])
    assert as_user(outsider).post(restore, {"reason": "Вернуть"}).status_code == 404
    assert as_user(outsider).get(reverse("kpi:target_history", args=[target.pk])).status_code == 404
    assert as_user(manager).post(restore, {"reason": "Вернуть"}).status_code == 404
    page = as_user(manager).get(reverse("kpi:target_history", args=[target.pk]))
    assert page.status_code == 200 and restore not in page.text  # the cluster reads its target's history
    target.refresh_from_db()
    assert target.value == 150 and target.history.count() == 2
