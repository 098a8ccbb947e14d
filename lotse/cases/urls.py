from django.urls import path

from lotse.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/submit/", views.case_submit, name="submit"),
    path("<uuid:case_id>/withdraw/", views.case_withdraw, name="withdraw"),
    path("<uuid:case_id>/return/", views.case_return, name="return"),
    path("<uuid:case_id>/no-prospect/", views.case_no_prospect, name="no_prospect"),
    path(
        "<uuid:case_id>/request-forwarding/",
        views.case_request_forwarding,
        name="request_forwarding",
    ),
    path("<uuid:case_id>/authority-choice/", views.case_choose_authority, name="choose_authority"),
    path("<uuid:case_id>/request-consent/", views.case_request_consent, name="request_consent"),
    path("<uuid:case_id>/contact/", views.case_assign_contact, name="assign_contact"),
    path("<uuid:case_id>/partner/", views.case_involve_partner, name="involve_partner"),
    path("<uuid:case_id>/precheck/", views.case_precheck, name="precheck"),
    path("<uuid:case_id>/family/", views.family_add, name="family_add"),
    path(
        "<uuid:case_id>/family/<uuid:member_id>/remove/", views.family_remove, name="family_remove"
    ),
]
