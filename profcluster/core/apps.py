from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Model-free helpers shared by every app; an app only so that Django finds its templates and commands."""

    name = "profcluster.core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from profcluster.core.sqlite import fold_case

        connection_created.connect(fold_case, dispatch_uid="profcluster.core.sqlite.fold_case")
