"""`{% step_form step %}`: one step of the step table as the case page shows it — its form with the
hidden case version, its fields and its button, or the link that opens it (`StepView.folded`).

A step that cannot be undone or that shares the case's data asks in a dialog first (confirm.js);
without JavaScript its disclosure is the question. Written here rather than as an included
template: the page shows several steps, and an include costs it a new template context and a
dozen lookups per step (issue 13). The fields themselves stay KERN's templates
(`partials/_form_fields.html`)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lotse.core.html import escaped

register = template.Library()


@register.simple_tag(takes_context=True)
def step_form(context, step, form=None, label=None, inline=False):
    """The step `step` (a `StepView`); `form` may name another bound or filled-in form of it,
    `label` another button text; `inline`: on one line with its button."""
    form = form or step.form
    if not form:
        return mark_safe(f"\n{step.link}\n\n")
    key = escaped(step.step.key)
    disclosure = step.disclosure
    effect = step.confirm_effect
    parts = ["\n"]
    if disclosure == "confirm":
        opened = " open" if form.is_bound or step.opened else ""
        parts.append(
            f'<details class="case-confirm" id="step-{key}"{opened}>'
            f"<summary>{escaped(step.step.confirm)}</summary>"
        )
        if effect:
            parts.append(f"<p>{escaped(effect)}</p>")
    elif disclosure == "step":
        parts.append(
            f'<details class="case-step" id="step-{key}" open>'
            f"<summary>{escaped(step.step.label)} …</summary>"
        )
    css = ' class="inline"' if inline else ""
    confirm = f' data-confirm="confirm-{key}"' if effect else ""
    parts.append(
        f'\n<form method="post" action="{escaped(step.url)}"{css}{confirm}>{_csrf_input(context)}\n  '
    )
    parts.extend(str(field) for field in form.hidden_fields())
    parts.append("\n  ")
    visible = form.visible_fields()
    if visible:
        fields = context.template.engine.get_template("partials/_form_fields.html")
        with context.push(form=form, fields=visible):
            parts.append(fields.render(context))
    parts.append(
        f'\n  <button type="submit" class="{escaped(step.button_class)}"><span class="kern-label">'
        f"{escaped(label or step.step.label)}</span></button>"
    )
    parts.append("\n</form>")
    if disclosure:
        parts.append("</details>")
    parts.append("\n")
    if effect:
        title = escaped(step.step.label)
        parts.append(
            f'<dialog class="kern-dialog" id="confirm-{key}" aria-labelledby="confirm-{key}-title">'
            f'\n  <header class="kern-dialog__header"><h2 class="kern-title" id="confirm-{key}-title">'
            f"{title}?</h2></header>"
            '\n  <div class="kern-dialog__body"><p class="confirm-choice" data-confirm-choice></p>'
            f"<p>{escaped(effect)}</p></div>"
            '\n  <footer class="kern-dialog__footer">'
            '\n    <button type="button" class="kern-btn kern-btn--secondary" data-confirm-cancel>'
            f'<span class="kern-label">{escaped(_("Cancel"))}</span></button>'
            '\n    <button type="button" class="kern-btn kern-btn--primary" data-confirm-ok>'
            f'<span class="kern-label">{title}</span></button>'
            "\n  </footer>\n</dialog>"
        )
    parts.append("\n")
    return mark_safe("".join(parts))


def _csrf_input(context) -> str:
    """What `{% csrf_token %}` writes: the page's one token (the context's lazy value)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(token)}">'
