from django.urls import path

from lotse.forwarding import views

app_name = "forwarding"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("cases/<uuid:case_id>/dossier/", views.dossier, name="dossier"),
    path(
        "cases/<uuid:case_id>/dossier/<uuid:submission_id>/",
        views.dossier,
        name="submission_dossier",
    ),
]
