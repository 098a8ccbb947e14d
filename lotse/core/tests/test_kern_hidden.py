"""The renderer writes hidden inputs itself: the markup must be Django's, attribute for attribute."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from lotse.core.kern import KernFormRenderer


class StepLike(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput(attrs={"data-on": True, "data-off": False, "class": 'a"b'})
    )
    note = forms.CharField(widget=forms.HiddenInput)


@pytest.mark.parametrize("data", [None, {"version": "8", "note": "<b>&"}, {"version": ""}])
def test_hidden_inputs_are_djangos_markup(data):
    ours = StepLike(data=data, initial={"version": 8}, renderer=KernFormRenderer())
    djangos = StepLike(data=data, initial={"version": 8}, renderer=DjangoTemplates())
    written = [str(field) for field in ours.hidden_fields()]
    assert written == [str(field) for field in djangos.hidden_fields()]
    assert 'class="a&quot;b"' in written[0] and " data-on" in written[0]
    assert "data-off" not in written[0]
