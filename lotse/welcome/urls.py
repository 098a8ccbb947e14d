from django.urls import path

from lotse.welcome import views

app_name = "welcome"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/<uuid:event_id>/", views.event_detail, name="event"),
    path("events/<uuid:event_id>/sent/", views.registration_sent, name="registration_sent"),
    path("confirm/<str:token>/", views.registration_confirm, name="confirm"),
    path("cancel/<str:token>/", views.registration_cancel, name="cancel"),
    path("info/", views.page_list, name="pages"),
    path("info/new/", views.page_edit, name="page_new"),
    path("info/<slug:slug>/", views.page_detail, name="page"),
    path("info/<slug:slug>/edit/", views.page_edit, name="page_edit"),
    path("manage/", views.event_manage, name="manage"),
    path("manage/new/", views.event_new, name="event_new"),
    path("manage/<uuid:event_id>/edit/", views.event_edit, name="event_edit"),
    path("manage/<uuid:event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("manage/<uuid:event_id>/attendees/", views.attendees, name="attendees"),
    path("manage/<uuid:event_id>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path(
        "manage/<uuid:event_id>/attendees/<uuid:registration_id>/check-in/",
        views.check_in,
        name="check_in",
    ),
    path("consultations/", views.slot_list, name="slots"),
    path("consultations/without-account/", views.guest_slots, name="guest_slots"),
    path("consultations/<uuid:slot_id>/request/", views.guest_book, name="guest_book"),
    path("consultations/confirm/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("consultations/call-off/<str:token>/", views.guest_cancel, name="guest_cancel"),
    path("consultations/requests/<uuid:guest_id>/accept/", views.guest_accept, name="guest_accept"),
    path(
        "consultations/requests/<uuid:guest_id>/decline/",
        views.guest_decline,
        name="guest_decline",
    ),
    path("consultations/<uuid:slot_id>/book/", views.slot_book, name="slot_book"),
    path("consultations/<uuid:slot_id>/cancel/", views.slot_cancel, name="slot_cancel"),
    path("consultations/<uuid:slot_id>/move/", views.slot_move, name="slot_move"),
    path("desk/", views.desk, name="desk"),
    path("desk/link/<str:token>/", views.enquiry_link, name="enquiry_link"),
    path("desk/<uuid:thread_id>/", views.enquiry, name="enquiry"),
    path("desk/<uuid:thread_id>/hand-on/", views.enquiry_hand_on, name="enquiry_hand_on"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<uuid:referral_id>/answer/", views.referral_answer, name="referral_answer"),
]
