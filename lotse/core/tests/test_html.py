"""The short way of escaping gives Django's text for every kind of value."""

import pytest
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from lotse.core.html import escaped


@pytest.mark.parametrize(
    "value",
    ["plain", "<b>&\"'", mark_safe("<b>kept</b>"), gettext_lazy("present"), 42, None, ""],
)
def test_escaped_is_conditional_escape(value):
    assert escaped(value) == str(conditional_escape(value))
    assert type(escaped(value)) in (str, type(mark_safe("")))
