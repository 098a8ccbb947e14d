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
