"""The pathways, in report order: each module has `ID`, `TITLE` and `evaluate(situation, params)`."""

from lotse.precheck.rules import (
    blue_card,
    experience_route,
    recognition_measures,
    skilled_academic,
    skilled_vocational,
)

PATHWAYS = (recognition_measures, skilled_vocational, skilled_academic, blue_card, experience_route)
