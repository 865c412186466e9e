from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "profcluster.kpi"
    verbose_name = _("Indicators and reporting")

    def ready(self):
        from profcluster.kpi import views  # noqa: F401 — registers the country's board with core.datacache
