from django.urls import path

from profcluster.selection import views

app_name = "selection"
urlpatterns = [
    # Public, no sign-in.
    path("showcase/", views.ShowcaseListView.as_view(), name="showcase"),
    path("showcase/<int:pk>/", views.ShowcaseDetailView.as_view(), name="showcase_detail"),
    path("open-data/", views.OpenDataView.as_view(), name="open_data"),
    path("open-data/clusters.csv", views.OpenDataCsvView.as_view(), name="open_data_csv"),
    path("open-data/clusters.json", views.OpenDataJsonView.as_view(), name="open_data_json"),
    path("open-data/schema.json", views.OpenDataSchemaView.as_view(), name="open_data_schema"),
    # Signed in.
    path("", views.SelectionCallListView.as_view(), name="call_list"),
    path("calls/new/", views.SelectionCallCreateView.as_view(), name="call_add"),
    path("calls/<int:pk>/", views.SelectionCallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", views.SelectionCallUpdateView.as_view(), name="call_edit"),
    path("calls/<int:pk>/criteria/new/", views.CriterionCreateView.as_view(), name="criterion_add"),
    path("criteria/<int:pk>/edit/", views.CriterionUpdateView.as_view(), name="criterion_edit"),
    path("criteria/<int:pk>/delete/", views.CriterionDeleteView.as_view(), name="criterion_delete"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="application_edit"),
    path(
        "applications/<int:pk>/status/",
        views.ApplicationTransitionView.as_view(),
        name="application_transition",
    ),
    path(
        "applications/<int:pk>/convert/", views.ApplicationConvertView.as_view(), name="application_convert"
    ),
    path("applications/<int:pk>/experts/", views.AssignmentCreateView.as_view(), name="assignment_add"),
    path(
        "applications/<int:pk>/participants/new/",
        views.ApplicationParticipantCreateView.as_view(),
        name="participant_add",
    ),
    path(
        "participants/<int:pk>/edit/",
        views.ApplicationParticipantUpdateView.as_view(),
        name="participant_edit",
    ),
    path(
        "participants/<int:pk>/delete/",
        views.ApplicationParticipantDeleteView.as_view(),
        name="participant_delete",
    ),
    path(
        "applications/<int:pk>/programmes/new/",
        views.PlannedProgrammeCreateView.as_view(),
        name="programme_add",
    ),
    path("programmes/<int:pk>/edit/", views.PlannedProgrammeUpdateView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/delete/", views.PlannedProgrammeDeleteView.as_view(), name="programme_delete"),
    path(
        "applications/<int:pk>/budget/new/",
        views.ApplicationBudgetLineCreateView.as_view(),
        name="budgetline_add",
    ),
    path("budget/<int:pk>/edit/", views.ApplicationBudgetLineUpdateView.as_view(), name="budgetline_edit"),
    path(
        "budget/<int:pk>/delete/", views.ApplicationBudgetLineDeleteView.as_view(), name="budgetline_delete"
    ),
    path(
        "applications/<int:pk>/activities/new/",
        views.PlannedActivityCreateView.as_view(),
        name="activity_add",
    ),
    path("activities/<int:pk>/edit/", views.PlannedActivityUpdateView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.PlannedActivityDeleteView.as_view(), name="activity_delete"),
    path(
        "applications/<int:pk>/attachments/new/", views.AttachmentCreateView.as_view(), name="attachment_add"
    ),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("assignments/<int:pk>/", views.AssignmentScoreView.as_view(), name="assignment_score"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/new/", views.ExpertCreateView.as_view(), name="expert_add"),
    path("experts/<int:pk>/edit/", views.ExpertUpdateView.as_view(), name="expert_edit"),
    path("clusters/<int:pk>/showcase/", views.ClusterShowcaseUpdateView.as_view(), name="showcase_edit"),
]
