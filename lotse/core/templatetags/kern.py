"""`{% component "kern/card.html" title=… %}…{% endcomponent %}`: a KERN component template with
rich content. What stands between the tags is rendered first and handed to the component as
`body`, so cards, accordions and dialogs can hold any markup (an include passes only values)."""

from django import template
from django.template.base import token_kwargs
from django.utils.safestring import mark_safe

from lotse.core.html import escaped

register = template.Library()


class ComponentNode(template.Node):
    def __init__(self, name, kwargs, nodelist):
        self.name, self.kwargs, self.nodelist = name, kwargs, nodelist

    def render(self, context):
        values = {key: value.resolve(context) for key, value in self.kwargs.items()}
        values["body"] = self.nodelist.render(context)
        component = context.template.engine.get_template(self.name.resolve(context))
        with context.push(**values):
            return component.render(context)


@register.tag
def component(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("component takes a template name")
    name = parser.compile_filter(bits[1])
    kwargs = token_kwargs(bits[2:], parser)
    if len(kwargs) != len(bits) - 2:
        raise template.TemplateSyntaxError("component takes key=value arguments after the name")
    nodelist = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(name, kwargs, nodelist)


@register.filter
def description_items(rows):
    """`(name, label, value)` rows as the items of a KERN description list (made here: a long
    list would cost the page a handful of template nodes per row)."""
    return mark_safe(
        "".join(
            '<div class="kern-description-list-item"><dt class="kern-description-list-item__key">'
            f'{escaped(label)}</dt><dd class="kern-description-list-item__value">{escaped(value)}'
            "</dd></div>"
            for _name, label, value in rows
        )
    )
