"""Every page of the URLconf, and how the browser sweep reaches it: a demo role and a concrete URL.

The URL patterns are read from Django's resolver, so a new page cannot slip past the accessibility
sweep (`test_pages.py`): a pattern must either be in `VISITS` (a role that reaches it and the URL
of a demo object) or in `EXCLUDED` (with the reason it is not a page of its own). `test_sitemap.py`
checks that on every run, and that each exclusion still matches something and that the ones called
POST-only really refuse a GET.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lotse.cases.intake import INTAKE_STEPS
from lotse.cases.views.steps import step_page

ANONYMOUS = ""  # the role of a visit before anybody has logged in


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route where the pattern has no name
    route: str  # the whole route from the root, e.g. "cases/<uuid:case_id>/"
    callback: Callable


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern below `resolver` (the project's URLconf by default), depth first."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Pattern(name=name or route, route=route, callback=entry.callback)


@dataclass(frozen=True)
class Exclusion:
    """Patterns that are not a page of their own: those whose route starts with `prefix`, the one
    named `name`, or those served by `view`. `post_only` ones must answer a GET with 405."""

    reason: str
    prefix: str = ""
    name: str = ""
    view: Callable | None = None
    post_only: bool = False

    def matches(self, pattern: Pattern) -> bool:
        if self.prefix:
            return pattern.route.startswith(self.prefix)
        if self.name:
            return pattern.name == self.name
        return pattern.callback is self.view


EXCLUDED = [
    Exclusion(
        "Django's own administration: it keeps Django's look (issue 12) and is no Lotse page",
        prefix="admin/",
    ),
    Exclusion(
        "the JSON API and its generated documentation; the API tests and the fuzzer check it",
        prefix="api/",
    ),
    Exclusion(
        "switches the language (header and login page) and redirects back",
        name="language",
        post_only=True,
    ),
    Exclusion("logging out is a form in the header", name="accounts:logout", post_only=True),
    Exclusion(
        "switches the organisation one acts for (a form in the header)",
        name="orgs:switch",
        post_only=True,
    ),
    Exclusion("a form on the people page", name="orgs:person_role", post_only=True),
    Exclusion("a form on the people page", name="orgs:person_unit", post_only=True),
    Exclusion("a form on the people page", name="orgs:person_deactivate", post_only=True),
    Exclusion("a form on the people page", name="orgs:person_devices_reset", post_only=True),
    Exclusion("a form on the people page", name="orgs:api_key_new", post_only=True),
    Exclusion("a form on the people page", name="orgs:api_key_end", post_only=True),
    Exclusion(
        "the dossier of a case as a ZIP download (cover PDF, manifest, documents), no page",
        name="forwarding:dossier",
    ),
    Exclusion(
        "the dossier of one submission as a ZIP download (its own frozen files), no page",
        name="forwarding:submission_dossier",
    ),
    Exclusion(
        "a document of a case (an upload or a letter) as a file download, no page",
        name="document_file",
    ),
    Exclusion(
        "the municipality select that htmx swaps into the intake form (a fragment, no page); "
        "it is checked inside the intake page",
        name="orgs:municipality_choice",
    ),
    Exclusion(
        "a person's data export (Art. 15 GDPR): a JSON download from the case page, no page",
        name="cases:export",
    ),
    Exclusion(
        "a chart of the statistics page as an SVG image, shown on that page beside its table",
        name="stats:chart",
    ),
    Exclusion("a table of the statistics page as a CSV or XLSX download", name="stats:export"),
    Exclusion("the statistics page's yearly report as a PDF download", name="stats:report"),
    Exclusion(
        "the POST route of every step of the step table; its form, errors and confirmation "
        "render on the case page",
        view=step_page,
        post_only=True,
    ),
    Exclusion("a button on the event's edit page", name="welcome:event_cancel", post_only=True),
    Exclusion("a button in the attendee list", name="welcome:check_in", post_only=True),
    Exclusion(
        "the attendee list as a CSV download from the attendee page, no page",
        name="welcome:attendees_csv",
    ),
    Exclusion("a form on the consultations page", name="welcome:slot_book", post_only=True),
    Exclusion("a form on the consultations page", name="welcome:guest_accept", post_only=True),
    Exclusion("a form on the consultations page", name="welcome:guest_decline", post_only=True),
    Exclusion("a button on the consultations page", name="welcome:slot_cancel", post_only=True),
    Exclusion("a form on the consultations page", name="welcome:slot_move", post_only=True),
    Exclusion("a form on the enquiry's page", name="welcome:enquiry_hand_on", post_only=True),
    Exclusion("a form on the referrals page", name="welcome:referral_answer", post_only=True),
]


@dataclass(frozen=True)
class Visit:
    """`pattern` as seen by `role` (a key of `lotse.demo.cast.CAST`, "platform_admin", or
    ANONYMOUS) at `path()`, computed once the demo is loaded."""

    pattern: str
    role: str
    path: Callable[[], str]
    label: str = ""  # tells two visits of one pattern apart in the report
    status: int = 200  # an error page is visited on purpose with its status

    def __str__(self) -> str:
        extra = f" ({self.label})" if self.label else ""
        return f"{self.pattern}{extra} as {self.role or 'anonymous'}"


def _case(last_name: str):
    from lotse.cases.models import Case

    return Case.objects.get(worker_last_name=last_name)


def _case_url(name: str, last_name: str) -> Callable[[], str]:
    return lambda: reverse(name, kwargs={"case_id": _case(last_name).pk})


def _password_reset_link() -> str:
    """The link of a password-reset mail for the company's HR person (its token is valid)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.get(email="hr@mueller-technik.example")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _code_prompt() -> str:
    """The one-time code prompt, for a person whose authenticator app is set up already."""
    from lotse.accounts.devices import device_confirm, device_pending
    from lotse.demo.cast import cast_membership

    user = cast_membership("abh_lead").user
    device_confirm(device=device_pending(user=user))
    return reverse("accounts:otp_verify")


