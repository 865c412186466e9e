from django.urls import path

from profcluster.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_index, name="index"),
    path("<slug:slug>/", views.import_upload, name="upload"),
    path("<slug:slug>/template.xlsx", views.import_template_view, name="template"),
    path("jobs/<int:pk>/", views.import_job, name="job"),
    path("jobs/<int:pk>/apply/", views.import_apply, name="apply"),
    path("exports/<int:pk>/", views.ExportJobDetailView.as_view(), name="export"),
    path("exports/<int:pk>/download/", views.ExportJobDownloadView.as_view(), name="export_download"),
]
