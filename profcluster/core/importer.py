"""The import engine: a register declares its columns and natural keys; the engine does the rest.

Flow: read the table → match headers (by name or synonym, any case and spacing) → take the rows in chunks
of `CHUNK`: parse each cell (a reference such as a region or a group is looked up once per distinct value,
many values to a query) → fetch the chunk's existing records by their natural keys, one query per key → turn
each row into a model instance (update, else create) validated by the model's own `full_clean()` → check
uniqueness for the whole chunk at once, within the file and against the database → write the chunk with
`bulk_create` / `bulk_update` and their history → check the permission gate for the chunk in one query.
Preview and apply run the same code; preview rolls back. Apply writes all rows or none, so a re-import of the
same file changes nothing and a bad row changes nothing at all.

What a register declares (`ImportSpec`):

- `columns`: one `Column` per cell: field, header, parser, synonyms, whether required, help and an example.
- `key` or `keys`: the natural key that finds an existing record. `keys` lists alternatives tried in order,
  e.g. students `(("snils",), ("group", "surname", "name", "patronymic", "birth_date"))`: by СНИЛС when the
  file gives one, else by the name. A key is skipped when one of its values is missing (no column, an empty
  date, number or reference); an empty text skips a one-field key (an identifier) but is a value in a key of
  several fields (no patronymic is part of a name). A later key does not take a record whose earlier key
  holds another value: a student found by name with a different СНИЛС is another student. Fields named in
  `empty_in_key` take an empty value as a value: a placement without a student is the whole group's.
- `lookups`: a `Lookup` fills a field whose record is found from several cells, e.g. a student by the group
  and the ФИО. Its cells are `Column`s read only to find the record (matched like columns), or fields of the
  register's own columns named by string; `find(user, **cells)` returns the candidates, and the row is refused
  at those columns when none or several match.
- `prepare(instance, values)`: fills what follows from other fields, before validation.
- `check(instance, values)`: the rules the register's form adds to the model's (a payment only by a
  participant of its cluster), raised as a `ValidationError` after the model's own validation, for rows that
  change.
- `save(instance, values, user)`: the service path. A register whose writes touch several models (a placement
  that also changes its students, a record kept through a service) saves each row through its service instead
  of `instance.save()`; the row is still validated first and checked at the gate after. Such registers, and
  models that override `save()`, take the row-by-row path: the same checks, one write per row.

Rules the fast path keeps: a row's record is validated with `full_clean(validate_unique=False,
validate_constraints=False)`, uniqueness (fields, `unique_together`, unique constraints with simple
conditions) is checked per chunk, and check constraints are left to the database: when a chunk is refused,
it is written again row by row to name the rows at fault. Two rows of a file with the same key, or the same
unique value, are both named.

What keeps a big file fast (100 000 students in about ten seconds on PostgreSQL): a key of several fields is
looked up as row values (`(a, b) IN (SELECT * FROM unnest(…))`), one index probe a row; a unique value that is
also a natural key the database was just asked for is not asked again; the history of a chunk is copied from
the written rows in the database (INSERT … SELECT) instead of being built in Python; the gate is not asked
for a user who may change every record; cells are parsed once per distinct value; a row's labels for the
preview are made only when shown.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from profcluster.core.money import to_money
from profcluster.core.permissions import CHANGE
from profcluster.core.tabular import Table

# Rows validated and written together: large enough that per-query costs vanish, small enough for memory.
CHUNK = 1000


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


_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if match := _DAY.fullmatch(raw):  # the usual dd.mm.yyyy without strptime, which is slow for big files
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            raise CellError(_("not a date in the form dd.mm.yyyy")) from None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(_("not a date in the form dd.mm.yyyy"))


def choice(choices) -> Callable:
    """A value given by its code or its label in either language, e.g. «колледж» or "college"."""

    known = {}  # language → {spelling: code}: labels are translated, so each language has its own

    def parse(value):
        raw = _norm(text(value))
        if not raw:
            return ""
        language = get_language()
        if language not in known:
            spellings = {_norm(str(label)): code for code, label in choices}
            known[language] = spellings | {_norm(code): code for code, _label in choices}
        if raw in known[language]:
            return known[language][raw]
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

    def parse_many(values, user) -> dict:
        """{cell: record} for the cells one query per lookup finds; the engine asks `parse` for the rest."""
        cells = defaultdict(list)
        for value in values:
            if raw := text(value):
                cells[raw].append(value)
        queryset, found = queryset_factory(user), {}
        for lookup in lookups:
            if not cells:
                break
            batch = _batch(queryset, lookup, cells)
            if batch is None:
                break  # a lookup that cannot be batched decides before the next one: `parse` keeps the order
            for raw, records in batch.items():
                if len(records) == 1:
                    found.update(dict.fromkeys(cells.pop(raw), records[0]))
        return found

    parse.needs_user = True
    parse.parse_many = parse_many
    return parse


def _batch(queryset, lookup: str, cells) -> dict | None:
    *path, last = lookup.split("__")
    if last == "iexact" and path and queryset.db and _vendor(queryset) != "sqlite":
        # SQLite lowers only ASCII letters, so there a name in Cyrillic is looked up one by one, as before.
        key, wanted = Lower("__".join(path)), {raw.lower(): raw for raw in cells}
    elif (last == "exact" and path) or not path:
        key, wanted = F("__".join(path) if path else last), {raw: raw for raw in cells}
    else:
        return None
    grouped = defaultdict(list)
    if len({wanted[k] for k in wanted}) != len(cells):
        return None  # two spellings of one value, e.g. "КМ-22" and "км-22": the single lookups decide
    for record in queryset.annotate(_import_key=key).filter(_import_key__in=list(wanted)):
        raw = wanted.get(record._import_key)
        if raw is not None:
            grouped[raw].append(record)
    return grouped


def _vendor(queryset) -> str:
    return connections[queryset.db].vendor


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
class Lookup:
    """A field whose record is found from several cells, e.g. a student by group and ФИО.

    `cells` are `Column`s read only for the search (their `field` names the argument of `find`), or the field
    names of the register's own columns; `find(user, **cells)` returns a queryset of candidates and is called
    once per distinct combination of cells in a file. Empty cells reach `find` as None or "".
    """

    field: str
    cells: tuple
    find: Callable
    required: bool = False

    @property
    def own_columns(self) -> list[Column]:
        return [cell for cell in self.cells if isinstance(cell, Column)]

    @property
    def names(self) -> list[str]:
        return [cell.field if isinstance(cell, Column) else cell for cell in self.cells]


@dataclass
class ImportSpec:
    """What a register declares to be importable."""

    slug: str
    title: str
    model: type
    columns: list[Column]
    key: tuple[str, ...] = ()  # fields that find an existing row (natural key)
    prepare: Callable | None = None  # (instance, values) → None: fills what follows from other fields
    # (instance, values) → None or ValidationError: rules the register's form adds to the model's, checked
    # after the model's own validation for a row that changes anything.
    check: Callable | None = None
    keys: tuple[tuple[str, ...], ...] = ()  # alternative natural keys, tried in order (module docstring)
    lookups: list[Lookup] = field(default_factory=list)
    save: Callable | None = None  # (instance, values, user) → None: the service that writes a row
    # Key fields whose empty value is a value, not a missing one: a placement without student is the group's.
    empty_in_key: tuple[str, ...] = ()

    @property
    def natural_keys(self) -> tuple[tuple[str, ...], ...]:
        return tuple(self.keys) if self.keys else ((tuple(self.key),) if self.key else ())

    @property
    def all_columns(self) -> list[Column]:
        """The columns of the file: the register's own and the cells its lookups read."""
        return self.columns + [column for lookup in self.lookups for column in lookup.own_columns]

    def column_for(self, header: str) -> Column | None:
        wanted = _norm(header)
        for column in self.all_columns:
            if wanted in {_norm(column.header), _norm(column.field), *(_norm(s) for s in column.synonyms)}:
                return column
        return None

    def header_of(self, name: str) -> str:
        """The column(s) a field comes from, for messages."""
        for column in self.all_columns:
            if column.field == name:
                return column.header
        for lookup in self.lookups:
            if lookup.field == name:
                return ", ".join(self.header_of(cell) for cell in lookup.names)
        return name