def _intake_step(slug: str) -> Callable[[], str]:
    return lambda: reverse("cases:intake", kwargs={"case_id": _case("Jovanović").pk, "step": slug})


def _upload_link() -> str:
    """The worker's upload page behind a link the company sent for a demo case."""
    from lotse.demo.cast import cast_membership
    from lotse.documents.links import link_send, link_token

    link = link_send(
        case=_case("Raman"), actor=cast_membership("company_hr"), email="w@example.org"
    )
    return reverse("documents:link", kwargs={"token": link_token(link)})


def _event(name: str, title: str = "Interkulturelle Kompetenz im Betrieb") -> Callable[[], str]:
    """A page of a demo event of the Welcome Center."""

    def path() -> str:
        from lotse.welcome.models import Event

        return reverse(name, kwargs={"event_id": Event.objects.get(title_de=title).pk})

    return path


def _registration_link(purpose: str) -> Callable[[], str]:
    """The confirmation or cancellation link of a registration for a demo event."""

    def path() -> str:
        from lotse.welcome.models import Event, Registration
        from lotse.welcome.services import registration_request, registration_token

        event = Event.objects.get(title_de="Interkulturelle Kompetenz im Betrieb")
        registration_request(event=event, name="Lena Gast", email=f"{purpose}@example.org")
        registration = Registration.objects.get(event=event, email=f"{purpose}@example.org")
        token = registration_token(registration, purpose=purpose)
        return reverse(f"welcome:{purpose}", kwargs={"token": token})

    return path


