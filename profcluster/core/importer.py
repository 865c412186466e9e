"""The import engine: a register declares its columns and natural keys; the engine does the rest.

Flow: read the table → match headers (by name or synonym, any case and spacing) → take the rows in chunks
of `CHUNK`: parse each cell (a reference such as a region or a group is looked up once per distinct value,
many values to a query) and find the records named by several cells (`Lookup`), the chunk's together →
fetch the chunk's existing records by their natural keys, one query per key → turn each row into a model
instance (update, else create) validated by the model's own `full_clean()` → check uniqueness for the
whole chunk at once, within the file and against the database → write the chunk (new records by COPY on
PostgreSQL, else `bulk_create`; `bulk_update`) and their history → check the permission gate for the chunk
in one query.
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
  at those columns when none or several match. `find_many(user, combinations)` does the same for the
  distinct combinations of a chunk at once (a few queries a chunk, not one a combination).
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

What keeps a big file fast (100 000 students in 11–15 s on PostgreSQL on two cores, a third of it the
database's work): a key of several fields is looked up as row values (`(a, b) IN (SELECT * FROM
unnest(…))`), one index probe a row, each column sent as one text; a unique value that is also a natural key
the database was just asked for is not asked again; new records go by COPY (`_Copy`), and the history of a
chunk is copied from the written rows in the database (INSERT … SELECT) instead of being built in Python,
in a thread while the next chunk is validated where the register allows it (`ImportSpec.write_behind`,
`_WriteBehind`); the gate is not asked for a user who may change every record; cells are parsed column by
column, once per distinct value; a new record is built without Django's keyword handling (`_Plan`); a
field's verdict on a value is reused, and a plain text field's judged without Django's machinery
(`_Run._full_clean`, `_judge`); the cycle collector rests meanwhile (`gc_paused`); a row's labels for the
preview are made only when shown.
"""

import contextlib
import operator
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import F, Q, Value
from django.db.models.base import ModelState
from django.db.models.expressions import DatabaseDefault, RawSQL
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Cast, Concat, Upper
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from profcluster.core.money import to_money
from profcluster.core.permissions import CHANGE
from profcluster.core.tabular import Table, gc_paused

# Rows validated and written together: large enough that per-query costs vanish (2 500 rather than 1 000: a
# tenth off a file of 100 000 students), small enough for memory.
CHUNK = 2500
# Between the values of a key column sent as one text (`_Run._by_key`): the unit separator, chr(31).
SEPARATOR = "\x1f"
# Verdicts kept per field (`_Run._full_clean`): a column of distinct values (surnames) stops there.
VERDICTS = 10_000
_MISSING = object()


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
    if last == "iexact" and path:
        # UPPER, as `iexact` compares on PostgreSQL: one index on UPPER(name) serves this and the single
        # lookups (SQLite's UPPER is Python's own, `core.sqlite`). A value Python upper-cases otherwise than
        # the database ("ß" under some locales) is found by none here, and so looked up one by one.
        key, fold = Upper("__".join(path)), str.upper
    elif (last == "exact" and path) or not path:
        key, fold = F("__".join(path) if path else last), None
    else:
        return None
    wanted = defaultdict(list)  # key → the cells that give it: "КМ-22" and "км-22" are one group
    for raw in cells:
        wanted[fold(raw) if fold else raw].append(raw)
    queryset, values = queryset.annotate(_import_key=key), list(wanted)
    if isinstance(
        queryset.query.annotations["_import_key"].output_field, models.CharField | models.TextField
    ):
        values = texts_in(values, queryset.db)
    grouped = defaultdict(list)
    for record in queryset.filter(_import_key__in=values).order_by():  # only one record per value counts
        for raw in wanted.get(record._import_key, ()):
            grouped[raw].append(record)
    return grouped


def texts_in(values, using: str) -> list | RawSQL:
    """Texts for an `__in` lookup; on PostgreSQL as one text that the database splits, like the keys in
    _Run._by_key: Django and psycopg would take a thousand parameters one by one."""
    values = list(values)
    joined = SEPARATOR.join(values)
    if (
        connections[using].vendor == "postgresql"
        and len(values) > 1
        and joined.count(SEPARATOR) == len(values) - 1  # no value holds the separator
    ):
        return RawSQL("SELECT unnest(string_to_array(%s, chr(31)))", [joined])
    return values


