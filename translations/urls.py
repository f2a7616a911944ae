from django.urls import path

from translations import views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
]
