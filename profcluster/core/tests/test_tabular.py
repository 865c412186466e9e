"""Reading uploaded tables: empty rows dropped, short rows padded, the cycle collector back on afterwards."""

import gc

from profcluster.core.tabular import read_table


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
