"""Reading uploaded tables (XLSX, CSV) the way Russian offices produce them, with limits against abuse."""

import contextlib
import csv
import gc
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

MAX_BYTES = 10 * 1024 * 1024
# A college's whole contingent list in one file; checked in chunks, so memory stays well under 1 GiB.
MAX_ROWS = 100_000
# An XLSX is a zip: a small file that unpacks to gigabytes is refused before it is read.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_UNPACK_RATIO = 100


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why, in Russian, for the person who sent it."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # values as read: str, int, float, date/datetime, bool or None
    first_row_number: int = 2  # spreadsheet row number of rows[0], for messages


# Objects set aside by earlier pauses (every object alive when one ended: still in use, or reference cycles
# left behind) past which a pause first hands them back to the collector: about six times what a worker holds
# before its first import (160 000), so that its memory stays bounded, while an import's own table, set aside
# as it was read, is not walked again when the import begins (0.1 s for 100 000 rows).
FROZEN_LIMIT = 1_000_000


@contextlib.contextmanager
def gc_paused():
    """Python's cycle collector paused while a big table is read or imported.

    The hundred thousand rows, records and results made then are not garbage, yet each full collection walks
    every one of them: a third of an import's Python time. Reference counting still frees all the rest at
    once; the few reference cycles wait. The collector is the process's, so a thread running alongside waits
    with it, for the seconds an import takes.

    At the end the objects made meanwhile are frozen (set aside from collection) rather than handed to the
    collector: its next pass would walk every one of them — the table and the results, still in use by the
    caller — only to find them alive (0.3 s after a 100 000-row import). Reference counting frees them as
    usual, but a reference cycle among them would stay set aside for the life of the process: a pause that
    finds more than `FROZEN_LIMIT` objects set aside hands them back and collects first.
    """
    if not gc.isenabled():
        yield  # paused already, by whoever enables it again
        return
    gc.disable()
    if gc.get_freeze_count() > FROZEN_LIMIT:
        gc.unfreeze()
        gc.collect()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def read_table(content: bytes, filename: str) -> Table:
    with gc_paused():
        return _read_table(content, filename)


def _read_table(content: bytes, filename: str) -> Table:
    if len(content) > MAX_BYTES:
        raise TableError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.endswith(".csv"):
        rows = _read_csv(content)
    else:
        raise TableError(_("Only XLSX and CSV files are accepted."))
    # Both readers give None for an empty cell: a row of Nones only is empty (counted in C, row by row).
    rows = [row for row in rows if row.count(None) != len(row)]
    if not rows:
        raise TableError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise TableError(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    headers = [str(value or "").strip() for value in rows[0]]
    width = len(headers)
    body = [row if len(row) == width else list(row[:width]) + [None] * (width - len(row)) for row in rows[1:]]
    return Table(headers, body)


def _read_xlsx(content: bytes) -> list[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        raise TableError(_("The file is not a valid XLSX workbook.")) from None
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_UNPACK_RATIO * max(len(content), 1):
        raise TableError(_("The workbook unpacks to too much data and is refused."))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        # Calamine gives "" for an empty cell; most rows have none, which `in` finds in C.
        return [[None if value == "" else value for value in row] if "" in row else row for row in rows]
    except (CalamineError, ValueError) as error:
        raise TableError(_("The workbook cannot be read: %(error)s") % {"error": error}) from None


def _read_csv(content: bytes) -> list[list]:
    # UTF-8 (with or without a byte-order mark) first; Excel in Russian Windows saves CSV as Windows-1251.
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("The file's encoding is neither UTF-8 nor Windows-1251."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return [
        [cell if cell != "" else None for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
