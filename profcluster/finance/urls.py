from django.urls import path

from profcluster.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.finance_index, name="index"),
    path("clusters/<int:pk>/", views.cluster_finance, name="cluster"),
    path("clusters/<int:pk>/budget/<int:year>/", views.budget_revisions, name="budget_revisions"),
    path("clusters/<int:pk>/budget/<int:year>/edit/", views.budget_edit, name="budget_edit"),
    path("clusters/<int:pk>/commitments/new/", views.CommitmentCreateView.as_view(), name="commitment_add"),
    path("clusters/<int:pk>/payments/new/", views.PaymentCreateView.as_view(), name="payment_add"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.CommitmentUpdateView.as_view(), name="commitment_edit"),
    path("payments/", views.PaymentListView.as_view(), name="payment_list"),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="payment_detail"),
    path("payments/<int:pk>/edit/", views.PaymentUpdateView.as_view(), name="payment_edit"),
    path("payments/<int:pk>/verify/", views.payment_verify_view, name="payment_verify"),
    path("payments/<int:pk>/accept/", views.payment_accept_view, name="payment_accept"),
    path("<str:kind>/<int:pk>/confirm/", views.entry_confirm_view, name="entry_confirm"),
    path(
        "commitments/<int:pk>/restore/<int:history_id>/",
        views.entry_restore_view,
        {"kind": "commitment"},
        name="commitment_restore",
    ),
    path(
        "payments/<int:pk>/restore/<int:history_id>/",
        views.entry_restore_view,
        {"kind": "payment"},
        name="payment_restore",
    ),
]
