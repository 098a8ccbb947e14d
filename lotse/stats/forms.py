from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.stats.tables import title_label

NO_TITLE = "none"


class FilterForm(forms.Form):
    """The dashboard's filters; the choices are what the viewer may read."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    title = forms.ChoiceField(label=_("Target residence title"), required=False)

    def __init__(self, data, *, years, partners, titles, region: bool):
        super().__init__(data)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        everyone = [("", _("The whole region"))] if region else []
        self.fields["partner"].choices = everyone + list(partners.items())
        self.fields["title"].choices = [("", _("All titles"))] + [
            (title or NO_TITLE, title_label(title)) for title in titles
        ]

    def title_filter(self) -> str | None:
        """None: every title; "" the cases without one."""
        chosen = self.cleaned_data.get("title") or ""
        if not chosen:
            return None
        return "" if chosen == NO_TITLE else chosen
