"""Every step of the procedure refused to every role whose step it is not: the guard answers with
its code, the service refuses the same way and nothing is stored (the right role's success is in
`test_walk.py` and `tests/test_step_parity.py`)."""

import pytest

from lotse.cases.models import Case
from lotse.cases.steps import STEPS, step_perform
from lotse.core.errors import DomainError
from lotse.procedure.steps import PROCEDURE_STEPS
from tests.test_step_parity import SCENARIOS, _input, make_case

# Everyone who sees a case of Müller Technik in the procedure at the IHK and the Zentralstelle.
READERS = [
    "company_hr",
    "company_lead",
    "company_admin",
    "ihk_adviser",
    "ihk_lead",
    "zentralstelle_caseworker",
    "aa_caseworker",
]
# Whose step each is (the recognition steps: the IHK's, deciding on the platform).
WHOSE = {
    "agreement_draft": {"zentralstelle_caseworker"},
    # each side signs: the company as employer, the authority for itself
    "agreement_sign": {"company_hr", "company_lead", "company_admin", "zentralstelle_caseworker"},
    "agreement_conclude": {"zentralstelle_caseworker"},
    "recognition_apply": {"zentralstelle_caseworker"},
    "recognition_confirm_receipt": {"ihk_adviser", "ihk_lead"},
    "recognition_request_evidence": {"ihk_adviser", "ihk_lead"},
    "recognition_receive_documents": {"ihk_adviser", "ihk_lead"},
    "recognition_extend": {"ihk_adviser", "ihk_lead"},
    "recognition_decide": {"ihk_adviser", "ihk_lead"},
    "recognition_pass_on": {"zentralstelle_caseworker"},
    "consent_ask_information": {"aa_caseworker"},
    "consent_confirm_deemed": {"zentralstelle_caseworker"},
    "preapproval_issue": {"zentralstelle_caseworker"},
    "visa_request_appointment": {"company_hr", "company_lead", "company_admin"},
    "visa_book_appointment": {"company_hr", "company_lead", "company_admin"},
    "visa_apply": {"company_hr", "company_lead", "company_admin"},
    "visa_issue": {"company_hr", "company_lead", "company_admin"},
    "visa_refuse": {"company_hr", "company_lead", "company_admin", "zentralstelle_caseworker"},
    "entry_report": {"company_hr", "company_lead", "company_admin"},
    "residence_permit_apply": {"company_hr", "company_lead", "company_admin"},
    "residence_permit_issue": {"company_hr", "company_lead", "company_admin"},
    "employment_report_end": {"company_hr", "company_lead", "company_admin"},
    "family_join": {"company_hr", "company_lead", "company_admin"},
    "counselling_refer": {"company_hr", "company_lead", "company_admin"},
    "procedure_refuse": {"zentralstelle_caseworker"},
    # every working member of the company and of a partner taking part writes messages (the
    # agency takes part once asked for its consent)
    "message_send": set(READERS) - {"aa_caseworker"},
}
REFUSED_AS = {"not_your_step", "body_on_platform"}


def test_every_procedure_step_names_whose_it_is():
    assert set(WHOSE) == {step.key for step in PROCEDURE_STEPS}


@pytest.mark.parametrize("key", sorted(WHOSE))
def test_a_step_is_refused_to_every_other_role(key, cast, db):
    from lotse.demo.cast import cast_membership

    allowed = SCENARIOS[key][0]
    case = make_case(allowed.stage, on=allowed.on, family=allowed.family)
    assert STEPS[key].guard(case=case, actor=cast_membership(allowed.member))
    for member in READERS:
        actor = cast(member)
        decision = STEPS[key].guard(case=case, actor=actor)
        if member in WHOSE[key]:
            assert decision, (key, member, decision.code)
            continue
        assert str(decision.code) in REFUSED_AS, (key, member, decision.code)
        before = list(case.events.values_list("seq", flat=True))
        data = _input(allowed, case)
        with pytest.raises(DomainError) as refused:
            step_perform(STEPS[key], case=case, actor=actor, data=data)
        assert str(refused.value.code) in REFUSED_AS | {"case_changed"}
        after = Case.objects.get(pk=case.pk)
        uploads = [e.seq for e in after.events.filter(type="document.uploaded")]
        assert [s for s in after.events.values_list("seq", flat=True) if s not in uploads] == [
            s for s in before if s not in uploads
        ]
