from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from profcluster.core import datacache


class Command(BaseCommand):
    help = "Load the demo data of the seed (Altai Krai). Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        # Apps contribute in INSTALLED_APPS order, so each finds what the apps it builds on have loaded.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("profcluster."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(self.stdout)
        datacache.data_changed()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
