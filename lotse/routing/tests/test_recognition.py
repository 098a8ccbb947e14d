"""The recognition body by reference occupation, with the periods its law sets (issue 21).

One table row per category and date: body, law and the periods a § 81a clock counts with, on a date
before and after each dated change (the NBQFG amendment of 2022, the NIngG/NArchtG amendment of 2024).
Each period is written (what, length, unit, strength, confirmed); every period must cite its provision
and name a source.
"""

import shutil
from datetime import date

import pytest
import yaml

from lotse.routing import RegionDataError, RoutingInputError, load_region, recognition_body
from lotse.routing.bodies import recognition_periods
from lotse.routing.periods import period_lines
from lotse.routing.region import clear_cache
from lotse.routing.tests.conftest import HANNOVER_DIR

NOW = date(2026, 1, 1)
ACK_2W = ("receipt_confirmation", 2, "weeks", "must", True)
ACK_1M = ("receipt_confirmation", 1, "months", "must", True)
DEC_2M = ("decision", 2, "months", "should", True)
NIZZA = ("answer", 12, "weeks", "practice", True)

TABLE = [
    # category, date, body, law citation, periods in a § 81a case
    ("ihk_occupation", NOW, "ihk-hannover", "§ 14a BQFG", {ACK_2W, DEC_2M}),
    ("craft_occupation", NOW, "hwk-hannover", "§ 14a BQFG", {ACK_2W, DEC_2M}),
    ("degree_non_regulated", NOW, "zab", "ZAB-Zeugnisbewertung, § 81a Abs. 3 Nr. 2 AufenthG",
     {("decision", 2, "months", "target", True)}),
    ("doctor", NOW, "nizza", "§ 39 Abs. 5 ÄApprO", {ACK_1M, DEC_2M, NIZZA}),
    # ZApprO from 1 Oct 2020 (§ 133 ZApprO); before, only the ZHG's own periods are documented
    ("dentist", date(2020, 9, 30), "nizza", "§ 2 Abs. 2 ZHG", {DEC_2M, NIZZA}),
    ("dentist", date(2020, 10, 1), "nizza", "§§ 85, 86 ZApprO; § 2 Abs. 2 ZHG",
     {ACK_1M, DEC_2M, NIZZA}),
    # PsychThApprO (of 4 Mar 2020) assumed from 1 Sep 2020 (date UNCONFIRMED)
    ("psychotherapist", date(2020, 8, 31), "nizza", "PsychTh-APrV (1998)", set()),
    ("psychotherapist", date(2020, 9, 1), "nizza", "§ 61 PsychThApprO", {ACK_1M, DEC_2M}),
    ("pharmacist", NOW, "apothekerkammer-ni", "§ 20 Abs. 5 AAppO", {ACK_1M, DEC_2M}),
    ("health_profession", NOW, "ls-lueneburg", None, None),
    ("rescue_service", NOW, "mi-niedersachsen", "§ 23 Abs. 1 NotSan-APrV", {DEC_2M}),
    ("lawyer", NOW, "gjpa-berlin", "§§ 16 ff. EuRAG", set()),
    # NBQFG: § 13 only, then § 14a (its values UNCONFIRMED) from the 2022 amendment
    ("teacher_third_country", date(2022, 3, 29), "mk-niedersachsen", "§ 13 NBQFG",
     {ACK_1M, ("decision", 3, "months", "must", True)}),
    ("teacher_third_country", date(2022, 3, 30), "mk-niedersachsen", "§§ 13, 14a NBQFG",
     {("receipt_confirmation", 2, "weeks", "must", False), ("decision", 2, "months", "should", False)}),
    ("teacher_eu", date(2022, 3, 29), "rlsb-lueneburg", "§ 13 NBQFG",
     {ACK_1M, ("decision", 3, "months", "must", True)}),
    ("teacher_eu", NOW, "rlsb-lueneburg", "§§ 13, 14a NBQFG",
     {("receipt_confirmation", 2, "weeks", "must", False), ("decision", 2, "months", "should", False)}),
    ("social_pedagogy", date(2022, 3, 29), "rlsb-lueneburg", "§ 13 NBQFG",
     {ACK_1M, ("decision", 3, "months", "must", True)}),
    ("social_pedagogy", NOW, "rlsb-lueneburg", "§§ 13, 14a NBQFG",
     {("receipt_confirmation", 2, "weeks", "must", False), ("decision", 2, "months", "should", False)}),
    # NIngG: § 9 (1 month / 4 months) until the 2024 amendment, then § 9a (2 weeks / 2 months)
    ("engineer_title", date(2024, 6, 18), "ingenieurkammer-ni", "§ 9 NIngG",
     {ACK_1M, ("decision", 4, "months", "must", True)}),
    ("engineer_title", date(2024, 6, 19), "ingenieurkammer-ni", "§§ 9, 9a NIngG", {ACK_2W, DEC_2M}),
    # NArchtG: no period documented before § 12a; § 12a's values UNCONFIRMED
    ("architect", date(2024, 6, 18), "architektenkammer-ni", "§ 12 NArchtG", set()),
    ("architect", date(2024, 6, 19), "architektenkammer-ni", "§§ 12, 12a NArchtG",
     {("receipt_confirmation", 2, "weeks", "must", False), ("decision", 2, "months", "should", False)}),
]  # fmt: skip


