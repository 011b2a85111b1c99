//! Django's `smtp.EmailBackend`, on lettre's asynchronous SMTP transport
//! (cargo feature `smtp`).
//!
//! `EMAIL_HOST` / `EMAIL_PORT`, login with `EMAIL_HOST_USER` /
//! `EMAIL_HOST_PASSWORD` when the user is set, `EMAIL_USE_TLS` (STARTTLS)
//! or `EMAIL_USE_SSL` (implicit TLS), `EMAIL_TIMEOUT` in seconds.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::super::{EmailMessage, MailError, dns_name};
use crate::conf::Settings;
use crate::handler::BoxFuture;

/// Sends messages to an SMTP server.
pub struct EmailBackend {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl EmailBackend {
    /// A backend configured from the `EMAIL_*` settings.
    ///
    /// # Errors
    /// [`MailError::ImproperlyConfigured`] when both `EMAIL_USE_TLS` and
    /// `EMAIL_USE_SSL` are on, or the TLS parameters cannot be built.
    pub fn from_settings(settings: &Settings) -> Result<Self, MailError> {
        if settings.EMAIL_USE_TLS && settings.EMAIL_USE_SSL {
            return Err(MailError::ImproperlyConfigured(
                "EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True."
                    .to_owned(),
            ));
        }
        let host = settings.EMAIL_HOST.clone();
        let tls = if settings.EMAIL_USE_TLS || settings.EMAIL_USE_SSL {
            let parameters =
                TlsParameters::new(host.clone()).map_err(|e| MailError::ImproperlyConfigured(e.to_string()))?;
            if settings.EMAIL_USE_SSL {
                Tls::Wrapper(parameters)
            } else {
                Tls::Required(parameters)
            }
        } else {
            Tls::None
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.EMAIL_PORT)
            .tls(tls)
            .hello_name(ClientId::Domain(dns_name().to_owned()))
            .timeout(settings.EMAIL_TIMEOUT.map(Duration::from_secs));
        if !settings.EMAIL_HOST_USER.is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.EMAIL_HOST_USER.clone(),
                settings.EMAIL_HOST_PASSWORD.clone(),
            ));
        }
        Ok(EmailBackend {
            transport: builder.build(),
        })
    }
}

impl super::EmailBackend for EmailBackend {
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>> {
        Box::pin(async move {
            let mut sent = 0;
            for message in messages {
                if message.recipients().is_empty() {
                    continue;
                }
                let built = message.to_lettre()?;
                self.transport
                    .send(built)
                    .await
                    .map_err(|e| MailError::Smtp(e.to_string()))?;
                sent += 1;
            }
            Ok(sent)
        })
    }
}
