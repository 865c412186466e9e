from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from profcluster.api import build_router

urlpatterns = [
    path("", include("profcluster.accounts.urls")),
    path("clusters/", include("profcluster.clusters.urls")),
    path("organisations/", include("profcluster.organisations.urls")),
    path("finance/", include("profcluster.finance.urls")),
    path("governance/", include("profcluster.governance.urls")),
    path("staff/", include("profcluster.staff.urls")),
    path("education/", include("profcluster.education.urls")),
    path("imports/", include("profcluster.imports.urls")),
    path("selection/", include("profcluster.selection.urls")),
    path("kpi/", include("profcluster.kpi.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The "split" view serves Swagger UI's start-up script as a file: the page needs no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(build_router().urls)),
]
