"""The yearly report as PDF: every dashboard table with its chart (the same reportlab drawings the
page shows as SVG) and the definitions of the terms. Counts only: no name of a person or a case
appears, so reportlab's standard fonts (which cover German) suffice."""

import io
from html import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lotse.stats.charts import chart_for
from lotse.stats.definitions import FIGURES, OFFER_FIGURES, STAGES, TERMS
from lotse.stats.tables import TABLE_KEYS

GRID = TableStyle(
    [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
)


def _scaled(drawing, width: float):
    factor = width / drawing.width
    drawing.scale(factor, factor)
    drawing.width, drawing.height = drawing.width * factor, drawing.height * factor
    return drawing


def report_pdf(*, tables: dict, scope_name: str, year: int) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Yearly report %(year)s") % {"year": year},
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    width = A4[0] - 4 * cm
    story = [
        Paragraph(_("Yearly report %(year)s") % {"year": year}, styles["Title"]),
        Paragraph(
            _("Accelerated skilled-worker procedure (§ 81a AufenthG): %(scope)s")
            % {"scope": escape(scope_name)},
            styles["Normal"],
        ),
        Spacer(1, 0.5 * cm),
    ]
    for key in TABLE_KEYS:
        table = tables[key]
        story.append(Paragraph(escape(table.caption), styles["Heading2"]))
        story.append(_scaled(chart_for(table), width))
        cells = [table.headers] + [
            ["–" if value is None else str(value) for value in row] for row in table.rows
        ]
        story.append(Table(cells, style=GRID, repeatRows=1))
        if table.definition:
            story.append(Paragraph(escape(table.definition), styles["Italic"]))
        story.append(Spacer(1, 0.4 * cm))
    story.append(Paragraph(_("What the figures count"), styles["Heading2"]))
    for label, text in [
        *((figure.label, figure.definition) for figure in FIGURES),
        *((stage.label, stage.definition) for stage in STAGES),
        *((_("Duration, median, 80th percentile"), TERMS["durations"]),),
        (_("Statutory deadlines kept"), TERMS["deadlines"]),
        (_("Backlog"), TERMS["backlog"]),
        (_("Partner"), TERMS["scope"]),
        *((figure.label, figure.definition) for figure in OFFER_FIGURES),
        (_("The Welcome Center's offers"), TERMS["offers"]),
    ]:
        story.append(
            Paragraph(f"<b>{escape(str(label))}</b>: {escape(str(text))}", styles["Normal"])
        )
    document.build(story)
    return buffer.getvalue()
