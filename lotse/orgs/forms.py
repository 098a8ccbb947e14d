from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.ids import is_uuid
from lotse.orgs.errors import OrgError
from lotse.orgs.models import OUTSIDE_REGION, ApiScope, Role, Unit, role_choices
from lotse.orgs.selectors import municipalities


class RoleForm(forms.Form):
    """A role, named in the words of the organisation's `kind` (as the people page's column)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kind:
            self.fields["role"].choices = role_choices(kind)


class _UnitField(forms.ModelChoiceField):
    """Anything that is no id of a unit offered is the same wrong choice, in the same words."""

    def to_python(self, value):
        if value not in self.empty_values and not is_uuid(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class UnitForm(forms.Form):
    """The unit a colleague works in: one of the organisation's own units, or none (the
    organisation as a whole). A unit of another organisation is no valid choice."""

    unit = _UnitField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("No unit (the organisation as a whole)"),
        error_messages={"invalid_choice": OrgError.UNIT_NOT_OURS.label},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by(
            "name"
        )


class PersonAddForm(RoleForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    field_order = ["email", "first_name", "last_name", "role"]


def place_choices(*, region: str) -> list[tuple[str, str]]:
    """The choices of a municipality select: the region's municipalities, then "outside"."""
    return [
        ("", _("— please choose —")),
        *((m.key, m.name) for m in municipalities(region=region)),
        (OUTSIDE_REGION, _("Outside the region")),
    ]


class PlaceChoiceForm(forms.Form):
    """One municipality select named `<prefix>_municipality`, as the intake form has it: what the
    postcode look-up swaps into that form (rendered alone, so orgs needs no case form)."""

    def __init__(self, *args, prefix_name: str, region: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[f"{prefix_name}_municipality"] = forms.ChoiceField(
            choices=place_choices(region=region), required=False
        )


class ApiKeyForm(forms.Form):
    """A new API key for the organisation's own system."""

    name = forms.CharField(
        label=_("Name of the key"),
        max_length=100,
        help_text=_("Which system uses it, e.g. “case system of the foreigners authority”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Permissions"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one permission for the key.")},
    )
