"""The journey through the services: submit, contacts, forwarding by date, consent, handover."""

import datetime

import pytest
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Participant
from lotse.cases.prechecks import case_run_precheck
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.stories import PAPER_DOSSIER, valid_intake
from lotse.forwarding.services import case_forward
from lotse.forwarding.testing import accepted
from lotse.orgs.models import Organisation

WINDOW = (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))


def submitted(cast, on, authority_choice="", **intake):
    with clock.travel_to(on):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake(**intake))
        return services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
            authority_choice=authority_choice,
        )


def test_submission_makes_the_chamber_take_part_with_its_default_contact(cast):
    case = submitted(cast, datetime.date(2026, 11, 2))
    assert case.state == "submitted"
    contacts = {c.organisation.key: c.membership for c in case.contacts.all()}
    assert contacts["ihk-hannover"] == cast("ihk_adviser")
    assert contacts["mueller-technik"] == cast("company_hr")
    types = list(case.events.values_list("type", flat=True))
    assert types[:2] == ["case.created", "contact.assigned"] and "case.submitted" in types


@pytest.mark.parametrize(
    ("forwarded_on", "municipality", "choice", "authority"),
    [
        (datetime.date(2025, 6, 30), "hannover", "", "abh-lhh"),
        (datetime.date(2025, 6, 30), "langenhagen", "", "abh-region"),
        (datetime.date(2025, 7, 1), "langenhagen", "local", "abh-region"),
        (datetime.date(2025, 7, 1), "hannover", "zentralstelle", "lab-ni-zentralstelle"),
        (datetime.date(2025, 12, 31), "hannover", "local", "abh-lhh"),
        (datetime.date(2026, 1, 1), "hannover", "local", "lab-ni-zentralstelle"),
        (datetime.date(2026, 1, 5), "wunstorf", "", "lab-ni-zentralstelle"),
    ],
)
def test_forwarding_goes_to_the_authority_competent_on_that_day(
    cast, forwarded_on, municipality, choice, authority
):
    submit_on = forwarded_on - datetime.timedelta(days=3)
    in_window = WINDOW[0] <= submit_on <= WINDOW[1]
    case = submitted(
        cast,
        submit_on,
        authority_choice=choice if in_window else "",
        workplace_municipality=municipality,
    )
    if choice and not in_window:  # stated later, within the window, before forwarding
        with clock.travel_to(max(forwarded_on, WINDOW[0])):
            services.case_choose_authority(case=case, actor=cast("company_hr"), choice=choice)
    with clock.travel_to(forwarded_on):
        case = case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    assert case.state == "forwarded"
    assert Participant.objects.filter(
        case=case, organisation__key=authority, role="authority"
    ).exists()
    event = case.events.get(type="dossier.forwarded")
    assert event.payload["authority"] == authority
    assert event.payload["reason"]["de"] and event.payload["reason"]["en"]


def test_submitting_in_2025_without_a_choice_is_refused_and_changes_nothing(cast):
    with clock.travel_to(datetime.date(2025, 8, 1)):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        before = case.events.count()
        with pytest.raises(DomainError) as refused:
            services.case_submit(
                case=case,
                actor=cast("company_hr"),
                chamber=Organisation.objects.get(key="ihk-hannover"),
            )
    assert refused.value.code == "choice_missing"
    case.refresh_from_db()
    assert case.state == "draft" and case.events.count() == before


def test_forwarding_in_2025_without_a_choice_is_refused_and_changes_nothing(cast):
    case = submitted(cast, datetime.date(2025, 6, 25))
    before = case.events.count()
    with clock.travel_to(datetime.date(2025, 8, 4)), pytest.raises(DomainError) as refused:
        case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    assert refused.value.code == "choice_missing"
    case.refresh_from_db()
    assert case.state == "submitted" and case.events.count() == before


def test_only_the_chamber_the_case_was_submitted_to_forwards(cast):
    case = submitted(cast, datetime.date(2026, 11, 2))
    for key in ("hwk_adviser", "company_hr", "zentralstelle_caseworker"):
        with pytest.raises(DomainError) as refused:
            case_forward(case=case, actor=cast(key), reason=PAPER_DOSSIER)
        assert refused.value.code == "not_your_step"


def test_consent_request_brings_in_the_employment_agency(cast, login):
    case = submitted(cast, datetime.date(2026, 11, 2))
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    accepted(case, authority=cast("zentralstelle_caseworker"))
    client = login("aa_caseworker")
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert case.contacts.get(organisation__key="aa-hannover").membership == cast("aa_caseworker")


