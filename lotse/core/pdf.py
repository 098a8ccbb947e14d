"""PDFs with every name: one TTF font shipped in the repository, and right-to-left shaping.

`lotse/core/fonts/` holds DejaVu Sans (regular and bold; its licence beside it: the Bitstream Vera
licence, free to use and redistribute), which covers Latin with every diacritic ("Nguyễn",
"Łukasz"), Cyrillic, Greek and Arabic. reportlab neither shapes Arabic nor orders right-to-left
text, so `shaped(text)` does both (arabic-reshaper joins the letters, python-bidi puts a line in
visual order) before a text is drawn.
"""

import functools
import re
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
# Hebrew, Arabic, Syriac, Thaana, N'Ko and the Arabic presentation forms
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@functools.cache
def fonts_register() -> tuple[str, str]:
    """Register the shipped fonts with reportlab once; returns (regular, bold) names."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    return FONT, BOLD


def shaped(text: str) -> str:
    """`text` ready to draw: a line with right-to-left script joined and in visual order; any
    other text unchanged."""
    text = str(text)
    if not RIGHT_TO_LEFT.search(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


class PageWriter:
    """A simple flowing page writer on A4: lines wrapped to the page width, each shaped for its
    script, new pages as needed (the dossier's cover and the procedure's letters)."""

    def __init__(self, buffer, title: str):
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.pdfgen.canvas import Canvas

        self.font, self.bold = fonts_register()
        self.canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
        self.canvas.setTitle(title)
        self.width, self.height = A4
        self.margin = 20 * mm
        self.left, self.right = self.margin, self.width - self.margin
        self.y = self.height - self.margin

    def line(self, text: str, *, size: float = 10, bold: bool = False, indent: float = 0) -> None:
        font = self.bold if bold else self.font
        for part in self._wrap(str(text), font, size, self.right - self.left - indent):
            if self.y < self.margin:
                self.page()
            self.canvas.setFont(font, size)
            self.canvas.drawString(self.left + indent, self.y, shaped(part))
            self.y -= size * 1.45

    def gap(self, size: float = 6) -> None:
        self.y -= size

    def page(self) -> None:
        """Go on on a new page."""
        self.canvas.showPage()
        self.y = self.height - self.margin

    @staticmethod
    def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lines = []
        for paragraph in text.splitlines() or [""]:
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if stringWidth(candidate, font, size) <= width or not current:
                    current = candidate
                else:
                    lines.append(current)
                    current = word
            lines.append(current)
        return lines

    def finish(self) -> None:
        self.canvas.showPage()
        self.canvas.save()