def among(queryset, names: tuple[str, ...], keys):
    """The records whose values of `names` (fields or annotations) make one of `keys`, tuples of the values
    as the database gives them. Compared as one text ("12:ИВАНОВ ИВАН"), since a chunk's thousands of
    pairs asked field by field would fetch every combination of their values (a name in each organisation
    of the chunk: 36 people a row). Two tuples may make one text ("a:b", "c" and "a", "b:c"), so the caller
    still matches each record by its own values."""
    parts = []
    for name in names:
        parts += [Cast(name, models.TextField()), Value(":")]
    queryset = queryset.annotate(_import_tuple=Concat(*parts[:-1], output_field=models.TextField()))
    texts = {":".join(map(str, key)) for key in keys}
    return queryset.filter(_import_tuple__in=texts_in(texts, queryset.db))


def folded(texts, using: str) -> dict[str, str]:
    """{text: the text as the database's UPPER() gives it}, asked of the database in one query: what
    `iexact` compares. A `Lookup.find_many` matches `Upper(...)` of its candidates against these, and so
    finds what `find` finds with `iexact` whatever the database's case rules (PostgreSQL's locale), which
    Python's own `str.upper()` would only guess."""
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    connection, found = connections[using], {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = texts_in(texts, using)
            sql, params = (
                (values.sql, values.params)
                if isinstance(values, RawSQL)
                else ("SELECT unnest(%s::text[])", [values])
            )
            cursor.execute(f"SELECT x, upper(x) FROM ({sql}) AS t(x)", params)
            found.update(cursor.fetchall())
        else:
            for start in range(0, len(texts), 500):  # SQLite's limit of columns is 2 000
                part = texts[start : start + 500]
                cursor.execute(f"SELECT {', '.join(['UPPER(%s)'] * len(part))}", part)
                found.update(zip(part, cursor.fetchone(), strict=True))
    return found


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

    `find_many(user, combinations)`, when given, finds for a whole chunk of rows in a few queries what `find`
    would find one combination at a time: `combinations` are tuples of the cells in the order of `names`
    (a record as the record, never a combination whose own cells are all empty), and it returns
    {combination: candidates}, in any order and within the same gate (`restrict(user, …)`): only whether
    none, one or several match counts. A combination it leaves out is asked of `find`.
    """

    field: str
    cells: tuple
    find: Callable
    required: bool = False
    find_many: Callable | None = None

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
    # True when no cell of the register finds a record of its own model (no column or lookup reads it): a
    # chunk's new records are then written once the next chunk has read what it needs, and their history
    # is copied while that chunk is validated (`_WriteBehind`), since nothing the next chunk reads can be
    # what the last one writes. A register whose rows name records created by earlier rows of the same
    # file (an organisation's parent) must leave it False.
    write_behind: bool = False

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
        with gc_paused(), transaction.atomic(), run.writing():
            for start in range(0, total, CHUNK):
                result.rows += run.chunk(table.rows[start : start + CHUNK], table.first_row_number + start)
                if progress:
                    progress(min(start + CHUNK, total), total)
            run.flush()
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
        # Each column as _parse reads it: position, parser, whether it needs the user, its cache, required.
        self.readers = [
            (
                position,
                column.parse,
                getattr(column.parse, "needs_user", False),
                self.cache[column.field],
                column.required,
            )
            for position, column in mapping.items()
        ]
        self.columns = list(mapping.values())
        self.names = [column.field for column in self.columns]
        self.only_values = not any(name in self.cell_fields for name in self.names)
        self.lookup_cache: dict = {}
        self.seen_keys: dict = {}  # (key number, values) → row number
        self.seen_records: dict = {}  # pk → row number
        self.seen_unique: dict = {}  # (unique set number, values) → row number
        self.labels: dict = {}
        self.plans: dict = {}  # the fields of a row's values → how they go into a record (`_Plan`)
        meta = self.model._meta
        self.attnames = {f.name: f.attname for f in meta.concrete_fields}
        self.concrete = [f for f in meta.concrete_fields if not f.primary_key]
        self.uniques = _unique_sets(self.model)
        self.bulk = spec.save is None and self.model.save is models.Model.save
        self.history_copy = _HistoryCopy.of(self.model) if self.bulk else None
        self.copy = _Copy.of(self.model, self.history_copy) if self.bulk else None
        self.cleaning = _cleaning(self.model)
        self.reason = _("Import from a file")
        self.behind = _WriteBehind(self) if spec.write_behind and self.copy else None
        self.pending: list[_Row] = []  # the last chunk's rows to write, while the next one is checked

    def chunk(self, raws: list, first_number: int) -> list[RowResult]:
        self._prefetch(raws)
        rows = self._parse(raws, first_number)
        live = [row for row in rows if not row.result.errors]
        self._match(live)
        live = [row for row in live if not row.result.errors]
        # The last chunk is written from here on, once this one has read what it needs from the database...
        writing, self.pending = self._start(self.pending), []
        work = [row for row in live if self._build(row)]
        self._finish(writing)  # ...and is in before this one is checked against the database's unique values
        self._check_unique([row for row in live if not row.result.errors])
        work = [row for row in work if not row.result.errors]
        if self.behind:
            self.pending = work
        else:
            self._finish(self._start(work))
        return [row.result for row in rows]

    def flush(self) -> None:
        """Writes what the last chunk left to write."""
        writing, self.pending = self._start(self.pending), []
        self._finish(writing)

    def writing(self):
        return self.behind.running() if self.behind else contextlib.nullcontext()

    def _start(self, rows: list[_Row]):
        """Writes the rows, or starts writing them in the background; what `_finish` takes."""
        if not rows:
            return rows
        if self.behind and all(row.result.action == "create" for row in rows):
            return self.behind.start(rows)
        if self.bulk:
            self._write_bulk(rows)
        else:
            self._write_each(rows, check=True)
        return rows

    def _finish(self, writing) -> None:
        rows = self.behind.finish(writing) if self.behind else writing
        self._gate_after([row for row in rows if not row.result.errors and row.instance.pk is not None])

    # Reading

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

    def _cell(self, parse: Callable, needs_user: bool, value):
        """The parsed value of a cell, or the CellError that tells why it has none."""
        try:
            return parse(value, self.user) if needs_user else parse(value)
        except CellError as error:
            return _kept(error)

    def _parse(self, raws: list, first_number: int) -> list[_Row]:
        """The chunk's cells parsed column by column (a parser's cache asked in one loop per column), then
        put together row by row; a row with a bad or missing cell takes the slow way, to say which."""
        columns, bad = [], set()
        for position, parse, needs_user, cache, required in self.readers:
            cells = [raw[position] if position < len(raw) else None for raw in raws]
            if parse is text:  # cheaper than its cache, and a str cell cheaper still
                parsed = [value.strip() if value.__class__ is str else text(value) for value in cells]
            else:
                parsed = self._parse_column(parse, needs_user, cache, cells)
                bad.update(i for i, value in enumerate(parsed) if isinstance(value, CellError))
            if required:
                bad.update(
                    i
                    for i, value in enumerate(parsed)
                    if value is None or (value.__class__ is str and not value)
                )
            columns.append(parsed)
        rows, names, labels = [], self.names, self.labels
        lookups = [(lookup, []) for lookup in self.spec.lookups]  # each with the rows that look it up
        for offset, parsed in enumerate(zip(*columns, strict=True)):
            row = _Row(RowResult(first_number + offset, labels=labels))
            if offset in bad:
                failed = self._refuse_cells(row, parsed)
            elif self.only_values:
                row.values, failed = dict(zip(names, parsed, strict=True)), ()
            else:
                failed = self._refuse_cells(row, parsed)
            for lookup, looking in lookups:
                if not failed or not failed.intersection(lookup.names):
                    looking.append(row)
            rows.append(row)
        for lookup, looking in lookups:  # in order: a lookup's cell may be the field an earlier one found
            if lookup.find_many is not None:
                self._find_many(lookup, looking)
            for row in looking:
                self._look_up(lookup, row)
        for row in rows:
            row.result.parsed = {**row.values, **row.cells} if row.cells else dict(row.values)
        return rows

    def _parse_column(self, parse: Callable, needs_user: bool, cache: dict, cells: list) -> list:
        """The values of a column's cells, or the CellErrors that tell why not; each distinct cell is parsed
        once per import (a reference, looked up by _prefetch, most often is there already)."""
        # By type as well: 1, 1.0 and True are one key to a dict, but not one cell (a lost leading zero).
        keys = cells if needs_user else [(value.__class__, value) for value in cells]
        try:
            parsed = [cache.get(key, _MISSING) for key in keys]
        except TypeError:  # an unhashable cell: parsed every time, not cached
            return [self._cell(parse, needs_user, value) for value in cells]
        for i in [i for i, value in enumerate(parsed) if value is _MISSING]:
            found = cache.get(keys[i], _MISSING)  # the same new cell may come twice in a chunk
            if found is _MISSING:
                found = cache[keys[i]] = self._cell(parse, needs_user, cells[i])
            parsed[i] = found
        return parsed

    def _refuse_cells(self, row: _Row, parsed: tuple) -> set:
        """Puts a row's cells into its values (a lookup's cells apart), saying which are bad or missing."""
        failed, number = set(), row.result.number
        for column, value in zip(self.columns, parsed, strict=True):
            if isinstance(value, CellError):
                row.refuse(_message(number, column.header, value))
                failed.add(column.field)
            elif column.required and (value is None or (value.__class__ is str and not value)):
                row.refuse(_("row %(row)s, %(column)s: required") % {"row": number, "column": column.header})
                failed.add(column.field)
            else:
                (row.cells if column.field in self.cell_fields else row.values)[column.field] = value
        return failed

    def _find_many(self, lookup: Lookup, rows: list[_Row]) -> None:
        """The candidates of a chunk's rows asked together (`Lookup.find_many`): a few queries a chunk
        instead of one for every distinct combination of cells."""
        wanted = {}  # cache key → combination
        for row in rows:
            cells = self._cells(lookup, row)
            if not self._no_cells(lookup, cells):
                key = (lookup.field, *(_plain(value) for value in cells.values()))
                if key not in self.lookup_cache:
                    wanted[key] = tuple(cells.values())
        if not wanted:
            return
        found = lookup.find_many(self.user, list(wanted.values()))
        for key, combination in wanted.items():
            if combination in found:  # one left out is asked of `find` by _look_up
                self.lookup_cache[key] = list(found[combination])[:2]

    @staticmethod
    def _cells(lookup: Lookup, row: _Row) -> dict:
        return {name: row.cells.get(name, row.values.get(name)) for name in lookup.names}

    @staticmethod
    def _no_cells(lookup: Lookup, cells: dict) -> bool:
        return all(cells[column.field] in (None, "") for column in lookup.own_columns)

    def _look_up(self, lookup: Lookup, row: _Row) -> None:
        cells = self._cells(lookup, row)
        columns = ", ".join(self.spec.header_of(name) for name in lookup.names if name in self.present)
        if self._no_cells(lookup, cells):
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

    def _key_values(self, key: tuple[str, ...], references: tuple[int, ...], values: dict):
        """The row's values of a key (a record by its pk), or None when one is missing; `references` are the
        positions of the key's references, the only values that can be records."""
        found = [values.get(name) for name in key]
        for i in references:
            if isinstance(found[i], models.Model):
                found[i] = found[i].pk
        if None in found:
            empty_in_key = self.spec.empty_in_key
            if any(
                value is None and name not in empty_in_key for name, value in zip(key, found, strict=True)
            ):
                return None
        elif len(found) == 1 and found[0].__class__ is str and not found[0]:
            return None
        return tuple(found)

    def _match(self, rows: list[_Row]) -> None:
        """Each row's record by the first natural key that finds one; two rows of one record are refused."""
        keys = self.spec.natural_keys
        meta = self.model._meta
        references = [
            tuple(i for i, name in enumerate(key) if meta.get_field(name).is_relation) for key in keys
        ]
        for row in rows:
            given = row.values
            row.key_values = tuple(
                self._key_values(key, refs, given) for key, refs in zip(keys, references, strict=True)
            )
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
        if any(None in values for values in wanted):
            nulls = {i for values in wanted for i, value in enumerate(values) if value is None}
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
            params = [SEPARATOR.join(map(str, column)) for column in zip(*wanted, strict=True)]
            if len(wanted) > 1 and all(joined.count(SEPARATOR) == len(wanted) - 1 for joined in params):
                # Each column as one text that the database splits: psycopg quotes a list into an array
                # value by value in Python, which took a third of the lookup. Values are the text forms
                # PostgreSQL reads back (ISO dates); a value holding the separator goes as an array.
                arrays = ", ".join(f"string_to_array(%s, chr(31))::{f.db_type(connection)}[]" for f in fields)
            else:
                arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
                params = [list(column) for column in zip(*wanted, strict=True)]
            rows = RawSQL(
                f"({columns}) IN (SELECT * FROM unnest({arrays}))", params, output_field=models.BooleanField()
            )
            return self._non_empty(queryset, names, {key[0] for key in wanted}).filter(rows).order_by("pk")
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
        names = tuple(values)
        plan = self.plans.get(names)
        if plan is None:
            plan = self.plans[names] = _Plan(self.model, names)
        if instance is None:
            result.action = "create"
            instance = plan.new(values)
            state, before = instance.__dict__, None
        else:
            result.action = "update"
            state = instance.__dict__
            before = [state.get(name) for name in plan.attnames]
            for name, value in values.items():
                setattr(instance, name, value if value is not None else plan.empty[name])
        if self.spec.prepare:
            self.spec.prepare(instance, values)
        row.instance = instance
        if before is not None and before == [state.get(name) for name in plan.attnames]:
            result.action = "unchanged"
            return False
        # A reference found by the import exists: validating it would ask the database once more per row.
        exclude = [
            name
            for name, attname in plan.references
            if isinstance(values[name], models.Model) and state.get(attname) == values[name].pk
        ]
        try:
            self._full_clean(instance, exclude)
            if self.spec.check:
                self.spec.check(instance, values)
        except ValidationError as error:
            self._refuse_invalid(row, error)
            return False
        return True

    def _full_clean(self, instance, exclude: list[str]) -> None:
        """The record's `full_clean(validate_unique=False, validate_constraints=False)`, step by step as
        Django takes it, except that a field's verdict on a value it has already judged in this import is
        reused: a file repeats its dates, first names and statuses thousands of times."""
        if self.cleaning is None:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            return
        errors = {}
        for name, attname, blank, empty_values, clean, verdicts in self.cleaning:
            if name in exclude:
                continue
            raw = getattr(instance, attname)
            if (blank and raw in empty_values) or isinstance(raw, DatabaseDefault):
                continue
            key = (raw.__class__, raw)  # 1 and True are one key to a dict, but not one value
            try:
                verdict = _MISSING if verdicts is None else verdicts.get(key, _MISSING)
            except TypeError:  # an unhashable value: judged every time
                verdict, verdicts = _MISSING, None
            if verdict is _MISSING:
                try:
                    verdict = clean(raw, instance)
                except ValidationError as error:
                    verdict = _kept(error)
                if verdicts is not None and len(verdicts) < VERDICTS:
                    verdicts[key] = verdict
            if isinstance(verdict, ValidationError):
                errors[name] = list(verdict.error_list)  # a copy: clean()'s errors are added to it
            elif verdict is not raw:
                setattr(instance, attname, verdict)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

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
                values = tuple(map(row.instance.__dict__.get, attnames))
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
                    if self.copy:
                        self.copy(creates)
                    else:
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
        pks = [row.instance.pk for row in rows]
        allowed = self._allowed(set(pks))
        for row, pk in zip(rows, pks, strict=True):
            if pk not in allowed:
                row.refuse(
                    _("row %(row)s: the record would be outside what you may change")
                    % {"row": row.result.number}
                )


