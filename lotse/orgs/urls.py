from django.urls import path

from lotse.orgs import views

app_name = "orgs"

urlpatterns = [
    path("switch/", views.switch, name="switch"),
    path("people/", views.people, name="people"),
    path("people/api-keys/", views.api_key_new, name="api_key_new"),
    path("people/api-keys/<uuid:key_id>/revoke/", views.api_key_end, name="api_key_end"),
    path("places/municipality/", views.municipality_choice, name="municipality_choice"),
    path("people/<uuid:membership_id>/role/", views.person_role, name="person_role"),
    path("people/<uuid:membership_id>/unit/", views.person_unit, name="person_unit"),
    path(
        "people/<uuid:membership_id>/deactivate/", views.person_deactivate, name="person_deactivate"
    ),
    path(
        "people/<uuid:membership_id>/second-factor/reset/",
        views.person_devices_reset,
        name="person_devices_reset",
    ),
]
