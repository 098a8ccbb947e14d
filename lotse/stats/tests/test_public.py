"""The public transparency page: no login, small cells suppressed, and no suppressed cell
recoverable from the published row and column totals — checked by brute force, independently of
the linear algebra the suppression itself uses."""

import itertools

from django.urls import reverse

from lotse.stats.public import THRESHOLD, TOTAL, public_table, suppress
from lotse.stats.tests.log import case_of, company_of_its_own, log

YEARS, TITLES = [2023, 2024], ["18a", "18b", "81a"]
CELLS = {(2023, "18a"): 3, (2023, "18b"): 6, (2023, "81a"): 7}
CELLS |= {(2024, "18a"): 6, (2024, "18b"): 2, (2024, "81a"): 8}


def _with_totals(cells: dict) -> dict:
    values = dict(cells)
    for year in YEARS:
        values[year, TOTAL] = sum(cells[year, title] for title in TITLES)
    for title in [*TITLES, TOTAL]:
        values[TOTAL, title] = sum(values[year, title] for year in YEARS)
    return values


def _feasible_values(values: dict, hidden: set) -> dict:
    """Every value each hidden entry can take in some table of non-negative counts that agrees
    with every published entry: brute force over the hidden interior cells."""
    unknown = [cell for cell in CELLS if cell in hidden]
    seen = {entry: set() for entry in hidden}

    def bound(cell):  # a count is at most its row's total, where that is published
        year = cell[0]
        return values[year, TOTAL] if (year, TOTAL) not in hidden else values[TOTAL, TOTAL]

    ranges = [range(bound(cell) + 1) for cell in unknown]
    for guess in itertools.product(*ranges):
        cells = dict(CELLS) | dict(zip(unknown, guess, strict=True))
        candidate = _with_totals(cells)
        if all(candidate[e] == values[e] for e in values if e not in hidden):
            for entry in hidden:
                seen[entry].add(candidate[entry])
    return seen


def test_small_cells_are_suppressed_and_not_recoverable_from_totals():
    values = _with_totals(CELLS)
    hidden = suppress(values, YEARS, TITLES)
    assert {(2023, "18a"), (2024, "18b")} <= hidden
    assert all(entry in hidden for entry, value in values.items() if 0 < value < THRESHOLD)
    for entry, possible in _feasible_values(values, hidden).items():
        assert len(possible) >= 2, f"{entry} is recoverable as {possible}"


def test_a_single_small_cell_in_a_line_takes_a_second_with_it():
    cells = {(2024, "18a"): 6, (2024, "18b"): 2}
    values = {**cells, (2024, TOTAL): 8, (TOTAL, "18a"): 6, (TOTAL, "18b"): 2, (TOTAL, TOTAL): 8}
    hidden = suppress(values, [2024], ["18a", "18b"])
    assert (2024, "18b") in hidden and (2024, "18a") in hidden
    assert (TOTAL, "18a") in hidden  # else 18a's total would give the cell away


def test_the_public_page_needs_no_login_and_publishes_no_small_number(client, cast):
    company = company_of_its_own("stats-public-gmbh")
    for number in range(7):
        case = case_of(company, cast("company_hr"), f"P-{number}")
        log(case, "target_title.chosen", "2024-01-02", new="18a" if number < 6 else "18b")
        log(case, "case.submitted", "2024-01-10", chamber="ihk-hannover")
        log(case, "preapproval.issued", "2024-04-10", person="worker")
    page = client.get(reverse("stats:public"))
    assert page.status_code == 200
    table = public_table()
    published = [
        value
        for row in [*table.rows, table.total]
        for value in [*row["cells"], row["total"]]
        if value is not None
    ]
    assert all(value == 0 or value >= THRESHOLD for value in published)
    row_2024 = next(row for row in table.rows if row["year"] == 2024)
    assert row_2024["cells"][table.columns.index("18b")] is None
    assert row_2024["median"] == 91  # 10 Jan → 10 Apr 2024, seven cases
    assert "•" in page.content.decode()
