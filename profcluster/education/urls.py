from django.urls import path

from profcluster.education import views

app_name = "education"
urlpatterns = [
    path("", views.education_index, name="index"),
    path("cluster/<int:pk>/", views.cluster_education, name="cluster"),
    path("employer/<int:pk>/", views.employer_view, name="employer"),
    path("programmes/", views.EducationalProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", views.EducationalProgrammeCreateView.as_view(), name="programme_add"),
    path("programmes/<int:pk>/", views.EducationalProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.EducationalProgrammeUpdateView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/groups/new/", views.GroupCreateView.as_view(), name="group_add"),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<int:pk>/edit/", views.GroupUpdateView.as_view(), name="group_edit"),
    path("groups/<int:pk>/students/new/", views.StudentCreateView.as_view(), name="student_add"),
    path("groups/<int:pk>/placements/new/", views.PlacementCreateView.as_view(), name="placement_add"),
    path("students/", views.StudentListView.as_view(), name="student_list"),
    path("students/<int:pk>/", views.StudentDetailView.as_view(), name="student_detail"),
    path("students/<int:pk>/edit/", views.StudentUpdateView.as_view(), name="student_edit"),
    path("students/<int:pk>/contracts/new/", views.TargetedContractCreateView.as_view(), name="contract_add"),
    path("students/<int:pk>/exams/new/", views.DemoExamCreateView.as_view(), name="demoexam_add"),
    path(
        "students/<int:pk>/employment/new/", views.EmploymentRecordCreateView.as_view(), name="employment_add"
    ),
    path("contracts/<int:pk>/edit/", views.TargetedContractUpdateView.as_view(), name="contract_edit"),
    path("placements/", views.PlacementListView.as_view(), name="placement_list"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path("placements/<int:pk>/edit/", views.PlacementUpdateView.as_view(), name="placement_edit"),
    path("placements/<int:pk>/confirm/", views.placement_confirm_view, name="placement_confirm"),
    path("exams/", views.DemoExamListView.as_view(), name="demoexam_list"),
    path("employment/", views.EmploymentRecordListView.as_view(), name="employment_list"),
    path("employment/<int:pk>/edit/", views.EmploymentRecordUpdateView.as_view(), name="employment_edit"),
]
