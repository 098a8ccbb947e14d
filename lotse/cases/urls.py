from django.urls import path

from lotse.cases.views import mails, pages, steps

app_name = "cases"

urlpatterns = [
    path("", pages.case_list, name="list"),
    path("new/", pages.case_new, name="new"),
    path("mails/failed/", mails.failed_mails, name="failed_mails"),
    path("<uuid:case_id>/", pages.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", pages.case_edit, name="edit"),
    path("<uuid:case_id>/submit/", steps.case_submit, name="submit"),
    path("<uuid:case_id>/withdraw/", steps.case_withdraw, name="withdraw"),
    path("<uuid:case_id>/return/", steps.case_return, name="return"),
    path("<uuid:case_id>/no-prospect/", steps.case_no_prospect, name="no_prospect"),
    path(
        "<uuid:case_id>/request-forwarding/",
        steps.case_request_forwarding,
        name="request_forwarding",
    ),
    path("<uuid:case_id>/authority-choice/", steps.case_choose_authority, name="choose_authority"),
    path("<uuid:case_id>/request-consent/", steps.case_request_consent, name="request_consent"),
    path("<uuid:case_id>/contact/", steps.case_assign_contact, name="assign_contact"),
    path("<uuid:case_id>/partner/", steps.case_involve_partner, name="involve_partner"),
    path("<uuid:case_id>/precheck/", steps.case_precheck, name="precheck"),
    path("<uuid:case_id>/family/", steps.family_add, name="family_add"),
    path(
        "<uuid:case_id>/family/<uuid:member_id>/remove/", steps.family_remove, name="family_remove"
    ),
]
