from django.urls import path

from profcluster.clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.ClusterListView.as_view(), name="cluster_list"),
    path("new/", views.ClusterCreateView.as_view(), name="cluster_add"),
    path("<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("<int:pk>/edit/", views.ClusterUpdateView.as_view(), name="cluster_edit"),
    path("<int:pk>/participants/new/", views.ParticipationCreateView.as_view(), name="participation_add"),
    path("participations/<int:pk>/edit/", views.ParticipationUpdateView.as_view(), name="participation_edit"),
    path(
        "participations/<int:pk>/delete/",
        views.ParticipationDeleteView.as_view(),
        name="participation_delete",
    ),
]
