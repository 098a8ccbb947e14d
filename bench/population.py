"""The people the next-step benchmarks fill their database with (`next_step.py`, `worklist.py`):
one company with its HR person, and 20 partner organisations of `per_partner` people each."""


def bench_people(per_partner: int):
    from lotse.orgs.models import Organisation, OrgKind, Role
    from lotse.orgs.services import membership_create, organisation_create

    company = organisation_create(key="bench-company", kind=OrgKind.COMPANY, name="Bench GmbH")
    opener = membership_create(organisation=company, email="hr@bench.example", role=Role.ADVISER)
    partners = {}
    for number in range(20):
        org = organisation_create(
            key=f"bench-partner-{number}", kind=OrgKind.FOREIGNERS_AUTHORITY, name=f"P {number}"
        )
        partners[org] = [
            membership_create(
                organisation=org, email=f"p{number}-{person}@bench.example", role=Role.ADVISER
            )
            for person in range(per_partner)
        ]
    assert Organisation.objects.count() >= 21
    return company, opener, partners
