//! Password validators: Django's `contrib/auth/password_validation.py`.
//!
//! `AUTH_PASSWORD_VALIDATORS` lists them by `NAME` with `OPTIONS`;
//! [`validate_password`] runs them all and returns every message.
//! `MinimumLengthValidator` (`min_length`, 8), `NumericPasswordValidator`
//! and `UserAttributeSimilarityValidator` (`max_similarity`, 0.7) are built in.
//!
//! ```
//! use nuages::contrib::auth::models::User;
//! use nuages::contrib::auth::password_validation::{PasswordValidator, MinimumLengthValidator, NumericPasswordValidator};
//! let user = User::new("alice", "alice@example.com");
//! assert!(MinimumLengthValidator { min_length: 8 }.validate("short", Some(&user)).is_err());
//! assert_eq!(NumericPasswordValidator.validate("12345678", None).expect_err("refused"), "This password is entirely numeric.");
//! ```

use std::collections::HashMap;

use super::models::User;
use crate::conf::ImproperlyConfigured;

/// A password validator (Django's validator classes).
pub trait PasswordValidator: Send + Sync {
    /// `Err(message)` when `password` is refused.
    fn validate(&self, password: &str, user: Option<&User>) -> Result<(), String>;
}

/// Refuses passwords shorter than `min_length` characters.
#[derive(Debug, Clone)]
pub struct MinimumLengthValidator {
    /// The minimum number of characters (Django's default: 8).
    pub min_length: usize,
}

impl PasswordValidator for MinimumLengthValidator {
    fn validate(&self, password: &str, _user: Option<&User>) -> Result<(), String> {
        if password.chars().count() < self.min_length {
            let noun = if self.min_length == 1 {
                "character"
            } else {
                "characters"
            };
            return Err(format!(
                "This password is too short. It must contain at least {} {noun}.",
                self.min_length
            ));
        }
        Ok(())
    }
}

/// Refuses passwords made only of digits.
#[derive(Debug, Clone, Copy)]
pub struct NumericPasswordValidator;

impl PasswordValidator for NumericPasswordValidator {
    fn validate(&self, password: &str, _user: Option<&User>) -> Result<(), String> {
        if !password.is_empty() && password.chars().all(char::is_numeric) {
            return Err("This password is entirely numeric.".to_owned());
        }
        Ok(())
    }
}

/// Refuses passwords too similar to the username, names or email
/// (Python's `SequenceMatcher.quick_ratio() >= max_similarity`).
#[derive(Debug, Clone)]
pub struct UserAttributeSimilarityValidator {
    /// Similarity at or above which a password is refused (default 0.7, at least 0.1).
    pub max_similarity: f64,
}

/// Python's `SequenceMatcher(a, b).quick_ratio()`: twice the size of the
/// multiset intersection over the total length.
fn quick_ratio(a: &str, b: &str) -> f64 {
    let total = a.chars().count() + b.chars().count();
    if total == 0 {
        return 1.0;
    }
    let mut counts: HashMap<char, usize> = HashMap::new();
    for c in b.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let mut matches = 0;
    for c in a.chars() {
        if let Some(n) = counts.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            matches += 1;
        }
    }
    2.0 * matches as f64 / total as f64
}

impl PasswordValidator for UserAttributeSimilarityValidator {
    fn validate(&self, password: &str, user: Option<&User>) -> Result<(), String> {
        let Some(user) = user else { return Ok(()) };
        let password = password.to_lowercase();
        let pwd_len = password.chars().count();
        for (value, verbose_name) in [
            (&user.username, "username"),
            (&user.first_name, "first name"),
            (&user.last_name, "last name"),
            (&user.email, "email address"),
        ] {
            if value.is_empty() {
                continue;
            }
            let lower = value.to_lowercase();
            let parts = lower
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .chain(std::iter::once(lower.as_str()));
            for part in parts {
                let len = part.chars().count();
                // Django's exceeds_maximum_length_ratio: skip short parts of long passwords.
                if pwd_len >= 10 * len && (len as f64) < self.max_similarity / 2.0 * pwd_len as f64 {
                    continue;
                }
                if quick_ratio(&password, part) >= self.max_similarity {
                    return Err(format!("The password is too similar to the {verbose_name}."));
                }
            }
        }
        Ok(())
    }
}

/// The validators of `AUTH_PASSWORD_VALIDATORS` (Django's `get_default_password_validators`).
///
/// # Errors
/// [`ImproperlyConfigured`] for an unknown `NAME` (the common-passwords validator is not built in yet).
pub fn get_default_password_validators() -> Result<Vec<Box<dyn PasswordValidator>>, ImproperlyConfigured> {
    let settings = crate::conf::settings();
    let mut validators: Vec<Box<dyn PasswordValidator>> = Vec::new();
    for entry in &settings.AUTH_PASSWORD_VALIDATORS {
        let name = entry.get("NAME").and_then(toml::Value::as_str).unwrap_or_default();
        let options = entry.get("OPTIONS").and_then(toml::Value::as_table);
        let option = |key: &str| options.and_then(|o| o.get(key));
        let class = name.rsplit('.').next().unwrap_or_default();
        validators.push(match class {
            "MinimumLengthValidator" => Box::new(MinimumLengthValidator {
                min_length: option("min_length")
                    .and_then(toml::Value::as_integer)
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(8),
            }),
            "NumericPasswordValidator" => Box::new(NumericPasswordValidator),
            "UserAttributeSimilarityValidator" => Box::new(UserAttributeSimilarityValidator {
                max_similarity: option("max_similarity")
                    .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                    .unwrap_or(0.7)
                    .max(0.1),
            }),
            _ => {
                return Err(ImproperlyConfigured::new(format!(
                    "The password validator '{name}' in AUTH_PASSWORD_VALIDATORS is not available."
                )));
            }
        });
    }
    Ok(validators)
}

/// Django's `validate_password(password, user)`: every validator's message, or `Ok`.
///
/// # Errors
/// The messages of the validators that refused the password; a
/// misconfigured validator list is reported as one message.
pub fn validate_password(password: &str, user: Option<&User>) -> Result<(), Vec<String>> {
    let validators = get_default_password_validators().map_err(|e| vec![e.to_string()])?;
    let errors: Vec<String> = validators
        .iter()
        .filter_map(|v| v.validate(password, user).err())
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity() {
        let mut user = User::new("johnsmith", "john.smith@example.com");
        user.first_name = "John".into();
        let v = UserAttributeSimilarityValidator { max_similarity: 0.7 };
        assert_eq!(
            v.validate("JohnSmith1", Some(&user)).expect_err("refused"),
            "The password is too similar to the username."
        );
        assert!(v.validate("correct horse battery", Some(&user)).is_ok());
        assert!((quick_ratio("abcd", "bcde") - 0.75).abs() < 1e-9);
    }

    #[test]
    fn length_and_numeric() {
        assert_eq!(
            MinimumLengthValidator { min_length: 8 }
                .validate("abc", None)
                .expect_err("refused"),
            "This password is too short. It must contain at least 8 characters."
        );
        assert!(NumericPasswordValidator.validate("1234a", None).is_ok());
    }
}
