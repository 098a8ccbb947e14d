"""The shared form partial links help and errors to their field the way Django's widgets expect
(`aria-describedby="<id>_helptext <id>_error"`, `aria-invalid`); the help stays on an error."""

from django import forms
from django.template.loader import render_to_string


class PostcodeForm(forms.Form):
    postcode = forms.CharField(max_length=5, help_text="Five digits.")
    note = forms.CharField(required=False)


def rendered(data=None) -> str:
    form = PostcodeForm(data)
    if data is not None:
        form.is_valid()
    return render_to_string("partials/_form_fields.html", {"form": form})


def test_help_text_has_the_id_the_widget_names():
    html = rendered()
    assert 'aria-describedby="id_postcode_helptext"' in html
    assert 'id="id_postcode_helptext"' in html
    assert '_help"' not in html


def test_an_error_is_linked_and_the_help_stays():
    html = rendered({"postcode": "123456"})
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in html
    assert 'id="id_postcode_error"' in html
    assert html.count('id="id_postcode_error"') == 1
    assert "Five digits." in html


def test_a_field_without_help_or_error_describes_nothing():
    html = rendered()
    assert 'name="note"' in html
    assert "id_note_helptext" not in html
    assert "id_note_error" not in html
