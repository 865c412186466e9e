"""Helpers for the demo data: each app describes its part of the seed in `<app>/demo.py` with a `load()`."""

DEMO_REASON = "Демонстрационные данные"


def upsert(model, lookup: dict, values: dict, *, save: bool = True):
    """Find the row by `lookup` and bring it to `values`, touching the database only when something differs.

    Saving an unchanged row would still add a history record, and the demo loader must change nothing on a
    second run. Returns (object, changed); with save=False the caller saves (e.g. through a service).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif all(_same(getattr(obj, name), value) for name, value in values.items()):
        return obj, False
    else:
        for name, value in values.items():
            setattr(obj, name, value)
    obj.full_clean()
    if save:
        obj._change_reason = DEMO_REASON
        obj.save()
    return obj, True


def _same(current, wanted) -> bool:
    if hasattr(wanted, "_meta"):  # a related object: compare identities, not loaded copies
        return getattr(current, "pk", None) == wanted.pk
    return current == wanted
