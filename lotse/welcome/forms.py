from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.orgs.models import RegisterKind, TradeKind
from lotse.welcome.models import Event, EventKind, InfoPage, ReferralKind, Slot

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


class EnquiryForm(forms.Form):
    """The service desk's form: name and address only for people without an account."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 6}))
    case = forms.ChoiceField(label=_("About the case (optional)"), required=False)
    authority_consent = forms.BooleanField(
        label=_(
            "If an authority (foreigners authority, employment agency, Jobcenter, recognition "
            "body) can answer best, my enquiry may be handed on to it."
        ),
        required=False,
    )

    def __init__(self, *args, signed_in: bool = False, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["name"], self.fields["email"]
            self.fields["case"].choices = [("", _("— none —")), *cases]
        else:
            del self.fields["case"]


class HandOnForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Hand on to"), queryset=None)
    note = forms.CharField(
        label=_("Note for the next handler (the enquirer reads it too)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = people
        self.fields["to"].label_from_instance = lambda m: f"{m.user} · {m.organisation}"


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ReferralForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    kind = forms.ChoiceField(label=_("Refer"), choices=ReferralKind.choices)
    note = forms.CharField(
        label=_("Note for the company"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies


class GuestBookingForm(forms.Form):
    """A first consultation asked for without an account; the service checks the values and
    names the field of a refusal (the register number's spelling among them)."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    company_name = forms.CharField(label=_("Company"), max_length=200)
    trade = forms.ChoiceField(label=_("Trade"), choices=TradeKind.choices)
    register_kind = forms.ChoiceField(label=_("Register"), choices=RegisterKind.choices)
    register_number = forms.CharField(
        label=_("Register number"),
        max_length=60,
        help_text=_(
            "Commercial register with its court, e.g. “Amtsgericht Hannover HRB 12345”; "
            "or the eight digits of the establishment number."
        ),
    )
    need = forms.CharField(
        label=_("What would you like advice on?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