@dataclass
class RowResult:
    number: int
    action: str = ""  # "create", "update", "unchanged"
    errors: list[str] = field(default_factory=list)
    parsed: dict = field(default_factory=dict, repr=False)  # field → value as parsed
    labels: dict = field(default_factory=dict, repr=False, compare=False)  # shared by the rows of an import

    @property
    def values(self) -> dict:
        """The row as read, references by name, for the preview: made when asked, as few rows are shown."""
        return {name: _label(value, self.labels) for name, value in self.parsed.items()}


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
    run = _Run(spec, mapping, user)
    total = len(table.rows)
    try:
        with transaction.atomic():
            for start in range(0, total, CHUNK):
                result.rows += run.chunk(table.rows[start : start + CHUNK], table.first_row_number + start)
                if progress:
                    progress(min(start + CHUNK, total), total)
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
    for column in spec.all_columns:
        if column.required and column.field not in seen:
            errors.append(_("The column «%(header)s» is missing.") % {"header": column.header})
    return mapping, errors


def _message(number: int, columns: str, error) -> str:
    if not columns:
        return _("row %(row)s: %(error)s") % {"row": number, "error": error}
    return _("row %(row)s, %(column)s: %(error)s") % {"row": number, "column": columns, "error": error}


class _Row:
    """A row on its way: the result shown to the user, the parsed values and the record they go into."""

    __slots__ = ("absent", "cells", "instance", "key_values", "result", "values")

    def __init__(self, result: RowResult):
        self.result, self.values, self.cells, self.instance, self.key_values = result, {}, {}, None, ()
        self.absent = ()  # the natural keys whose values the database was asked for and does not hold

    def refuse(self, message: str) -> None:
        self.result.errors.append(message)


