from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("profcluster.accounts.urls")),
    path("clusters/", include("profcluster.clusters.urls")),
    path("organisations/", include("profcluster.organisations.urls")),
    path("finance/", include("profcluster.finance.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