class _WriteBehind:
    """Copies a chunk's history in a thread while the next chunk is validated.

    The database's part of an import is a third of it and Python's the rest, one after the other on one
    connection; on two cores they can overlap. Copying the history of a chunk (`_HistoryCopy`, an INSERT …
    SELECT of its new records) is all database and no Python, so a thread waits for it while the main
    thread validates the next chunk. (The COPY itself stays in the main thread: moved into the thread with
    the history it made a 100 000-row import no faster, 16.1 s against 15.8 s in alternate runs, as
    psycopg's formatting of the rows then takes turns with the validation for the interpreter.)

    The thread uses the import's own connection and transaction: psycopg lets two threads share a connection,
    a statement at a time. Only parts that never meet run together: the next chunk's reads (its references,
    its records) are done before the chunk is written, and its check against the database's unique values
    waits until the history is in. A statement the main thread makes meanwhile (a model's clean() that asks
    the database) waits for the copy; after a failed copy it raises the copy's error, as the transaction
    would refuse it anyway. The import's transaction does not end before the thread is done.
    """

    @dataclass
    class Writing:
        rows: list
        thread: threading.Thread | None = None

    def __init__(self, run: "_Run"):
        self.run, self.connection = run, run.copy.connection
        self.lock = threading.RLock()  # held by the thread for the whole copy
        self.error: BaseException | None = None
        self.started: list[_WriteBehind.Writing] = []

    @contextlib.contextmanager
    def running(self):
        self.connection.inc_thread_sharing()
        try:
            with self.connection.execute_wrapper(self._one_at_a_time):
                yield
        finally:
            for writing in self.started:  # whatever happened, nothing is written once the transaction ends
                writing.thread.join()
            self.connection.dec_thread_sharing()
            # The run and this hold each other: without this, the run's caches (every key and unique value of
            # the file, its references) would wait for the cycle collector, which an import pauses.
            self.run = None

    def _one_at_a_time(self, execute, sql, params, many, context):
        with self.lock:
            if self.error is not None:
                raise self.error
            return execute(sql, params, many, context)

    def start(self, rows: list[_Row]):
        """Writes the new records, then starts copying their history; what `finish` takes."""
        run, instances = self.run, [row.instance for row in rows]
        try:
            with transaction.atomic(using=self.connection.alias):
                run.copy(instances)
        except IntegrityError:  # a row the database refused: row by row, to name it, history and all
            for instance in instances:
                instance.pk, instance._state.adding = None, True
            run._write_each(rows, check=True)
            return rows
        if not run.history_copy:
            return rows
        writing = self.Writing(rows)
        pks = [instance.pk for instance in instances]
        writing.thread = threading.Thread(target=self._copy_history, args=[pks], name="import-history")
        self.started.append(writing)
        writing.thread.start()
        return writing

    def _copy_history(self, pks: list) -> None:
        run = self.run
        with self.lock:
            try:
                run.history_copy(pks, "+", run.user, run.reason)
            except BaseException as error:  # raised in the main thread, which ends the transaction
                self.error = error

    def finish(self, writing) -> list[_Row]:
        if isinstance(writing, self.Writing):
            writing.thread.join()
            self.started.remove(writing)
            writing = writing.rows
        if self.error is not None:
            raise self.error
        return writing


