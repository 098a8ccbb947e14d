"""The company's chamber by its trade, and the recognition body by the reference occupation."""

from datetime import date

import pytest

from lotse.routing import RoutingInputError, chamber, recognition_body

ON = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("trade_kind", "status", "key"),
    [
        ("craft", "competent", "hwk-hannover"),
        ("trade", "competent", "ihk-hannover"),
        ("liberal_profession", "no_body", None),
        ("agriculture", "no_body", None),
    ],
)
def test_chamber_by_trade_kind(hannover, trade_kind, status, key):
    answer = chamber(trade_kind=trade_kind, on=ON, region=hannover)
    assert (answer.status, answer.organisation_key) == (status, key)
    assert answer.rule_id and answer.legal_basis and answer.source
    assert answer.source in answer.reason.de


def test_the_craft_chamber_cites_the_hwo(hannover):
    answer = chamber(trade_kind="craft", on=ON, region=hannover)
    assert "§ 90" in answer.legal_basis and "HwO" in answer.reason.de
    assert answer.reason.de.startswith("Zuständig: Handwerkskammer Hannover, weil ")


def test_liberal_professions_belong_to_no_chamber_and_say_so(hannover):
    answer = chamber(trade_kind="liberal_profession", on=ON, region=hannover)
    assert answer.reason.de.startswith("Keine Kammer ist zuständig, weil freie Berufe")
    assert answer.reason.en.startswith("No chamber is competent, because liberal professions")


def test_an_unknown_trade_kind_is_refused(hannover):
    with pytest.raises(RoutingInputError) as caught:
        chamber(trade_kind="bakery", on=ON, region=hannover)
    assert caught.value.code == "trade"


RECOGNITION = [
    # category, level, body, law citation, (receipt confirmation, decision) as (unit, count)
    ("ihk_occupation", "vocational", "ihk-hannover", "§ 14a BQFG", ("weeks", 2), ("months", 2)),
    ("craft_occupation", "vocational", "hwk-hannover", "§ 14a BQFG", ("weeks", 2), ("months", 2)),
    ("engineer_title", "academic", "ingenieurkammer-ni", "§ 9a NIngG", ("weeks", 2), ("months", 2)),
    ("degree_non_regulated", "academic", "zab", "ZAB-Zeugnisbewertung, § 81a Abs. 3 Nr. 2 AufenthG",
     None, ("months", 2)),
    ("teacher_third_country", "academic", "mk-niedersachsen", "NBQFG", None, ("months", 3)),
    ("teacher_eu", "academic", "rlsb-lueneburg", "Art. 51 RL 2005/36/EG", ("months", 1),
     ("months", 3)),
    ("health_profession", "vocational", "ls-lueneburg", "PflBG, MTBG", None, None),
    ("doctor_dentist", "academic", "nizza", "BÄO; ZHG", None, None),
]  # fmt: skip


def _period(law, deadline_id):
    found = [d for d in law.deadlines if d.id == deadline_id]
    if not found:
        return None
    (deadline,) = found
    return ("weeks", deadline.weeks) if deadline.weeks else ("months", deadline.months)


@pytest.mark.parametrize(("category", "level", "key", "citation", "ack", "decide"), RECOGNITION)
def test_recognition_body_with_its_law_and_deadlines(
    hannover, category, level, key, citation, ack, decide
):
    answer = recognition_body(category=category, level=level, on=ON, region=hannover)
    assert (answer.status, answer.organisation_key) == ("competent", key)
    assert answer.law is not None and answer.law.citation == citation
    assert _period(answer.law, "receipt_confirmation") == ack
    assert _period(answer.law, "decision") == decide
    assert citation in answer.reason.de and citation in answer.reason.en


def test_the_bqfg_deadlines_are_spelled_out(hannover):
    answer = recognition_body(category="ihk_occupation", on=ON, region=hannover)
    assert "Eingangsbestätigung binnen 2 Wochen" in answer.reason.de
    assert (
        "Entscheidung binnen 2 Monaten ab Eingang der vollständigen Unterlagen" in answer.reason.de
    )
    assert "confirmation of receipt within 2 weeks" in answer.reason.en


def test_unconfirmed_periods_are_marked(hannover):
    answer = recognition_body(category="teacher_third_country", on=ON, region=hannover)
    assert not answer.law.deadlines[0].confirmed
    assert "nicht belegt" in answer.reason.de and "unconfirmed" in answer.reason.en
    health = recognition_body(category="health_profession", on=ON, region=hannover)
    assert health.law.deadlines == () and "keine Frist belegt" in health.reason.de


def test_other_regulated_professions_name_no_body(hannover):
    answer = recognition_body(category="other_regulated", on=ON, region=hannover)
    assert answer.status == "not_in_data" and answer.organisation_key is None
    assert "Anerkennungs-Finder" in answer.reason.de and "Anerkennungs-Finder" in answer.reason.en


def test_recognition_rules_start_with_section_14a_bqfg(hannover):
    before = recognition_body(category="ihk_occupation", on=date(2020, 2, 29), region=hannover)
    assert before.status == "not_in_data"


@pytest.mark.parametrize(
    ("category", "level", "code"),
    [
        ("ihk_occupation", "academic", "level"),
        ("engineer_title", "vocational", "level"),
        ("ihk_occupation", "phd", "level"),
        ("astronaut", None, "category"),
    ],
)
def test_bad_recognition_input_is_refused(hannover, category, level, code):
    with pytest.raises(RoutingInputError) as caught:
        recognition_body(category=category, level=level, on=ON, region=hannover)
    assert caught.value.code == code
    assert caught.value.message.de and caught.value.message.en
