from django.urls import path

from lotse.cases.steps import STEPS
from lotse.cases.views import export, intake, mails, pages, steps

app_name = "cases"

urlpatterns = [
    path("", pages.case_list, name="list"),
    path("new/", intake.intake_new, name="new"),
    path("mails/failed/", mails.failed_mails, name="failed_mails"),
    path("export/", export.platform_person_export, name="platform_export"),
    path("<uuid:case_id>/", pages.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", intake.intake_edit, name="edit"),
    path("<uuid:case_id>/intake/<slug:step>/", intake.intake_step, name="intake"),
    path("<uuid:case_id>/export/", export.case_person_export, name="export"),
    # one POST route per step of the step table (forwarding's included), named by its key
    *[
        path(f"<uuid:case_id>/{step.slug}/", steps.step_page, {"key": step.key}, name=step.key)
        for step in STEPS.values()
    ],
]
