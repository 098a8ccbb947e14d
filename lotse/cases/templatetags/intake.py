"""The intake's form controls in KERN UX markup (`@kern-ux/native`'s class names)."""

from django import forms, template

register = template.Library()


def kern_class(field) -> str:
    """The KERN class of a bound field's control, with its error variant when invalid."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        base = "kern-form-check__checkbox"
    elif isinstance(widget, forms.Select):
        base = "kern-form-input__select"
    else:
        base = "kern-form-input__input"
    return f"{base} {base}--error" if field.errors else base


@register.filter
def kern(field):
    """Render the bound field's control with its KERN class (aria attributes stay Django's)."""
    return field.as_widget(attrs={"class": kern_class(field)})


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_select(field) -> bool:
    return isinstance(field.field.widget, forms.Select)
