from django.urls import path, register_converter

from profcluster.governance import views


class DocumentFormat:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class AnnualDocument(DocumentFormat):
    regex = "plan|report"


# Converter names are global to the project, hence the prefix.
register_converter(DocumentFormat, "governance_fmt")
register_converter(AnnualDocument, "governance_annual")

app_name = "governance"
urlpatterns = [
    path("", views.GovernanceIndexView.as_view(), name="index"),
    path("cluster/<int:pk>/", views.ClusterGovernanceView.as_view(), name="cluster_governance"),
    path("cluster/<int:pk>/board/", views.BoardUpdateView.as_view(), name="board_edit"),
    path("cluster/<int:pk>/programmes/new/", views.ProgrammeCreateView.as_view(), name="programme_add"),
    path("cluster/<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("boards/<int:pk>/members/new/", views.BoardMemberCreateView.as_view(), name="boardmember_add"),
    path("members/<int:pk>/edit/", views.BoardMemberUpdateView.as_view(), name="boardmember_edit"),
    path("members/<int:pk>/delete/", views.BoardMemberDeleteView.as_view(), name="boardmember_delete"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/revise/", views.ProgrammeReviseView.as_view(), name="programme_revise"),
    path(
        "programmes/<int:pk>/<governance_annual:kind>/<int:year>.<governance_fmt:fmt>",
        views.ProgrammeDocumentView.as_view(),
        name="programme_document",
    ),
    path("programmes/<int:pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("activities/<int:pk>/milestones/new/", views.MilestoneCreateView.as_view(), name="milestone_add"),
    path("activities/<int:pk>/evidence/new/", views.EvidenceCreateView.as_view(), name="evidence_add"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("milestones/<int:pk>/edit/", views.MilestoneUpdateView.as_view(), name="milestone_edit"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_edit"),
    path(
        "meetings/<int:pk>/minutes.<governance_fmt:fmt>", views.MinutesView.as_view(), name="meeting_minutes"
    ),
    path("meetings/<int:pk>/agenda/new/", views.AgendaItemCreateView.as_view(), name="agendaitem_add"),
    path("agenda/<int:pk>/edit/", views.AgendaItemUpdateView.as_view(), name="agendaitem_edit"),
    path("agenda/<int:pk>/delete/", views.AgendaItemDeleteView.as_view(), name="agendaitem_delete"),
    path("meetings/<int:pk>/attendance/", views.AttendanceUpdateView.as_view(), name="attendance_edit"),
    path("meetings/<int:pk>/decisions/new/", views.DecisionCreateView.as_view(), name="decision_add"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision_edit"),
    path("decisions/<int:pk>/assignments/new/", views.AssignmentCreateView.as_view(), name="assignment_add"),
    path("assignments/<int:pk>/edit/", views.AssignmentUpdateView.as_view(), name="assignment_edit"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/feed/", views.CalendarFeedTokenView.as_view(), name="calendar_feed_token"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]
