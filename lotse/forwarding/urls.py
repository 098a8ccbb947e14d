from django.urls import path

from lotse.forwarding import views

app_name = "forwarding"

urlpatterns = [path("<uuid:case_id>/forward/", views.forward, name="forward")]
