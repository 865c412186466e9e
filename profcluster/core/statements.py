"""Reads compiled by the ORM once and run again with another set of rows to read over.

Building and compiling an aggregate queryset costs more Python than the database spends running it when the
set is small (a KPI board of a region at scale 1.0: about 50 ms of ORM work against 70 ms of SQL for the
whole page). A page that runs the same aggregates for other clusters, users or regions can compile them once
with a `Slot` where the set's subquery goes, keep the `Statement` and run it with the set's own SQL filled in.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.expressions import RawSQL

# A comment, so that the text is found in the compiled SQL whatever the ORM puts around it.
SLOT_SQL = "/* statements:slot */"
_PLACEHOLDER = re.compile(r"%%|%s")


class Slot(RawSQL):
    """A stand-in for the subquery of a set, as in `.filter(cluster__in=Slot())`, filled by Statement.run."""

    def __init__(self):
        super().__init__(SLOT_SQL, ())


def _count_params(sql: str) -> int:
    return sum(1 for match in _PLACEHOLDER.finditer(sql) if match.group() == "%s")


@dataclass(frozen=True)
class Statement:
    """One read: its SQL and parameters (None: the ORM found it empty, nothing to run), the database alias
    and how its rows become the caller's value."""

    sql: str | None
    params: tuple
    using: str
    read: Callable[[list], Any]

    def run(self, fill: tuple[str, tuple] | None = None):
        """The value of the read, with `fill` (the SQL and parameters of a set) wherever a Slot stands."""
        if self.sql is None:
            return self.read([])
        sql, params = self.sql, self.params
        if SLOT_SQL in sql:
            if fill is None:
                raise ValueError("the statement has a slot and nothing to fill it with")
            sql, params = _filled(sql, params, fill)
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self.read(rows)


def _filled(sql: str, params: tuple, fill: tuple[str, tuple]) -> tuple[str, tuple]:
    fill_sql, fill_params = fill
    pieces = sql.split(SLOT_SQL)
    out_params: list = []
    taken = 0
    for piece in pieces[:-1]:
        count = _count_params(piece)
        out_params += params[taken : taken + count]
        out_params += fill_params
        taken += count
    out_params += params[taken:]
    return fill_sql.join(pieces), tuple(out_params)


def compiled(queryset, read: Callable[[list], Any] = list) -> Statement:
    """The queryset's SQL as its own iteration would run it; `read` gets its rows as tuples with the ORM's
    converters applied (Decimal sums on SQLite, for one), in the order of the queryset's columns."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return Statement(None, (), queryset.db, lambda rows: read([]))

    # Columns the ORM adds for its own use (ordering a DISTINCT) are cut off, as its iteration does.
    width = compiler.col_count if compiler.has_extra_select else None

    def converted(rows):
        if width is not None:
            rows = [row[:width] for row in rows]
        return read([tuple(row) for row in compiler.results_iter([rows])])

    return Statement(sql, tuple(params), queryset.db, converted)


def values_names(queryset) -> list[str]:
    """The names a `.values()` queryset gives its columns, in the order `compiled` reads them."""
    query = queryset.query
    return [*query.extra_select, *query.values_select, *query.annotation_select]


def fill_of(queryset) -> tuple[str, tuple] | None:
    """The SQL and parameters of the set's primary keys, to fill a Slot; None for an empty set."""
    # A slice keeps its order, which says which rows it takes.
    ids = (queryset if queryset.query.is_sliced else queryset.order_by()).values("pk")
    query = ids.query
    try:
        sql, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return None
    return sql, tuple(params)
