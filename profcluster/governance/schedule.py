"""One calendar of a user's scope: activity deadlines, milestones, assignment deadlines and meetings, for the
calendar page and for the iCalendar feed that calendar applications subscribe to. Both read through the same
permission gate, so the feed shows exactly what its owner may see."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from profcluster.core.permissions import VIEW
from profcluster.governance.models import Activity, Assignment, Meeting, Milestone


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    kind: str
    day: date
    title: str
    cluster: str
    url: str
    overdue: bool = False
    done: bool = False
    at: datetime | None = None
    place: str = ""


def _between(field: str, start: date | None, end: date | None) -> dict:
    bounds = {}
    if start:
        bounds[f"{field}__gte"] = start
    if end:
        bounds[f"{field}__lte"] = end
    return bounds


def calendar_items(
    user, *, today: date, start: date | None = None, end: date | None = None
) -> list[CalendarItem]:
    """Everything of the user's scope between `start` and `end` (open-ended if not given), ordered by day."""
    items: list[CalendarItem] = []
    tz = timezone.get_default_timezone()
    meetings = (
        Meeting.objects.restrict(user, VIEW).filter(**_between("date", start, end)).select_related("cluster")
    )
    for m in meetings:
        at = datetime.combine(m.date, m.time, tzinfo=tz) if m.time else None
        items.append(
            CalendarItem(
                f"meeting-{m.pk}",
                "meeting",
                m.date,
                f"{capfirst(m.get_kind_display())} № {m.number}",
                m.cluster.name,
                m.get_absolute_url(),
                done=m.date < today,
                at=at,
                place=m.place or _("online"),
            )
        )
    activities = (
        Activity.objects.restrict(user, VIEW)
        .filter(programme__next_version__isnull=True, **_between("planned_end", start, end))
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("programme__cluster")
    )
    for a in activities:
        items.append(
            CalendarItem(
                f"activity-{a.pk}",
                "activity",
                a.planned_end,
                _("Deadline: %(title)s") % {"title": a.title},
                a.programme.cluster.name,
                a.get_absolute_url(),
                overdue=a.is_overdue(today),
                done=a.status == Activity.Status.DONE,
            )
        )
    milestones = (
        Milestone.objects.restrict(user, VIEW)
        .filter(activity__programme__next_version__isnull=True, **_between("due_date", start, end))
        .select_related("activity__programme__cluster")
    )
    for ms in milestones:
        items.append(
            CalendarItem(
                f"milestone-{ms.pk}",
                "milestone",
                ms.due_date,
                _("Milestone: %(title)s") % {"title": ms.title},
                ms.activity.programme.cluster.name,
                ms.get_absolute_url(),
                overdue=ms.is_overdue(today),
                done=ms.reached_on is not None,
            )
        )
    assignments = (
        Assignment.objects.restrict(user, VIEW)
        .filter(**_between("due_date", start, end))
        .exclude(status=Assignment.Status.CANCELLED)
        .select_related("decision__meeting__cluster")
    )
    for asg in assignments:
        items.append(
            CalendarItem(
                f"assignment-{asg.pk}",
                "assignment",
                asg.due_date,
                _("Assignment %(number)s: %(text)s") % {"number": asg.decision.number, "text": asg},
                asg.decision.meeting.cluster.name,
                asg.get_absolute_url(),
                overdue=asg.is_overdue(today),
                done=asg.status == Assignment.Status.DONE,
            )
        )
    items.extend(_qualification_items(user, today=today, start=start, end=end))
    return sorted(items, key=lambda item: (item.day, item.at or datetime.min.replace(tzinfo=tz), item.title))


def _qualification_items(user, *, today: date, start: date | None, end: date | None) -> list[CalendarItem]:
    """The day each completed professional-development record stops being valid: due for renewal."""
    from profcluster.staff.models import TrainingRecord

    records = (
        TrainingRecord.objects.restrict(user, VIEW)
        .filter(
            status=TrainingRecord.Status.COMPLETED,
            valid_until__isnull=False,
            **_between("valid_until", start, end),
        )
        .select_related("staff_member__person", "staff_member__organisation", "course")
    )
    return [
        CalendarItem(
            f"qualification-{record.pk}",
            "qualification",
            record.valid_until,
            _("Qualification expires: %(person)s, %(course)s")
            % {"person": record.staff_member.person.full_name, "course": record.course.title},
            record.staff_member.organisation.short_name,
            record.get_absolute_url(),
            overdue=record.valid_until < today,
        )
        for record in records
    ]


# A meeting without a stated time still needs a length in calendar applications.
MEETING_LENGTH = timedelta(hours=2)


def calendar_ics(user, *, base_url: str, today: date) -> bytes:
    """The user's whole calendar as iCalendar; calendar applications keep past events, so nothing is cut."""
    calendar = Calendar()
    calendar.add("prodid", "-//profcluster//governance//RU")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Clusters: meetings and deadlines"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for item in calendar_items(user, today=today):
        event = Event()
        event.add("uid", f"{item.uid}@profcluster")
        event.add("dtstamp", stamp)
        event.add("summary", f"{_('Overdue')}: {item.title}" if item.overdue else item.title)
        if item.at is not None:
            event.add("dtstart", item.at)
            event.add("dtend", item.at + MEETING_LENGTH)
        else:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
        event.add("description", f"{item.cluster}\n{base_url}{item.url}")
        event.add("url", f"{base_url}{item.url}")
        event.add("categories", [item.kind, "overdue"] if item.overdue else [item.kind])
        if item.place:
            event.add("location", item.place)
        calendar.add_component(event)
    return calendar.to_ical()
