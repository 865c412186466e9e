from django.urls import path

from profcluster.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.StaffMemberListView.as_view(), name="index"),
    path("new/", views.StaffMemberCreateView.as_view(), name="staffmember_add"),
    path("<int:pk>/", views.StaffMemberDetailView.as_view(), name="staffmember_detail"),
    path("<int:pk>/edit/", views.StaffMemberUpdateView.as_view(), name="staffmember_edit"),
    path("<int:pk>/records/new/", views.TrainingRecordCreateView.as_view(), name="trainingrecord_add"),
    path("records/<int:pk>/edit/", views.TrainingRecordUpdateView.as_view(), name="trainingrecord_edit"),
    path("records/<int:pk>/scan/", views.TrainingRecordScanView.as_view(), name="trainingrecord_scan"),
    path(
        "<int:pk>/teaching/new/", views.TeachingAssignmentCreateView.as_view(), name="teachingassignment_add"
    ),
    path("teaching/", views.TeachingAssignmentListView.as_view(), name="teachingassignment_list"),
    path(
        "teaching/<int:pk>/edit/",
        views.TeachingAssignmentUpdateView.as_view(),
        name="teachingassignment_edit",
    ),
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course_add"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseUpdateView.as_view(), name="course_edit"),
    path("cluster/<int:pk>/coverage/", views.CoverageView.as_view(), name="coverage"),
    path("cluster/<int:pk>/coverage.xlsx", views.CoverageExportView.as_view(), name="coverage_xlsx"),
    path("organisation/<int:pk>/contribution/", views.EmployerDetailView.as_view(), name="employer_detail"),
]
