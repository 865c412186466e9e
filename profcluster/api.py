"""The API's URL map, gathered from every app's `api.ROUTES` (prefix, viewset) so apps declare, not wire."""

from importlib import import_module

from django.apps import apps
from rest_framework.routers import DefaultRouter


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for config in apps.get_app_configs():
        if not config.name.startswith("profcluster."):
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.api":
                raise
            continue
        for prefix, viewset in getattr(module, "ROUTES", []):
            router.register(prefix, viewset, basename=prefix.replace("/", "-"))
    return router
