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

/// Django's `PasswordChangeForm.error_messages["password_incorrect"]`.
pub const PASSWORD_INCORRECT: &str = "Your old password was entered incorrectly. Please enter it again.";
/// Django's `SetPasswordMixin.error_messages["password_mismatch"]`.
pub const PASSWORD_MISMATCH: &str = "The two password fields didn’t match.";

/// Django's `PasswordChangeForm`: `old_password`, `new_password1`,
/// `new_password2`. Valid when the old password is right, the new ones
/// match and pass `AUTH_PASSWORD_VALIDATORS`.
#[derive(Clone)]
pub struct PasswordChangeForm {
    form: Form,
    user: User,
}

impl PasswordChangeForm {
    /// The unbound form for `user`.
    pub fn new(user: User) -> Self {
        let password = |label: &str, autocomplete: &str| {
            CharField()
                .label(label)
                .strip(false)
                .widget(PasswordInput().attr("autocomplete", autocomplete))
        };
        let mut old = password("Old password", "current-password");
        set_attr(&mut old.widget.attrs, "autofocus", Attr::Flag(true));
        let form = Form::new()
            .field("old_password", old)
            .field("new_password1", password("New password", "new-password"))
            .field("new_password2", password("New password confirmation", "new-password"));
        Self { form, user }
    }

    /// The form bound to submitted data.
    pub fn bind(&self, data: QueryDict) -> Self {
        Self {
            form: self.form.bind(data),
            user: self.user.clone(),
        }
    }

    /// Validate: fields, old password (`password_incorrect` on
    /// `old_password`), matching new passwords (`password_mismatch` on
    /// `new_password2`), then the password validators (on `new_password2`).
    ///
    /// # Errors
    /// A database error while checking the old password.
    pub async fn is_valid(&mut self) -> crate::Result<bool> {
        if !self.form.is_valid() {
            return Ok(false);
        }
        let old = text(self.form.cleaned_value("old_password"));
        if !self.user.check_password(&old).await? {
            self.form.add_error(
                Some("old_password"),
                ValidationError::new(PASSWORD_INCORRECT, "password_incorrect"),
            );
            return Ok(false);
        }
        let new1 = text(self.form.cleaned_value("new_password1"));
        let new2 = text(self.form.cleaned_value("new_password2"));
        if new1 != new2 {
            self.form.add_error(
                Some("new_password2"),
                ValidationError::new(PASSWORD_MISMATCH, "password_mismatch"),
            );
            return Ok(false);
        }
        if let Err(messages) = super::password_validation::validate_password(&new2, Some(&self.user)) {
            for message in messages {
                self.form
                    .add_error(Some("new_password2"), ValidationError::new(message, "password_invalid"));
            }
            return Ok(false);
        }
        Ok(true)
    }

    /// Set the new password and save the user (`save()`); call after a
    /// successful [`is_valid`](Self::is_valid).
    ///
    /// # Errors
    /// Hashing or database errors.
    pub async fn save(&mut self) -> crate::Result<User> {
        let new = text(self.form.cleaned_value("new_password1"));
        self.user.set_password(Some(&new))?;
        crate::db::prelude::Model::save(&mut self.user).await?;
        Ok(self.user.clone())
    }

    /// The form as a template value (`{{ form }}`).
    pub fn to_value(&mut self) -> Value {
        self.form.to_value()
    }
}
