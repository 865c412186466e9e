"""Programme of activities and collegial governance of a cluster.

The management company (управляющая компания) of a cluster is a collegial body of representatives of all its
participants that runs the programme of activities (программа деятельности). Everything here belongs to one
cluster, so visibility and the right to change follow the cluster (`scope.cluster_q(...)`).
"""

from profcluster.governance.models.board import Board, BoardMember
from profcluster.governance.models.calendar import CalendarFeedToken
from profcluster.governance.models.evidence import ActivityEvidence
from profcluster.governance.models.meetings import AgendaItem, Assignment, Attendance, Decision, Meeting, Vote
from profcluster.governance.models.programme import Activity, Milestone, Programme

__all__ = [
    "Activity",
    "ActivityEvidence",
    "AgendaItem",
    "Assignment",
    "Attendance",
    "Board",
    "BoardMember",
    "CalendarFeedToken",
    "Decision",
    "Meeting",
    "Milestone",
    "Programme",
    "Vote",
]
