//! Django's `locmem.EmailBackend`: messages kept in memory, in the
//! process-wide [`outbox`] (Django's `django.core.mail.outbox`), for tests.

use std::sync::Mutex;

use super::super::{EmailMessage, MailError};
use crate::handler::BoxFuture;

static OUTBOX: Mutex<Vec<EmailMessage>> = Mutex::new(Vec::new());

/// Every message sent through the locmem backend so far, oldest first.
///
/// The outbox is shared by the whole process: tests running in parallel
/// should look for their own recipients rather than count everything.
pub fn outbox() -> Vec<EmailMessage> {
    OUTBOX.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
}

/// Empty the outbox (Django's test runner does it before each test).
pub fn clear_outbox() {
    OUTBOX.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
}

/// Appends each message (checked as if sent) to the [`outbox`].
pub struct EmailBackend;

impl super::EmailBackend for EmailBackend {
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>> {
        Box::pin(async move {
            let mut sent = 0;
            for message in messages {
                // Build it, as a real send would, so bad headers fail here too.
                message.to_lettre()?;
                OUTBOX
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(message.clone());
                sent += 1;
            }
            Ok(sent)
        })
    }
}