class _Run:
    """One import: the caches and the rows seen so far, so that a file is checked against itself."""

    def __init__(self, spec: ImportSpec, mapping: dict[int, Column], user):
        self.spec, self.mapping, self.user, self.model = spec, mapping, user, spec.model
        self.cell_fields = {column.field for lookup in spec.lookups for column in lookup.own_columns}
        self.present = {column.field for column in mapping.values()}
        self.cache: dict[str, dict] = defaultdict(dict)  # column → {cell: record or CellError}
        self.lookup_cache: dict = {}
        self.seen_keys: dict = {}  # (key number, values) → row number
        self.seen_records: dict = {}  # pk → row number
        self.seen_unique: dict = {}  # (unique set number, values) → row number
        self.labels: dict = {}
        self.value_attnames: dict = {}  # the fields of a row's values → their attributes
        meta = self.model._meta
        self.attnames = {f.name: f.attname for f in meta.concrete_fields}
        self.concrete = [f for f in meta.concrete_fields if not f.primary_key]
        self.uniques = _unique_sets(self.model)
        self.bulk = spec.save is None and self.model.save is models.Model.save
        self.history_copy = _HistoryCopy.of(self.model) if self.bulk else None
        self.reason = _("Import from a file")

    # Reading

    def chunk(self, raws: list, first_number: int) -> list[RowResult]:
        self._prefetch(raws)
        rows = [self._parse(raw, first_number + offset) for offset, raw in enumerate(raws)]
        live = [row for row in rows if not row.result.errors]
        self._match(live)
        live = [row for row in live if not row.result.errors]
        work = [row for row in live if self._build(row)]
        self._check_unique([row for row in live if not row.result.errors])
        work = [row for row in work if not row.result.errors]
        if self.bulk:
            self._write_bulk(work)
        else:
            self._write_each(work, check=True)
        self._gate_after([row for row in work if not row.result.errors and row.instance.pk is not None])
        return [row.result for row in rows]

    def _prefetch(self, raws: list) -> None:
        """References of the chunk looked up together: one query per column and lookup, not one per row."""
        for position, column in self.mapping.items():
            parse_many = getattr(column.parse, "parse_many", None)
            if parse_many is None:
                continue
            cache = self.cache[column.field]
            wanted = {raw[position] for raw in raws if position < len(raw)} - cache.keys()
            wanted.discard(None)
            if wanted:
                cache.update(parse_many(wanted, self.user))

    def _cell(self, column: Column, value):
        parse = column.parse
        if parse is text:
            return text(value)  # cheaper than its cache
        needs_user = getattr(parse, "needs_user", False)
        cache = self.cache[column.field]
        # By type as well: 1, 1.0 and True are one key to a dict, but not one cell (a lost leading zero).
        key = value if needs_user else (type(value), value)
        try:
            found = cache[key]
        except KeyError:
            try:
                found = parse(value, self.user) if needs_user else parse(value)
            except CellError as error:
                found = error
            cache[key] = found
        except TypeError:  # an unhashable cell is parsed, not cached
            return parse(value, self.user) if needs_user else parse(value)
        if isinstance(found, CellError):
            raise found
        return found

    def _parse(self, raw: list, number: int) -> _Row:
        row, failed = _Row(RowResult(number, labels=self.labels)), set()
        for position, column in self.mapping.items():
            value = raw[position] if position < len(raw) else None
            try:
                parsed = self._cell(column, value)
            except CellError as error:
                row.refuse(_message(number, column.header, error))
                failed.add(column.field)
                continue
            if column.required and (parsed is None or (parsed.__class__ is str and not parsed)):
                row.refuse(_("row %(row)s, %(column)s: required") % {"row": number, "column": column.header})
                failed.add(column.field)
                continue
            (row.cells if column.field in self.cell_fields else row.values)[column.field] = parsed
        for lookup in self.spec.lookups:
            if not failed.intersection(lookup.names):
                self._look_up(lookup, row)
        row.result.parsed = {**row.values, **row.cells}
        return row

    def _look_up(self, lookup: Lookup, row: _Row) -> None:
        cells = {name: row.cells.get(name, row.values.get(name)) for name in lookup.names}
        columns = ", ".join(self.spec.header_of(name) for name in lookup.names if name in self.present)
        if all(cells[column.field] in (None, "") for column in lookup.own_columns):
            if lookup.required:
                row.refuse(
                    _("row %(row)s, %(column)s: required") % {"row": row.result.number, "column": columns}
                )
            else:
                row.values[lookup.field] = None
            return
        key = (lookup.field, *(_plain(value) for value in cells.values()))
        if key not in self.lookup_cache:
            self.lookup_cache[key] = list(lookup.find(self.user, **cells)[:2])
        found = self.lookup_cache[key]
        given = ", ".join(str(value) for value in cells.values() if value not in (None, ""))
        if len(found) == 1:
            row.values[lookup.field] = found[0]
        elif found:
            row.refuse(
                _message(
                    row.result.number,
                    columns,
                    _("several records match «%(value)s»; add what tells them apart") % {"value": given},
                )
            )
        else:
            row.refuse(_message(row.result.number, columns, _("«%(value)s» is not found") % {"value": given}))

    # Finding the records

    def _key_values(self, key: tuple[str, ...], values: dict):
        found, empty_in_key = [], self.spec.empty_in_key
        for name in key:
            value = values.get(name)
            if value is None:
                if name not in empty_in_key:
                    return None
            elif isinstance(value, models.Model):
                value = value.pk
            elif value.__class__ is str and not value and len(key) == 1:
                return None
            found.append(value)
        return tuple(found)

    def _match(self, rows: list[_Row]) -> None:
        """Each row's record by the first natural key that finds one; two rows of one record are refused."""
        keys = self.spec.natural_keys
        for row in rows:
            row.key_values = tuple(self._key_values(key, row.values) for key in keys)
            for number, values in enumerate(row.key_values):
                if values is None:
                    continue
                other = self.seen_keys.setdefault((number, values), row.result.number)
                if other != row.result.number:
                    row.refuse(self._same_as(row, other, keys[number]))
                    break
        rows = [row for row in rows if not row.result.errors]
        by_pk = {}
        for number, key in enumerate(keys):
            # Only the rows no earlier key has matched: a re-import by СНИЛС never asks by name.
            pending = [row for row in rows if row.instance is None and row.key_values[number] is not None]
            if not pending:
                continue
            wanted = {row.key_values[number] for row in pending}
            names = [self.attnames.get(name, name) for name in key]
            index = {}
            for record in self._by_key(names, wanted):
                values = tuple(getattr(record, name) for name in names)
                if values in wanted and values not in index:
                    index[values] = by_pk.setdefault(record.pk, record)
            for row in pending:
                record = index.get(row.key_values[number])
                if record is None:
                    row.absent += (number,)
                elif not self._conflicts(row, record, keys, number):
                    row.instance = record
        for row in rows:
            if row.instance is not None:
                other = self.seen_records.setdefault(row.instance.pk, row.result.number)
                if other != row.result.number:
                    row.refuse(self._same_as(row, other, ()))
        pks = {row.instance.pk for row in rows if row.instance is not None and not row.result.errors}
        allowed = self._allowed(pks)
        for row in rows:
            if row.instance is not None and row.instance.pk not in allowed and not row.result.errors:
                row.refuse(_("row %(row)s: you may not change this record") % {"row": row.result.number})

    def _by_key(self, names: list[str], wanted: set[tuple]):
        """The records holding one of the wanted key values (perhaps a few more, which the caller drops)."""
        queryset = self.model._default_manager.all()
        connection = connections[queryset.db]
        nulls = {i for values in wanted for i, value in enumerate(values) if value is None}
        if nulls:
            # SQL's NULL equals nothing, not even NULL: an empty value of the key is asked for as such.
            condition = Q()
            for i, name in enumerate(names):
                given = {values[i] for values in wanted} - {None}
                part = Q(**{f"{name}__in": given})
                condition &= part | Q(**{f"{name}__isnull": True}) if i in nulls else part
            return queryset.filter(condition).order_by("pk")
        if connection.vendor == "postgresql":
            # A row value against the keys, so that a name key is found by its index, one probe per row. The
            # per-column IN lists below match every combination of their values: thousands of students per
            # chunk share the names and dates of birth of a few hundred groups. (Arrays are also one
            # parameter each, where an IN list is a thousand.)
            meta, quote = self.model._meta, connection.ops.quote_name
            fields = [meta.get_field(name) for name in names]
            columns = ", ".join(f"{quote(meta.db_table)}.{quote(f.column)}" for f in fields)
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            rows = RawSQL(
                f"({columns}) IN (SELECT * FROM unnest({arrays}))",
                [list(column) for column in zip(*wanted, strict=True)],
                output_field=models.BooleanField(),
            )
            return self._non_empty(queryset, names, rows.params[0]).filter(rows).order_by("pk")
        lookup = {f"{name}__in": {values[i] for values in wanted} for i, name in enumerate(names)}
        return self._non_empty(queryset, names, lookup[f"{names[0]}__in"]).filter(**lookup).order_by("pk")

    def _non_empty(self, queryset, names: list[str], given):
        """A one-field text key without an empty value says so outright, so that a unique index of the
        non-empty values only (СНИЛС) serves the lookup."""
        if len(names) != 1 or "" in given:
            return queryset
        if isinstance(self.model._meta.get_field(names[0]), models.CharField | models.TextField):
            return queryset.exclude(**{names[0]: ""})
        return queryset

    def _conflicts(self, row: _Row, record, keys, number: int) -> bool:
        """Whether the record holds another value of an earlier key the row gives (another СНИЛС)."""
        for earlier in range(number):
            given = row.key_values[earlier]
            held = tuple(_plain(getattr(record, self.attnames.get(n, n))) for n in keys[earlier])
            if given is not None and held != given and all(v not in (None, "") for v in held):
                return True
        return False

    def _same_as(self, row: _Row, other: int, key: tuple[str, ...]) -> str:
        if not key:
            return _("row %(row)s: the same record as row %(other)s") % {
                "row": row.result.number,
                "other": other,
            }
        return _("row %(row)s: the same record as row %(other)s (%(columns)s)") % {
            "row": row.result.number,
            "other": other,
            "columns": ", ".join(self.spec.header_of(name) for name in key),
        }

    def _allowed(self, pks) -> set:
        if not pks:
            return set()
        pks = list(pks)
        allowed, gate = set(), self.model.objects.restrict(self.user, CHANGE)
        if not gate.query.where:
            return set(pks)  # the user may change every record (an administrator): nothing to ask
        for start in range(0, len(pks), 10_000):
            queryset = gate.filter(pk__in=pks[start : start + 10_000])
            allowed.update(queryset.values_list("pk", flat=True))
        return allowed

    # Validating

    def _build(self, row: _Row) -> bool:
        """Puts the row's values into its record and validates it; False when there is nothing to write."""
        result, values = row.result, row.values
        instance = row.instance
        if instance is None:
            result.action = "create"
        else:
            result.action = "update"
        names = tuple(values)
        attnames = self.value_attnames.get(names)
        if attnames is None:
            attnames = self.value_attnames[names] = [self.attnames.get(name, name) for name in names]
        given = {
            name: value if value is not None else _empty(self.model, name) for name, value in values.items()
        }
        if instance is None:
            instance = self.model(**given)  # one pass over the fields, not two
            state, before = instance.__dict__, None
        else:
            state = instance.__dict__
            before = [state.get(name) for name in attnames]
            for name, value in given.items():
                setattr(instance, name, value)
        if self.spec.prepare:
            self.spec.prepare(instance, values)
        row.instance = instance
        if before is not None and before == [state.get(name) for name in attnames]:
            result.action = "unchanged"
            return False
        # A reference found by the import exists: validating it would ask the database once more per row.
        exclude = [
            name
            for name, attname in zip(names, attnames, strict=True)
            if isinstance(values[name], models.Model) and state.get(attname) == values[name].pk
        ]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            if self.spec.check:
                self.spec.check(instance, values)
        except ValidationError as error:
            self._refuse_invalid(row, error)
            return False
        return True

    def _refuse_invalid(self, row: _Row, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            columns = "" if name == NON_FIELD_ERRORS else self.spec.header_of(name)
            for message in messages:
                row.refuse(_message(row.result.number, columns, message))

    def _check_unique(self, rows: list[_Row]) -> None:
        """Unique fields and constraints for the chunk at once: within the file, then against the database."""
        keys = self.spec.natural_keys
        for number, (names, condition, message) in enumerate(self.uniques):
            attnames = [self.attnames[name] for name in names]
            # A unique set that is also a natural key was just looked for: a value no record holds is free.
            as_key = next((n for n, key in enumerate(keys) if set(key) == set(names)), None)
            order = [names.index(name) for name in keys[as_key]] if as_key is not None else []
            columns = ", ".join(self.spec.header_of(name) for name in names)
            to_check = []
            for row in rows:
                if row.result.errors:
                    continue
                state = row.instance.__dict__
                values = tuple(state.get(name) for name in attnames)
                if None in values or (condition is not None and _holds(condition, row.instance) is not True):
                    continue  # NULLs differ; rows the condition may not cover are left to the database
                other = self.seen_unique.setdefault((number, values), row.result.number)
                if other != row.result.number:
                    row.refuse(
                        _message(
                            row.result.number,
                            columns,
                            _("the same value as in row %(other)s") % {"other": other},
                        )
                    )
                elif row.result.action != "unchanged" and not (
                    as_key in row.absent and tuple(values[i] for i in order) == row.key_values[as_key]
                ):
                    to_check.append((row, values))
            if not to_check:
                continue
            queryset = self.model._default_manager.all()
            if condition is not None:
                queryset = queryset.filter(condition)
            lookup = {
                f"{name}__in": {values[i] for _row, values in to_check} for i, name in enumerate(attnames)
            }
            taken = {
                tuple(found[1:]): found[0] for found in queryset.filter(**lookup).values_list("pk", *attnames)
            }
            for row, values in to_check:
                pk = taken.get(values)
                if pk is not None and pk != row.instance.pk:
                    row.refuse(_message(row.result.number, columns, message(row.instance)))

    # Writing

    def _write_bulk(self, rows: list[_Row]) -> None:
        creates = [row.instance for row in rows if row.result.action == "create"]
        updates = [row.instance for row in rows if row.result.action == "update"]
        fields = {f.name for f in self.concrete if not f.auto_created} if updates else set()
        for instance in updates:
            for f in self.concrete:
                if getattr(f, "auto_now", False):
                    f.pre_save(instance, add=False)
        history = getattr(self.model._meta, "simple_history_manager_attribute", None)
        copy = self.history_copy
        try:
            with transaction.atomic():
                if creates and history and not copy:
                    bulk_create_with_history(
                        creates, self.model, default_user=self.user, default_change_reason=self.reason
                    )
                elif creates:
                    self.model._default_manager.bulk_create(creates)
                    if copy:
                        copy([instance.pk for instance in creates], "+", self.user, self.reason)
                if updates and history and not copy:
                    bulk_update_with_history(
                        updates,
                        self.model,
                        sorted(fields),
                        default_user=self.user,
                        default_change_reason=self.reason,
                    )
                elif updates:
                    self.model._default_manager.bulk_update(updates, sorted(fields))
                    if copy:
                        copy([instance.pk for instance in updates], "~", self.user, self.reason)
        except IntegrityError:
            # The database refused a row (a check constraint, most often): row by row, to name it.
            for instance in creates:
                instance.pk, instance._state.adding = None, True
            self._write_each(rows, check=True)

    def _write_each(self, rows: list[_Row], *, check: bool) -> None:
        for row in rows:
            instance = row.instance
            if check:
                try:
                    instance.validate_constraints()
                except ValidationError as error:
                    self._refuse_invalid(row, error)
                    continue
            instance._change_reason = self.reason
            instance._history_user = self.user
            try:
                with transaction.atomic():
                    if self.spec.save:
                        self.spec.save(instance, row.values, self.user)
                    else:
                        instance.save()
            except ValidationError as error:
                self._refuse_invalid(row, error)
            except IntegrityError as error:
                row.refuse(
                    _("row %(row)s: the database refused the row: %(error)s")
                    % {"row": row.result.number, "error": error}
                )

    def _gate_after(self, rows: list[_Row]) -> None:
        allowed = self._allowed({row.instance.pk for row in rows})
        for row in rows:
            if row.instance.pk not in allowed:
                row.refuse(
                    _("row %(row)s: the record would be outside what you may change")
                    % {"row": row.result.number}
                )


class _HistoryCopy:
    """Writes the history of a chunk's records by copying their rows in the database (INSERT … SELECT).

    The same historical rows as django-simple-history's bulk helpers write, without building a historical
    instance per row in Python or sending every value back to the database: a third of an import's time.
    Used only for a historical model of the usual shape; anything else goes through the helpers.
    """

    STANDARD = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}

    def __init__(self, model, history, connection):
        self.model, self.history, self.connection = model, history, connection
        meta, quote = history._meta, connection.ops.quote_name
        tracked = [
            (history._meta.get_field(f.name), model._meta.get_field(f.name)) for f in history.tracked_fields
        ]
        target = [h.column for h, _f in tracked] + [
            meta.get_field(name).column
            for name in ("history_date", "history_change_reason", "history_type", "history_user")
        ]
        source = [f"{quote(model._meta.db_table)}.{quote(f.column)}" for _h, f in tracked]
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in target)}) "
            f"SELECT {', '.join(source)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.db_table)}.{quote(model._meta.pk.column)} {{pks}} "
            f"ORDER BY {quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
        )

    @classmethod
    def of(cls, model) -> "_HistoryCopy | None":
        from django.conf import settings

        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return None
        history = getattr(model, attribute).model
        connection = connections[model._default_manager.db]
        tracked = {f.name for f in history.tracked_fields}
        names = {f.name for f in history._meta.concrete_fields}
        if (
            names != tracked | cls.STANDARD
            or not isinstance(history._meta.pk, models.AutoField)
            or hasattr(history, "history_relation")
            or not connection.features.can_return_rows_from_bulk_insert
        ):
            return None
        return cls(model, history, connection)

    def __call__(self, pks: list, kind: str, user, reason: str) -> None:
        from django.utils import timezone

        if not pks:
            return
        params = [timezone.now(), reason, kind, getattr(user, "pk", None)]
        if self.connection.vendor == "postgresql":
            sql, params = self.sql.format(pks="= ANY(%s)"), [*params, list(pks)]  # one parameter, not 1 000
        else:
            sql, params = self.sql.format(pks=f"IN ({', '.join(['%s'] * len(pks))})"), [*params, *pks]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)


