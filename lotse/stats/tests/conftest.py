"""The hand-made event log the statistics' tests count."""

import pytest

from lotse.stats.tests.log import case_of, company_of_its_own, log


@pytest.fixture
def history(cast):
    """Four cases of a company of their own (domain/process.md's steps, by their event names)."""
    company = company_of_its_own()
    opener = cast("company_hr")
    chamber = cast("ihk_adviser")
    a = case_of(company, opener, "S-A")
    log(a, "target_title.chosen", "2024-01-05", new="18a", old="")
    log(a, "case.submitted", "2024-01-10", chamber="ihk-hannover")
    log(a, "case.returned", "2024-01-20", actor=chamber)
    log(a, "case.submitted", "2024-01-25", chamber="ihk-hannover")
    log(a, "case.returned", "2024-01-29", actor=chamber)
    log(a, "case.submitted", "2024-02-01", chamber="ihk-hannover")
    log(a, "dossier.forwarded", "2024-02-09", actor=chamber, authority="lab-ni-zentralstelle")
    log(a, "dossier.rejected", "2024-02-12")
    log(a, "dossier.forwarded", "2024-02-20", actor=chamber, authority="lab-ni-zentralstelle")
    log(a, "dossier.accepted", "2024-02-23")
    log(a, "consent.requested", "2024-03-01", agency="aa-hannover")  # a Friday
    log(a, "consent.given", "2024-03-06")
    log(a, "preapproval.issued", "2024-05-10", person="a-family-member-id")
    log(a, "preapproval.issued", "2024-05-10", person="worker")
    b = case_of(company, opener, "S-B")
    log(b, "case.submitted", "2024-01-15", chamber="ihk-hannover")
    log(b, "dossier.forwarded", "2024-02-14", actor=chamber, authority="lab-ni-zentralstelle")
    log(b, "consent.requested", "2024-03-04", agency="aa-hannover")
    log(b, "consent.given", "2024-03-20")  # the week ended on 11 March
    log(b, "case.withdrawn", "2024-03-25")
    c = case_of(company, opener, "S-C")
    log(c, "case.submitted", "2024-03-01", chamber="ihk-hannover")
    log(c, "precheck.no_prospect", "2024-03-05", actor=chamber)
    log(c, "precheck.no_prospect", "2024-03-06", actor=chamber)
    log(c, "procedure.refused", "2024-03-10")
    d = case_of(company, opener, "S-D")
    log(d, "case.submitted", "2025-01-10", chamber="ihk-hannover")
    log(d, "dossier.forwarded", "2025-02-01", actor=chamber, authority="lab-ni-zentralstelle")
    log(d, "preapproval.issued", "2025-04-01")  # no person named: the worker's
    return company
