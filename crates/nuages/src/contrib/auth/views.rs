//! Auth views: Django's `contrib/auth/views.py` `LoginView` and
//! `LogoutView`, with default templates `registration/login.html` and
//! `registration/logged_out.html` (override them in a project or app
//! template directory listed earlier).
//!
//! ```
//! use nuages::contrib::auth::views::{LoginView, LogoutView};
//! use nuages::urls::path;
//! use nuages::views::generic::View as _;
//!
//! let patterns = vec![
//!     path("accounts/login/", LoginView::new().as_view()).name("login"),
//!     path("accounts/logout/", LogoutView::new().as_view()).name("logout"),
//! ];
//! # let _ = patterns;
//! ```

use http::Method;

use super::REDIRECT_FIELD_NAME;
use super::decorators::resolve_url;
use super::forms::AuthenticationForm;
use super::middleware::RequestUserExt;
use crate::error::{Error, Result};
use crate::http::{Request, Response};
use crate::template::Context;
use crate::utils::http::url_has_allowed_host_and_scheme;
use crate::views::generic::View;

/// Django's `RedirectURLMixin.get_redirect_url()`: the `next` of the POST
/// data or the query string when it is safe (same host, and HTTPS when the
/// request is), else `""`.
pub fn get_redirect_url(request: &Request) -> String {
    let from_post = match *request.method() {
        Method::POST => request
            .post()
            .ok()
            .and_then(|post| post.get(REDIRECT_FIELD_NAME))
            .map(str::to_owned),
        _ => None,
    };
    let candidate = from_post
        .or_else(|| {
            request
                .query()
                .ok()
                .and_then(|q| q.get(REDIRECT_FIELD_NAME))
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let host = request.get_host();
    if url_has_allowed_host_and_scheme(&candidate, &[host.as_str()], request.is_secure()) {
        candidate
    } else {
        String::new()
    }
}

/// The context every auth page gets: `next`, `site` and `site_name` (the
/// request's host, as Django's `RequestSite` without the sites framework).
fn base_context(request: &Request, redirect_to: &str) -> Context {
    let mut context = Context::new();
    let host = request.get_host();
    context.insert(REDIRECT_FIELD_NAME, redirect_to);
    context.insert("site_name", &host);
    context.insert("site", &host);
    context
}

/// Django's `LoginView`: GET shows [`AuthenticationForm`] in
/// `registration/login.html`; a POST with valid credentials logs the user
/// in ([`login`](super::login): session key cycled) and redirects to the
/// safe `next` parameter, else to `next_page` or `LOGIN_REDIRECT_URL`.
/// Wrong credentials re-render the form (status 200) with the same error
/// whether the user exists or not.
///
/// The template gets `form`, `next`, `site`, `site_name`.
#[derive(Clone, Debug)]
pub struct LoginView {
    template_name: String,
    next_page: Option<String>,
    redirect_authenticated_user: bool,
}

impl Default for LoginView {
    fn default() -> Self {
        Self::new()
    }
}

impl LoginView {
    /// The view with Django's defaults.
    pub fn new() -> Self {
        Self {
            template_name: "registration/login.html".to_owned(),
            next_page: None,
            redirect_authenticated_user: false,
        }
    }

    /// Render this template instead of `registration/login.html`.
    pub fn template_name(mut self, template_name: impl Into<String>) -> Self {
        self.template_name = template_name.into();
        self
    }

    /// Where to go after logging in when there is no safe `next`
    /// (a URL or a URL pattern name; default `LOGIN_REDIRECT_URL`).
    pub fn next_page(mut self, next_page: impl Into<String>) -> Self {
        self.next_page = Some(next_page.into());
        self
    }

    /// `redirect_authenticated_user`: a logged-in user visiting the page
    /// is redirected at once.
    pub fn redirect_authenticated_user(mut self, redirect: bool) -> Self {
        self.redirect_authenticated_user = redirect;
        self
    }

    /// `get_success_url()`: the safe `next`, else `next_page` or `LOGIN_REDIRECT_URL`.
    fn success_url(&self, request: &Request) -> String {
        let next = get_redirect_url(request);
        if !next.is_empty() {
            return next;
        }
        let default = self
            .next_page
            .clone()
            .unwrap_or_else(|| crate::conf::settings().LOGIN_REDIRECT_URL.clone());
        resolve_url(&default)
    }

    async fn render_form(&self, request: &Request, mut form: AuthenticationForm) -> Result<Response> {
        let mut context = base_context(request, &get_redirect_url(request));
        context.insert_value("form", form.to_value());
        crate::shortcuts::render(request, &self.template_name, context).await
    }
}

impl View for LoginView {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::GET, Method::POST, Method::HEAD, Method::OPTIONS]
    }

    async fn get(&self, request: Request) -> Result<Response> {
        if self.redirect_authenticated_user && request.user().await?.is_authenticated() {
            let redirect_to = self.success_url(&request);
            if redirect_to == request.path() {
                return Err(Error::msg(
                    "Redirection loop for authenticated user detected. Check that your LOGIN_REDIRECT_URL \
                     doesn't point to a login page.",
                ));
            }
            return Ok(Response::redirect(&redirect_to));
        }
        self.render_form(&request, AuthenticationForm::new()).await
    }

    async fn post(&self, request: Request) -> Result<Response> {
        let mut form = AuthenticationForm::new().bind(request.post()?.clone());
        if form.is_valid().await?
            && let Some((user, backend)) = form.get_user()
        {
            super::login(&request, user, Some(backend)).await?;
            return Ok(Response::redirect(&self.success_url(&request)));
        }
        self.render_form(&request, form).await
    }
}