def _label(value, labels: dict) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        key = (type(value), value.pk)
        if key not in labels:
            labels[key] = str(value)
        return labels[key]
    return str(value)


def _plain(value):
    """A value as the database holds it: a record by its pk."""
    return value.pk if isinstance(value, models.Model) else value


def _unique_sets(model) -> list:
    """(fields, condition, message(instance)) for every uniqueness rule made of plain fields."""
    found = []
    meta = model._meta
    for f in meta.concrete_fields:
        if f.unique and not f.primary_key:
            found.append(((f.name,), None, _unique_message(model, (f.name,))))
    for together in meta.unique_together:
        found.append((tuple(together), None, _unique_message(model, tuple(together))))
    for constraint in meta.constraints:
        if (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.fields
            and not constraint.expressions
        ):
            if constraint.violation_error_message != constraint.default_violation_error_message:
                message = lambda _instance, c=constraint: c.get_violation_error_message()  # noqa: E731
            else:
                message = _unique_message(model, tuple(constraint.fields))
            found.append((tuple(constraint.fields), constraint.condition, message))
    return found


def _unique_message(model, names):
    def message(instance) -> str:
        return instance.unique_error_message(model, names).messages[0]

    return message


def _holds(condition: Q, instance):
    """Whether a constraint's condition holds for an unsaved record: True, False, or None (cannot tell)."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = _holds(child, instance)
        else:
            lookup, expected = child
            name, _sep, operator = lookup.partition("__")
            if operator not in ("", "exact", "isnull") or hasattr(expected, "resolve_expression"):
                return None
            try:
                value = getattr(instance, instance._meta.get_field(name).attname)
            except FieldDoesNotExist:  # a path through a relation: the database decides
                return None
            result = (
                (value is None) == expected if operator == "isnull" else _plain(value) == _plain(expected)
            )
        if result is None:
            return None
        results.append(result)
    result = all(results) if condition.connector == Q.AND else any(results)
    return not result if condition.negated else result


def _empty(model, name):
    model_field = model._meta.get_field(name)
    return None if model_field.null else ""
