"""The dashboard's charts, drawn once on the server with reportlab's graphics: the same drawing
renders as SVG for the page and goes into the yearly PDF report. Each chart draws one table
(`tables.py`), which the page shows beside it for those who do not see the chart."""

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from lotse.stats.tables import Table

WIDTH, HEIGHT = 640, 300
# KERN UX's blue, then distinguishable companions (checked for contrast on white).
PALETTE = [
    colors.HexColor("#0b5ca8"),
    colors.HexColor("#2e7d32"),
    colors.HexColor("#b3261e"),
    colors.HexColor("#6b4fa0"),
]


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _legend(drawing: Drawing, names: list[str], x: float, y: float) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontSize = 9
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 150
    legend.colorNamePairs = list(zip(PALETTE, names, strict=False))
    drawing.add(legend)


def _scale(chart, series: list[list[float]]) -> None:
    top = max([max(values, default=0) for values in series] + [1])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.1 if top > 1 else 1
    chart.valueAxis.labels.fontSize = 8


def bars(table: Table, columns: list[int], *, horizontal: bool = False) -> Drawing:
    """Bars of `columns` of `table`, one group per row (its first cell names it)."""
    series = [[_number(value) for value in table.column(index)] for index in columns]
    drawing = Drawing(WIDTH, HEIGHT)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (200, 40) if horizontal else (50, 60)
    chart.width = WIDTH - chart.x - 20
    chart.height = HEIGHT - chart.y - 50
    chart.data = series or [[0]]
    chart.categoryAxis.categoryNames = [str(name) for name in table.column(0)]
    chart.categoryAxis.labels.fontSize = 8
    if not horizontal:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    for index, colour in enumerate(PALETTE[: len(series)]):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    _scale(chart, series)
    drawing.add(chart)
    _legend(drawing, [table.headers[index] for index in columns], WIDTH - 10, HEIGHT - 10)
    return drawing


def lines(table: Table, columns: list[int]) -> Drawing:
    """Lines of `columns` of `table` over its rows (years)."""
    series = [[_number(value) for value in table.column(index)] for index in columns]
    drawing = Drawing(WIDTH, HEIGHT)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 50, 40, WIDTH - 70, HEIGHT - 90
    chart.data = series if table.rows else [[0]]
    chart.categoryAxis.categoryNames = [str(name) for name in table.column(0)] or [""]
    chart.categoryAxis.labels.fontSize = 8
    for index, colour in enumerate(PALETTE[: len(series)]):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 2
    _scale(chart, series)
    drawing.add(chart)
    _legend(drawing, [table.headers[index] for index in columns], WIDTH - 10, HEIGHT - 10)
    return drawing


def empty(text: str) -> Drawing:
    drawing = Drawing(WIDTH, 60)
    drawing.add(String(10, 30, text, fontSize=11))
    return drawing


# Which chart draws which table: (kind, columns).
CHARTS = {
    "course": ("bars", [1, 2, 3, 4]),
    "years": ("lines", [1, 2]),
    "funnel": ("hbars", [1]),
    "durations": ("hbars", [2, 3]),
    "deadlines": ("hbars", [4]),
    "quality": ("bars", [1]),
    "titles": ("bars", [1, 2]),
    "backlog": ("hbars", [1]),
    "welcome": ("bars", [2, 3, 6]),
    "welcome_kinds": ("hbars", [2, 3]),
}


def chart_for(table: Table) -> Drawing:
    kind, columns = CHARTS[table.key]
    if kind == "lines":
        return lines(table, columns)
    return bars(table, columns, horizontal=kind == "hbars")


def svg(drawing: Drawing) -> str:
    return renderSVG.drawToString(drawing)
