from django.urls import path, register_converter

from profcluster.kpi import views


class PassportFormat:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


# Converter names are global to the project, hence the prefix.
register_converter(PassportFormat, "kpi_fmt")

app_name = "kpi"
urlpatterns = [
    path("", views.kpi_index, name="index"),
    path("federal/", views.federal_dashboard, name="federal"),
    path("regions/<int:pk>/", views.region_dashboard, name="region"),
    path("clusters/<int:pk>/", views.cluster_dashboard, name="cluster"),
    path("clusters/<int:pk>/passport.<kpi_fmt:fmt>", views.passport_view, name="passport"),
    path("clusters/<int:pk>/targets/<int:year>/", views.targets_edit, name="targets"),
    path("targets/<int:pk>/history/", views.target_history, name="target_history"),
    path("targets/<int:pk>/restore/<int:history_id>/", views.target_restore_view, name="target_restore"),
    path("clusters/<int:pk>/reports/<int:period_pk>/", views.report_view, name="report"),
    path("clusters/<int:pk>/reports/<int:period_pk>/submit/", views.report_submit_view, name="report_submit"),
    path(
        "clusters/<int:pk>/reports/<int:period_pk>/approve/", views.report_approve_view, name="report_approve"
    ),
    path("clusters/<int:pk>/reports/<int:period_pk>/return/", views.report_return_view, name="report_return"),
    path("clusters/<int:pk>/reports/<int:period_pk>/accept/", views.report_accept_view, name="report_accept"),
    path(
        "clusters/<int:pk>/reports/<int:period_pk>/exception/",
        views.lock_exception_add,
        name="lock_exception_add",
    ),
    path(
        "clusters/<int:pk>/reports/<int:period_pk>/values/<int:indicator_pk>/",
        views.manual_value_edit,
        name="manual_value",
    ),
    path(
        "values/<int:pk>/restore/<int:history_id>/",
        views.manual_value_restore_view,
        name="manual_value_restore",
    ),
    path("evidence/<int:pk>/", views.evidence_view, name="evidence"),
    path("jobs/new/", views.job_add, name="job_add"),
    path("jobs/<int:pk>/", views.job_view, name="job"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", views.IndicatorCreateView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("periods/", views.ReportingPeriodListView.as_view(), name="period_list"),
    path("periods/new/", views.ReportingPeriodCreateView.as_view(), name="period_add"),
    path("periods/<int:pk>/edit/", views.ReportingPeriodUpdateView.as_view(), name="period_edit"),
    path("periods/<int:pk>/snapshot/", views.period_snapshot, name="period_snapshot"),
]
