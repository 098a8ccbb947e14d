"""Every dashboard table as CSV or XLSX, both written row by row: the CSV streams to the client;
the XLSX writer (`constant_memory`) keeps one row in memory and writes the workbook to a
temporary file, which is then streamed — memory stays constant however long a table grows."""

import csv
import tempfile

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils.text import slugify

from lotse.stats.tables import Table


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    return "" if value is None else value


def table_csv(table: Table, *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # so that spreadsheet programs read the umlauts as UTF-8
        yield writer.writerow(table.headers)
        for row in table.rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    return response


def table_xlsx(table: Table, *, filename: str) -> FileResponse:
    spooled = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(spooled, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(slugify(table.key)[:31] or "table")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, table.headers, bold)
    for number, row in enumerate(table.rows, start=1):
        sheet.write_row(number, 0, [_cell(value) for value in row])
    workbook.close()
    spooled.seek(0)
    return FileResponse(
        spooled,
        as_attachment=True,
        filename=f"{slugify(filename)}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


FORMATS = {"csv": table_csv, "xlsx": table_xlsx}
