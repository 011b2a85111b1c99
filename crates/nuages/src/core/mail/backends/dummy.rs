//! Django's `dummy.EmailBackend`: pretends to send, does nothing.

use super::super::{EmailMessage, MailError};
use crate::handler::BoxFuture;

/// Counts messages as sent without doing anything with them.
pub struct EmailBackend;

impl super::EmailBackend for EmailBackend {
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>> {
        Box::pin(async move { Ok(messages.len()) })
    }
}
