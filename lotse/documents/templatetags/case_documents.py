"""The case page's documents section: the live checklist of the target title, the documents the
reader's part in the case lets it see (need to know per document kind), and the forms of the
documents' steps (add a document, the worker's link, the target title)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lotse.cases.event_types import EventType
from lotse.cases.need_to_know import Part, sees_document
from lotse.core.html import escaped
from lotse.documents.checklist import case_checklist, current_documents, pathway_label
from lotse.documents.links import case_links

register = template.Library()

# The steps the section shows: it is open when one of them is refused or asked for (`?step=`).
SECTION_STEPS = (
    "answer_return",
    "choose_target_title",
    "upload_document",
    "send_upload_link",
    "revoke_upload_link",
)


@register.inclusion_tag("documents/_case_documents.html", takes_context=True)
def case_documents(context):
    case, view, steps = context["case"], context["view"], context["steps"]
    checklist = case_checklist(case=case)
    documents = [
        document
        for document in sorted(current_documents(case), key=lambda d: d.kind)
        if sees_document(
            view,
            document.kind,
            document.translation_of.kind if document.translation_of_id else None,
        )
    ]
    rows = [row for row in checklist.rows if sees_document(view, row.kind)]
    links = case_links(case) if steps["send_upload_link"] or steps["revoke_upload_link"] else []
    returned = last_return(case) if case.state == "returned" and view.sees(Part.REASONS) else None
    return {
        "open": returned is not None
        or any(
            steps[key].opened or (steps[key].form is not None and steps[key].form.is_bound)
            for key in SECTION_STEPS
        ),
        "case": case,
        "checklist": checklist,
        "target_label": pathway_label(checklist.target) if checklist.target else "",
        "rows": rows,
        "documents": documents,
        "links": links,
        "steps": steps,
        "returned": returned,
        "gaps": checklist.gaps,
    }


def last_return(case):
    """The chamber's last return for completion (note and gaps), with each gap's words."""
    from lotse.cases.dossier import gap_text

    event = case.events.filter(type=EventType.CASE_RETURNED).order_by("-seq").first()
    if event is None:
        return None
    from lotse.cases.personal import events_open

    [event] = events_open([event])
    return {
        "note": event.data.get("missing"),
        "gaps": [gap_text(gap) for gap in event.data.get("gaps") or []],
        "at": event.at,
    }


@register.filter
def checklist_rows(rows) -> str:
    """The checklist's rows as table rows, each document with its status (made here: a template
    loop costs the page a dozen nodes per row)."""
    missing = f"<strong>{escaped(_('missing'))}</strong>"
    untranslated = f"<strong>{escaped(_('present; translation into German missing'))}</strong>"
    present = escaped(_("present"))
    return mark_safe(
        "".join(
            f'<tr class="kern-table__row"><td class="kern-table__cell">{escaped(row.label)}</td>'
            '<td class="kern-table__cell">'
            + (
                missing
                if not row.present
                else untranslated
                if row.translation_needed and not row.translation
                else present
            )
            + "</td></tr>"
            for row in rows
        )
    )
