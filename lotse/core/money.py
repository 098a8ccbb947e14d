"""Amounts of money as people read them in the page's language: "52.000 €" in German, "€52,000"
in English. Cents show only where there are some. The space before the German euro sign does not
break, so an amount never wraps between number and currency."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

NBSP = "\u00a0"
# (thousands separator, decimal separator, pattern) per language; German is the default.
STYLES = {
    "de": (".", ",", "{number}" + NBSP + "€"),
    "en": (",", ".", "€{number}"),
}


def money(value, language: str | None = None) -> str:
    """`value` (Decimal, int, float or numeric string) in euros for `language` (default: the active
    language); "" for None or "", the value itself when it is not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    lang = (language or translation.get_language() or "de")[:2]
    thousands, decimal, pattern = STYLES.get(lang, STYLES["de"])
    number = _grouped(abs(amount), thousands, decimal)
    return ("-" if amount < 0 else "") + pattern.format(number=number)


def _grouped(amount: Decimal, thousands: str, decimal: str) -> str:
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, fraction = f"{cents:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = thousands.join([whole, *groups])
    return text if fraction == "00" else text + decimal + fraction
