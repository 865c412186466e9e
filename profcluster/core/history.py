"""Readable history of a record: one row per change, with the fields that changed."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    id: int
    when: datetime
    who: object
    kind: str  # "+", "~", "-" as simple-history stores it
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def history_entries(instance, limit: int = 50) -> list[HistoryEntry]:
    """The newest `limit` changes of `instance`, each compared with the change before it.

    Records are fetched in one query (with their users) and diffed pairwise in Python, rather than asking each
    record for its predecessor, which would cost a query per row.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                label = str(instance._meta.get_field(change.field).verbose_name)
                changes.append(
                    FieldChange(
                        label,
                        _display(previous, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                id=record.history_id,
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _display(holder, field_name: str, raw):
    model_field = holder.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return dict(model_field.flatchoices).get(raw, raw)
    if model_field.is_relation and raw is not None:
        try:
            return str(getattr(holder, field_name))
        except Exception:  # the related row may have been deleted since; the id is all we have
            return raw
    return "" if raw is None else raw


def history_restore(*, instance, history_id: int, reason: str):
    """Bring a record back to one of its earlier versions; the restore is itself a new, explained version."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    if not reason.strip():
        raise ValidationError({"reason": _("Say why the earlier version is restored.")})
    record = instance.history.get(history_id=history_id)
    with transaction.atomic():
        for model_field in instance._meta.concrete_fields:
            if model_field.primary_key or not model_field.editable:
                continue
            setattr(instance, model_field.attname, getattr(record, model_field.attname))
        instance.full_clean()
        instance._change_reason = reason
        instance.save()
    return instance
