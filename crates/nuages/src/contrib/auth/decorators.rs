//! View decorators: Django's `contrib/auth/decorators.py`
//! (`login_required`, `permission_required`, `user_passes_test`) and
//! `redirect_to_login` from `contrib/auth/views.py`.
//!
//! ```
//! use nuages::contrib::auth::decorators::{login_required, permission_required};
//! use nuages::http::{Request, Response};
//!
//! async fn vote(_request: Request) -> nuages::Result<Response> {
//!     Ok(Response::new("voted"))
//! }
//! let view = login_required(vote);
//! let admin_only = permission_required(&["polls.change_question"], true, vote);
//! ```

use std::sync::Arc;

use super::REDIRECT_FIELD_NAME;
use super::middleware::{RequestUser, RequestUserExt};
use crate::error::{Error, Result};
use crate::handler::IntoView;
use crate::handler::{BoxFuture, Handler, View};
use crate::http::{Request, Response};

/// Django's `resolve_url`: a URL pattern name is reversed, a path or URL
/// is kept.
pub fn resolve_url(to: &str) -> String {
    if to.contains('/') || to.contains('.') {
        return to.to_owned();
    }
    crate::urls::reverse(to, &[], &[]).unwrap_or_else(|_| to.to_owned())
}

/// Django's `redirect_to_login(next, login_url)`: a 302 to the login page
/// (`LOGIN_URL` when `login_url` is `None`) with `?next=<next>`.
pub fn redirect_to_login(next: &str, login_url: Option<&str>) -> Response {
    let login_url = resolve_url(login_url.unwrap_or(&crate::conf::settings().LOGIN_URL));
    let (base, fragment) = match login_url.split_once('#') {
        Some((b, f)) => (b.to_owned(), format!("#{f}")),
        None => (login_url.clone(), String::new()),
    };
    let (path, query) = match base.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (base, String::new()),
    };
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with(&format!("{REDIRECT_FIELD_NAME}=")))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{REDIRECT_FIELD_NAME}={}", crate::http::path::quote(next, "/")));
    Response::redirect(&format!("{path}?{}{fragment}", pairs.join("&")))
}

/// `(scheme, netloc)` of a URL, as `urlsplit` gives them.
fn scheme_netloc(url: &str) -> (&str, &str) {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) if !s.contains('/') => (s, r),
        _ => ("", url.strip_prefix("//").unwrap_or("")),
    };
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or("");
    (scheme, netloc)
}

/// The `next` for a request sent to the login page: the full path when
/// the login page is on the same scheme and host, else the absolute URL.
fn next_for(request: &Request, login_url: &str) -> String {
    let absolute = request.build_absolute_uri(None);
    let (login_scheme, login_netloc) = scheme_netloc(login_url);
    let (scheme, netloc) = scheme_netloc(&absolute);
    if (login_scheme.is_empty() || login_scheme == scheme) && (login_netloc.is_empty() || login_netloc == netloc) {
        request.get_full_path()
    } else {
        absolute
    }
}

/// A check on `request.user`.
pub type UserTest = Arc<dyn Fn(&RequestUser) -> BoxFuture<'_, Result<bool>> + Send + Sync>;

struct UserPassesTest {
    inner: View,
    test: UserTest,
    login_url: Option<String>,
    raise_exception: bool,
}

impl Handler for UserPassesTest {
    fn call(&self, request: Request) -> BoxFuture<'static, Result<Response>> {
        let inner = Arc::clone(&self.inner);
        let test = Arc::clone(&self.test);
        let login_url = self.login_url.clone();
        let raise_exception = self.raise_exception;
        Box::pin(async move {
            let user = request.user().await?;
            if test(&user).await? {
                return inner.call(request).await;
            }
            if raise_exception {
                return Err(Error::permission_denied("Permission denied"));
            }
            let resolved = resolve_url(login_url.as_deref().unwrap_or(&crate::conf::settings().LOGIN_URL));
            Ok(redirect_to_login(&next_for(&request, &resolved), Some(&resolved)))
        })
    }

    fn csrf_exempt(&self) -> bool {
        self.inner.csrf_exempt()
    }

    fn should_append_slash(&self) -> bool {
        self.inner.should_append_slash()
    }
}

/// Django's `user_passes_test(test, login_url)`: run the view when
/// `test(request.user)` holds, else redirect to the login page with `?next=`.
pub fn user_passes_test<M>(test: UserTest, login_url: Option<&str>, view: impl IntoView<M>) -> View {
    Arc::new(UserPassesTest {
        inner: view.into_view(),
        test,
        login_url: login_url.map(str::to_owned),
        raise_exception: false,
    })
}

/// Django's `@login_required`: anonymous users are redirected to
/// `LOGIN_URL?next=<path>`.
pub fn login_required<M>(view: impl IntoView<M>) -> View {
    login_required_with(None, view)
}

/// `@login_required(login_url=...)`.
pub fn login_required_with<M>(login_url: Option<&str>, view: impl IntoView<M>) -> View {
    let test: UserTest = Arc::new(|user| {
        let ok = user.is_authenticated();
        Box::pin(async move { Ok(ok) })
    });
    user_passes_test(test, login_url, view)
}

/// Django's `@permission_required(perms, raise_exception=...)`: the user
/// needs every one of `perms`; without them the response is a 403 when
/// `raise_exception`, else the login redirect.
pub fn permission_required<M>(perms: &[&str], raise_exception: bool, view: impl IntoView<M>) -> View {
    let perms: Arc<Vec<String>> = Arc::new(perms.iter().map(|p| (*p).to_owned()).collect());
    let test: UserTest = Arc::new(move |user| {
        let perms = Arc::clone(&perms);
        Box::pin(async move { user.has_perms(&perms).await })
    });
    Arc::new(UserPassesTest {
        inner: view.into_view(),
        test,
        login_url: None,
        raise_exception,
    })
}
