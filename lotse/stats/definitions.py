"""What each figure counts, from which event: the one place that names them.

Event types are written as their stored values (strings): the procedure, forwarding and the
Welcome Center add theirs in parallel, and a figure over a type nobody appends yet simply stays
at zero. Every definition here is shown on the dashboard as the term's explanation.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The worker's own steps: these event types name a person ("worker" or a family member's id).
PERSONAL_STEPS = frozenset({"preapproval.issued", "visa.applied", "visa.issued", "visa.refused"})


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    events: frozenset[str]
    once: bool  # counted once per case (its first such event) or at every event
    definition: str


FIGURES = [
    Figure(
        "started",
        _("Procedures started"),
        frozenset({"case.submitted"}),
        True,
        _(
            "Cases submitted to a chamber for the first time (event “Submitted to the chamber”); "
            "a resubmission after a return is not a new start."
        ),
    ),
    Figure(
        "completed",
        _("Procedures completed"),
        frozenset({"preapproval.issued"}),
        True,
        _(
            "Cases in which the authority issued the pre-approval for the worker (§ 81a Abs. 3 "
            "S. 1 Nr. 5 AufenthG, event “pre-approval issued”); pre-approvals for family members "
            "are not counted again."
        ),
    ),
    Figure(
        "refused",
        _("Procedures refused"),
        frozenset({"procedure.refused"}),
        True,
        _("Cases the authority ended with a refusal (event “procedure refused”)."),
    ),
    Figure(
        "withdrawn",
        _("Procedures withdrawn"),
        frozenset({"case.withdrawn"}),
        True,
        _("Cases the company withdrew (event “Case withdrawn”), at whatever stage."),
    ),
    Figure(
        "returned",
        _("Cases returned for completion"),
        frozenset({"case.returned"}),
        True,
        _(
            "Cases a chamber returned to the company for completion at least once (event "
            "“Returned for completion”); counted once per case, in the month of the first return."
        ),
    ),
    Figure(
        "no_prospect",
        _("Advised: no prospect"),
        frozenset({"precheck.no_prospect"}),
        True,
        _(
            "Cases a chamber advised as having no prospect of success (event “Advised: no "
            "prospect of success”), once per case."
        ),
    ),
    Figure(
        "accepted",
        _("Dossiers accepted by the authority"),
        frozenset({"dossier.accepted"}),
        False,
        _(
            "Forwarded dossiers the authority accepted as complete (event “Authority accepted "
            "the dossier”)."
        ),
    ),
    Figure(
        "rejected",
        _("Dossiers rejected by the authority"),
        frozenset({"dossier.rejected"}),
        False,
        _(
            "Forwarded dossiers the authority sent back to the chamber (event “Authority "
            "rejected the dossier”); every rejection counts, also a second one of the same case."
        ),
    ),
]
FIGURE = {figure.key: figure for figure in FIGURES}
# The figures of the procedure's course, drawn per month; the others are the pre-check's quality.
COURSE = ("started", "completed", "refused", "withdrawn")
QUALITY = ("returned", "no_prospect", "accepted", "rejected")
# Deadline figures carry the clock's id as their stage (`deadlines/statutory.yaml`, and the
# recognition body's `recognition_<duty>`, `deadlines/recognition.py`).
KEPT, MISSED = "deadline_kept", "deadline_missed"


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    starts: frozenset[str]
    ends: frozenset[str]
    definition: str


STAGES = [
    Stage(
        "precheck",
        _("Pre-check at the chamber"),
        frozenset({"case.submitted"}),
        frozenset({"dossier.forwarded"}),
        _("From the first submission to the chamber to the forwarding to the authority."),
    ),
    Stage(
        "acceptance",
        _("Acceptance of the dossier"),
        frozenset({"dossier.forwarded"}),
        frozenset({"dossier.accepted"}),
        _("From the first forwarding to the authority's acceptance of the dossier."),
    ),
    Stage(
        "agreement",
        _("Agreement (§ 81a Abs. 2 AufenthG)"),
        frozenset({"dossier.accepted"}),
        frozenset({"agreement.concluded"}),
        _("From the acceptance of the dossier to the concluded agreement."),
    ),
    Stage(
        "recognition",
        _("Recognition"),
        frozenset({"recognition.applied"}),
        frozenset({"recognition.decided"}),
        _("From the application to the recognition body to its decision."),
    ),
    Stage(
        "consent",
        _("Consent of the Federal Employment Agency"),
        frozenset({"consent.requested"}),
        frozenset({"consent.given", "consent.refused", "consent.deemed_given"}),
        _("From the request for consent to its decision or deemed consent (§ 36 Abs. 2 BeschV)."),
    ),
    Stage(
        "authority",
        _("Authority to pre-approval"),
        frozenset({"dossier.accepted"}),
        frozenset({"preapproval.issued"}),
        _("From the acceptance of the dossier to the pre-approval for the worker."),
    ),
    Stage(
        "visa",
        _("Visa"),
        frozenset({"visa.applied"}),
        frozenset({"visa.issued", "visa.refused"}),
        _("From the worker's visa application to the mission's decision."),
    ),
    Stage(
        "end_to_end",
        _("End to end"),
        frozenset({"case.submitted"}),
        frozenset({"preapproval.issued"}),
        _("From the first submission to the chamber to the pre-approval for the worker."),
    ),
]
STAGE = {stage.key: stage for stage in STAGES}

# Terms shown on the dashboard beside the figures above.
TERMS = {
    "durations": _(
        "Durations in calendar days (Berlin time), each stage counted once per case, in the year "
        "it ended; the median is the middle value, the 80th percentile the value that four in "
        "five cases do not exceed."
    ),
    "deadlines": _(
        "A statutory deadline counts as kept when the event that meets the clock came by the "
        "clock's last day (§§ 187–193 BGB), as missed when it came later; the clocks are those "
        "of the procedure's statutory periods (e.g. one week for the Federal Employment "
        "Agency's consent, § 36 Abs. 2 S. 2 BeschV) and the recognition body's (two weeks to "
        "confirm receipt and two months from the complete file to decide, § 14a BQFG, or the "
        "periods of the law the body applies), the same clocks the case page shows."
    ),
    "backlog": _("Open cases in which the partner acts next, as the work list shows them now."),
    "scope": _(
        "A partner's figures count the events of the cases it takes part in, from the moment it "
        "takes part (the chamber from the submission, the authority from the forwarding)."
    ),
    "title": _(
        "The target residence title chosen for the case at the time of the event; “none” where "
        "none was chosen."
    ),
}
