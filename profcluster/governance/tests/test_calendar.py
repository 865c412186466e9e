from datetime import date

from django.urls import reverse
from icalendar import Calendar

from profcluster.governance.models import CalendarFeedToken


def feed_events(client, user):
    client.force_login(user)
    client.post(reverse("governance:calendar_feed_token"))
    token = CalendarFeedToken.objects.get(user=user).token
    client.logout()
    response = client.get(reverse("governance:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_it_shows_the_month_with_overdue_items_highlighted(as_user, employer, decided, programme):
    response = as_user(employer).get(reverse("governance:calendar"), {"month": "2023-05"})
    assert response.status_code == 200
    kinds = [(item.kind, item.day) for item in response.context["items"]]
    assert ("meeting", date(2023, 5, 10)) in kinds
    overdue = {item.title for item in response.context["overdue"]}
    assert "Поручение 1/2023-1: Организовать повышение квалификации преподавателей" in overdue
    assert "Срок: Модернизация мастерских" in overdue
    assert "list-group-item-danger" in response.text


def test_it_publishes_an_icalendar_feed_that_parses_back(client, manager, decided, programme):
    events = {str(e["SUMMARY"]): e for e in feed_events(client, manager)}
    meeting = events["Заседание управляющей компании № 1/2023"]
    assert meeting.decoded("DTSTART") == date(2023, 5, 10)
    assert str(meeting["LOCATION"]) == "Барнаул, ул. Ленина, 1"
    assert "Просрочено: Поручение 1/2023-1: Организовать повышение квалификации преподавателей" in events
    assert "Контрольная точка: Контрольная точка: Трудоустройство выпускников" in events


def test_it_gives_the_feed_only_what_its_owner_may_see(client, outsider, decided, programme):
    assert feed_events(client, outsider) == []


def test_it_refuses_an_unknown_or_revoked_token(client, manager, decided):
    feed_events(client, manager)
    old = CalendarFeedToken.objects.get(user=manager).token
    client.force_login(manager)
    client.post(reverse("governance:calendar_feed_token"))
    client.logout()
    assert client.get(reverse("governance:calendar_feed", args=[old])).status_code == 404
    manager.is_active = False
    manager.save()
    token = CalendarFeedToken.objects.get(user=manager).token
    assert client.get(reverse("governance:calendar_feed", args=[token])).status_code == 404
