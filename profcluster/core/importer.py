"""The import engine: a register declares its columns and natural key; the engine does the rest.

Flow: read the table → match headers (by name or synonym, any case and spacing) → turn each row into a model
instance (matched by natural key: update, else create) → validate with the model's own `full_clean()` → check
the permission gate on every saved row. Preview and apply run the same code; preview rolls back. Apply writes
all rows or none, so a re-import of the same file changes nothing and a bad row changes nothing at all.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profcluster.core.money import to_money
from profcluster.core.permissions import CHANGE
from profcluster.core.tabular import Table


class CellError(ValueError):
    pass


def _norm(header: str) -> str:
    return re.sub(r"[\s_.\-/«»\"']+", " ", str(header)).strip().lower().replace("ё", "е")


# Cell parsers: take what a spreadsheet gives (str, int, float, date) and return the model's value.


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def digits(length: tuple[int, ...], what: str) -> Callable:
    """Identifiers (ИНН, СНИЛС, ОГРН): digits only; a lost leading zero is reported, never "fixed"."""

    def parse(value) -> str:
        raw = text(value).replace(" ", "").replace("-", "")
        if not raw:
            return ""
        if not raw.isdigit():
            raise CellError(_("%(what)s must contain digits only") % {"what": what})
        if len(raw) + 1 in length and (isinstance(value, int | float) or len(raw) not in length):
            raise CellError(
                _("%(what)s has %(n)s digits: probably the leading zero was lost when the cell was a number")
                % {"what": what, "n": len(raw)}
            )
        return raw

    return parse


def decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        value = repr(value)  # the shortest text that reads back as the same float, never binary noise
    try:
        return to_money(value)
    except (ValueError, TypeError):
        raise CellError(_("not a number")) from None


def integer(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).replace(" ", "").replace("\xa0", "")
    if not re.fullmatch(r"-?\d+", raw):
        raise CellError(_("not a whole number"))
    return int(raw)


def day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(_("not a date in the form dd.mm.yyyy"))


def choice(choices) -> Callable:
    """A value given by its code or its label in either language, e.g. «колледж» or "college"."""

    def parse(value):
        raw = _norm(text(value))
        if not raw:
            return ""
        for code, label in choices:
            if raw in (_norm(code), _norm(str(label))):
                return code
        allowed = ", ".join(str(label) for _code, label in choices)
        raise CellError(_("unknown value; allowed: %(allowed)s") % {"allowed": allowed})

    return parse


def related(queryset_factory: Callable, *lookups: str) -> Callable:
    """A related record found by one of its natural keys, e.g. a region by code or name, within the gate."""

    def parse(value, user):
        raw = text(value)
        if not raw:
            return None
        queryset = queryset_factory(user)
        for lookup in lookups:
            found = list(queryset.filter(**{lookup: raw})[:2])
            if len(found) == 1:
                return found[0]
        raise CellError(_("«%(value)s» is not found") % {"value": raw})

    parse.needs_user = True
    return parse


@dataclass
class Column:
    field: str
    header: str
    parse: Callable = text
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    example: object = ""


@dataclass
class ImportSpec:
    """What a register declares to be importable."""

    slug: str
    title: str
    model: type
    columns: list[Column]
    key: tuple[str, ...]  # fields that find an existing row (natural key)
    prepare: Callable | None = None  # (instance, values) → None: fills what follows from other fields

    def column_for(self, header: str) -> Column | None:
        wanted = _norm(header)
        for column in self.columns:
            if wanted in {_norm(column.header), _norm(column.field), *(_norm(s) for s in column.synonyms)}:
                return column
        return None


@dataclass
class RowResult:
    number: int
    action: str = ""  # "create", "update", "unchanged"
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[RowResult]
    errors: list[str]  # problems of the file as a whole (headers)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def error_messages(self) -> list[str]:
        return self.errors + [message for row in self.rows for message in row.errors]


class _RollbackError(Exception):
    """Undoes a preview, or an import with errors, through the transaction."""


def run_import(
    spec: ImportSpec, table: Table, user, *, apply: bool, progress: Callable | None = None
) -> ImportResult:
    """Check every row (and write them all when `apply` and nothing is wrong); never writes a part."""
    mapping, errors = _match_headers(spec, table.headers)
    result = ImportResult(rows=[], errors=errors)
    if errors:
        return result
    try:
        with transaction.atomic():
            for index, raw in enumerate(table.rows):
                result.rows.append(_import_row(spec, mapping, raw, table.first_row_number + index, user))
                if progress and index % 100 == 0:
                    progress(index, len(table.rows))
            if not (apply and result.ok):
                raise _RollbackError
    except _RollbackError:
        return result
    result.applied = True
    return result


def _match_headers(spec: ImportSpec, headers: list[str]):
    mapping, errors, seen = {}, [], set()
    for position, header in enumerate(headers):
        column = spec.column_for(header) if header else None
        if column is None:
            continue  # extra columns (notes, row numbers) are allowed and ignored
        if column.field in seen:
            errors.append(_("The column «%(header)s» appears twice.") % {"header": header})
        seen.add(column.field)
        mapping[position] = column
    for column in spec.columns:
        if column.required and column.field not in seen:
            errors.append(_("The column «%(header)s» is missing.") % {"header": column.header})
    return mapping, errors


def _import_row(spec: ImportSpec, mapping: dict[int, Column], raw: list, number: int, user) -> RowResult:
    row = RowResult(number)
    values = {}
    for position, column in mapping.items():
        value = raw[position] if position < len(raw) else None
        try:
            parsed = (
                column.parse(value, user)
                if getattr(column.parse, "needs_user", False)
                else column.parse(value)
            )
        except CellError as error:
            row.errors.append(
                _("row %(row)s, %(column)s: %(error)s")
                % {"row": number, "column": column.header, "error": error}
            )
            continue
        if column.required and parsed in (None, ""):
            row.errors.append(
                _("row %(row)s, %(column)s: required") % {"row": number, "column": column.header}
            )
            continue
        values[column.field] = parsed
    row.values = {name: str(value) if value is not None else "" for name, value in values.items()}
    if row.errors:
        return row
    lookup = {name: values.get(name) for name in spec.key}
    instance = (
        spec.model.objects.filter(**lookup).first()
        # An empty text key (no patronymic) is a value like any other; only a key column missing from the
        # file, or a reference that was not found, makes the row a new one.
        if all(v is not None for v in lookup.values())
        else None
    )
    if instance is not None and not spec.model.objects.restrict(user, CHANGE).filter(pk=instance.pk).exists():
        row.errors.append(_("row %(row)s: you may not change this record") % {"row": number})
        return row
    if instance is None:
        instance, row.action = spec.model(), "create"
    else:
        row.action = "update"
    before = {name: getattr(instance, name) for name in values} if row.action == "update" else {}
    for name, value in values.items():
        setattr(instance, name, value if value is not None else _empty(spec.model, name))
    if spec.prepare:
        spec.prepare(instance, values)
    if row.action == "update" and all(_same(before[name], getattr(instance, name)) for name in values):
        row.action = "unchanged"
        return row
    try:
        instance.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = next((c.header for c in spec.columns if c.field == name), name)
            for message in messages:
                row.errors.append(
                    _("row %(row)s, %(column)s: %(error)s")
                    % {"row": number, "column": column, "error": message}
                )
        return row
    instance._change_reason = _("Import from a file")
    with transaction.atomic():
        instance.save()
        if not spec.model.objects.restrict(user, CHANGE).filter(pk=instance.pk).exists():
            row.errors.append(
                _("row %(row)s: the record would be outside what you may change") % {"row": number}
            )
            transaction.set_rollback(True)
    return row


def _empty(model, name):
    model_field = model._meta.get_field(name)
    return None if model_field.null else ""


def _same(old, new) -> bool:
    if hasattr(new, "_meta"):
        return getattr(old, "pk", None) == new.pk
    return old == new
