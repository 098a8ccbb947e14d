"""The Welcome Center's pages: public events, registration links and information pages (no login);
the organisers' event management and the information pages' editing."""

import csv
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.accounts.lockout import client_address
from lotse.accounts.ratelimit import rate_take
from lotse.cases.states import CaseState
from lotse.cases.visibility import visible_to
from lotse.core.errors import DomainError
from lotse.inbox.models import Thread
from lotse.inbox.selectors import entries_of, thread_get_for
from lotse.inbox.services import thread_mark_read as mark_read
from lotse.orgs.middleware import membership_of, region_of
from lotse.orgs.models import Membership, OrgKind
from lotse.welcome import desk as desk_services
from lotse.welcome import guests, referrals, selectors, services, slots
from lotse.welcome.forms import (
    AnswerForm,
    BookingForm,
    EnquiryForm,
    EventFilterForm,
    EventForm,
    GuestBookingForm,
    HandOnForm,
    InfoPageForm,
    ReferralForm,
    RegistrationForm,
    SlotForm,
)
from lotse.welcome.markup import rendered
from lotse.welcome.models import (
    Enquiry,
    Event,
    GuestBooking,
    InfoPage,
    Referral,
    Registration,
    RegistrationStatus,
    Slot,
)
from lotse.welcome.pages import info_page_can_edit, info_page_save

HOUR = datetime.timedelta(hours=1)


def form_allowed(request) -> bool:
    """Public forms are limited per client address (counted in the database)."""
    return rate_take(
        scope="welcome.form",
        source=client_address(request),
        limit=settings.LOTSE_WELCOME_FORMS_PER_ADDRESS,
        per=HOUR,
    )


def public_submit(request, form, act):
    """A public form's POST: when valid and within the address's rate limit, `act(cleaned_data)`
    answers (a service's refusal shows at its field). Returns (`act`'s response or None, the
    status of the page shown again: 400 with errors, 429 over the limit)."""
    if request.method == "POST" and form.is_valid():
        if not form_allowed(request):
            form.add_error(None, _("Too many requests. Please try again in an hour."))
            return None, 429
        try:
            return act(form.cleaned_data), 200
        except DomainError as error:
            refused(form, error)
    return None, 400 if form.errors else 200


def refused(form, error: DomainError) -> None:
    """Show a service's refusal at its field, or above the form."""
    field = error.details.get("field")
    form.add_error(field if field in form.fields else None, error.message)


# --- public ------------------------------------------------------------------------------------


