from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "profcluster.finance"
    verbose_name = _("Co-financing")

    def ready(self):
        from profcluster.finance import views  # noqa: F401 — registers the country's roll-up with core.datacache
