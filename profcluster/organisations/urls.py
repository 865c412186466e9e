from django.urls import path

from profcluster.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("new/", views.OrganisationCreateView.as_view(), name="organisation_add"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation_edit"),
    path("<int:pk>/people/new/", views.PersonCreateView.as_view(), name="person_add"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
]
