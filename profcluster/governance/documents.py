"""Documents of the management company: minutes (протокол), the year's plan of events and the report on
work done, as DOCX (built with python-docx) and PDF (WeasyPrint from an HTML template), and the timeline.

Both formats are built from one context, so the DOCX and the PDF of a meeting never disagree. They are
official papers in Russian whatever language the person downloading them reads the interface in.
"""

import base64
import io
from dataclasses import dataclass, field
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from profcluster.core.charts import PALETTE, render_svg
from profcluster.governance.models import Activity, Assignment, Decision, Meeting, Milestone
from profcluster.governance.services import meeting_quorum

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _d(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


def _person(person, organisation=None) -> str:
    if person is None:
        return "—"
    parts = [person.full_name]
    if person.position:
        parts.append(person.position)
    parts.append(str(organisation or person.organisation))
    return ", ".join(parts)


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported on use: loading Pango is slow and most requests need no PDF

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _new_document():
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    return document


def _centered(document, text: str, *, bold: bool = False, size: int | None = None):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


def _labelled(document, label: str, value: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _table(document, headers: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    return table


@dataclass
class DecisionLine:
    decision: Decision
    counts: tuple[int, int, int]
    outcome: str
    assignments: list[Assignment] = field(default_factory=list)
    votes_text: str = ""


def minutes_context(meeting: Meeting) -> dict:
    meeting = (
        Meeting.objects.select_related("cluster", "chair__organisation", "secretary__organisation")
        .prefetch_related("invited")
        .get(pk=meeting.pk)
    )
    assignments = Assignment.objects.select_related("responsible_organisation", "responsible_person")
    decisions = (
        Decision.objects.filter(meeting=meeting)
        .with_votes()
        .select_related("meeting", "agenda_item")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )
    lines = [
        DecisionLine(d, d.vote_counts(), d.get_outcome_display(), list(d.assignments.all()))
        for d in decisions
    ]
    roles = {}
    quorum = meeting_quorum(meeting)
    for member in quorum.roster:
        roles[member.person_id] = member
    attendees = [
        (a.person, roles.get(a.person_id))
        for a in meeting.attendances.select_related("person__organisation").order_by(
            "person__surname", "person__name"
        )
    ]
    agenda = meeting.agenda_items.prefetch_related("speakers__organisation").order_by("position", "pk")
    return {
        "meeting": meeting,
        "quorum": quorum,
        "attendees": attendees,
        "agenda": list(agenda),
        "decisions": lines,
        "assignments": [a for line in lines for a in line.assignments],
    }


def _quorum_text(quorum) -> str:
    if not quorum.applicable:
        return _("not applicable: a working meeting records decisions without a vote")
    text = _("%(present)s of %(total)s voting members present, %(needed)s needed (%(rule)s)") % {
        "present": len(quorum.present),
        "total": len(quorum.roster),
        "needed": quorum.needed,
        "rule": quorum.rule,
    }
    verdict = _("the quorum is present") if quorum.reached else _("there is no quorum")
    return f"{text} — {verdict}"


def _votes_text(line: DecisionLine) -> str:
    if not line.decision.meeting.votes_taken:
        return line.outcome
    votes_for, against, abstain = line.counts
    return _("Voted: for — %(for)s, against — %(against)s, abstained — %(abstain)s. %(outcome)s.") % {
        "for": votes_for,
        "against": against,
        "abstain": abstain,
        "outcome": line.outcome.capitalize(),
    }


def _responsible(assignment: Assignment) -> str:
    if assignment.responsible_person:
        return f"{assignment.responsible_person.full_name} ({assignment.responsible_organisation})"
    return str(assignment.responsible_organisation)


def minutes_docx(meeting: Meeting) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        c = minutes_context(meeting)
        m = c["meeting"]
        document = _new_document()
        _centered(document, _("MINUTES No. %(number)s") % {"number": m.number}, bold=True, size=14)
        _centered(document, f"{capfirst(m.get_kind_display())} — {m.cluster}", bold=True)
        _labelled(document, _("Date"), _d(m.date) + (f", {m.time:%H:%M}" if m.time else ""))
        place = m.place + (f" ({_('online')})" if m.online and m.place else "") if m.place else _("online")
        _labelled(document, _("Place"), place)
        _labelled(document, _("Chair"), _person(m.chair))
        _labelled(document, _("Secretary"), _person(m.secretary))
        document.add_heading(_("Present"), level=2)
        for person, member in c["attendees"]:
            role = f" — {member.get_position_display()}" if member else ""
            document.add_paragraph(_person(person) + role, style="List Bullet")
        if m.invited.all():
            _labelled(document, _("Invited organisations"), "; ".join(str(o) for o in m.invited.all()))
        _labelled(document, _("Quorum"), _quorum_text(c["quorum"]))
        document.add_heading(_("Agenda"), level=2)
        for item in c["agenda"]:
            paragraph = document.add_paragraph(f"{item.position}. {item.title}")
            speakers = item.speakers.all()
            if speakers:
                paragraph.add_run(
                    "\n" + _("Speakers") + ": " + "; ".join(_person(p) for p in speakers)
                ).italic = True
        document.add_heading(_("Decisions"), level=2)
        for line in c["decisions"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(
                _("Decision No. %(number)s") % {"number": line.decision.number} + ". "
            ).bold = True
            paragraph.add_run(line.decision.text)
            document.add_paragraph(_votes_text(line))
        if not c["decisions"]:
            document.add_paragraph(_("No decisions were taken."))
        if c["assignments"]:
            document.add_heading(_("Assignments"), level=2)
            _table(
                document,
                [_("Decision"), _("Assignment"), _("Responsible"), _("Due date"), _("Status")],
                [
                    [a.decision.number, a.text, _responsible(a), _d(a.due_date), a.get_status_display()]
                    for a in c["assignments"]
                ],
            )
        document.add_paragraph()
        for label, person in ((_("Chair"), m.chair), (_("Secretary"), m.secretary)):
            document.add_paragraph(f"{label} ____________________ {person.full_name if person else ''}")
        return _docx_bytes(document)


def minutes_pdf(meeting: Meeting) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        context = minutes_context(meeting)
        context["quorum_text"] = _quorum_text(context["quorum"])
        for line in context["decisions"]:
            line.votes_text = _votes_text(line)
        return _pdf("governance/minutes_pdf.html", context)


@dataclass
class YearSummary:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    postponed: int = 0
    cancelled: int = 0
    overdue: int = 0


def annual_context(programme, year: int, today: date) -> dict:
    activities = list(
        programme.activities.in_year(year)
        .select_related("responsible_organisation", "responsible_person")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date")))
    )
    summary = YearSummary(total=len(activities))
    status = Activity.Status
    for activity in activities:
        attribute = {
            status.DONE: "done",
            status.IN_PROGRESS: "in_progress",
            status.PLANNED: "planned",
            status.POSTPONED: "postponed",
            status.CANCELLED: "cancelled",
        }[activity.status]
        setattr(summary, attribute, getattr(summary, attribute) + 1)
        activity.overdue = activity.is_overdue(today)
        summary.overdue += activity.overdue
    return {
        "programme": programme,
        "cluster": programme.cluster,
        "year": year,
        "today": today,
        "activities": activities,
        "summary": summary,
    }


def _summary_rows(summary: YearSummary) -> list[list[str]]:
    return [
        [_("Activities in the plan"), str(summary.total)],
        [_("Done"), str(summary.done)],
        [_("In progress"), str(summary.in_progress)],
        [_("Not started"), str(summary.planned)],
        [_("Postponed"), str(summary.postponed)],
        [_("Cancelled"), str(summary.cancelled)],
        [_("Overdue"), str(summary.overdue)],
    ]


def _responsible_activity(activity: Activity) -> str:
    parts = [str(x) for x in (activity.responsible_organisation, activity.responsible_person) if x]
    return ", ".join(parts) or "—"


def annual_docx(programme, year: int, *, report: bool, today: date) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        c = annual_context(programme, year, today)
        document = _new_document()
        title = _("Report on work done in %(year)s") if report else _("Plan of events for %(year)s")
        _centered(document, title % {"year": year}, bold=True, size=14)
        _centered(document, f"{c['cluster']} — {programme}", bold=True)
        if report:
            _labelled(document, _("As of"), _d(today))
            _table(document, [_("Indicator"), _("Count")], _summary_rows(c["summary"]))
            document.add_paragraph()
            headers = [_("No."), _("Activity"), _("Plan"), _("Fact"), _("Status"), _("Expected result")]
            headers.append(_("Achieved result"))
            rows = [
                [
                    str(n),
                    a.title + (f" ({_('overdue')})" if a.overdue else ""),
                    f"{_d(a.planned_start)} — {_d(a.planned_end)}",
                    f"{_d(a.actual_start)} — {_d(a.actual_end)}",
                    a.get_status_display(),
                    a.expected_result or "—",
                    a.achieved_result or "—",
                ]
                for n, a in enumerate(c["activities"], start=1)
            ]
        else:
            headers = [
                _("No."),
                _("Activity"),
                _("Direction"),
                _("Dates"),
                _("Responsible"),
                _("Expected result"),
            ]
            headers.append(_("Milestones"))
            rows = [
                [
                    str(n),
                    a.title,
                    a.get_direction_display(),
                    f"{_d(a.planned_start)} — {_d(a.planned_end)}",
                    _responsible_activity(a),
                    a.expected_result or "—",
                    "; ".join(f"{m.title} ({_d(m.due_date)})" for m in a.milestones.all()) or "—",
                ]
                for n, a in enumerate(c["activities"], start=1)
            ]
        _table(document, headers, rows)
        return _docx_bytes(document)


def annual_pdf(programme, year: int, *, report: bool, today: date) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        context = annual_context(programme, year, today)
        context["report"] = report
        context["summary_rows"] = _summary_rows(context["summary"])
        svg = timeline_svg(context["activities"], today=today, start=date(year, 1, 1), end=date(year, 12, 31))
        # As an image, not inline markup: WeasyPrint then draws it with its SVG renderer instead of trying
        # (and warning about) SVG presentation properties as HTML CSS.
        context["timeline_src"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        return _pdf("governance/annual_pdf.html", context)


STATUS_COLOURS = {
    Activity.Status.PLANNED: PALETTE[0],
    Activity.Status.IN_PROGRESS: PALETTE[2],
    Activity.Status.DONE: PALETTE[1],
    Activity.Status.POSTPONED: PALETTE[7],
    Activity.Status.CANCELLED: PALETTE[6],
}


def timeline_svg(activities, *, today: date, start: date | None = None, end: date | None = None) -> str:
    """A Gantt-like chart: the planned period as a pale bar, the actual one as a solid bar coloured by status,
    milestones as diamonds (red when overdue), today as a dashed line. Milestones must be prefetched."""
    activities = list(activities)
    figure, axes = plt.subplots(figsize=(10, 1.2 + 0.42 * max(len(activities), 1)))
    for row, activity in enumerate(activities):
        colour = STATUS_COLOURS[activity.status]
        planned = mdates.date2num(activity.planned_start)
        length = mdates.date2num(activity.planned_end) - planned + 1
        axes.broken_barh([(planned, length)], (row - 0.35, 0.7), color=colour, alpha=0.25)
        if activity.actual_start:
            actual_end = activity.actual_end or max(today, activity.actual_start)
            began = mdates.date2num(activity.actual_start)
            axes.broken_barh(
                [(began, mdates.date2num(actual_end) - began + 1)], (row - 0.18, 0.36), color=colour
            )
        for milestone in activity.milestones.all():
            axes.plot(
                mdates.date2num(milestone.due_date),
                row,
                marker="D",
                markersize=6,
                color=PALETTE[5] if milestone.is_overdue(today) else "#212529",
            )
    axes.set_yticks(
        range(len(activities)),
        labels=[a.title if len(a.title) < 60 else a.title[:57] + "…" for a in activities],
    )
    axes.invert_yaxis()
    axes.axvline(mdates.date2num(today), color=PALETTE[5], linestyle="--", linewidth=1)
    if start and end:
        axes.set_xlim(mdates.date2num(start), mdates.date2num(end) + 1)
    locator = mdates.AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m.%Y"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", alpha=0.3)
    return render_svg(figure)