class _HistoryCopy:
    """Writes the history of a chunk's records by copying their rows in the database (INSERT … SELECT).

    The same historical rows as django-simple-history's bulk helpers write, without building a historical
    instance per row in Python or sending every value back to the database: a third of an import's time.
    Used only for a historical model of the usual shape; anything else goes through the helpers.
    """

    STANDARD = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}

    def __init__(self, model, history, connection):
        self.model, self.history, self.connection = model, history, connection
        self.pk_type = model._meta.pk.rel_db_type(connection)  # bigint for a BigAutoField, not bigserial
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
        if self.connection.vendor == "postgresql" and all(pk.__class__ is int for pk in pks):
            # One parameter, not 1 000, and as text: psycopg quotes a list value by value in Python.
            array = f"{{{','.join(map(str, pks))}}}"
            sql, params = self.sql.format(pks=f"= ANY(%s::{self.pk_type}[])"), [*params, array]
        elif self.connection.vendor == "postgresql":
            sql, params = self.sql.format(pks="= ANY(%s)"), [*params, list(pks)]
        else:
            sql, params = self.sql.format(pks=f"IN ({', '.join(['%s'] * len(pks))})"), [*params, *pks]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)


class _Copy:
    """Writes a chunk's new records with PostgreSQL's COPY instead of an INSERT.

    Most of an INSERT of a thousand rows is Python: Django preparing every value for the SQL, psycopg quoting
    each one into arrays. COPY takes the rows as they are. The ids are taken from the table's sequence first,
    so that the records have their pks for the history and the gate, as bulk_create() gives them. Values are
    those full_clean() left, prepared as bulk_create() prepares them (`pre_save()`, `get_db_prep_save()`),
    except where that changes nothing: a str or None of a CharField, a date of a DateField, an int of an
    integer field or of a reference. A row the database refuses (a check constraint) fails the whole COPY,
    as it fails an INSERT.
    """

    # Field classes (exactly these) whose get_db_prep_save() gives back a value of this type as it is.
    AS_IS = {
        models.AutoField: int,
        models.BigAutoField: int,
        models.BigIntegerField: int,
        models.BooleanField: bool,
        models.CharField: str,
        models.DateField: date,
        models.EmailField: str,
        models.IntegerField: int,
        models.PositiveBigIntegerField: int,
        models.PositiveIntegerField: int,
        models.PositiveSmallIntegerField: int,
        models.SlugField: str,
        models.SmallAutoField: int,
        models.SmallIntegerField: int,
        models.TextField: str,
        models.URLField: str,
    }

    def __init__(self, model, connection, sequence: str):
        meta, quote = model._meta, connection.ops.quote_name
        self.connection, self.sequence, self.pk = connection, sequence, meta.pk.attname
        fields = meta.concrete_fields
        # (field, the type sent as it is, whether pre_save() may change the value), in the order of COPY's
        self.fields = [(f, self._as_is(f), self._pre_saves(f)) for f in fields]
        self.read = operator.itemgetter(*(f.attname for f in fields))  # a record's row as a tuple, in C
        self.sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"

    @classmethod
    def of(cls, model, history: "_HistoryCopy | None") -> "_Copy | None":
        """The writer for a model's new records, if COPY can write them and their history is copied."""
        meta = model._meta
        connection = connections[router.db_for_write(model)]
        if (
            connection.vendor != "postgresql"
            or meta.parents  # a child of multi-table inheritance writes two tables
            or not isinstance(meta.pk, models.AutoField)
            or len(meta.concrete_fields) < 2  # nothing to copy but the id
            or any(f.generated or f.has_db_default() for f in meta.concrete_fields)  # no DEFAULT in COPY
            or (getattr(meta, "simple_history_manager_attribute", None) and history is None)
        ):
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [connection.ops.quote_name(meta.db_table), meta.pk.column],
            )
            (sequence,) = cursor.fetchone()
        return cls(model, connection, sequence) if sequence else None

    @classmethod
    def _as_is(cls, f) -> type | None:
        if type(f) is models.ForeignKey:
            return cls._as_is(f.target_field)
        return cls.AS_IS.get(type(f))

    @staticmethod
    def _pre_saves(f) -> bool:
        """Whether the field's pre_save() may give another value than the record holds (auto_now, a file)."""
        pre_save = type(f).pre_save
        if pre_save in (models.DateField.pre_save, models.DateTimeField.pre_save):
            return f.auto_now or f.auto_now_add
        return pre_save is not models.Field.pre_save

    def __call__(self, instances: list) -> None:
        connection = self.connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, len(instances)])
            for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
                setattr(instance, self.pk, pk)
            rows = [self.read(instance.__dict__) for instance in instances]
            # Values are prepared column by column, and only in a column that holds another type.
            prepare = [
                i
                for i, (_f, as_is, pre_saves) in enumerate(self.fields)
                if pre_saves
                or as_is is None
                or not set(map(type, map(operator.itemgetter(i), rows))) <= {as_is, type(None)}
            ]
            if prepare:
                rows = [list(row) for row in rows]
            for i in prepare:
                f, as_is, pre_saves = self.fields[i]
                for row, instance in zip(rows, instances, strict=True):
                    value = f.pre_save(instance, True) if pre_saves else row[i]
                    if as_is is None or (value is not None and value.__class__ is not as_is):
                        value = f.get_db_prep_save(value, connection)
                    row[i] = value
            with connection.wrap_database_errors, cursor.cursor.copy(self.sql) as copy:
                for row in rows:
                    copy.write_row(row)
        for instance in instances:
            instance._state.adding, instance._state.db = False, connection.alias


