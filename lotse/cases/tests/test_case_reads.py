"""The case page's reads of a case's family, contacts and organisations: composed once, they give
what the ORM gives for every case, each with its own values (issue 13)."""

from django.db.models import Q

from lotse.cases.models import Case, FamilyMember
from lotse.cases.selectors import (
    INVOLVABLE,
    case_contacts,
    case_family,
    case_organisations,
)
from lotse.orgs.models import Organisation


def _organisations_by_orm(case: Case) -> list:
    running = case.participants.filter(seen_until__isnull=True).values("organisation_id")
    around = Q(pk__in=running) | Q(pk=case.company_id)
    if case.chamber_id:
        around |= Q(pk=case.chamber_id)
    involvable = Q(region=case.company.region, kind__in=INVOLVABLE)
    return list(Organisation.objects.filter(around | involvable).order_by("name", "pk"))


def test_each_case_gets_its_own_family_contacts_and_organisations(cast, django_assert_num_queries):
    cases = list(Case.objects.select_related("company").order_by("created_at"))
    assert len(cases) > 3
    assert any(case.chamber_id is None for case in cases)
    assert any(FamilyMember.objects.filter(case=case).exists() for case in cases)
    assert any(case.contacts.exists() for case in cases)
    for case in cases + cases:  # the second round reuses every composed statement
        fresh = Case.objects.select_related("company").get(pk=case.pk)
        family = case_family(fresh)
        assert [m.pk for m in family] == list(
            FamilyMember.objects.filter(case=case)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        contacts = case_contacts(case=fresh)
        assert [c.pk for c in contacts] == list(
            case.contacts.order_by("organisation__name", "pk").values_list("pk", flat=True)
        )
        assert case_organisations(fresh) == _organisations_by_orm(case)
        with django_assert_num_queries(0):  # all of it came with the three reads
            assert [m.pk for m in fresh.family.all()] == [m.pk for m in family]
            for contact in contacts:
                assert contact.case is fresh
                str(contact.organisation), str(contact.membership.user)
            case_organisations(fresh)