@login_not_required
def event_list(request):
    form = EventFilterForm(request.GET or None)
    kind, month = "", None
    if form.is_valid():
        kind, month = form.cleaned_data["kind"], form.cleaned_data["month"]
    events = selectors.events_public(kind=kind, month=month)
    can_organise = services.event_can_organise(actor=membership_of(request)).allowed
    return render(
        request,
        "welcome/event_list.html",
        {"form": form, "events": events, "can_organise": can_organise},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def event_detail(request, event_id):
    event = selectors.event_public(event_id=event_id)
    if event is None:
        raise Http404
    form = RegistrationForm(request.POST or None)

    def register(data):
        services.registration_request(event=event, language=get_language(), **data)
        return redirect("welcome:registration_sent", event_id=event.pk)

    sent, status = public_submit(request, form, register)
    if sent:
        return sent
    context = {
        "event": event,
        "form": form,
        "open": services.registration_can_open(event=event),
        "seats_left": selectors.seats_left(event=event),
        "can_manage": services.event_can_manage(actor=membership_of(request), event=event),
    }
    return render(request, "welcome/event_detail.html", context, status=status)


@login_not_required
def registration_sent(request, event_id):
    event = get_object_or_404(Event, pk=event_id)
    return render(request, "welcome/registration_sent.html", {"event": event})


def _registration_or_404(token: str, purpose: str) -> Registration:
    registration = services.registration_from_token(token, purpose=purpose)
    if registration is None:
        raise Http404
    return registration


@login_not_required
@require_http_methods(["GET", "POST"])
def registration_confirm(request, token):
    """The double opt-in's link: a button, so that a mail scanner opening the link confirms
    nothing."""
    registration = _registration_or_404(token, "confirm")
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_confirm(registration=registration)
        except DomainError as refusal:
            error = refusal.message
    context = {"registration": registration, "event": registration.event, "error": error}
    return render(request, "welcome/registration_confirm.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    registration = _registration_or_404(token, "cancel")
    if request.method == "POST":
        registration = services.registration_cancel(registration=registration)
    context = {"registration": registration, "event": registration.event}
    return render(request, "welcome/registration_cancel.html", context)


@login_not_required
def page_list(request):
    pages = selectors.info_pages()
    can_edit = info_page_can_edit(actor=membership_of(request)).allowed
    return render(request, "welcome/page_list.html", {"pages": pages, "can_edit": can_edit})


@login_not_required
def page_detail(request, slug):
    page = get_object_or_404(InfoPage, slug=slug)
    can_edit = info_page_can_edit(actor=membership_of(request)).allowed
    context = {"page": page, "body": rendered(page.body), "can_edit": can_edit}
    return render(request, "welcome/page_detail.html", context)


# --- organisers --------------------------------------------------------------------------------


def _organiser(request):
    membership = membership_of(request)
    if not services.event_can_organise(actor=membership):
        raise PermissionDenied
    return membership


def _managed_event(request, event_id) -> tuple:
    membership = membership_of(request)
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=event_id)
    if not services.event_can_manage(actor=membership, event=event):
        raise PermissionDenied
    return membership, event


def event_manage(request):
    membership = _organiser(request)
    events = selectors.events_of(organisation=membership.organisation)
    return render(request, "welcome/event_manage.html", {"events": events})


@require_http_methods(["GET", "POST"])
def event_new(request):
    membership = _organiser(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=membership, **form.cleaned_data)
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The event is published."))
            return redirect("welcome:event", event_id=event.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "event": None}
    return render(request, "welcome/event_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_edit(request, event_id):
    membership, event = _managed_event(request, event_id)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=membership, event=event, **form.cleaned_data)
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The event is saved; registered people are told."))
            return redirect("welcome:event", event_id=event.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "event": event}
    return render(request, "welcome/event_form.html", context, status=status)


@require_POST
def event_cancel(request, event_id):
    membership, event = _managed_event(request, event_id)
    services.event_cancel(actor=membership, event=event)
    messages.success(request, _("The event is cancelled; everyone registered is told."))
    return redirect("welcome:attendees", event_id=event.pk)


def attendees(request, event_id):
    _membership, event = _managed_event(request, event_id)
    rows = selectors.attendees(event=event)
    context = {"event": event, "rows": rows, "confirmed": RegistrationStatus.CONFIRMED}
    return render(request, "welcome/attendees.html", context)


@require_POST
def check_in(request, event_id, registration_id):
    membership, event = _managed_event(request, event_id)
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    services.registration_check_in(actor=membership, registration=registration)
    return redirect("welcome:attendees", event_id=event.pk)


def attendees_csv(request, event_id):
    _membership, event = _managed_event(request, event_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.pk}.csv"'
    response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Name"), _("Organisation"), _("E-mail"), _("Status"), _("Checked in")])
    for row in selectors.attendees(event=event):
        checked = row.checked_in_at.isoformat() if row.checked_in_at else ""
        cells = [row.name, row.organisation, row.email, row.get_status_display(), checked]
        writer.writerow([_safe(cell) for cell in cells])
    return response


def _safe(text: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- information pages -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def page_edit(request, slug=None):
    membership = membership_of(request)
    if not info_page_can_edit(actor=membership):
        raise PermissionDenied
    page = get_object_or_404(InfoPage, slug=slug) if slug else None
    form = InfoPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            page = info_page_save(actor=membership, page=page, **form.cleaned_data)
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The page is saved."))
            return redirect("welcome:page", slug=page.slug)
    status = 400 if form.errors else 200
    return render(request, "welcome/page_form.html", {"form": form, "page": page}, status=status)


# --- first consultations -----------------------------------------------------------------------


def _company_cases(membership):
    """The company's own open cases a booking may join (drafts and returned ones)."""
    if not slots.slot_can_book(actor=membership):
        return []
    return (
        visible_to(membership.user)
        .filter(company=membership.organisation, state__in=[CaseState.DRAFT, CaseState.RETURNED])
        .order_by("-created_at")[:50]
    )


def slot_list(request):
    membership = membership_of(request)
    can_publish = slots.slot_can_publish(actor=membership).allowed
    can_book = slots.slot_can_book(actor=membership).allowed
    form = SlotForm(request.POST or None) if can_publish else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                slots.slot_publish(actor=membership, **form.cleaned_data)
            except DomainError as error:
                refused(form, error)
            else:
                messages.success(request, _("The appointment is offered."))
                return redirect("welcome:slots")
    context = {
        "open_slots": selectors.slots_open() if can_book else [],
        "mine": selectors.slots_for(membership=membership) if membership else [],
        "form": form,
        "booking_form": BookingForm(),
        "cases": _company_cases(membership),
        "guests": selectors.guests_waiting(adviser=membership) if can_publish else [],
        "can_publish": can_publish,
        "can_book": can_book,
        "membership": membership,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "welcome/slots.html", context, status=status)


def _slot(slot_id) -> Slot:
    return get_object_or_404(Slot, pk=slot_id)


@require_POST
def slot_book(request, slot_id):
    membership = membership_of(request)
    form = BookingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say briefly what you would like advice on."))
        return redirect("welcome:slots")
    try:
        slot = slots.slot_book(
            actor=membership,
            slot=_slot(slot_id),
            need=form.cleaned_data["need"],
            case_id=request.POST.get("case") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("welcome:slots")
    messages.success(request, _("The appointment is booked; the adviser takes part in the case."))
    return redirect("cases:detail", case_id=slot.case_id)


@require_POST
def slot_cancel(request, slot_id):
    try:
        slots.slot_cancel(actor=membership_of(request), slot=_slot(slot_id))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The appointment is cancelled; both sides are told."))
    return redirect("welcome:slots")


@require_POST
def slot_move(request, slot_id):
    """The company moves its booking to another free slot, or the adviser to another time."""
    membership = membership_of(request)
    slot = _slot(slot_id)
    try:
        if request.POST.get("to"):
            slots.slot_move(actor=membership, slot=slot, to=_slot(request.POST["to"]))
        else:
            form = SlotForm(request.POST, instance=Slot.objects.get(pk=slot.pk))
            if not form.is_valid():
                messages.error(request, _("Please enter a valid start and end."))
                return redirect("welcome:slots")
            data = form.cleaned_data
            slots.slot_reschedule(
                actor=membership, slot=slot, starts_at=data["starts_at"], ends_at=data["ends_at"]
            )
    except (DomainError, Http404) as error:
        messages.error(request, getattr(error, "message", _("This appointment is not free.")))
    else:
        messages.success(request, _("The appointment is moved; both sides are told."))
    return redirect("welcome:slots")


# --- first consultations without an account ----------------------------------------------------


@login_not_required
def guest_slots(request):
    """The free appointments for a company not yet on the platform."""
    return render(request, "welcome/guest_slots.html", {"open_slots": selectors.slots_open()})


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_book(request, slot_id):
    slot = get_object_or_404(selectors.slots_open(), pk=slot_id)
    form = GuestBookingForm(request.POST or None)

    def request_booking(data):
        guests.guest_booking_request(slot=slot, language=get_language(), **data)
        return render(request, "welcome/guest_sent.html", {"slot": slot})

    sent, status = public_submit(request, form, request_booking)
    if sent:
        return sent
    context = {"slot": slot, "form": form}
    return render(request, "welcome/guest_book.html", context, status=status)


def _guest_or_404(token: str, purpose: str) -> GuestBooking:
    booking = guests.guest_from_token(token, purpose=purpose)
    if booking is None:
        raise Http404
    return booking


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_confirm(request, token):
    """The double opt-in's link: a button, so that a mail scanner opening it holds nothing."""
    booking = _guest_or_404(token, "confirm")
    error = None
    if request.method == "POST":
        try:
            booking = guests.guest_booking_hold(booking=booking)
        except DomainError as refusal:
            error = refusal.message
            booking.refresh_from_db()
    context = {"booking": booking, "slot": booking.slot, "error": error, "purpose": "confirm"}
    return render(request, "welcome/guest_link.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_cancel(request, token):
    booking = _guest_or_404(token, "cancel")
    if request.method == "POST":
        booking = guests.guest_booking_cancel(booking=booking)
    context = {"booking": booking, "slot": booking.slot, "error": None, "purpose": "cancel"}
    return render(request, "welcome/guest_link.html", context)


def _guest_decision(request, guest_id, decide, success: str):
    membership = membership_of(request)
    booking = get_object_or_404(GuestBooking.objects.select_related("slot"), pk=guest_id)
    if not guests.guest_can_decide(actor=membership, booking=booking):
        raise Http404
    try:
        decide(actor=membership, booking=booking)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("welcome:slots")


@require_POST
def guest_accept(request, guest_id):
    success = _(
        "The company is on the platform and its administrator invited; the appointment is "
        "booked and the draft case opened."
    )
    return _guest_decision(request, guest_id, guests.guest_booking_accept, success)


@require_POST
def guest_decline(request, guest_id):
    success = _("The request is declined; the person is told and the appointment is free.")
    return _guest_decision(request, guest_id, guests.guest_booking_cancel, success)


# --- the service desk --------------------------------------------------------------------------


def _timeline(enquiry, thread) -> list[tuple[str, object]]:
    """The thread's entries and the enquiry's handings on, in the order they happened."""
    entries = [("entry", entry) for entry in entries_of(thread=thread)]
    steps = [
        ("step", step)
        for step in enquiry.steps.select_related("by__user", "to__user", "to__organisation")
    ]
    return sorted(entries + steps, key=lambda item: item[1].created_at)


@login_not_required
@require_http_methods(["GET", "POST"])
def desk(request):
    """Anyone's enquiry to the Welcome Center; a signed-in person may name one of their cases."""
    membership = membership_of(request)
    cases = []
    if membership is not None:
        cases = [
            (str(c.pk), c.reference) for c in visible_to(request.user).order_by("-created_at")[:50]
        ]
    form = EnquiryForm(request.POST or None, signed_in=membership is not None, cases=cases)

    def start(data):
        enquiry = desk_services.enquiry_start(
            subject=data["subject"],
            text=data["text"],
            region=region_of(request),
            enquirer=membership,
            name=data.get("name", ""),
            email=data.get("email", ""),
            language=get_language(),
            case_id=data.get("case") or None,
            authority_consent=data["authority_consent"],
        )
        if membership is not None:
            return redirect("welcome:enquiry", thread_id=enquiry.thread_id)
        return render(request, "welcome/enquiry_sent.html")

    sent, status = public_submit(request, form, start)
    if sent:
        return sent
    return render(request, "welcome/desk.html", {"form": form}, status=status)


def _enquiry_page(request, enquiry, *, membership, guest_token: str = ""):
    thread = Thread.objects.select_related("organisation").get(pk=enquiry.thread_id)
    answer = AnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    if answer.is_bound and answer.is_valid():
        try:
            desk_services.enquiry_answer(
                enquiry=enquiry, text=answer.cleaned_data["text"], actor=membership
            )
        except DomainError as error:
            answer.add_error(None, error.message)
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect(request.path)
    if request.POST.get("action") == "consent" and (
        guest_token or _is_enquirer(enquiry, membership)
    ):
        desk_services.enquiry_consent(enquiry=enquiry)
        messages.success(request, _("Thank you: the enquiry may now go to an authority."))
        return redirect(request.path)
    if not guest_token:
        mark_read(thread=thread, user=request.user)
    is_handler = (
        membership is not None and membership.organisation_id == enquiry.handler.organisation_id
    )
    hand_on = None
    if is_handler:
        hand_on = HandOnForm(people=_partner_people(membership))
    context = {
        "enquiry": Enquiry.objects.select_related("handler__user", "handler__organisation").get(
            pk=enquiry.pk
        ),
        "thread": thread,
        "timeline": _timeline(enquiry, thread),
        "answer": answer,
        "hand_on": hand_on,
        "guest": bool(guest_token),
        "is_enquirer": bool(guest_token) or _is_enquirer(enquiry, membership),
    }
    status = 400 if answer.errors else 200
    return render(request, "welcome/enquiry.html", context, status=status)


def _is_enquirer(enquiry, membership) -> bool:
    return (
        membership is not None
        and enquiry.enquirer_id is not None
        and (enquiry.enquirer.organisation_id == membership.organisation_id)
    )


def _partner_people(membership):
    return (
        Membership.objects.filter(active=True, organisation__region=membership.organisation.region)
        .exclude(organisation__kind=OrgKind.COMPANY)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name")
    )


@require_http_methods(["GET", "POST"])
def enquiry(request, thread_id):
    """An enquiry's thread for a signed-in reader (the handler, or the enquirer's organisation)."""
    thread = thread_get_for(user=request.user, thread_id=thread_id)
    found = desk_services.enquiry_of_thread(thread_id=thread.pk)
    if found is None:
        raise Http404
    return _enquiry_page(request, found, membership=membership_of(request))


@login_not_required
@require_http_methods(["GET", "POST"])
def enquiry_link(request, token):
    """An enquiry's thread for the enquirer without an account, behind the mailed link."""
    found = desk_services.enquiry_from_token(token)
    if found is None or found.enquirer_id is not None:
        raise Http404
    return _enquiry_page(request, found, membership=None, guest_token=token)


@require_POST
def enquiry_hand_on(request, thread_id):
    thread = thread_get_for(user=request.user, thread_id=thread_id)
    found = desk_services.enquiry_of_thread(thread_id=thread.pk)
    membership = membership_of(request)
    if found is None or membership is None:
        raise Http404
    form = HandOnForm(request.POST, people=_partner_people(membership))
    if not form.is_valid():
        messages.error(request, _("Please choose the person to hand the enquiry on to."))
        return redirect("welcome:enquiry", thread_id=thread.pk)
    try:
        desk_services.enquiry_hand_on(
            enquiry=found,
            actor=membership,
            to=form.cleaned_data["to"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("welcome:enquiry", thread_id=thread.pk)
    messages.success(request, _("The enquiry is handed on; the enquirer sees the new handler."))
    if thread_get_for_or_none(user=request.user, thread_id=thread.pk) is None:
        return redirect("welcome:desk")
    return redirect("welcome:enquiry", thread_id=thread.pk)


def thread_get_for_or_none(*, user, thread_id):
    try:
        return thread_get_for(user=user, thread_id=thread_id)
    except Http404:
        return None


# --- referrals by the employer services --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def referral_list(request):
    """The referrer's referrals with their progress and a form; the company's with its answer."""
    membership = membership_of(request)
    if membership is None:
        raise PermissionDenied
    if membership.organisation.kind == OrgKind.COMPANY:
        context = {
            "company_view": True,
            "referrals": referrals.referrals_of_company(actor=membership),
            "cases": _company_cases(membership),
        }
        return render(request, "welcome/referrals.html", context)
    if not referrals.referral_can_create(actor=membership):
        return render(request, "welcome/referrals.html", {"company_view": False, "form": None})
    companies = referrals.companies_to_refer(actor=membership)
    form = ReferralForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            referrals.referral_create(actor=membership, **form.cleaned_data)
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The company is told in its inbox."))
            return redirect("welcome:referrals")
    context = {
        "company_view": False,
        "rows": referrals.referrals_of_referrer(actor=membership),
        "form": form,
    }
    return render(request, "welcome/referrals.html", context, status=400 if form.errors else 200)


@require_POST
def referral_answer(request, referral_id):
    membership = membership_of(request)
    if membership is None:
        raise Http404
    referral = get_object_or_404(Referral, pk=referral_id, company=membership.organisation)
    try:
        referrals.referral_answer(
            actor=membership,
            referral=referral,
            consent=request.POST.get("consent") == "yes",
            case_id=request.POST.get("case") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your answer is saved."))
    return redirect("welcome:referrals")
