//! Auth forms: Django's `contrib/auth/forms.py` `AuthenticationForm`, on
//! the [`Form`](crate::forms::Form) API.
//!
//! Checking the credentials queries the database, so the check that Django
//! runs in `clean()` is the async [`AuthenticationForm::is_valid`].

use crate::core::validators::ValidationError;
use crate::forms::fields::CharField;
use crate::forms::widgets::{Attr, PasswordInput, TextInput, set_attr};
use crate::forms::{Form, FormValue};
use crate::http::QueryDict;
use crate::template::Value;

use super::authenticate;
use super::models::User;

/// Django's `AuthenticationForm.error_messages["invalid_login"]`, with the
/// username field's verbose name filled in. The same text whether the
/// user exists or not.
pub const INVALID_LOGIN: &str =
    "Please enter a correct username and password. Note that both fields may be case-sensitive.";
/// Django's `AuthenticationForm.error_messages["inactive"]`.
pub const INACTIVE: &str = "This account is inactive.";

/// The login form: `username` (max 150 characters, autofocused) and
/// `password` (not stripped), as Django's `AuthenticationForm`.
///
/// ```
/// use nuages::contrib::auth::forms::AuthenticationForm;
///
/// let form = AuthenticationForm::new();
/// assert_eq!(form.form().fields().len(), 2);
/// ```
#[derive(Clone)]
pub struct AuthenticationForm {
    form: Form,
    user_cache: Option<(User, String)>,
}

impl Default for AuthenticationForm {
    fn default() -> Self {
        Self::new()
    }
}

impl AuthenticationForm {
    /// The unbound form.
    pub fn new() -> Self {
        let mut username_widget = TextInput();
        set_attr(&mut username_widget.attrs, "autofocus", Attr::Flag(true));
        // UsernameField.widget_attrs.
        username_widget = username_widget
            .attr("autocapitalize", "none")
            .attr("autocomplete", "username");
        let form = Form::new()
            .field(
                "username",
                CharField().label("Username").max_length(150).widget(username_widget),
            )
            .field(
                "password",
                CharField()
                    .label("Password")
                    .strip(false)
                    .widget(PasswordInput().attr("autocomplete", "current-password")),
            );
        Self { form, user_cache: None }
    }

    /// The form bound to submitted data (`AuthenticationForm(request, data=request.POST)`).
    pub fn bind(&self, data: QueryDict) -> Self {
        Self {
            form: self.form.bind(data),
            user_cache: None,
        }
    }

    /// The underlying [`Form`] (errors, cleaned data, rendering).
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// Validate the fields, then authenticate (Django's `clean()`): a
    /// failed authentication adds the non-field error [`INVALID_LOGIN`]
    /// (code `invalid_login`), an inactive user [`INACTIVE`] (code
    /// `inactive`, only reachable with `AllowAllUsersModelBackend`).
    ///
    /// # Errors
    /// A misconfigured backend list or a database error.
    pub async fn is_valid(&mut self) -> crate::Result<bool> {
        if !self.form.is_valid() {
            return Ok(false);
        }
        let username = text(self.form.cleaned_value("username"));
        let password = text(self.form.cleaned_value("password"));
        match authenticate(&username, &password).await? {
            Some((user, _)) if !user.is_active => {
                self.form.add_error(None, ValidationError::new(INACTIVE, "inactive"));
            }
            Some(found) => self.user_cache = Some(found),
            None => self
                .form
                .add_error(None, ValidationError::new(INVALID_LOGIN, "invalid_login")),
        }
        Ok(self.user_cache.is_some())
    }

    /// The authenticated user and its backend's name, after a successful
    /// [`is_valid`](Self::is_valid) (`get_user()`).
    pub fn get_user(&self) -> Option<&(User, String)> {
        self.user_cache.as_ref()
    }

    /// The form as a template value (`{{ form }}`).
    pub fn to_value(&mut self) -> Value {
        self.form.to_value()
    }
}

fn text(value: Option<&FormValue>) -> String {
    match value {
        Some(FormValue::Str(s)) => s.clone(),
        _ => String::new(),
    }
}
