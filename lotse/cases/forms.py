"""HTML forms of the intake. Validation lives on the model (run by ModelForm and the services)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotse.cases.countries import countries_by_name
from lotse.cases.intake import COUNTRY_FIELDS, INTAKE_FIELDS, NEEDED_FOR_SUBMIT
from lotse.cases.models import Case, FamilyMember
from lotse.cases.validators import CEFR_LEVELS
from lotse.core import clock
from lotse.orgs.forms import place_choices
from lotse.orgs.selectors import municipality_for_postcode
from lotse.routing.services import ChoiceWindow, authority_choice_window

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def normalise_amount(text: str) -> str:
    """'48.000,00' (German), '48,000.00' (English) and '48000.00' all mean 48000.00: a comma or dot
    followed by exactly three digits groups thousands; the last other one marks the decimals."""
    value = text.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if "," in value and "." in value:
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return value.replace(thousands, "").replace(decimal, ".")
    for mark in (",", "."):
        if mark in value:
            head, _sep, tail = value.rpartition(mark)
            if len(tail) == 3 and (value.count(mark) > 1 or len(head) <= 3):
                return value.replace(mark, "")
            return value.replace(mark, ".") if value.count(mark) == 1 else value
    return value


class AmountField(forms.DecimalField):
    """A decimal typed as people write it, in German or English notation."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_amount(value)
        return super().to_python(value)


def parse_languages(text: str) -> list[dict]:
    """'de B1, en C1' → [{"language": "de", "level": "B1"}, …]; raises ValidationError."""
    result = []
    for chunk in [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]:
        pieces = chunk.split()
        if len(pieces) != 2:
            raise forms.ValidationError(
                _("Write each language as code and level, such as: de B1, en C1."), code="format"
            )
        code, level = pieces[0].lower(), pieces[1].upper()
        if level not in CEFR_LEVELS:
            raise forms.ValidationError(
                _("%(level)s is not a CEFR level (%(levels)s)."),
                params={"level": pieces[1], "levels": ", ".join(CEFR_LEVELS)},
                code="level",
            )
        result.append({"language": code, "level": level})
    return result


