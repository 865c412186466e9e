from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "profcluster.imports"
    verbose_name = _("Imports")

    def ready(self):
        from profcluster.core.views import register_background_export
        from profcluster.imports.views import background_export

        # Core's list exports hand the big ones to this app's worker (core itself knows no models).
        register_background_export(background_export)
