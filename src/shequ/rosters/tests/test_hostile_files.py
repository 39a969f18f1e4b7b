"""Files that are not rosters, or that would expand far past one, are refused before any
spreadsheet library reads them, with a message in Chinese that says what to do — on the
web page, over the API and on the command line. The hostile files are built here, small."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.translation import override
from openpyxl import Workbook

from shequ.core.errors import DomainError
from shequ.rosters import bounds, reading
from shequ.rosters.models import ImportJob, JobState

from .conftest import HEADER, row


@pytest.fixture(autouse=True)
def _chinese():
    with override("zh-hans"):
        yield


class _ReaderCalled(Exception):
    pass


@pytest.fixture
def no_reader(monkeypatch):
    """The spreadsheet library must not be reached: reaching it fails the test (instead of
    allocating hundreds of GiB as it would for the real file)."""

    class Refusing:
        @staticmethod
        def from_path(*a, **k):
            raise _ReaderCalled

        from_filelike = from_path

    monkeypatch.setattr(reading, "CalamineWorkbook", Refusing)


def _corner_book(tmp_path, corner: str, name="corner.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "姓名"
    ws[corner] = "x"
    path = tmp_path / name
    wb.save(path)
    return path


def _is_chinese_advice(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message) and "EOCD" not in message \
        and "Zip" not in message and "calamine" not in message.lower()


@pytest.mark.parametrize("corner", ["XFD1048576", "Z1000000"])
def test_a_far_corner_cell_is_refused_before_the_reader(tmp_path, no_reader, corner):
    """A1 plus one cell at XFD1048576 (a 512 GiB grid) or Z1000000 (26 M cells) is refused
    from the zip's XML alone, with the grid's size and how to fix it."""
    # given a tiny workbook whose last filled cell is far away
    path = _corner_book(tmp_path, corner)
    assert path.stat().st_size < 10_000
    # when
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    # then
    assert caught.value.code == "file_too_large"
    assert "Ctrl+End" in caught.value.message and _is_chinese_advice(caught.value.message)


def test_a_zip_that_expands_past_the_limit_is_refused_before_the_reader(tmp_path, no_reader,
                                                                          monkeypatch):
    """A workbook whose members decompress to more than MAX_UNCOMPRESSED is refused (here
    the limit is lowered to 1 MB so the file stays small)."""
    # given a workbook with 3 MB of highly compressible XML in its sheet
    monkeypatch.setattr(bounds, "MAX_UNCOMPRESSED", 1024 * 1024)
    wb = Workbook()
    ws = wb.active
    for i in range(1, 3001):
        ws.cell(row=i, column=1, value="重复" * 500)
    path = tmp_path / "bomb.xlsx"
    wb.save(path)
    assert path.stat().st_size < 200_000
    # when
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    # then
    assert caught.value.code == "file_too_large"
    assert _is_chinese_advice(caught.value.message)


def test_repeated_rows_in_an_ods_count_towards_the_grid(tmp_path, no_reader):
    """An .ods row repeated a million times with a value in it is a million rows."""
    # given
    content = (
        b'<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" '
        b'xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S">'
        b'<table:table-row table:number-rows-repeated="1000000">'
        b'<table:table-cell table:number-columns-repeated="20"><text:p>1</text:p>'
        b"</table:table-cell></table:table-row></table:table></office:spreadsheet>"
        b"</office:body></office:document-content>")
    path = tmp_path / "repeat.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", bounds.ODS_MIMETYPE)
        zf.writestr("content.xml", content)
    # when / then
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    assert caught.value.code == "file_too_large"


def test_styled_empty_cells_do_not_count(tmp_path):
    """Formatting far away (an empty cell with a style) is not data: the roster reads."""
    # given a roster with a bold but empty cell at XFD1048576
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(row(1))
    ws["XFD1048576"].font = Font(bold=True)
    path = tmp_path / "styled.xlsx"
    wb.save(path)
    # when
    rows = reading.read_rows(path)
    # then
    assert len(rows) == 2 and rows[0][:2] == ["序号", "姓名"]


def test_rows_keep_their_excel_numbers_when_the_sheet_starts_low(tmp_path):
    """Reading from the first filled cell still gives row i as Excel row i + 1."""
    # given a header on C4
    wb = Workbook()
    ws = wb.active
    for j, h in enumerate(HEADER):
        ws.cell(row=4, column=3 + j, value=h)
    path = tmp_path / "low.xlsx"
    wb.save(path)
    # when
    rows = reading.read_rows(path)
    # then
    assert len(rows) == 4 and rows[3][2:4] == ["序号", "姓名"]


@pytest.mark.parametrize("content,name", [
    (b"%PDF-1.4 not a workbook at all" * 10, "roster.xlsx"),
    (b"<html><body>roster</body></html>", "roster.xls"),
])
def test_a_renamed_file_gets_a_chinese_message_saying_what_to_do(tmp_path, content, name):
    """A PDF or a web page renamed to .xlsx/.xls: no library English, advice in Chinese."""
    # given
    path = tmp_path / name
    path.write_bytes(content)
    # when
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    # then
    assert caught.value.code == "file_unreadable"
    assert "另存为" in caught.value.message and _is_chinese_advice(caught.value.message)


def test_a_word_document_renamed_xlsx_is_named_as_not_a_workbook(tmp_path):
    """A .docx is a zip too; it is told apart from a workbook by its parts."""
    # given
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    # when / then
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    assert caught.value.code == "file_unreadable" and _is_chinese_advice(caught.value.message)


def test_the_cli_says_it_in_chinese(tmp_path, tree):
    """shequ import-residents: the refusal names the code and the advice, no library text."""
    # given
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"plain text, renamed")
    # when
    with pytest.raises(CommandError) as caught:
        call_command("import-residents", str(path), "--community", tree.community.code)
    # then
    assert str(caught.value).startswith("file_unreadable: ")
    assert _is_chinese_advice(str(caught.value))


def test_a_hostile_upload_fails_the_job_cleanly_over_the_api(api, tree, tmp_path, no_reader,
                                                             django_capture_on_commit_callbacks):
    """POST /api/v1/rosters/imports with A1 + XFD1048576: the job ends failed with the
    Chinese reason, never stuck in checking, and the reader is never reached."""
    # given
    path = _corner_book(tmp_path, "XFD1048576")
    # when
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as fh:
        response = api.post("/api/v1/rosters/imports",
                            {"file": fh, "community": tree.community.code})
    # then
    assert response.status_code == 201
    job = ImportJob.objects.get()
    assert job.state == JobState.FAILED and "Ctrl+End" in job.message
    status = api.get(f"/api/v1/rosters/imports/{job.pk}").json()
    assert status["state"] == "failed" and _is_chinese_advice(status["message"])


def test_a_renamed_upload_shows_the_advice_on_the_job_page(client, staff, tree,
                                                           django_capture_on_commit_callbacks):
    """The web job page shows the same advice."""
    # given
    client.force_login(staff)
    upload = io.BytesIO(b"just some text")
    upload.name = "roster.xlsx"
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rosters:upload"),
                               {"community": tree.community.pk, "file": upload,
                                "mode": "valid-rows"})
    # then
    job = ImportJob.objects.get()
    page = client.get(response.url).content.decode()
    assert job.state == JobState.FAILED and "另存为" in page and "EOCD" not in page


def test_a_csv_of_blank_lines_is_bounded(tmp_path, monkeypatch):
    """A CSV is bounded while it is read (blank lines count as rows)."""
    # given
    monkeypatch.setattr(bounds, "MAX_ROWS", 1000)
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\r\n" * 5000)
    # when / then
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    assert caught.value.code == "file_too_large"


def test_cells_without_references_are_counted_by_position(tmp_path, no_reader):
    """Cells may omit r="…" (each takes the next column): 20,000 of them in one row are
    20,000 columns, found by the tag-by-tag scan."""
    # given a hand-written workbook whose only row has 20,000 unreferenced cells
    sheet = (b'<worksheet><sheetData><row r="1">' + b"<c><v>1</v></c>" * 20_000
             + b"</row></sheetData></worksheet>")
    path = tmp_path / "norefs.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    # when / then
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    assert caught.value.code == "file_too_large" and "20,000" in caught.value.message


def test_a_corrupt_member_is_named_unreadable(tmp_path, no_reader):
    """A workbook whose sheet's compressed bytes are damaged: unreadable, with advice."""
    # given a valid workbook with bytes of its sheet overwritten
    path = _corner_book(tmp_path, "B2")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    # when / then
    with pytest.raises(DomainError) as caught:
        reading.read_rows(path)
    assert caught.value.code == "file_unreadable" and _is_chinese_advice(caught.value.message)


def test_a_missing_file_is_named_on_the_cli(tmp_path, tree):
    """shequ import-residents with a path that does not exist: a message, not a traceback."""
    # when
    with pytest.raises(CommandError) as caught:
        call_command("import-residents", str(tmp_path / "nope.xlsx"), "--community",
                     tree.community.code)
    # then
    assert str(caught.value).startswith("file_missing: ") and "nope.xlsx" in str(caught.value)