/// Django's `LogoutView` (POST only since Django 5.0; GET is a 405):
/// [`logout`](super::logout) flushes the session, then the response
/// redirects to the safe `next`, `next_page` or `LOGOUT_REDIRECT_URL`;
/// with none of them it renders `registration/logged_out.html` (context
/// `title` "Logged out", `site`, `site_name`).
#[derive(Clone, Debug)]
pub struct LogoutView {
    template_name: String,
    next_page: Option<String>,
}

impl Default for LogoutView {
    fn default() -> Self {
        Self::new()
    }
}

impl LogoutView {
    /// The view with Django's defaults.
    pub fn new() -> Self {
        Self {
            template_name: "registration/logged_out.html".to_owned(),
            next_page: None,
        }
    }

    /// Render this template instead of `registration/logged_out.html`.
    pub fn template_name(mut self, template_name: impl Into<String>) -> Self {
        self.template_name = template_name.into();
        self
    }

    /// Where to go after logging out (a URL or a URL pattern name;
    /// default `LOGOUT_REDIRECT_URL`).
    pub fn next_page(mut self, next_page: impl Into<String>) -> Self {
        self.next_page = Some(next_page.into());
        self
    }
}

impl View for LogoutView {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::POST, Method::OPTIONS]
    }

    async fn post(&self, request: Request) -> Result<Response> {
        super::logout(&request).await?;
        let next = get_redirect_url(&request);
        let redirect_to = if !next.is_empty() {
            next
        } else if let Some(page) = self
            .next_page
            .clone()
            .or_else(|| crate::conf::settings().LOGOUT_REDIRECT_URL.clone())
        {
            resolve_url(&page)
        } else {
            request.path().to_owned()
        };
        if redirect_to != request.get_full_path() {
            return Ok(Response::redirect(&redirect_to));
        }
        let mut context = base_context(&request, "");
        context.insert("title", "Logged out");
        crate::shortcuts::render(&request, &self.template_name, context).await
    }
}

/// The logged-in user, or the login redirect (`@login_required`) for an
/// anonymous request.
async fn user_or_login(request: &Request) -> Result<std::result::Result<super::User, Response>> {
    match request.user().await?.into_user() {
        Some(user) => Ok(Ok(user)),
        None => Ok(Err(super::decorators::redirect_to_login(
            &request.get_full_path(),
            None,
        ))),
    }
}

/// Django's `PasswordChangeView` (login required): GET shows
/// [`PasswordChangeForm`](super::forms::PasswordChangeForm) in
/// `registration/password_change_form.html` (context `form`, `title`
/// "Password change"); a valid POST saves the new password, keeps this
/// session logged in ([`update_session_auth_hash`](super::update_session_auth_hash))
/// and redirects to the `password_change_done` URL (or `.success_url(...)`).
#[derive(Clone, Debug)]
pub struct PasswordChangeView {
    template_name: String,
    success_url: String,
}

impl Default for PasswordChangeView {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordChangeView {
    /// The view with Django's defaults.
    pub fn new() -> Self {
        Self {
            template_name: "registration/password_change_form.html".to_owned(),
            success_url: "password_change_done".to_owned(),
        }
    }

    /// Render this template instead of `registration/password_change_form.html`.
    pub fn template_name(mut self, template_name: impl Into<String>) -> Self {
        self.template_name = template_name.into();
        self
    }

    /// Where to go after the change (a URL or a URL pattern name).
    pub fn success_url(mut self, success_url: impl Into<String>) -> Self {
        self.success_url = success_url.into();
        self
    }

    async fn render_form(&self, request: &Request, mut form: super::forms::PasswordChangeForm) -> Result<Response> {
        let mut context = base_context(request, "");
        context.insert("title", "Password change");
        context.insert_value("form", form.to_value());
        crate::shortcuts::render(request, &self.template_name, context).await
    }
}

impl View for PasswordChangeView {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::GET, Method::POST, Method::HEAD, Method::OPTIONS]
    }

    async fn get(&self, request: Request) -> Result<Response> {
        match user_or_login(&request).await? {
            Ok(user) => {
                self.render_form(&request, super::forms::PasswordChangeForm::new(user))
                    .await
            }
            Err(redirect) => Ok(redirect),
        }
    }

    async fn post(&self, request: Request) -> Result<Response> {
        let user = match user_or_login(&request).await? {
            Ok(user) => user,
            Err(redirect) => return Ok(redirect),
        };
        let mut form = super::forms::PasswordChangeForm::new(user).bind(request.post()?.clone());
        if !form.is_valid().await? {
            return self.render_form(&request, form).await;
        }
        let user = form.save().await?;
        super::update_session_auth_hash(&request, &user).await?;
        Ok(Response::redirect(&resolve_url(&self.success_url)))
    }
}

/// Django's `PasswordChangeDoneView` (login required): renders
/// `registration/password_change_done.html` (context `title` "Password
/// change successful").
#[derive(Clone, Debug, Default)]
pub struct PasswordChangeDoneView;

impl View for PasswordChangeDoneView {
    async fn get(&self, request: Request) -> Result<Response> {
        if let Err(redirect) = user_or_login(&request).await? {
            return Ok(redirect);
        }
        let mut context = base_context(&request, "");
        context.insert("title", "Password change successful");
        crate::shortcuts::render(&request, "registration/password_change_done.html", context).await
    }
}