def _written(periods) -> set:
    return {(p.what, p.length, p.unit, p.strength, p.confirmed) for p in periods}


@pytest.mark.parametrize(("category", "on", "key", "citation", "periods"), TABLE)
def test_body_law_and_periods_by_category_and_date(hannover, category, on, key, citation, periods):
    answer = recognition_body(category=category, on=on, region=hannover)
    assert (answer.status, answer.organisation_key) == ("competent", key)
    assert answer.sources and all(source.title for source in answer.sources)
    if citation is None:
        assert answer.law is None
        return
    assert answer.law.citation == citation
    assert citation in answer.reason.de and citation in answer.reason.en
    assert _written(answer.law.periods_for("accelerated")) == periods
    for period in answer.law.periods:
        assert period.citation and period.sources
        assert all(hannover.sources[key] for key in period.sources)


@pytest.mark.parametrize("category", sorted({row[0] for row in TABLE}))
def test_no_recognition_rule_before_section_81a_existed(hannover, category):
    assert recognition_body(category=category, on=date(2020, 2, 29), region=hannover).status == (
        "not_in_data"
    )


def test_regular_and_accelerated_periods_differ_where_the_law_says_so(hannover):
    law = recognition_body(category="doctor", on=NOW, region=hannover).law
    decisions = {p.procedure: p for p in law.periods if p.what == "decision"}
    assert (decisions["regular"].length, decisions["regular"].strength) == (3, "must")
    assert (decisions["accelerated"].length, decisions["accelerated"].strength) == (2, "should")
    assert {p.what: p.length for p in law.periods_for("regular")}["decision"] == 3
    assert decisions["accelerated"].citation == "§ 39 Abs. 5 S. 2 ÄApprO"


def test_nizza_practice_runs_from_its_receipt_confirmation_and_is_marked_practice(hannover):
    (practice,) = [p for p in recognition_periods(category="doctor", on=NOW) if p.what == "answer"]
    assert (practice.trigger, practice.strength) == ("receipt_confirmation", "practice")
    assert "Angabe aus der Praxis" in recognition_body(category="doctor", on=NOW).reason.de


HEALTH = [
    # occupation, law citation, § 81a decision (length, strength), regular decision length
    ("pflegefachkraft", "§ 43 Abs. 3 PflAPrV", 4),
    ("altenpflege", "§ 43 Abs. 3 PflAPrV", 4),
    ("hebamme", "§ 43 HebStPrV", 4),
    ("physiotherapie", "§ 21c Abs. 1 PhysTh-APrV", 4),
    ("masseur", "§ 16c Abs. 1 MB-APrV", 4),
    ("ergotherapie", "§ 16c Abs. 1 ErgThAPrV", 4),
    ("logopaedie", "§ 16c Abs. 1 LogAPrO", 4),
    ("podologie", "§ 16c Abs. 1 PodAPrV", 4),
    ("diaetassistenz", "§ 16c Abs. 1 DiätAss-APrV", 4),
    ("orthoptik", "§ 16c Abs. 1 OrthoptAPrV", 4),
    ("ata", "§§ 51, 53 ATA-OTA-APrV", 3),
    ("mt-radiologie", "§ 61 MTAPrV", 3),
]


@pytest.mark.parametrize(("occupation", "citation", "regular"), HEALTH)
def test_each_health_profession_has_its_own_law(hannover, occupation, citation, regular):
    answer = recognition_body(occupation=occupation, on=NOW, region=hannover)
    assert (answer.organisation_key, answer.category) == ("ls-lueneburg", "health_profession")
    assert answer.law.citation == citation
    accelerated = {p.what: p for p in answer.law.periods_for("accelerated")}
    assert (accelerated["decision"].length, accelerated["decision"].strength) == (2, "should")
    assert {p.what: p.length for p in answer.law.periods_for("regular")}["decision"] == regular