class _Plan:
    """How a row giving these fields becomes a record: the same for every row of a file, so worked out once.

    A new record gets what `Model(**values)` would give it, at a fraction of the cost: keywords are looked up
    field by field, and a reference is set through its descriptor. Here the values go into the record's
    attributes in one step (when nothing listens to the model's init signals and its attributes are plain)
    and a reference is set as its descriptor sets it, the router asked alike, though once per referenced
    record (a group's thirty students ask once); anything else unusual goes through Django's own paths,
    which also raise its errors.
    """

    def __init__(self, model, names: tuple[str, ...]):
        meta = model._meta
        fields = [meta.get_field(name) for name in names]
        self.model, self.names = model, names
        self.attnames = [getattr(f, "attname", name) for f, name in zip(fields, names, strict=True)]
        self.empty = {f.name: None if f.null else "" for f in fields}  # what an empty cell gives
        self.references = [(f.name, f.attname) for f in fields if f.many_to_one or f.one_to_one]
        concrete = meta.concrete_fields
        position = {f.name: i for i, f in enumerate(concrete)}
        self.positional = (
            all(name in position for name in names)
            and len(set(names)) == len(names)
            and not any(f.generated for f in concrete)
            and not any(f.one_to_one for f in fields)  # its descriptor also caches the other side
        )
        self.fields = [f.attname for f in concrete]
        self.direct = (
            not pre_init.has_listeners(model)
            and not post_init.has_listeners(model)
            and all(type(getattr(model, f.attname, None)) in PLAIN_ATTRIBUTES for f in concrete)
        )
        # A constant default is one object for every record in Django as well; a callable one is called.
        self.base, self.calls = [], []
        for i, f in enumerate(concrete):
            constant = not (f.has_default() and callable(f.default)) and not f.has_db_default()
            self.base.append(f.get_default() if constant and f.name not in names else None)
            if not constant and f.name not in names:
                self.calls.append((i, f.get_default))
        self.defaults = dict(zip(self.fields, self.base, strict=True))
        for i, _make in self.calls:
            del self.defaults[self.fields[i]]
        given = [f for f in fields if not f.many_to_one]
        self.given = [(position[f.name], f.name) for f in given]
        self.given_attnames = [f.attname for f in given]
        self.empties = [None if f.null else "" for f in given]
        # The row's values of these fields as a tuple, taken in C; itemgetter of one name gives a bare value.
        self.read = (
            operator.itemgetter(*(f.name for f in given))
            if len(given) > 1
            else lambda values, names=[f.name for f in given]: tuple(values[name] for name in names)
        )
        self.related = [
            (f, f.remote_field.model._meta.concrete_model, f.target_field.attname)
            for f in fields
            if f.many_to_one
        ]
        self.routed: dict = {}  # id(referenced record) → (the record, the new record's database, allowed)

    def new(self, values: dict):
        model, empty = self.model, self.empty
        if not self.positional:
            return model(
                **{name: value if value is not None else empty[name] for name, value in values.items()}
            )
        if self.direct:
            given = self.read(values)
            if None in given:
                given = [
                    value if value is not None else e for value, e in zip(given, self.empties, strict=True)
                ]
            instance = model.__new__(model)
            instance._state = ModelState()
            attributes = instance.__dict__
            attributes.update(self.defaults)
            for i, make in self.calls:
                attributes[self.fields[i]] = make()
            attributes.update(zip(self.given_attnames, given, strict=True))
        else:
            args = self.base.copy()
            for i, make in self.calls:
                args[i] = make()
            for i, name in self.given:
                value = values[name]
                args[i] = value if value is not None else empty[name]
            instance = model(*args)
        for f, related, target in self.related:
            value = values[f.name]
            state = instance._state
            if value is None and f.null:
                instance.__dict__[f.attname] = None
                state.fields_cache[f.cache_name] = None
                continue
            if isinstance(value, related) and value._state.db is not None:
                if state.db is None:
                    routed = self.routed.get(id(value))
                    if routed is None or routed[0] is not value:
                        state.db = router.db_for_write(model, instance=value)
                        routed = self.routed[id(value)] = (
                            value,
                            state.db,
                            router.allow_relation(value, instance),
                        )
                    state.db, allowed = routed[1], routed[2]
                else:
                    allowed = router.allow_relation(value, instance)
                if allowed:
                    instance.__dict__[f.attname] = getattr(value, target)
                    state.fields_cache[f.cache_name] = value
                    continue
            setattr(instance, f.name, value if value is not None else empty[f.name])
        return instance


