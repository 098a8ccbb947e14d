"""The start page's work list: whose move it is decides the section, the projection the order."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from lotse.cases import worklist
from lotse.cases.models import NextStep
from lotse.cases.services import case_create
from lotse.cases.visibility import visible_to
from lotse.core import clock
from lotse.core.pagination import BadCursor
from lotse.demo.stories import valid_intake
from lotse.orgs.models import Organisation

# Whose move it is in each demo case (stories.py): drafts and returned cases wait for the company,
# a submitted one for its chamber, a forwarded one for its authority until the agency is asked; in
# the procedure (procedure_stories.py) Ramírez waits for the agency, Bondarenko's child's visa for
# the company's report.
NEEDS = {
    "company_hr": {"Jovanović", "Nair", "Bondarenko"},
    "company_lead": {"Jovanović", "Nair", "Bondarenko"},
    "other_company_hr": set(),
    "ihk_adviser": {"Raman"},
    "hwk_adviser": set(),
    "abh_city_caseworker": set(),
    "abh_region_caseworker": {"Nguyễn"},
    "zentralstelle_caseworker": {"El Amrani", "Mendoza"},
    "aa_caseworker": {"Kaya", "Ramírez"},
    "welcome_adviser": set(),
}


def names(page) -> list[str]:
    return [case.worker_last_name for case in page.items]


def parts(cast, key: str, **filters):
    member = cast(key)
    chosen = worklist.Filters(**filters)
    action = worklist.needs_action(user=member.user, membership=member, filters=chosen)
    rest = worklist.the_rest(user=member.user, membership=member, filters=chosen)
    return action, rest


@pytest.mark.parametrize("key", sorted(NEEDS))
def test_needs_my_action_holds_the_cases_waiting_for_my_organisation(key, cast):
    action, rest = parts(cast, key)
    assert set(names(action)) == NEEDS[key]
    visible = set(visible_to(cast(key).user).values_list("worker_last_name", flat=True))
    assert set(names(rest)) == visible - NEEDS[key]  # every visible case once, in one part


def test_the_longest_waiting_case_comes_first(cast):
    action, _rest = parts(cast, "zentralstelle_caseworker")
    assert names(action) == ["Mendoza", "El Amrani"]  # forwarded Sep 2025, then Feb 2026


def test_a_due_date_goes_before_waiting_time_and_pages_cross_it(cast, monkeypatch):
    member = cast("company_hr")
    with clock.travel_to(datetime.date(2026, 11, 25)):
        extra = [case_create(actor=member, fields=valid_intake()) for _ in range(3)]
    # earlier than any due date the demo's cases carry (their clocks fill it)
    dated = NextStep.objects.filter(organisation=member.organisation, due__isnull=False)
    earliest = min([datetime.date(2026, 12, 1), *dated.values_list("due", flat=True)])
    NextStep.objects.filter(case=extra[2]).update(due=earliest - datetime.timedelta(days=2))
    NextStep.objects.filter(case=extra[1]).update(due=earliest - datetime.timedelta(days=1))
    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    seen, after = [], None
    while True:
        page = worklist.needs_action(user=member.user, membership=member, after=after)
        seen += [case.pk for case in page.items]
        after = page.next_cursor
        if after is None:
            break
    assert seen[:2] == [extra[2].pk, extra[1].pk]  # the earliest due date first
    # then by due date (none last), then by waiting time: the same order the pages crossed
    steps = NextStep.objects.filter(case__in=seen)
    expected = sorted(
        steps.values_list("due", "since", "case_id"),
        key=lambda row: (row[0] is None, row[0] or datetime.date.min, row[1], row[2]),
    )
    assert seen == [case_id for _due, _since, case_id in expected]
    assert len(seen) == len(set(seen))


def test_a_forged_work_list_cursor_is_refused(cast):
    member = cast("company_hr")
    with pytest.raises(BadCursor):
        worklist.needs_action(user=member.user, membership=member, after="bm9wZQ")


def test_the_state_filter_applies_to_both_parts(cast):
    action, rest = parts(cast, "company_hr", state="returned")
    assert names(action) == ["Nair"] and names(rest) == []


def test_the_partner_filter_keeps_the_cases_a_partner_takes_part_in(cast):
    welcome = Organisation.objects.get(key="welcome-center").pk
    action, rest = parts(cast, "company_hr", partner=welcome)
    assert names(action) == [] and names(rest) == ["Raman"]
    zentralstelle = Organisation.objects.get(key="lab-ni-zentralstelle").pk
    action, rest = parts(cast, "company_hr", partner=zentralstelle)
    assert names(action) == ["Bondarenko"]
    assert set(names(rest)) == {"Mendoza", "Benali", "Mensah", "Sadykova", "Ramírez"}


def test_mine_is_where_i_am_the_contact_or_which_i_opened(cast):
    action, rest = parts(cast, "company_lead", mine=True)
    assert names(action) == [] and names(rest) == []  # the HR adviser opened them all
    action, rest = parts(cast, "company_hr", mine=True)
    assert set(names(action)) | set(names(rest)) == NEEDS["company_hr"] | {
        "Raman",
        "Kaya",
        "Mendoza",
        "Benali",
        "Mensah",
        "Sadykova",
        "Ramírez",
    }
    action, rest = parts(cast, "ihk_lead", mine=True)
    assert names(action) == [] and names(rest) == []  # the adviser is the IHK's contact


def test_filters_from_a_query_drop_what_they_do_not_know():
    assert worklist.filters_from(QueryDict("state=nonsense&partner=x&mine=yes")) == (
        worklist.Filters()
    )
    chosen = worklist.filters_from(
        QueryDict("state=draft&mine=1&partner=6f1c0d0e-0000-4000-8000-000000000000")
    )
    assert chosen.state == "draft" and chosen.mine and chosen.partner is not None


def test_partners_to_filter_by_are_the_regions_partners_without_companies(cast):
    partners = worklist.partners_for(membership=cast("company_hr"))
    kinds = {partner.kind for partner in partners}
    assert "company" not in kinds and {"ihk", "foreigners_authority"} <= kinds
    assert cast("ihk_adviser").organisation not in worklist.partners_for(
        membership=cast("ihk_adviser")
    )


def test_the_start_page_shows_needs_my_action_first(login, story):
    page = login("ihk_adviser").get(reverse("cases:list")).content.decode()
    needs, others = page.index("Wartet auf Sie"), page.index("Bei anderen oder abgeschlossen")
    assert needs < page.index(story("Raman").reference) < others
    assert others < page.index(story("Kaya").reference)


def test_the_start_page_says_who_acts(login, story):
    page = login("company_hr").get(reverse("cases:list")).content.decode()
    assert "Ihre Organisation" in page  # the drafts and the returned case
    assert "IHK Hannover" in page  # Raman waits for the chamber
    assert "Agentur für Arbeit" in page  # Kaya waits for the agency's consent


def test_the_filtered_list_keeps_its_filters_on_the_next_page(login, cast):
    with clock.travel_to(datetime.date(2026, 11, 24)):
        for _ in range(51):
            case_create(actor=cast("company_hr"), fields=valid_intake())
    page = login("company_hr").get(reverse("cases:list"), {"state": "draft", "mine": "1"})
    html = page.content.decode()
    assert "state=draft&amp;mine=1&amp;action_after=" in html
    cursor = html.split("action_after=")[1].split('"')[0]
    more = login("company_hr").get(
        reverse("cases:list"), {"state": "draft", "mine": "1", "action_after": cursor}
    )
    assert more.status_code == 200 and len(more.context["action"].items) == 2
    assert more.context["rest"] is None  # a section's next page shows that section alone


def test_whoever_acts_next_sees_the_case(db):
    """Why `needs_action` may skip `visible_to`: the acting organisation always sees the case."""
    from lotse.orgs.models import Membership

    for step in NextStep.objects.exclude(organisation=None):
        for member in Membership.objects.filter(organisation=step.organisation_id, active=True):
            assert visible_to(member.user).filter(pk=step.case_id).exists(), step.case_id


def test_needs_my_action_only_for_ones_own_active_membership(cast):
    other = cast("ihk_adviser")
    page = worklist.needs_action(user=cast("company_hr").user, membership=other)
    assert page.items == []
    other.active = False
    assert worklist.needs_action(user=other.user, membership=other).items == []
