"""Writes that touch several governance records, and the quorum they depend on."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profcluster.governance.models import (
    ActivityEvidence,
    AgendaItem,
    Assignment,
    Attendance,
    Board,
    BoardMember,
    Decision,
    Meeting,
    Programme,
    Vote,
)


@dataclass
class Quorum:
    """Who of the voting roster valid on the meeting date is present, and whether that is enough."""

    applicable: bool
    rule: str
    roster: list[BoardMember]
    present: list[BoardMember]
    needed: int

    @property
    def reached(self) -> bool:
        return self.applicable and bool(self.roster) and len(self.present) >= self.needed


def meeting_quorum(meeting: Meeting) -> Quorum:
    board = Board.objects.filter(cluster_id=meeting.cluster_id).first()
    if not meeting.votes_taken or board is None:
        return Quorum(applicable=meeting.votes_taken, rule="", roster=[], present=[], needed=0)
    # The roster is the one valid on the meeting's date: a member whose term has ended does not count.
    roster = list(
        BoardMember.objects.filter(board=board, voting=True)
        .valid_on(meeting.date)
        .select_related("person", "organisation")
    )
    present_people = set(meeting.attendances.values_list("person_id", flat=True))
    present = [member for member in roster if member.person_id in present_people]
    return Quorum(
        applicable=True,
        rule=board.get_quorum_rule_display(),
        roster=roster,
        present=present,
        needed=board.quorum_needed(len(roster)),
    )


def _next_number(meeting: Meeting) -> str:
    same_year = Meeting.objects.filter(
        cluster_id=meeting.cluster_id, kind=meeting.kind, date__year=meeting.date.year
    ).exclude(pk=meeting.pk)
    taken = set(same_year.values_list("number", flat=True))
    sequence = len(taken) + 1
    while f"{sequence}/{meeting.date.year}" in taken:
        sequence += 1
    return f"{sequence}/{meeting.date.year}"


@transaction.atomic
def meeting_create(*, meeting: Meeting, invited: Iterable = (), change_reason: str = "") -> Meeting:
    """Save a new meeting, numbered within its year, with the assignments still open carried into its agenda.

    Every open assignment of earlier meetings of the same cluster and kind comes back as an agenda item
    «on the fulfilment of …» until it is closed, so nothing agreed is silently forgotten.
    """
    if not meeting.number:
        meeting.number = _next_number(meeting)
    meeting.full_clean()
    meeting._change_reason = change_reason
    meeting.save()
    meeting.invited.set(invited)
    carried = (
        Assignment.objects.open()
        .filter(
            decision__meeting__cluster_id=meeting.cluster_id,
            decision__meeting__kind=meeting.kind,
            decision__meeting__date__lt=meeting.date,
        )
        .select_related("decision__meeting", "responsible_person")
        .order_by("due_date", "pk")
    )
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    for assignment in carried:
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=gettext("On the fulfilment of assignment %(number)s (due %(due)s): %(text)s")
            % {
                "number": assignment.decision.number,
                "due": assignment.due_date.strftime("%d.%m.%Y"),
                "text": assignment.text,
            },
            carried_assignment=assignment,
        )
        item._change_reason = change_reason
        item.save()
        if assignment.responsible_person_id:
            item.speakers.add(assignment.responsible_person)
        position += 1
    return meeting


@transaction.atomic
def attendance_set(*, meeting: Meeting, people: Iterable, change_reason: str = "") -> None:
    """Mark exactly `people` present; one who has voted on a decision of the meeting cannot be taken off."""
    wanted = {person.pk for person in people}
    current = dict(meeting.attendances.values_list("person_id", "pk"))
    leaving = set(current) - wanted
    voted = set(
        Vote.objects.filter(decision__meeting=meeting, member__person_id__in=leaving).values_list(
            "member__person_id", flat=True
        )
    )
    if voted:
        raise ValidationError(
            _("A member who has voted on a decision of this meeting stays in the attendance.")
        )
    for person_id in leaving:
        record = Attendance.objects.get(pk=current[person_id])
        record._change_reason = change_reason
        record.delete()
    for person_id in wanted - set(current):
        record = Attendance(meeting=meeting, person_id=person_id)
        record._change_reason = change_reason
        record.save()


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    text: str,
    votes: Mapping[int, str] | None = None,
    agenda_item: AgendaItem | None = None,
    change_reason: str = "",
) -> Decision:
    """Record a decision with the vote of every voting member present; refused without a quorum.

    `votes` maps board member ids to a `Vote.Choice`. A working meeting of the ministry records what was
    agreed without a vote, so it takes no votes and needs no quorum.
    """
    # Locking the meeting serialises numbering: two secretaries saving at once get 1 and 2, not 1 twice.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    votes = dict(votes or {})
    if meeting.votes_taken:
        quorum = meeting_quorum(meeting)
        if not quorum.reached:
            raise ValidationError(
                _(
                    "There is no quorum: %(present)s of %(total)s voting members are present, %(needed)s are "
                    "needed. A decision cannot be taken."
                ),
                params={"present": len(quorum.present), "total": len(quorum.roster), "needed": quorum.needed},
            )
        present = {member.pk for member in quorum.present}
        if set(votes) != present:
            raise ValidationError(_("Every voting member present votes, and only they."))
        if not set(votes.values()) <= set(Vote.Choice.values):
            raise ValidationError(_("Unknown vote."))
    elif votes:
        raise ValidationError(_("A working meeting records decisions without a vote."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("The agenda item belongs to another meeting."))
    sequence = (meeting.decisions.aggregate(top=Max("sequence"))["top"] or 0) + 1
    decision = Decision(meeting=meeting, sequence=sequence, text=text, agenda_item=agenda_item)
    decision.full_clean()
    decision._change_reason = change_reason
    decision.save()
    for member_id, choice in votes.items():
        vote = Vote(decision=decision, member_id=member_id, choice=choice)
        vote._change_reason = change_reason
        vote.save()
    return decision


@transaction.atomic
def programme_revise(*, programme: Programme, change_reason: str = "") -> Programme:
    """Start the next version of a programme, a copy with its activities; the old one stays as it was.

    An activity's copy keeps its milestones, spending categories and evidence files; the evidence rows of
    both versions name the same stored file, which is removed from disk only with the last row naming it.
    """
    if not programme.is_current:
        raise ValidationError(_("Only the current version of a programme can be revised."))
    top = Programme.objects.filter(cluster_id=programme.cluster_id).aggregate(top=Max("version"))["top"]
    revision = Programme(
        cluster_id=programme.cluster_id,
        title=programme.title,
        version=top + 1,
        period_start=programme.period_start,
        period_end=programme.period_end,
        previous=programme,
        notes=programme.notes,
    )
    revision._change_reason = change_reason
    revision.save()
    activities = programme.activities.prefetch_related("milestones", "spending_categories", "evidence")
    for activity in activities:
        milestones = list(activity.milestones.all())
        categories = list(activity.spending_categories.all())
        evidence = list(activity.evidence.all())
        # The copy must not answer from the original's prefetched rows (`set()` would see nothing to add).
        activity._prefetched_objects_cache = {}
        activity.pk = None
        activity._state.adding = True
        activity.programme = revision
        activity._change_reason = change_reason
        activity.save()
        for milestone in milestones:
            milestone.pk = None
            milestone._state.adding = True
            milestone.activity = activity
            milestone._change_reason = change_reason
            milestone.save()
        activity.spending_categories.set(categories)
        for item in evidence:
            item.pk = None
            item._state.adding = True
            item.activity = activity
            item._change_reason = change_reason
            item.save()
    return revision


@transaction.atomic
def evidence_remove(*, evidence: ActivityEvidence, change_reason: str = "") -> None:
    """Delete an evidence file's row, and the stored file once no version of the activity names it."""
    name, storage = evidence.file.name, evidence.file.storage
    evidence._change_reason = change_reason
    evidence.delete()
    if not ActivityEvidence.objects.filter(file=name).exists():
        # After the commit: a rolled-back deletion must still find its file.
        transaction.on_commit(lambda: storage.delete(name))
