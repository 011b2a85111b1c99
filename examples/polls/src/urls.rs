//! The root URLconf of the polls demo.

use nuages::contrib::auth::views::{LoginView, LogoutView, PasswordChangeDoneView, PasswordChangeView};
use nuages::urls::{URLPattern, include, path};
use nuages::views::generic::View as _;

use crate::polls;

/// `/polls/` is the polls app, `/accounts/login/`, `/accounts/logout/` and
/// `/accounts/password_change/` the auth views; `/` redirects to the polls.
pub fn urlpatterns() -> Vec<URLPattern> {
    vec![
        path("", nuages::views::generic::RedirectView::to("/polls/").as_view()),
        path("polls/", include(polls::urls::urlpatterns())),
        path("accounts/login/", LoginView::new().as_view()).name("login"),
        path("accounts/logout/", LogoutView::new().as_view()).name("logout"),
        path("accounts/password_change/", PasswordChangeView::new().as_view()).name("password_change"),
        path("accounts/password_change/done/", PasswordChangeDoneView.as_view()).name("password_change_done"),
    ]
}
