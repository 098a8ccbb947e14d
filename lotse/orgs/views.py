"""The active organisation, and an organisation admin's page for its own people."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.core.errors import DomainError
from lotse.core.ids import is_uuid
from lotse.orgs import services
from lotse.orgs.api_keys import api_key_create, api_key_revoke, api_keys_of
from lotse.orgs.audit import audit_log_of, audit_values_text
from lotse.orgs.forms import ApiKeyForm, PersonAddForm, PlaceChoiceForm, RoleForm, UnitForm
from lotse.orgs.middleware import SESSION_KEY, membership_of, region_of
from lotse.orgs.models import ApiKey, Membership, Role, Unit, role_choices
from lotse.orgs.selectors import municipality_for_postcode, people_of


@require_POST
def switch(request):
    """Act for another of one's organisations from now on (kept in the session)."""
    chosen = (
        request.user.memberships.filter(active=True, pk=request.POST.get("membership")).first()
        if is_uuid(request.POST.get("membership"))
        else None
    )
    if chosen is None:
        messages.error(request, _("You are not a member of this organisation."))
    else:
        request.session[SESSION_KEY] = str(chosen.pk)
        messages.success(request, _("You now act for %(org)s.") % {"org": chosen.organisation})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target or "home")


def _admin_membership(request):
    membership = membership_of(request)
    if membership is None or membership.role != Role.ADMIN:
        return None
    return membership


def people(request):
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    kind = admin.organisation.kind
    form = PersonAddForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(actor=admin, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The person was added."))
            return redirect("orgs:people")
    return _people_page(request, admin, form=form)


def _people_page(request, admin, *, form=None, key_form=None, new_key: str = "", status=200):
    kind = admin.organisation.kind
    units = list(Unit.objects.filter(organisation=admin.organisation).order_by("name"))
    unit_names = {unit.key: unit.name for unit in units}
    return render(
        request,
        "orgs/people.html",
        {
            "form": form or PersonAddForm(kind=kind),
            "key_form": key_form or ApiKeyForm(),
            "new_key": new_key,
            "api_keys": api_keys_of(organisation=admin.organisation),
            "people": people_of(organisation=admin.organisation),
            "roles": role_choices(kind),
            # the unit column and its form only where the organisation has units
            "units": units,
            "changes": [
                (
                    entry,
                    audit_values_text(entry.old, kind, unit_names),
                    audit_values_text(entry.new, kind, unit_names),
                )
                for entry in audit_log_of(organisation=admin.organisation)
            ],
        },
        status=status,
    )


@require_POST
def api_key_new(request):
    """Make an API key for the organisation's own system; the page shows it this once."""
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _people_page(request, admin, key_form=form, status=422)
    _key, raw = api_key_create(
        actor=admin, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
    )
    messages.success(request, _("The API key was made. Copy it now: it is shown only this once."))
    return _people_page(request, admin, new_key=raw)


@require_POST
def api_key_end(request, key_id):
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    key = get_object_or_404(ApiKey, pk=key_id, organisation=admin.organisation)
    api_key_revoke(actor=admin, key=key)
    messages.success(request, _("The API key was revoked; calls with it are refused from now on."))
    return redirect("orgs:people")


@require_POST
def person_role(request, membership_id):
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    target = get_object_or_404(Membership, pk=membership_id, organisation=admin.organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a role."))
        return redirect("orgs:people")
    try:
        services.membership_change_role(
            actor=admin, membership=target, role=form.cleaned_data["role"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role was changed."))
    return redirect("orgs:people")


@require_POST
def person_unit(request, membership_id):
    """The admin puts a colleague in one of the organisation's units, or in none (the
    organisation as a whole); the service writes the organisation audit log."""
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    target = get_object_or_404(Membership, pk=membership_id, organisation=admin.organisation)
    form = UnitForm(request.POST, organisation=admin.organisation)
    if not form.is_valid():
        messages.error(
            request,
            _("%(field)s: %(error)s") % {"field": _("Unit"), "error": form.errors["unit"][0]},
        )
        return redirect("orgs:people")
    try:
        services.membership_set_unit(actor=admin, membership=target, unit=form.cleaned_data["unit"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The unit was changed."))
    return redirect("orgs:people")


@require_POST
def person_deactivate(request, membership_id):
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    target = get_object_or_404(Membership, pk=membership_id, organisation=admin.organisation)
    try:
        services.membership_deactivate(actor=admin, membership=target)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The membership was ended."))
    return redirect("orgs:people")


@require_POST
def person_devices_reset(request, membership_id):
    """A colleague lost the phone with the authenticator app: remove the app's registration, so
    the next login sets up a new one (logged)."""
    admin = _admin_membership(request)
    if admin is None:
        return render(request, "orgs/not_admin.html", status=403)
    target = get_object_or_404(Membership, pk=membership_id, organisation=admin.organisation)
    services.membership_devices_reset(actor=admin, membership=target)
    messages.success(request, _("The second factor was reset; a new app is set up at next login."))
    return redirect("orgs:people")


def municipality_choice(request):
    """The municipality select of the intake form with the one the postcode names pre-selected
    (htmx swaps it in as the postcode is typed; without JavaScript the save does the same)."""
    field = request.GET.get("field", "")
    if field not in ("workplace", "residence"):
        return HttpResponseBadRequest()
    region = region_of(request)
    form = PlaceChoiceForm(prefix_name=field, region=region)
    postcode = request.GET.get(f"{field}_postcode", "")
    current = request.GET.get(f"{field}_municipality", "")
    found = municipality_for_postcode(region=region, postcode=postcode) if postcode else None
    form.initial[f"{field}_municipality"] = found.key if found else current
    return HttpResponse(str(form[f"{field}_municipality"]))
