"""The case (worker, qualification, job, family), who takes part in it, and its event log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lotse.cases import validators
from lotse.cases.next_step import Step
from lotse.cases.states import CaseState
from lotse.cases.tracks import TrackKind, TrackState
from lotse.core import clock
from lotse.core.models import BaseModel
from lotse.orgs.models import OUTSIDE_REGION  # noqa: F401 (re-exported for the intake)

POSTCODE = RegexValidator(r"^\d{5}$", _("A postcode has exactly five digits."))


class QualificationLevel(models.TextChoices):
    ACADEMIC = "academic", _("Academic (university degree)")
    VOCATIONAL = "vocational", _("Vocational training")
    NONE = "none", _("No formal qualification")


class Recognition(models.TextChoices):
    """The German equivalence decision (Gleichwertigkeitsfeststellung, §§ 4, 14a BQFG)."""

    NONE = "none", _("Not applied for yet")
    PENDING = "pending", _("Applied for, no decision yet")
    FULL = "full", _("Full equivalence")
    PARTIAL = "partial", _("Partial equivalence with measures (deficit notice)")
    REFUSED = "refused", _("Refused")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse or registered partner")
    CHILD = "child", _("Minor unmarried child")


class Case(BaseModel):
    """One worker's accelerated procedure (§ 81a AufenthG), opened by their future employer."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    company = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    created_by = models.ForeignKey(
        "orgs.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.DRAFT
    )
    chamber = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("chamber"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chamber_cases",
    )
    log_head = models.CharField(
        _("hash of the last event"), max_length=64, blank=True, editable=False
    )
    log_seq = models.PositiveIntegerField(_("number of the last event"), default=0, editable=False)
    # The name of an option the region's routing data offers (regions/<name>/routing.yaml), where
    # a rule let the employer choose the authority; the options are data, not choices here.
    authority_choice = models.CharField(
        _("authority chosen by the employer"), max_length=40, blank=True
    )
    # The residence title (a pre-check pathway id, e.g. "18a") the § 81a agreement is sought for;
    # empty: the checklist follows its default (documents/checklist.py).
    target_title = models.CharField(_("target residence title"), max_length=8, blank=True)

    # The worker
    worker_first_name = models.CharField(_("first name(s)"), max_length=100, blank=True)
    worker_last_name = models.CharField(_("last name"), max_length=100, blank=True)
    worker_birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validators.not_in_future]
    )
    worker_citizenship = models.CharField(_("citizenship"), max_length=60, blank=True)
    worker_passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    worker_email = models.EmailField(_("worker's e-mail"), blank=True)
    worker_languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validators.languages]
    )
    worker_pension_provision = models.BooleanField(
        _("adequate old-age provision proven"), null=True, blank=True
    )

    # The qualification
    qualification_level = models.CharField(
        _("kind of qualification"), max_length=12, choices=QualificationLevel.choices, blank=True
    )
    qualification_country = models.CharField(
        _("country of qualification"), max_length=60, blank=True
    )
    qualification_title = models.CharField(_("title of qualification"), max_length=200, blank=True)
    qualification_date = models.DateField(
        _("date obtained"), null=True, blank=True, validators=[validators.not_in_future]
    )
    qualification_state_recognised = models.BooleanField(
        _("state-recognised in the country where obtained"), null=True, blank=True
    )
    recognition = models.CharField(
        _("recognition in Germany"), max_length=10, choices=Recognition.choices, blank=True
    )
    zab_comparable = models.BooleanField(
        _("degree comparable (anabin H+ or ZAB statement)"), null=True, blank=True
    )
    experience_years_last_5 = models.PositiveSmallIntegerField(
        _("years of relevant experience in the last 5 years"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(5)],
    )
    it_experience_years_last_7 = models.PositiveSmallIntegerField(
        _("years of IT experience in the last 7 years"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(7)],
    )

    # The job offer
    job_offer = models.BooleanField(_("concrete job offer"), null=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    job_occupation_code = models.CharField(
        _("occupation code (ISCO-08 or KldB, optional)"), max_length=10, blank=True
    )
    job_salary_eur = models.DecimalField(
        _("annual gross salary (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    job_weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    job_start_date = models.DateField(_("start date"), null=True, blank=True)
    job_requires_qualification = models.BooleanField(
        _("the job requires the qualification (qualified employment)"), null=True, blank=True
    )
    job_matches_qualification = models.BooleanField(
        _("the job matches the qualification"), null=True, blank=True
    )
    job_shortage_occupation = models.BooleanField(
        _("shortage occupation (ISCO groups of § 18g Abs. 1 S. 2 AufenthG)"), null=True, blank=True
    )
    job_it_specialist = models.BooleanField(_("IT specialist job"), null=True, blank=True)
    job_regulated_profession = models.BooleanField(_("regulated profession"), null=True, blank=True)
    job_licence_granted = models.BooleanField(
        _("professional licence granted or promised"), null=True, blank=True
    )
    job_collective_agreement = models.BooleanField(
        _("employer bound by a collective agreement and paying its rates"), null=True, blank=True
    )
    workplace_postcode = models.CharField(
        _("postcode of the workplace"), max_length=5, blank=True, validators=[POSTCODE]
    )
    workplace_municipality = models.CharField(
        _("municipality of the workplace"), max_length=80, blank=True
    )
    residence_postcode = models.CharField(
        _("postcode of the intended residence"), max_length=5, blank=True, validators=[POSTCODE]
    )
    residence_municipality = models.CharField(
        _("municipality of the intended residence"), max_length=80, blank=True
    )
    recognition_partnership = models.BooleanField(
        _("recognition partnership agreed (§ 16d Abs. 3 AufenthG)"), null=True, blank=True
    )
    first_residence_title = models.BooleanField(
        _("first residence title for employment"), null=True, blank=True, default=True
    )
    consent_given = models.BooleanField(_("consent to processing confirmed"), default=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            # The company branch of every case list walks this index newest first, the keyset
            # bound `(created_at, id) < (…)` an index condition (issue 13).
            models.Index(fields=["company", "-created_at", "-id"], name="case_by_company"),
            models.Index(fields=["created_by", "-created_at", "-id"], name="case_by_opener"),
            models.Index(fields=["-created_at", "-id"], name="case_newest_first"),
            models.Index(fields=["state"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        validators.no_nul_characters(self)

    @property
    def worker_name(self) -> str:
        return f"{self.worker_first_name} {self.worker_last_name}".strip()

    @property
    def german_level(self) -> str | None:
        for entry in self.worker_languages or []:
            if entry.get("language") == "de":
                return entry.get("level")
        return None


class FamilyMember(BaseModel):
    """A spouse or minor child who comes along (§ 81a Abs. 4 AufenthG)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    first_name = models.CharField(_("first name(s)"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Nullable only so that erasure can empty it (`personal_values_erase`); forms still require it.
    birth_date = models.DateField(
        _("date of birth"), null=True, validators=[validators.not_in_future]
    )
    qualification = models.CharField(_("qualification"), max_length=200, blank=True)
    career = models.CharField(_("occupation and career wishes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        """§ 81a Abs. 4 AufenthG covers the spouse and minor unmarried children; a spouse must be
        of age (§ 30 Abs. 1 S. 1 Nr. 1 AufenthG), a child under 18 (§ 32 Abs. 1 AufenthG)."""
        validators.no_nul_characters(self)
        if self.birth_date is None or self.relation not in Relation.values:
            return
        if self.birth_date > clock.today():
            return  # the field's own check says the date lies in the future
        adult = validators.age_on(self.birth_date, clock.today()) >= 18
        if self.relation == Relation.CHILD and adult:
            raise ValidationError(
                {"birth_date": _("A child coming along must be under 18 (§ 32 Abs. 1 AufenthG).")}
            )
        if self.relation == Relation.SPOUSE and not adult:
            raise ValidationError(
                {"birth_date": _("A spouse must be at least 18 (§ 30 Abs. 1 S. 1 Nr. 1 AufenthG).")}
            )


def taker() -> Coalesce:
    """Who takes a part (a participation, or the next step it owes): the unit of the organisation
    that takes it, else the organisation as a whole. A person in a unit sees what either takes
    (`visibility`); their lists walk one index per taker (unit and organisation ids are UUIDs,
    never the same)."""
    return Coalesce(F("unit"), F("organisation"), output_field=models.UUIDField())


class ParticipantRole(models.TextChoices):
    CHAMBER = "chamber", _("Chamber (pre-check)")
    AUTHORITY = "authority", _("Competent authority")
    EMPLOYMENT_AGENCY = "employment_agency", _("Federal Employment Agency (consent)")
    CONTACT = "contact", _("Involved partner")
    RECOGNITION_BODY = "recognition_body", _("Recognition body (decides on recognition)")
    ADVICE = "advice", _("First consultation (advice)")
    CAREER_COUNSELLING = (
        "career_counselling",
        _("Career counselling of a family member (SGB III, SGB II)"),
    )


class Participant(BaseModel):
    """An organisation taking part in a case. It sees the case from then on, also after its part
    is done; only the services that hand a case on write these rows. A part that *ended*
    (`seen_until`: an authority that rejected the dossier, an advising chamber whose company went
    to another) keeps the case only as it was up to that event (`cases/visibility.py`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("part"), max_length=20, choices=ParticipantRole.choices)
    # The unit of the organisation that takes part (the Agentur für Arbeit's consent team for
    # consent); none: the organisation as a whole. Need to know follows it (`need_to_know`).
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    # The case's own `created_at`, copied here (it never changes) so that an organisation's
    # cases are one index walk in the lists' order, not a join sorted afterwards (issue 13).
    case_created_at = models.DateTimeField(_("case created"))
    # The organisation's first part in the case: the lists walk these rows, so a case shows once
    # for an organisation taking part in two roles (the IHK as chamber and recognition body).
    listed = models.BooleanField(_("listed"), default=True, db_default=True)
    # The first part in the case taken by the same unit (by the organisation as a whole where no
    # unit takes it): the lists of a person in a unit walk these rows (`visibility`), so a case
    # shows once there too — the Agentur's consent team's part and its career counselling (no
    # unit) are each the first of their own.
    unit_listed = models.BooleanField(_("listed for its unit"), default=True, db_default=True)
    # The seq of the last event this part sees; null while the part runs. An ended part is not
    # listed (its lists hold the cases it works on) and sees nothing new: not in a list, not on
    # the case page, not in the API, not in a later dossier.
    seen_until = models.PositiveIntegerField(_("sees the case up to event"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            # one part per case, organisation and role: the Handwerkskammer pre-checks a craft
            # case as its chamber and decides its recognition as its recognition body
            models.UniqueConstraint(
                fields=["case", "organisation", "role"], name="one_participation_per_role"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "-case_created_at", "-case"],
                name="participation_newest",
                condition=models.Q(listed=True),
            ),
            # Per taker (`taker`: the unit taking the part, else the organisation): the walks of
            # a person in a unit, one for its organisation as a whole, one for its unit.
            models.Index(
                taker(),
                F("case_created_at").desc(),
                F("case").desc(),
                name="participation_newest_by_taker",
                condition=models.Q(unit_listed=True),
            ),
        ]


class CaseContact(BaseModel):
    """The named contact person of one partner for one case ("feste Ansprechpartner")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.PROTECT, related_name="contact_for"
    )
    # The case's `created_at`, copied as on `Participant`: "my cases" is an index walk too.
    case_created_at = models.DateTimeField(_("case created"))

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="one_contact_per_partner")
        ]
        indexes = [
            models.Index(fields=["membership", "-case_created_at", "-case"], name="contact_newest")
        ]


class CaseEvent(models.Model):
    """One entry of a case's log. Never updated; hash-chained per case (`seq`, `prev_hash`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(_("number"))
    type = models.CharField(_("type"), max_length=48)
    actor = models.ForeignKey(
        "orgs.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    payload = models.JSONField(_("data"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # The id of the HMAC key the event was chained with (`chain_keys.py`): rotation keeps it.
    key_id = models.CharField(_("key id"), max_length=40)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="one_event_per_seq")]
        indexes = [
            # The newest completed procedures (the pre-approval issued) first: the forecast's
            # history walks it with a limit (`deadlines.forecast`), never all events.
            models.Index(
                models.F("at").desc(),
                name="event_completed_newest",
                condition=models.Q(type="preapproval.issued"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.type}"

    @property
    def label(self) -> str:
        from lotse.cases.event_types import EventType

        try:  # (not `in EventType.values`: that builds every type's label on each call)
            return str(EventType(self.type).label)
        except ValueError:
            return self.type


class PersonalValue(models.Model):
    """A personal value of one event's payload, with the salt of its commitment. The hashed payload
    holds only the commitment (`cases/personal.py`); erasure empties value and salt and keeps the
    row, so the chain still verifies and `audit verify` can say what was erased and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="personal_values")
    path = models.CharField(_("place in the data"), max_length=120)
    # Whose value it is: "worker" or a family member's id (erasure per person).
    person = models.CharField(_("person"), max_length=36)
    value = models.JSONField(_("value"), null=True)
    salt = models.CharField(_("salt"), max_length=64, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal value")
        verbose_name_plural = _("personal values")
        constraints = [
            models.UniqueConstraint(fields=["event", "path"], name="one_value_per_place")
        ]
        indexes = [models.Index(fields=["case", "person"])]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.path}"


class Track(models.Model):
    """One track of a case as the log leads to it (`tracks.fold`), written in the event's own
    transaction so that lists by track state are plain indexed queries."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(_("track"), max_length=16, choices=TrackKind.choices)
    # "" = the case as a whole; a visa track names its person (the worker or a family member).
    person = models.CharField(_("person"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=24, choices=TrackState.choices)
    since = models.DateTimeField(_("since"))
    seq = models.PositiveIntegerField(_("by event number"))

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "person"], name="one_track_per_person")
        ]
        indexes = [models.Index(fields=["kind", "state", "since"], name="track_by_kind_and_state")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}{'/' + self.person if self.person else ''}: {self.state}"


class NextStep(models.Model):
    """Who acts next on a case (organisation and its named contact), which step, and by when:
    derived from the state, the tracks and the contacts (`next_step.next_step_for`) and written in
    the same transaction as every event, so "what needs me" is one indexed query, not a guard per
    case."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="next_step"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The unit taking the part that owes the step (the Agentur's consent team for the consent);
    # none: the organisation as a whole. A person in another unit does not owe it.
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        "orgs.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("next step"), max_length=32, choices=Step.choices)
    due = models.DateField(_("due"), null=True, blank=True)
    since = models.DateTimeField(_("waiting since"))

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        indexes = [
            # The work list's keyset order (`selectors.worklist_for`), per organisation: the
            # steps with a due date, earliest first (their walk; `case` ends the order and the
            # keyset bound), then those without one, longest waiting first (a partial index:
            # the bound `(since, case) > (…)` follows the organisation directly).
            models.Index(
                fields=["organisation", "due", "since", "case"], name="next_step_by_organisation"
            ),
            models.Index(
                fields=["organisation", "since", "case"],
                condition=Q(due__isnull=True),
                name="next_step_waiting",
            ),
            models.Index(fields=["contact", "due", "since"], name="next_step_by_contact"),
            # The same two walks per taker (`taker`), for a person in a unit: the steps its
            # organisation owes as a whole, and those its unit owes.
            models.Index(taker(), F("due"), F("since"), F("case"), name="next_step_by_taker"),
            models.Index(
                taker(),
                F("since"),
                F("case"),
                condition=Q(due__isnull=True),
                name="next_step_waiting_by_taker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.step}"


class CaseAccess(models.Model):
    """A read of a case's data by a person: who, acting for which organisation, when, what.
    Writes are in the event log; reads are kept here so every access is auditable."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    # a person with an account, or (user empty) the worker through an upload link, named by its id
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    link_id = models.UUIDField(_("upload link"), null=True, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("access"), max_length=40)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("access to a case")
        verbose_name_plural = _("accesses to cases")
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["user", "at"])]


class Notification(models.Model):
    """Which outbox mail tells whom about which case event: one row per event and recipient,
    written with the event, in its transaction. The mail itself (`core.OutboxMail`) knows no case;
    this link gives the organisation's lead the case reference of a mail that failed."""

    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The organisation for which the recipient is the case's contact: its lead sees failures.
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    mail = models.OneToOneField(
        "core.OutboxMail", on_delete=models.CASCADE, related_name="notification"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_mail_per_event")]
