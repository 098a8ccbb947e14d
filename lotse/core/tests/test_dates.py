import datetime

import pytest
from django.utils import dateformat, translation
from django.utils.formats import get_format

from lotse.core.dates import date_text, formatter

MOMENTS = [
    datetime.datetime(2026, 11, 30, 5, 7, tzinfo=datetime.UTC),
    datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC),
    datetime.datetime(999, 12, 9, 23, 59, tzinfo=datetime.UTC),
    datetime.datetime(2027, 3, 28, 1, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
]
DAYS = [moment.date() for moment in MOMENTS] + [datetime.date(2026, m, 1) for m in range(1, 13)]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "name", ["DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"]
)
def test_the_platforms_formats_read_as_djangos(language, name):
    with translation.override(language):
        format_string = get_format(name)
        values = MOMENTS + (DAYS if "TIME" not in name else [])
        for value in values:
            assert formatter(format_string)(value) == dateformat.format(value, format_string)
            assert date_text(value, name) == dateformat.format(value, format_string)


@pytest.mark.parametrize("format_string", ["l, jS F Y", r"\d\e\n j.n.y", "D d M Y P", "c"])
def test_any_other_letter_is_left_to_django(format_string):
    with translation.override("en"):
        for value in MOMENTS:
            assert formatter(format_string)(value) == dateformat.format(value, format_string)


def test_a_date_with_a_time_format_is_refused_as_django_refuses_it():
    with pytest.raises(TypeError):
        formatter("d.m.Y, H:i")(datetime.date(2026, 11, 30))