def _guest(name: str) -> Callable[[], str]:
    """A free consultation slot's public request page, or a request's mailed link."""

    def path() -> str:
        import datetime

        from lotse.core import clock
        from lotse.demo.cast import cast_membership
        from lotse.welcome.guests import guest_booking_request, guest_token
        from lotse.welcome.slots import slot_publish

        # one slot per visit, each at its own hour: the adviser cannot offer one start twice
        hour = ("welcome:guest_book", "welcome:guest_confirm", "welcome:guest_cancel").index(name)
        start = clock.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
            days=40, hours=hour
        )
        slot = slot_publish(
            actor=cast_membership("hwk_adviser"),
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=45),
            place="Online",
        )
        if name == "welcome:guest_book":
            return reverse(name, kwargs={"slot_id": slot.pk})
        booking = guest_booking_request(
            slot=slot,
            name="Lena Kraft",
            email=f"lena.{hour}@example.org",
            company_name="Kraft Metallbau GmbH",
            trade="craft",
            register_kind="establishment",
            register_number="12345678",
            need="Zwei Schweißer",
        )
        purpose = "confirm" if name == "welcome:guest_confirm" else "cancel"
        return reverse(name, kwargs={"token": guest_token(booking, purpose=purpose)})

    return path


def _inbox_thread() -> str:
    """A thread of the company's inbox (the demo's, or one written here where it has none)."""
    from lotse.demo.cast import cast_membership
    from lotse.inbox.selectors import threads_for
    from lotse.inbox.services import thread_start

    hr = cast_membership("company_hr")
    thread = threads_for(user=hr.user).first() or thread_start(
        sender=cast_membership("zentralstelle_caseworker"),
        organisation=hr.organisation,
        subject="Termin zur Besprechung",
        text="Bitte melden Sie sich für einen Termin.",
    )
    return reverse("inbox:thread", kwargs={"thread_id": thread.pk})


def _enquiry(guest: bool) -> Callable[[], str]:
    """A service-desk enquiry: its mailed link for a guest, or its page for the handler."""

    def path() -> str:
        from lotse.welcome.desk import enquiry_start, enquiry_token

        enquiry = enquiry_start(
            subject="Anerkennung",
            text="Wie lange dauert die Anerkennung?",
            region="hannover",
            name="Mai Nguyễn",
            email="mai@example.org",
        )
        if guest:
            return reverse("welcome:enquiry_link", kwargs={"token": enquiry_token(enquiry)})
        return reverse("welcome:enquiry", kwargs={"thread_id": enquiry.thread_id})

    return path


def _fixed(name: str) -> Callable[[], str]:
    return lambda: reverse(name)