# The attribute classes of plain fields: a value set in the record's __dict__ is what setattr() would set.
PLAIN_ATTRIBUTES = (DeferredAttribute, ForeignKeyDeferredAttribute)


def _cleaning(model) -> list | None:
    """The fields full_clean() checks, each with a dict for its verdicts when they depend on the value alone
    (None: asked every time, e.g. a reference, checked in the database); None for a model with its own
    `full_clean()` or `clean_fields()`, which are then called as they are."""
    if model.full_clean is not models.Model.full_clean or model.clean_fields is not models.Model.clean_fields:
        return None
    return [
        (f.name, f.attname, f.blank, f.empty_values, _judge(f), {} if type(f) in PURE_FIELDS else None)
        for f in model._meta.fields
        if not f.generated
    ]


def _judge(f) -> Callable:
    """The field's `clean(value, instance)`, shortened for a plain text field given a non-empty str.

    A column of distinct values (surnames, СНИЛС) finds no verdict to reuse, and Django's clean() of each is
    a to_python(), a validate() and a loop over the validators, each call guarded: about half a second of
    CPU in a 100 000-row import. For a CharField or TextField without choices, a non-empty str is valid
    exactly when it fits the length and holds no NUL (the two validators Django gives it) and the field's
    other validators pass; otherwise clean() itself is asked, so that the error is Django's, word for word."""
    if type(f) not in (models.CharField, models.TextField) or f.choices:
        return f.clean
    clean, limit = f.clean, f.max_length
    others = [
        validator
        for validator in f.validators
        if not isinstance(validator, MaxLengthValidator | ProhibitNullCharactersValidator)
    ]
    if any(v.limit_value != limit for v in f.validators if isinstance(v, MaxLengthValidator)):
        return clean  # a length validator of its own: left to clean()

    def judge(value, instance):
        if (
            value.__class__ is not str
            or not value
            or (limit is not None and len(value) > limit)
            or "\x00" in value
        ):
            return clean(value, instance)
        try:
            for validator in others:
                validator(value)
        except ValidationError:
            return clean(value, instance)
        return value

    return judge


# Field classes (exactly these, not subclasses) whose clean() depends on the value alone: conversion, choices,
# blank and null, and validators, which Django calls with the value only.
PURE_FIELDS = {
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.DecimalField,
    models.EmailField,
    models.IntegerField,
    models.PositiveBigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.SmallIntegerField,
    models.TextField,
    models.TimeField,
    models.URLField,
    models.UUIDField,
}


def _kept(error: Exception) -> Exception:
    """An error kept for other rows, without its traceback: that holds the frames that raised it, and their
    records, alive, and makes a reference cycle that waits for the collector (paused during an import)."""
    error.__traceback__ = None
    return error


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
