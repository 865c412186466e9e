"""Manual values under two editors at once, and an earlier version brought back from the history."""

from django.urls import reverse

from profcluster.kpi.models import ManualValue, Report
from profcluster.kpi.tests.test_cycle import evidence, submit, url


def enter(client, world, period, indicator, value, **extra):
    data = {"value": value, "justification": "Акт оснащения", "evidence": evidence(), **extra}
    return client.post(url("manual_value", world, period, indicator.pk), data)


def test_it_refuses_to_overwrite_a_value_changed_meanwhile(
    client, world, period, manager, manual_indicator, media
):
    first, second = client, type(client)()
    first.force_login(manager)
    second.force_login(manager)
    enter(first, world, period, manual_indicator, "40")
    seen = first.get(url("manual_value", world, period, manual_indicator.pk)).context["form"]["seen_version"]
    assert enter(second, world, period, manual_indicator, "55", seen_version=seen.value()).status_code == 302
    response = enter(first, world, period, manual_indicator, "60", seen_version=seen.value())
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "изменил" in message and "40.0000 → 55.0000" in message
    assert ManualValue.objects.get().value == 55


def changed_twice(world, period, manager, indicator):
    value = ManualValue.objects.create(
        cluster=world.cluster_a,
        period=period,
        indicator=indicator,
        value=40,
        justification="Акт",
        evidence=evidence(),
    )
    value.value, value._change_reason = 90, "Ошибка ввода"
    value.save()
    return value, value.history.order_by("history_id").first()


def test_it_restores_an_earlier_value_with_a_reason(as_user, world, period, manager, manual_indicator, media):
    value, first = changed_twice(world, period, manager, manual_indicator)
    client = as_user(manager)
    page = client.get(url("manual_value", world, period, manual_indicator.pk))
    restore = reverse("kpi:manual_value_restore", args=[value.pk, first.history_id])
    assert restore in page.text  # the history on the value's page offers the earlier version
    client.post(restore, {"reason": ""})
    value.refresh_from_db()
    assert value.value == 90  # a restore must say why
    response = client.post(restore, {"reason": "Верное значение — по акту"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == 40
    assert value.history.first().history_change_reason == "Верное значение — по акту"


def test_it_restores_only_for_those_who_may_enter_the_value(
    as_user, world, period, manager, employer, outsider, manual_indicator, media
):
    value, first = changed_twice(world, period, manager, manual_indicator)
    restore = reverse("kpi:manual_value_restore", args=[value.pk, first.history_id])
    for persona in (employer, outsider):
        assert as_user(persona).post(restore, {"reason": "Вернуть"}).status_code == 404
    submit(as_user(manager), world, period)  # a submitted report locks its values, restores included
    assert Report.objects.get().status == "submitted"
    as_user(manager).post(restore, {"reason": "Вернуть"})
    value.refresh_from_db()
    assert value.value == 90
