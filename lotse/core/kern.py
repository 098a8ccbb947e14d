"""Every Django form renders as KERN UX fields (label, hint, error, input) through one renderer
(`FORM_RENDERER`): the templates are `kern/form.html` and `kern/field.html`, and each widget
gets the KERN class for its kind, so no form or template has to name them."""

from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from lotse.core.html import escaped

# Most specific first: a widget's class decides its KERN class and its error modifier.
WIDGET_CLASSES = (
    (widgets.CheckboxInput, "kern-form-check__checkbox"),
    (widgets.CheckboxSelectMultiple, "kern-form-check__checkbox"),
    (widgets.RadioSelect, "kern-form-check__radio"),
    (widgets.Select, "kern-form-input__select"),
    (widgets.Input, "kern-form-input__input"),
    (widgets.Textarea, "kern-form-input__input"),
)


def kern_class(widget) -> str:
    """The KERN class for a widget ("" for one it does not style, e.g. a hidden input)."""
    if widget.is_hidden:
        return ""
    for kind, css in WIDGET_CLASSES:
        if isinstance(widget, kind):
            return css
    return ""


class KernBoundField(BoundField):
    """A bound field whose widget carries its KERN class, with the error modifier when the field
    has errors. Django names the hint and the error in `aria-describedby` by the ids the field
    template gives them (`<id>_helptext`, `<id>_error`)."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        css = kern_class(widget)
        if css:
            own = attrs.get("class") or widget.attrs.get("class", "")
            error = f" {css}--error" if self.errors else ""
            attrs["class"] = f"{own} {css}{error}".strip()
        return attrs


class KernFormRenderer(TemplatesSetting):
    """The project's templates first (so `kern/` overrides Django's), KERN fields for every form."""

    form_template_name = "kern/form.html"
    field_template_name = "kern/field.html"
    bound_field_class = KernBoundField

    def render(self, template_name, context, request=None):
        # A hidden input is the same markup everywhere and on every step form of the case page
        # (its version, the family member it removes): written here, not through three templates.
        if template_name == HIDDEN_INPUT:
            return hidden_input(context["widget"])
        return super().render(template_name, context, request)


HIDDEN_INPUT = "django/forms/widgets/hidden.html"


def hidden_input(widget: dict) -> str:
    """Django's `input.html` and `attrs.html` for a hidden widget's context."""
    value = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
    attrs = "".join(
        f" {escaped(name)}" if setting is True else f' {escaped(name)}="{escaped(setting)}"'
        for name, setting in widget["attrs"].items()
        if setting is not False
    )
    return mark_safe(
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{attrs}>'
    )
