from django.urls import path

from lotse.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chart/<slug:key>.svg", views.chart, name="chart"),
    path("export/<slug:key>.<slug:format>", views.export, name="export"),
    path("report.pdf", views.report, name="report"),
    path("public/", views.transparency, name="public"),
]
