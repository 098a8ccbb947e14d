"""The case page offers the procedure's steps as forms (not only their routes): the authority
accepts the dossier and drafts the agreement there, and a step that records an uploaded document
offers the case's current documents of its kinds, read from the log the page loaded."""

import re

from django.urls import reverse

from lotse.procedure import services as procedure


def _form(html: str, slug: str) -> str:
    found = re.search(rf'<form method="post" action="[^"]*/{slug}/".*?</form>', html, re.S)
    assert found, f"no form of {slug} on the page"
    return found.group(0)


def test_the_agreement_steps_are_forms_on_the_case_page(procedure_case, login, cast, upload):
    case = procedure_case()
    abh, hr = cast("zentralstelle_caseworker"), cast("company_hr")
    url = reverse("cases:detail", args=[case.pk])
    page = login("zentralstelle_caseworker").get(url, {"step": "agreement_draft"})
    assert page.status_code == 200
    _form(page.content.decode(), "agreement-draft")
    procedure.agreement_draft(case=case, actor=abh)
    older = upload(case, hr, "agreement_signed")
    newer = upload(case, hr, "agreement_signed")
    other = upload(case, hr, "passport")
    html = login("company_hr").get(url, {"step": "agreement_sign"}).content.decode()
    form = _form(html, "agreement-sign")
    offered = re.findall(r'<option value="([^"]*)"', form)
    # a second signed copy replaces the first (a new version): only the current one, no other kind
    assert offered == ["", str(newer.pk)]
    assert str(older.pk) not in form and str(other.pk) not in form
    assert f"{newer.uploaded_at:%d.%m.%Y} · {newer.sha256[:8]}" in form  # as the form labels it
