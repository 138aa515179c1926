from django.urls import path

from shabaka.accounts import twofactor, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", twofactor.verify, name="two_factor_verify"),
    path("two-factor/setup/", twofactor.setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        twofactor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.api_tokens, name="api_tokens"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/roles/", views.user_roles, name="user_roles"),
    path("users/invite/", views.invite, name="invite"),
    path("audit/", views.audit_log, name="audit_log"),
]
