//! Email backends: Django's `django.core.mail.backends`, one module each.
//!
//! `EMAIL_BACKEND` names one (the `django.` or `nuages.` spelling):
//! `core.mail.backends.smtp.EmailBackend` (Django's default; needs the
//! `smtp` cargo feature), `.console.EmailBackend`, `.filebased.EmailBackend`
//! (`EMAIL_FILE_PATH`), `.locmem.EmailBackend`, `.dummy.EmailBackend`.

pub mod console;
pub mod dummy;
pub mod filebased;
pub mod locmem;
#[cfg(feature = "smtp")]
pub mod smtp;

use super::MailError;
use super::message::EmailMessage;
use crate::conf::Settings;
use crate::handler::BoxFuture;

/// A way to deliver messages (Django's `BaseEmailBackend`).
pub trait EmailBackend: Send + Sync {
    /// Deliver `messages`; returns how many were sent.
    ///
    /// # Errors
    /// The first [`MailError`] met, unless the backend fails silently.
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>>;
}

/// Django's `fail_silently=True`: errors count as nothing sent.
struct FailSilently(Box<dyn EmailBackend>);

impl EmailBackend for FailSilently {
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>> {
        Box::pin(async move { Ok(self.0.send_messages(messages).await.unwrap_or(0)) })
    }
}

/// The backend named `backend`, or `EMAIL_BACKEND` when `None`, configured
/// from the `EMAIL_*` settings (Django's `get_connection`).
///
/// # Errors
/// [`MailError::ImproperlyConfigured`] for an unknown backend, the SMTP
/// backend without the `smtp` feature, or a file backend without a usable
/// `EMAIL_FILE_PATH`.
pub fn get_connection(backend: Option<&str>, fail_silently: bool) -> Result<Box<dyn EmailBackend>, MailError> {
    let settings = crate::conf::settings();
    let name = backend.unwrap_or(&settings.EMAIL_BACKEND);
    let connection = connection_for(name, &settings)?;
    Ok(if fail_silently {
        Box::new(FailSilently(connection))
    } else {
        connection
    })
}

fn connection_for(name: &str, settings: &Settings) -> Result<Box<dyn EmailBackend>, MailError> {
    let short = name
        .strip_prefix("django.core.mail.backends.")
        .or_else(|| name.strip_prefix("nuages.core.mail.backends."))
        .and_then(|rest| rest.strip_suffix(".EmailBackend"));
    match short {
        Some("console") => Ok(Box::new(console::EmailBackend::stdout())),
        Some("filebased") => Ok(Box::new(filebased::EmailBackend::from_settings(settings)?)),
        Some("locmem") => Ok(Box::new(locmem::EmailBackend)),
        Some("dummy") => Ok(Box::new(dummy::EmailBackend)),
        #[cfg(feature = "smtp")]
        Some("smtp") => Ok(Box::new(smtp::EmailBackend::from_settings(settings)?)),
        #[cfg(not(feature = "smtp"))]
        Some("smtp") => Err(MailError::ImproperlyConfigured(format!(
            "EMAIL_BACKEND '{name}' needs Nuages built with the `smtp` cargo feature \
             (nuages = {{ features = [\"smtp\"] }}), or choose the console, filebased, locmem or dummy backend."
        ))),
        _ => Err(MailError::ImproperlyConfigured(format!(
            "EMAIL_BACKEND '{name}' is not a known email backend."
        ))),
    }
}

/// The message as text with `\n` line ends, as the console and file
/// backends write it.
pub(crate) fn message_text(message: &EmailMessage) -> Result<String, MailError> {
    let bytes = message.message()?;
    Ok(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))
}
