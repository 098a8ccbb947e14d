from django.urls import path

from lotse.documents import views

app_name = "documents"

urlpatterns = [
    path("<str:token>/", views.link_page, name="link"),
]
