"""What a rule finds: a condition's status, its citation, and a message key for the explanation.

Five statuses: `met`, `not_met`, `unknown` (a fact is missing: ask for it), `outstanding`
(a decision the § 81a procedure will obtain: the equivalence decision, a professional licence) and
`pending` (nothing to ask: a later day decides, such as the age on the day the title is first
issued, or a figure not yet published, such as next year's BBG). What decides a condition that is
not met or unmet is data: `fields` (facts to ask for), `steps` (steps the procedure obtains) and
`waits` (`future_fact` with its date, `unpublished_parameter` with its year), each a triple
(kind, name, date or year).
Explanations are not rendered here: a finding keeps its message key and parameters, and
`explain.py` renders them on demand.
"""

from __future__ import annotations

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
OUTSTANDING = "outstanding"
PENDING = "pending"

FUTURE_FACT = "future_fact"
UNPUBLISHED_PARAMETER = "unpublished_parameter"

STEP_RECOGNITION = "recognition"
STEP_LICENCE = "professional_licence"

NO_FIELDS: tuple[str, ...] = ()


class Condition:
    """One condition of a pathway as found for one case."""

    __slots__ = ("id", "status", "citation", "message", "params", "fields", "steps", "waits")

    def __init__(
        self,
        id: str,
        status: str,
        citation: str,
        message: str,
        params: dict | None = None,
        fields: tuple[str, ...] = NO_FIELDS,
        steps: tuple[str, ...] = NO_FIELDS,
        waits: tuple[tuple[str, str, object], ...] = (),
    ) -> None:
        self.id = id
        self.status = status
        self.citation = citation
        self.message = message
        self.params = params
        self.fields = fields
        self.steps = steps
        self.waits = waits

    def __repr__(self) -> str:
        return f"Condition({self.id!r}, {self.status!r}, {self.citation!r})"


class Variant:
    """One variant of a pathway (e.g. § 18g Abs. 2) with its conditions and its state.

    `notes` are findings that inform without deciding (e.g. what the work during a recognition
    partnership may be); they never change the state.
    """

    __slots__ = ("id", "conditions", "open", "notes")

    def __init__(
        self, id: str, conditions: tuple[Condition, ...], notes: tuple[Condition, ...] = ()
    ) -> None:
        self.id = id
        self.conditions = conditions
        self.open = state(conditions)
        self.notes = notes


def state(conditions: tuple[Condition, ...]) -> bool | None:
    """Open (True) when every condition is met, closed (False) when one is not met, else None."""
    all_met = True
    for condition in conditions:
        status = condition.status
        if status is NOT_MET:
            return False
        if status is not MET:
            all_met = False
    return True if all_met else None


def fixed(id: str, citation: str, message: str, status: str, field: str | None = None) -> Condition:
    """A condition without parameters, built once and shared by every case that finds it."""
    return Condition(id, status, citation, message, None, (field,) if field else NO_FIELDS)


def tri(id: str, citation: str, field: str, message: str) -> dict[bool | None, Condition]:
    """The three findings of a condition that is one yes/no fact: met, not met, unknown."""
    return {
        True: fixed(id, citation, f"{message}.met", MET),
        False: fixed(id, citation, f"{message}.not_met", NOT_MET),
        None: fixed(id, citation, f"{message}.unknown", UNKNOWN, field),
    }
