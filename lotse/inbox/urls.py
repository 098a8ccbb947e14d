from django.urls import path

from lotse.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox_list, name="list"),
    path("<uuid:thread_id>/", views.inbox_thread, name="thread"),
]