# One visit per page at least, as a role that reaches it; the case page once per kind of reader.
VISITS = [
    Visit("home", "company_hr", _fixed("home")),
    # the benchmark's trivial page (bench/pages.py): base layout and session, no data
    Visit("ping", "company_hr", _fixed("ping"), "trivial page"),
    Visit("accounts:login", ANONYMOUS, _fixed("accounts:login")),
    Visit("accounts:password_reset", ANONYMOUS, _fixed("accounts:password_reset")),
    Visit("accounts:password_reset_done", ANONYMOUS, _fixed("accounts:password_reset_done")),
    Visit("accounts:password_reset_confirm", ANONYMOUS, _password_reset_link),
    Visit(
        "accounts:password_reset_complete", ANONYMOUS, _fixed("accounts:password_reset_complete")
    ),
    Visit("accounts:otp_setup", "ihk_lead", _fixed("accounts:otp_setup")),
    Visit("accounts:otp_verify", "abh_lead", _code_prompt),
    Visit("orgs:people", "company_admin", _fixed("orgs:people")),
    Visit("cases:list", "ihk_adviser", _fixed("cases:list")),
    Visit("inbox:list", "company_hr", _fixed("inbox:list")),
    Visit("inbox:thread", "company_hr", _inbox_thread, "a message to the company"),
    Visit("cases:new", "company_hr", _fixed("cases:new")),
    Visit("cases:failed_mails", "ihk_lead", _fixed("cases:failed_mails")),
    Visit("forwarding:inbox", "zentralstelle_caseworker", _fixed("forwarding:inbox")),
    Visit("documents:link", ANONYMOUS, _upload_link, "the worker's upload page"),
    Visit("cases:platform_export", "platform_admin", _fixed("cases:platform_export")),
    Visit("stats:dashboard", "ihk_lead", _fixed("stats:dashboard"), "a partner's own"),
    Visit("stats:dashboard", "abh_lead", _fixed("stats:dashboard"), "the region"),
    Visit("stats:public", ANONYMOUS, _fixed("stats:public"), "transparency page"),
    Visit("cases:edit", "company_hr", _case_url("cases:edit", "Jovanović"), "draft"),
    *[
        Visit("cases:intake", "company_hr", _intake_step(step.slug), step.slug)
        for step in INTAKE_STEPS
    ],
    Visit("cases:detail", "company_hr", _case_url("cases:detail", "Raman"), "with family"),
    Visit("cases:detail", "ihk_adviser", _case_url("cases:detail", "Raman"), "submitted"),
    Visit("cases:detail", "zentralstelle_caseworker", _case_url("cases:detail", "El Amrani")),
    Visit("cases:detail", "aa_caseworker", _case_url("cases:detail", "Kaya"), "consent asked"),
    # the error pages a person meets: a case that is not there, a page not for them, a GET of a form
    Visit(
        "cases:detail",
        "company_hr",
        lambda: reverse("cases:detail", kwargs={"case_id": uuid.uuid4()}),
        "missing",
        404,
    ),
    Visit("orgs:people", "company_hr", _fixed("orgs:people"), "not an admin", 403),
    Visit("language", "company_hr", _fixed("language"), "a GET", 405),
    Visit("welcome:events", ANONYMOUS, _fixed("welcome:events")),
    Visit("welcome:event", ANONYMOUS, _event("welcome:event")),
    Visit("welcome:registration_sent", ANONYMOUS, _event("welcome:registration_sent")),
    Visit("welcome:confirm", ANONYMOUS, _registration_link("confirm")),
    Visit("welcome:cancel", ANONYMOUS, _registration_link("cancel")),
    Visit("welcome:pages", ANONYMOUS, _fixed("welcome:pages")),
    Visit("welcome:page", ANONYMOUS, lambda: reverse("welcome:page", kwargs={"slug": "kosten"})),
    Visit("welcome:page_new", "welcome_lead", _fixed("welcome:page_new")),
    Visit(
        "welcome:page_edit",
        "welcome_lead",
        lambda: reverse("welcome:page_edit", kwargs={"slug": "chancen"}),
    ),
    Visit("welcome:manage", "welcome_adviser", _fixed("welcome:manage")),
    Visit("welcome:event_new", "welcome_adviser", _fixed("welcome:event_new")),
    Visit("welcome:event_edit", "welcome_adviser", _event("welcome:event_edit")),
    Visit("welcome:attendees", "welcome_adviser", _event("welcome:attendees")),
    Visit("welcome:slots", "company_hr", _fixed("welcome:slots"), "a company books"),
    Visit("welcome:guest_slots", ANONYMOUS, _fixed("welcome:guest_slots")),
    Visit("welcome:guest_book", ANONYMOUS, _guest("welcome:guest_book")),
    Visit("welcome:guest_confirm", ANONYMOUS, _guest("welcome:guest_confirm")),
    Visit("welcome:guest_cancel", ANONYMOUS, _guest("welcome:guest_cancel")),
    Visit("welcome:slots", "ihk_adviser", _fixed("welcome:slots"), "an adviser offers"),
    Visit("welcome:desk", ANONYMOUS, _fixed("welcome:desk"), "a guest asks"),
    Visit("welcome:desk", "company_hr", _fixed("welcome:desk"), "a company asks"),
    Visit("welcome:enquiry_link", ANONYMOUS, _enquiry(guest=True)),
    Visit("welcome:enquiry", "welcome_adviser", _enquiry(guest=False), "the handler"),
    Visit("welcome:referrals", "jobcenter_employer_service", _fixed("welcome:referrals"), "refers"),
    Visit("welcome:referrals", "company_hr", _fixed("welcome:referrals"), "a company answers"),
]


def unreached(patterns: list[Pattern]) -> list[Pattern]:
    """Patterns neither visited nor excluded: pages the sweep would miss."""
    visited = {visit.pattern for visit in VISITS}
    return [
        pattern
        for pattern in patterns
        if pattern.name not in visited and not any(rule.matches(pattern) for rule in EXCLUDED)
    ]