def test_the_health_category_without_an_occupation_asks_for_the_profession(hannover):
    answer = recognition_body(category="health_profession", on=NOW, region=hannover)
    assert answer.law is None and "physiotherapie" in answer.reason.de
    assert "bitte den Beruf angeben" in answer.reason.de
    assert "please name the profession" in answer.reason.en


# The Landesamt's own exhaustive list of professions (ls-liste-2025), as the data keys them.
LANDESAMT_PROFESSIONS = {
    "altenpflege", "ata", "diaetassistenz", "ergotherapie", "kinderkrankenpflege", "hebamme",
    "logopaedie", "masseur", "mt-labor", "mt-radiologie", "mt-funktionsdiagnostik", "ota",
    "orthoptik", "pflegefachkraft", "pta", "physiotherapie", "podologie",
}  # fmt: skip
NOT_THE_LANDESAMT = ["notfallsanitaeter", "pflegeassistenz", "apotheker", "arzt", "zahnarzt"]


def test_every_profession_on_the_landesamt_list_maps_to_it(hannover):
    members = {o.key for o in hannover.members("health_profession")}
    assert LANDESAMT_PROFESSIONS <= members
    for occupation in LANDESAMT_PROFESSIONS:
        answer = recognition_body(occupation=occupation, on=NOW, region=hannover)
        assert answer.organisation_key == "ls-lueneburg", occupation
        assert answer.law is not None and answer.law.periods, occupation


@pytest.mark.parametrize("occupation", NOT_THE_LANDESAMT)
def test_excluded_occupations_do_not_fall_into_the_health_category(hannover, occupation):
    assert occupation in hannover.recognition_categories["health_profession"].excludes
    answer = recognition_body(occupation=occupation, on=NOW, region=hannover)
    assert answer.category != "health_profession"
    assert answer.organisation_key != "ls-lueneburg"
    with pytest.raises(RoutingInputError) as caught:
        recognition_body(occupation=occupation, category="health_profession", on=NOW)
    assert caught.value.code == "occupation_category"


@pytest.mark.parametrize(
    ("occupation", "key"),
    [
        ("notfallsanitaeter", "mi-niedersachsen"),
        ("apotheker", "apothekerkammer-ni"),
        ("psychotherapeut", "nizza"),
        ("erzieher", "rlsb-lueneburg"),
        ("heilerziehungspflege", "rlsb-lueneburg"),
        ("sozialpaedagogische-assistenz", "rlsb-lueneburg"),
        ("heilpaedagogik", "rlsb-lueneburg"),
        ("stadtplaner", "architektenkammer-ni"),
    ],
)
def test_the_professions_of_the_new_categories_have_their_body(hannover, occupation, key):
    assert recognition_body(occupation=occupation, on=NOW, region=hannover).organisation_key == key


@pytest.mark.parametrize(
    ("occupation", "where"),
    [("pflegeassistenz", "Anerkennungs-Finder"), ("sozialarbeit", "Hochschule")],
)
def test_no_body_is_guessed_where_no_source_names_one(hannover, occupation, where):
    answer = recognition_body(occupation=occupation, on=NOW, region=hannover)
    assert answer.status == "not_in_data" and answer.organisation_key is None
    assert answer.law is None
    assert where in answer.reason.de and where in answer.reason.en


def test_lawyers_go_to_the_joint_examination_office_and_say_what_follows(hannover):
    answer = recognition_body(occupation="rechtsanwalt", on=NOW, region=hannover)
    assert "Rechtsanwaltskammer" in answer.reason.de and "nicht belegt" in answer.reason.de
    assert "third country alone" in answer.reason.en


def test_pflegeassistenz_says_not_known_and_where_to_ask(hannover):
    answer = recognition_body(occupation="pflegeassistenz", on=NOW, region=hannover)
    assert "Nicht bekannt" in answer.reason.de and "Not known" in answer.reason.en


