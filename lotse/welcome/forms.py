from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.welcome.models import Event, EventKind, InfoPage, Slot

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    email = forms.CharField(label=_("E-mail address"), max_length=254)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online link"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title_de",
            "title_en",
            "description_de",
            "description_en",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "audience",
        ]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}


class InfoPageForm(forms.ModelForm):
    class Meta:
        model = InfoPage
        fields = ["slug", "title_de", "title_en", "body_de", "body_en", "audience", "position"]


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["starts_at", "ends_at", "place"]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}


class BookingForm(forms.Form):
    need = forms.CharField(
        label=_("What would you like advice on?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