def format_languages(value: list[dict]) -> str:
    return ", ".join(f"{entry['language']} {entry['level']}" for entry in value or [])


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 countries by their name in the active language, codes as stored."""
    return [("", _("— please choose —")), *countries_by_name()]


class CaseIntakeForm(forms.ModelForm):
    """The intake, or the fields of one of its steps (`fields`): saving a step changes those
    fields only. Fields that submission needs carry `needed_for_submit` from the start."""

    languages = forms.CharField(
        label=_("Languages with CEFR level"),
        required=False,
        max_length=200,
        help_text=_("For example: de B1, en C1. Leave German out if no German is proven."),
    )
    worker_citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    qualification_country = forms.ChoiceField(
        label=_("Country where the qualification was obtained"), required=False
    )
    workplace_municipality = forms.ChoiceField(
        label=_("Municipality of the workplace"), required=False
    )
    residence_municipality = forms.ChoiceField(
        label=_("Municipality of the intended residence"), required=False
    )
    # the case version the edit page showed (see `cases.steps`); none when opening a case
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Case
        fields = [name for name in INTAKE_FIELDS if name != "worker_languages"]
        field_classes = {"job_salary_eur": AmountField, "job_weekly_hours": AmountField}
        widgets = {
            "job_salary_eur": forms.TextInput(attrs={"inputmode": "decimal"}),
            "job_weekly_hours": forms.TextInput(attrs={"inputmode": "decimal"}),
            "worker_birth_date": DATE_INPUT,
            "qualification_date": DATE_INPUT,
            "job_start_date": DATE_INPUT,
        }
        help_texts = {
            "workplace_postcode": _(
                "Five digits. The municipality is pre-selected where the postcode is known."
            ),
            "job_salary_eur": _("Annual gross salary in euros, for example 48000 or 48.000,00."),
            "job_occupation_code": _("Optional."),
            "consent_given": _(
                "The worker agrees that the partners of this platform process their data for the procedure."
            ),
        }

    def __init__(self, *args, region: str, fields: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        if fields is not None:
            wanted = {"languages" if name == "worker_languages" else name for name in fields}
            for name in list(self.fields):
                if name not in wanted and name != "version":
                    del self.fields[name]
        self._prepare()

    def _prepare(self) -> None:
        fields = self.fields
        if "workplace_municipality" in fields or "residence_municipality" in fields:
            places = place_choices(region=self.region)
            for name in ("workplace_municipality", "residence_municipality"):
                if name in fields:
                    fields[name].choices = places
        for name in COUNTRY_FIELDS:
            if name in fields:
                fields[name].choices = country_choices()
                fields[name].widget.attrs["autocomplete"] = "off"
        if "languages" in fields and self.instance and self.instance.pk:
            self.initial["languages"] = format_languages(self.instance.worker_languages)
        for name in ("qualification_level", "recognition"):
            if name in fields:
                fields[name].choices = [
                    ("", _("— please choose —")),
                    *Case._meta.get_field(name).choices,
                ]
        for name in ("worker_first_name", "worker_last_name"):
            if name in fields:
                fields[name].widget.attrs["autocomplete"] = "off"
        for name, field in fields.items():
            stored = "worker_languages" if name == "languages" else name
            field.needed_for_submit = stored in NEEDED_FOR_SUBMIT
        for prefix in ("workplace", "residence"):
            if f"{prefix}_postcode" not in fields:
                continue
            fields[f"{prefix}_postcode"].widget.attrs.update(
                {
                    "hx-get": reverse("orgs:municipality_choice") + f"?field={prefix}",
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": f"#id_{prefix}_municipality",
                    "hx-swap": "outerHTML",
                    "hx-include": f"#id_{prefix}_municipality",
                    "inputmode": "numeric",
                }
            )

    def clean_languages(self):
        return parse_languages(self.cleaned_data.get("languages", ""))

    def clean(self):
        data = super().clean()
        for prefix in ("workplace", "residence"):
            postcode = data.get(f"{prefix}_postcode")
            if postcode and not data.get(f"{prefix}_municipality"):
                found = municipality_for_postcode(region=self.region, postcode=postcode)
                if found is not None:
                    data[f"{prefix}_municipality"] = found.key
        return data

    def intake_fields(self) -> dict:
        """The cleaned values of this form's fields as the services take them."""
        data = {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in ("version", "languages")
        }
        if "languages" in self.fields:
            data["worker_languages"] = self.cleaned_data.get("languages") or []
        for name in ("workplace_municipality", "residence_municipality", *COUNTRY_FIELDS):
            if name in data:
                data[name] = data[name] or ""
        return data


class ConsentForm(CaseIntakeForm):
    """The first step: the data-protection notice read and the worker's consent confirmed,
    before anything personal is stored (Art. 13 GDPR)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, fields=("consent_given",), **kwargs)
        field = self.fields["consent_given"]
        field.required = True
        field.label = _(
            "The worker has received this notice and agrees that the partners named in it "
            "process their data for the procedure."
        )
        field.help_text = ""
        field.error_messages["required"] = _(
            "Please confirm the consent: without it no data of the worker can be stored."
        )


class FamilyMemberForm(forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["relation", "first_name", "last_name", "birth_date", "qualification", "career"]
        widgets = {"birth_date": DATE_INPUT}


class AuthorityChoiceForm(forms.Form):
    """The employer's choice of authority; question, help and options are the region's data
    (`authority_choice_window`), so the form offers nothing where the region offers no choice."""

    choice = forms.ChoiceField(label=_("Authority for the procedure"))

    def __init__(self, *args, window: ChoiceWindow | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask(window)

    def ask(self, window: ChoiceWindow | None) -> None:
        """Ask the question of `window` with its options (none without a window)."""
        field = self.fields["choice"]
        field.choices = [("", _("— please choose —")), *(window.options if window else ())]
        if window is not None:
            field.label, field.help_text = window.question, window.help


def authority_choice_form(case: Case, data=None) -> AuthorityChoiceForm:
    """The choice form as the case's region words it today (bound to `data` when given)."""
    window = authority_choice_window(region=case.company.region, on=clock.today())
    return AuthorityChoiceForm(data, window=window, initial={"choice": case.authority_choice})