def test_unconfirmed_values_are_marked_in_the_data_and_shown(hannover):
    answer = recognition_body(category="teacher_third_country", on=NOW, region=hannover)
    unconfirmed = [p for p in answer.law.periods if not p.confirmed]
    assert unconfirmed and all(p.note for p in unconfirmed)
    assert "nicht belegt" in answer.reason.de and "unconfirmed" in answer.reason.en
    lines = period_lines(hannover, answer.law)
    assert sum("NICHT BELEGT" in line.de for line in lines) == len(unconfirmed)
    assert sum("UNCONFIRMED" in line.en for line in lines) == len(unconfirmed)


def test_an_unconfirmed_date_of_effect_is_shown(hannover):
    answer = recognition_body(category="engineer_title", on=NOW, region=hannover)
    assert answer.date_unconfirmed is not None
    assert "Datum nicht belegt" in answer.reason.de and "not confirmed" in answer.reason.en
    assert "2024 Nr. 52" in answer.reason.de


def test_architects_before_section_12a_have_no_period_and_say_so(hannover):
    answer = recognition_body(category="architect", on=date(2024, 1, 1), region=hannover)
    assert answer.law.periods == ()
    assert "keine Frist belegt" in answer.reason.de


def test_period_lines_name_source_and_address(hannover):
    law = recognition_body(category="doctor", on=NOW, region=hannover).law
    (line, *_rest) = period_lines(hannover, law)
    assert line.de.startswith("Eingangsbestätigung (jedes Verfahren): 1 Monat ab Eingang")
    assert "https://www.gesetze-im-internet.de/_appro_2002/__39.html" in line.de
    assert line.en.startswith("confirmation of receipt (any procedure): 1 month from receipt")


def test_recognition_periods_for_the_clocks(hannover):
    periods = recognition_periods(occupation="physiotherapie", on=NOW, region=hannover)
    assert [(p.what, p.length, p.unit, p.trigger) for p in periods] == [
        ("decision", 2, "months", "complete_documents")
    ]
    assert recognition_periods(occupation="pflegeassistenz", on=NOW, region=hannover) == ()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"category": "ihk_occupation", "level": "academic"}, "level"),
        ({"category": "engineer_title", "level": "vocational"}, "level"),
        ({"category": "ihk_occupation", "level": "phd"}, "level"),
        ({"category": "astronaut"}, "category"),
        ({"occupation": "astronaut"}, "occupation"),
        ({}, "occupation_or_category"),
    ],
)
def test_bad_recognition_input_is_refused(hannover, kwargs, code):
    with pytest.raises(RoutingInputError) as caught:
        recognition_body(on=NOW, region=hannover, **kwargs)
    assert caught.value.code == code
    assert caught.value.message.de and caught.value.message.en


def _laws(data):
    return data["laws"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: _laws(d)["aeappro"]["periods"][0].update(sources=[]), "needs a source"),
        (lambda d: _laws(d)["aeappro"]["periods"][0].update(sources=["nowhere"]), "period source"),
        (lambda d: _laws(d)["aeappro"]["periods"][0].update(strength="maybe"), "strength"),
        (lambda d: _laws(d)["aeappro"]["periods"][0].update(unit="days"), "unit"),
        (lambda d: d["occupations"]["arzt"].update(category="health_profession"), "own member"),
        (lambda d: d["occupations"]["arzt"].update(category="astronauts"), "category"),
        (lambda d: d["occupations"]["arzt"].update(law="nowhere"), "law"),
        (lambda d: d["categories"]["health_profession"].update(excludes=["x"]), "excluded"),
        (lambda d: d["rules"][0].update(categories=["undeclared"]), "declare it"),
    ],
)
def test_inconsistent_recognition_data_fails_on_load(tmp_path, change, problem):
    target = tmp_path / "hannover"
    shutil.copytree(HANNOVER_DIR, target)
    path = target / "recognition.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        with pytest.raises((RegionDataError, ValueError), match=problem):
            load_region(target)
    finally:
        clear_cache()


def test_mt_professions_follow_the_mta_aprv_before_the_mtbg(hannover):
    before = recognition_body(occupation="mt-labor", on=date(2022, 12, 31), region=hannover)
    after = recognition_body(occupation="mt-labor", on=date(2023, 1, 1), region=hannover)
    assert (before.law.citation, after.law.citation) == ("§ 25c Abs. 1 MTA-APrV", "§ 61 MTAPrV")
    assert {p.what: p.length for p in before.law.periods_for("regular")}["decision"] == 4
    assert {p.what: p.length for p in after.law.periods_for("regular")}["decision"] == 3
    assert after.date_unconfirmed is not None and "MTBG" in after.reason.de
