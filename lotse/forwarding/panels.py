"""The case page's list of forwarded dossiers, each downloadable by its submission id."""

from lotse.forwarding.selectors import submissions_in


def submissions_panel(case, view, membership, events) -> dict | None:
    """The submissions the reader may download, from the log the page read (no query); none:
    no section."""
    organisation_key = membership.organisation.key if membership is not None else None
    rows = submissions_in(events, view=view, organisation_key=organisation_key)
    return {"rows": rows, "case_id": case.pk} if rows else None