def test_chamber_keeps_read_access_after_forwarding(cast, login):
    case = submitted(cast, datetime.date(2026, 11, 2))
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    assert login("ihk_adviser").get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_return_and_no_prospect_advice(cast, login):
    case = submitted(cast, datetime.date(2026, 11, 2))
    services.case_advise_no_prospect(
        case=case, actor=cast("ihk_adviser"), reasons="Gehalt unter § 18g Abs. 1 S. 2 AufenthG"
    )
    case.refresh_from_db()
    assert case.state == "submitted"  # advice, not a veto
    page = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Gehalt unter § 18g Abs. 1 S. 2 AufenthG" in page
    services.case_request_forwarding(case=case, actor=cast("company_hr"), note="Bitte trotzdem")
    services.case_return(case=case, actor=cast("ihk_adviser"), missing="Arbeitsvertrag")
    case.refresh_from_db()
    assert case.state == "returned"
    with pytest.raises(DomainError):
        services.case_return(case=case, actor=cast("ihk_adviser"), missing="again")


def test_only_a_lead_hands_over(cast, story):
    case = story("Raman")
    with pytest.raises(DomainError) as refused:
        services.case_contact_assign(
            case=case, actor=cast("ihk_adviser"), membership=cast("ihk_lead")
        )
    assert refused.value.code == "not_your_step"
    services.case_contact_assign(case=case, actor=cast("ihk_lead"), membership=cast("ihk_lead"))
    assert case.contacts.get(organisation__key="ihk-hannover").membership == cast("ihk_lead")


def test_case_page_names_the_competent_authority_and_why(login, story):
    page = (
        login("company_hr").get(reverse("cases:detail", args=[story("Raman").pk])).content.decode()
    )
    assert "Zentralstelle" in page and "2026" in page


def test_submit_form_preselects_the_chamber_by_the_companys_trade(login, cast):
    from lotse.cases.services import case_create

    bakery_case = case_create(actor=cast("other_company_hr"), fields=valid_intake())
    page = login("other_company_hr").get(reverse("cases:detail", args=[bakery_case.pk]))
    form = page.context["steps"]["submit"].form
    assert form.initial["chamber"] == "hwk-hannover"
    assert "HwO" in form.fields["chamber"].help_text


def test_case_list_queries_do_not_grow_with_cases(login, cast, django_assert_max_num_queries):
    from lotse.cases.services import case_create

    client = login("company_hr")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cases:list"))
    for _ in range(15):
        case_create(actor=cast("company_hr"), fields=valid_intake())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:list"))


def test_the_choice_of_authority_is_open_only_in_the_2025_window(cast):
    case = submitted(cast, datetime.date(2025, 6, 25))
    for closed_day in (datetime.date(2025, 6, 30), datetime.date(2026, 1, 1)):
        with clock.travel_to(closed_day), pytest.raises(DomainError) as refused:
            services.case_choose_authority(case=case, actor=cast("company_hr"), choice="local")
        assert refused.value.code == "choice_not_open"
    with clock.travel_to(datetime.date(2025, 7, 1)):
        services.case_choose_authority(case=case, actor=cast("company_hr"), choice="local")
    event = case.events.order_by("-seq").first()
    assert event.type == "routing.authority_chosen"
    assert event.payload == {"old": "", "new": "local"}


def test_case_page_queries_do_not_grow_with_the_log(
    login, cast, story, django_assert_max_num_queries
):
    case = story("Raman")
    client = login("ihk_adviser")
    # 27: the reader's need-to-know view and whether it may export the worker's data
    with django_assert_max_num_queries(27) as first:
        client.get(reverse("cases:detail", args=[case.pk]))
    for _ in range(10):
        case_run_precheck(case=case, actor=cast("ihk_adviser"))
        services.case_contact_assign(case=case, actor=cast("ihk_lead"), membership=cast("ihk_lead"))
        services.case_contact_assign(
            case=case, actor=cast("ihk_lead"), membership=cast("ihk_adviser")
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("cases:detail", args=[case.pk]))


