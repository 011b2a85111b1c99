//! Django's `console.EmailBackend`: each message written to standard
//! output (or a given stream), followed by a line of 79 dashes.

use std::io::Write;
use std::sync::Mutex;

use super::super::{EmailMessage, MailError};
use super::message_text;
use crate::handler::BoxFuture;

/// Writes messages to a stream instead of sending them.
pub struct EmailBackend {
    stream: Mutex<Box<dyn Write + Send>>,
}

impl EmailBackend {
    /// A backend writing to standard output.
    pub fn stdout() -> Self {
        Self::with_stream(Box::new(std::io::stdout()))
    }

    /// A backend writing to `stream` (Django's `stream=` argument).
    pub fn with_stream(stream: Box<dyn Write + Send>) -> Self {
        EmailBackend {
            stream: Mutex::new(stream),
        }
    }
}

impl super::EmailBackend for EmailBackend {
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>> {
        Box::pin(async move {
            let mut stream = self.stream.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut sent = 0;
            for message in messages {
                let text = message_text(message)?;
                write!(stream, "{text}\n{}\n", "-".repeat(79)).map_err(|e| MailError::Io(e.to_string()))?;
                stream.flush().map_err(|e| MailError::Io(e.to_string()))?;
                sent += 1;
            }
            Ok(sent)
        })
    }
}
