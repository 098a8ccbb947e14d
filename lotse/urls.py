from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from lotse.api.api import api
from lotse.cases.views.erasure import erasure_request
from lotse.core import views as core_views
from lotse.documents.views import document_file

urlpatterns = [
    path("", core_views.home, name="home"),
    path("language/", core_views.language, name="language"),
    path("ping/", core_views.ping, name="ping"),
    path("accounts/", include("lotse.accounts.urls")),
    path("orgs/", include("lotse.orgs.urls")),
    path("cases/", include("lotse.cases.urls")),
    path("inbox/", include("lotse.inbox.urls")),
    path("upload/", include("lotse.documents.urls")),
    path("documents/<uuid:case_id>/<uuid:document_id>/", document_file, name="document_file"),
    path("forwarding/", include("lotse.forwarding.urls")),
    path("welcome/", include("lotse.welcome.urls")),
    path("stats/", include("lotse.stats.urls")),
    # The admin's own gate (staff login, the admin's login page) guards it like every admin page.
    path(
        "admin/erasure/",
        login_not_required(admin.site.admin_view(erasure_request)),
        name="admin_erasure",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler400 = "lotse.core.views.bad_request"
handler403 = "lotse.core.views.forbidden"
handler404 = "lotse.core.views.not_found"