def test_case_list_pages_through_every_visible_case_once(login, cast):
    from lotse.cases.selectors import case_list_for
    from lotse.cases.services import case_create

    with clock.travel_to(datetime.date(2026, 11, 24)):
        for _ in range(60):  # the same moment for all: the id orders them
            case_create(actor=cast("company_hr"), fields=valid_intake())
    client = login("company_hr")
    seen, after = [], None
    while True:
        page = client.get("/api/v1/cases", {"after": after} if after else {}).json()
        seen += [row["reference"] for row in page["items"]]
        after = page["next"]
        if after is None:
            break
    expected = list(case_list_for(user=cast("company_hr").user).values_list("reference", flat=True))
    assert seen == expected and len(seen) == len(set(seen)) > 60
    html = client.get(reverse("cases:list")).content.decode()
    assert "after=" in html


def test_a_forged_page_cursor_gets_a_clear_answer(login):
    client = login("company_hr")
    response = client.get("/api/v1/cases", {"after": "bm90LWEtY3Vyc29y"})
    assert response.status_code == 422 and "after" in response.json()["fields"]
    page = client.get(reverse("cases:list"), {"after": "%%%"}, follow=True)
    assert page.status_code == 422 and "Link zur Seite ist ungültig" in page.content.decode()


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59-05:00"]
)
def test_a_cursor_at_the_calendars_edge_gets_422_not_500(login, moment):
    """Year 1 at +01:00 is year 0 in UTC: SQLite's adapter overflowed on it (a 500)."""
    import base64

    raw = f"{moment}|00000000-0000-0000-0000-000000000000".encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    client = login("company_hr")
    response = client.get("/api/v1/cases", {"after": cursor})
    assert response.status_code == 422 and "after" in response.json()["fields"]
    page = client.get(reverse("cases:list"), {"after": cursor})
    assert page.status_code == 422 and "Link zur Seite ist ungültig" in page.content.decode()


def test_company_states_its_2025_choice_when_submitting(login, cast):
    with clock.travel_to(datetime.date(2025, 9, 1)):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        client = login("company_hr")
        page = client.get(reverse("cases:detail", args=[case.pk]))
        assert 'name="choice"' in page.content.decode()
        version = case.events.count()
        client.post(
            reverse("cases:submit", args=[case.pk]),
            {"chamber": "ihk-hannover", "choice": "local", "version": version},
        )
    case.refresh_from_db()
    assert case.state == "submitted" and case.authority_choice == "local"
    types = list(case.events.values_list("type", flat=True))
    assert types.index("routing.authority_chosen") < types.index("case.submitted")
    with clock.travel_to(datetime.date(2025, 9, 20)):
        case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    assert case.participants.get(role="authority").organisation.key == "abh-lhh"


def test_no_choice_is_offered_when_submitting_in_2026(login, cast):
    case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
    page = login("company_hr").get(reverse("cases:detail", args=[case.pk]))
    assert 'name="choice"' not in page.content.decode()


def test_case_page_names_the_authority_a_forwarded_case_went_to(login, story):
    page = login("company_hr").get(reverse("cases:detail", args=[story("Kaya").pk]))
    text = page.content.decode()
    assert "Landeshauptstadt Hannover" in text and "10.03.2025" in text
    assert "seit dem 01.01.2026" not in text


def test_authorities_are_not_brought_in_by_hand(cast, story):
    case = story("Raman")
    with pytest.raises(DomainError) as refused:
        services.case_involve_partner(
            case=case,
            actor=cast("company_hr"),
            organisation=Organisation.objects.get(key="lab-ni-zentralstelle"),
        )
    assert refused.value.code == "partner_not_eligible"


def test_a_partner_brought_in_early_takes_up_its_own_part(cast, story):
    case = story("Raman")
    agency = Organisation.objects.get(key="aa-hannover")
    services.case_involve_partner(case=case, actor=cast("company_hr"), organisation=agency)
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    accepted(case, authority=cast("zentralstelle_caseworker"))
    services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))
    assert Participant.objects.get(case=case, organisation=agency).role == "employment_agency"


def test_outside_the_region_is_said_plainly(login, cast):
    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(workplace_municipality="outside", workplace_postcode="10115"),
    )
    text = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "außerhalb der Region Hannover" in text
    assert "outside the region“" not in text


def test_consent_is_requested_once(cast, story):
    case = story("Kaya")
    with pytest.raises(DomainError) as refused:
        services.case_request_consent(case=case, actor=cast("abh_city_caseworker"))
    assert refused.value.code == "consent_already_requested"


def test_a_postcode_of_another_municipality_is_pointed_out(login, cast):
    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(workplace_postcode="30159", workplace_municipality="garbsen"),
    )
    text = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "30159" in text and "liegt laut den Daten der Region in Hannover" in text
