"""The importable registers, gathered from every app's `imports.SPECS`, so apps declare and do not wire."""

from functools import cache
from importlib import import_module

from django.apps import apps

from profcluster.core.importer import ImportSpec


@cache
def specs() -> dict[str, ImportSpec]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("profcluster.") or config.name == "profcluster.imports":
            continue
        try:
            module = import_module(f"{config.name}.imports")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.imports":
                raise
            continue
        for spec in module.SPECS:
            found[spec.slug] = spec
    return found
