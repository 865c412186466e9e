"""Expiring qualifications (staff app) appear in the calendar of those who may see the staff member."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from profcluster.accounts.models import User
from profcluster.governance.schedule import calendar_items
from profcluster.staff.models import TrainingRecord


def test_it_puts_the_end_of_each_valid_qualification_in_the_calendar(db):
    call_command("load_demo", stdout=StringIO())
    record = TrainingRecord.objects.filter(status="completed").order_by("valid_until").first()
    region, outsider = User.objects.get(username="region"), User.objects.get(username="outsider")
    items = calendar_items(region, today=date(2026, 11, 29), start=record.valid_until, end=record.valid_until)
    mine = [item for item in items if item.uid == f"qualification-{record.pk}"]
    assert len(mine) == 1 and record.staff_member.person.surname in mine[0].title
    assert mine[0].overdue == (record.valid_until < date(2026, 11, 29))
    assert not [i for i in calendar_items(outsider, today=date(2026, 11, 29)) if i.kind == "qualification"]
