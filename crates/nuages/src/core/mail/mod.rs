//! Sending email: Django's `django.core.mail`.
//!
//! [`send_mail`] for the common case, [`EmailMessage`] (with
//! [`attach_alternative`](EmailMessage::attach_alternative) for
//! `EmailMultiAlternatives`) for the rest, [`mail_admins`] and
//! [`mail_managers`] for the site's staff. Messages go through the backend
//! named by `EMAIL_BACKEND` ([`backends`]): `smtp` (cargo feature `smtp`),
//! `console`, `filebased`, `locmem` (an in-memory [`outbox`] for tests)
//! or `dummy`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use nuages::core::mail::{self, send_mail};
//!
//! // Tests use the locmem backend (Settings::for_tests), as Django's test runner does.
//! let sent = send_mail("Subject here", "Here is the message.", Some("from@example.com"),
//!                      &["doc-example@example.com"], false, None).await.unwrap();
//! assert_eq!(sent, 1);
//! assert!(mail::outbox().iter().any(|m| m.to == ["doc-example@example.com"]));
//! # }
//! ```

pub mod backends;
pub mod message;

use std::sync::OnceLock;

pub use backends::locmem::{clear_outbox, outbox};
pub use backends::{EmailBackend, get_connection};
pub use message::{Alternative, Attachment, EmailMessage, EmailMultiAlternatives};

/// Why a message could not be built or sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MailError {
    /// A header value with a newline (Django's `BadHeaderError`).
    #[error("{0}")]
    BadHeader(String),
    /// An address that does not parse.
    #[error("Invalid address: {0}")]
    InvalidAddress(String),
    /// The message cannot be built (no recipient, bad MIME type, ...).
    #[error("Cannot build the message: {0}")]
    Message(String),
    /// The `EMAIL_*` settings are unusable (unknown backend, missing path).
    #[error("{0}")]
    ImproperlyConfigured(String),
    /// Writing the message (console and file backends).
    #[error("Cannot write the message: {0}")]
    Io(String),
    /// The SMTP server refused or could not be reached.
    #[error("SMTP error: {0}")]
    Smtp(String),
}

/// The host name used in `Message-ID`s (Django's `DNS_NAME`).
pub fn dns_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        hostname::get()
            .ok()
            .and_then(|h| h.into_string().ok())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_owned())
    })
}

/// Send one message to `recipient_list` through `EMAIL_BACKEND` and return
/// how many were sent (1, or 0 with no recipients): Django's
/// `send_mail(subject, message, from_email, recipient_list, fail_silently, html_message=...)`.
/// `from_email` `None` uses `DEFAULT_FROM_EMAIL`; `html_message` adds a
/// `text/html` alternative.
///
/// # Errors
/// A [`MailError`] (bad header, address, backend, SMTP failure), unless
/// `fail_silently`, which returns `Ok(0)` instead.
pub async fn send_mail(
    subject: &str,
    message: &str,
    from_email: Option<&str>,
    recipient_list: &[&str],
    fail_silently: bool,
    html_message: Option<&str>,
) -> Result<usize, MailError> {
    let mut mail = EmailMessage::new(subject, message, from_email, recipient_list);
    if let Some(html) = html_message {
        mail = mail.attach_alternative(html, "text/html");
    }
    mail.send(fail_silently).await
}

/// Send several `(subject, message, from_email, recipient_list)` messages
/// over one connection; returns how many were sent (Django's `send_mass_mail`).
///
/// # Errors
/// As [`send_mail`].
pub async fn send_mass_mail(
    datatuple: &[(&str, &str, Option<&str>, &[&str])],
    fail_silently: bool,
) -> Result<usize, MailError> {
    let messages: Vec<EmailMessage> = datatuple
        .iter()
        .map(|(subject, body, from, to)| EmailMessage::new(subject, body, *from, to))
        .collect();
    let connection = match get_connection(None, fail_silently) {
        Ok(connection) => connection,
        Err(_) if fail_silently => return Ok(0),
        Err(e) => return Err(e),
    };
    connection.send_messages(&messages).await
}

async fn mail_staff(
    people: &[(String, String)],
    subject: &str,
    message: &str,
    fail_silently: bool,
    html_message: Option<&str>,
) -> Result<(), MailError> {
    if people.is_empty() {
        return Ok(());
    }
    let settings = crate::conf::settings();
    let to: Vec<&str> = people.iter().map(|(_, email)| email.as_str()).collect();
    let subject = format!("{}{subject}", settings.EMAIL_SUBJECT_PREFIX);
    let mut mail = EmailMessage::new(&subject, message, Some(&settings.SERVER_EMAIL), &to);
    if let Some(html) = html_message {
        mail = mail.attach_alternative(html, "text/html");
    }
    mail.send(fail_silently).await.map(|_| ())
}

/// Mail `ADMINS`, from `SERVER_EMAIL`, the subject prefixed with
/// `EMAIL_SUBJECT_PREFIX`; nothing happens when `ADMINS` is empty
/// (Django's `mail_admins`).
///
/// # Errors
/// As [`send_mail`].
pub async fn mail_admins(
    subject: &str,
    message: &str,
    fail_silently: bool,
    html_message: Option<&str>,
) -> Result<(), MailError> {
    let admins = crate::conf::settings().ADMINS.clone();
    mail_staff(&admins, subject, message, fail_silently, html_message).await
}

/// Mail `MANAGERS`, as [`mail_admins`] does for `ADMINS` (Django's `mail_managers`).
///
/// # Errors
/// As [`send_mail`].
pub async fn mail_managers(
    subject: &str,
    message: &str,
    fail_silently: bool,
    html_message: Option<&str>,
) -> Result<(), MailError> {
    let managers = crate::conf::settings().MANAGERS.clone();
    mail_staff(&managers, subject, message, fail_silently, html_message).await
}
