"""Reading uploaded tables: empty rows dropped, short rows padded, the cycle collector back on afterwards and
what its pauses left behind collected in time."""

import gc
import weakref

from profcluster.core import tabular
from profcluster.core.tabular import gc_paused, read_table


def test_it_drops_empty_rows_and_pads_short_ones():
    table = read_table("ИНН;Вид;Регион\n2225010058;колледж;22\n;;\n2225010065;колледж\n".encode(), "a.csv")
    assert table.headers == ["ИНН", "Вид", "Регион"]
    assert table.rows == [["2225010058", "колледж", "22"], ["2225010065", "колледж", None]]


def test_it_reads_an_empty_xlsx_cell_as_none_and_collects_garbage_again():
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ИНН", "Вид"])
    book.active.append(["2225010058", None])
    book.active.append([None, None])
    content = BytesIO()
    book.save(content)
    assert read_table(content.getvalue(), "a.xlsx").rows == [["2225010058", None]]
    assert gc.isenabled()


class Node:
    """A record in a reference cycle, as a pause may leave one behind."""

    def __init__(self):
        self.me = self


def cycle_left_in_a_pause() -> weakref.ref:
    with gc_paused():
        return weakref.ref(Node())


def test_a_cycle_left_behind_in_a_pause_is_collected_once_enough_is_set_aside(monkeypatch):
    # A pause freezes every object alive, and the test process alone may hold more than the real limit.
    monkeypatch.setattr(tabular, "FROZEN_LIMIT", 10**12)
    kept = cycle_left_in_a_pause()
    gc.collect()  # set aside, the collector does not see it
    assert kept() is not None
    with gc_paused():  # few objects set aside: the pause does not walk them
        pass
    assert kept() is not None
    monkeypatch.setattr(tabular, "FROZEN_LIMIT", 0)
    with gc_paused():  # more than the limit: handed back and collected before the pause
        assert kept() is None
    assert gc.isenabled()
