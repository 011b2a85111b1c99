//! Django's `contrib/messages/api.py`: adding and reading a request's messages.

use super::constants;
use super::storage::{Message, MessageStorage};
use crate::error::{Error, Result};
use crate::http::Request;

/// The request's storage, when `MessageMiddleware` ran.
pub fn storage(request: &Request) -> Option<MessageStorage> {
    request.extensions().get::<MessageStorage>().cloned()
}

fn require(request: &Request) -> Result<MessageStorage> {
    storage(request).ok_or_else(|| {
        Error::msg(
            "MessageFailure: You cannot add messages without installing \
             django.contrib.messages.middleware.MessageMiddleware",
        )
    })
}

/// Django's `messages.add_message(request, level, message)`.
///
/// # Errors
/// `MessageFailure` (a 500) when `MessageMiddleware` is not installed.
pub fn add_message(request: &Request, level: i64, message: &str) -> Result<()> {
    add_message_with_tags(request, level, message, "")
}

/// [`add_message`] with `extra_tags` (space-separated, added to `message.tags`).
///
/// # Errors
/// As [`add_message`].
pub fn add_message_with_tags(request: &Request, level: i64, message: &str, extra_tags: &str) -> Result<()> {
    require(request)?.add(level, message, extra_tags);
    Ok(())
}

/// `messages.debug(request, message)` (dropped unless `MESSAGE_LEVEL` <= DEBUG).
///
/// # Errors
/// As [`add_message`].
pub fn debug(request: &Request, message: &str) -> Result<()> {
    add_message(request, constants::DEBUG, message)
}

/// `messages.info(request, message)`.
///
/// # Errors
/// As [`add_message`].
pub fn info(request: &Request, message: &str) -> Result<()> {
    add_message(request, constants::INFO, message)
}

/// `messages.success(request, message)`.
///
/// # Errors
/// As [`add_message`].
pub fn success(request: &Request, message: &str) -> Result<()> {
    add_message(request, constants::SUCCESS, message)
}

/// `messages.warning(request, message)`.
///
/// # Errors
/// As [`add_message`].
pub fn warning(request: &Request, message: &str) -> Result<()> {
    add_message(request, constants::WARNING, message)
}

/// `messages.error(request, message)`.
///
/// # Errors
/// As [`add_message`].
pub fn error(request: &Request, message: &str) -> Result<()> {
    add_message(request, constants::ERROR, message)
}

/// `messages.get_messages(request)`: every message, oldest first, marked
/// used (they are not shown again); empty without `MessageMiddleware`.
pub fn get_messages(request: &Request) -> Vec<Message> {
    storage(request).map(|s| s.iterate()).unwrap_or_default()
}

/// `messages.get_level(request)`: the minimum level recorded.
pub fn get_level(request: &Request) -> i64 {
    storage(request).map_or_else(|| crate::conf::settings().MESSAGE_LEVEL, |s| s.level())
}

/// `messages.set_level(request, level)`; `false` without `MessageMiddleware`.
pub fn set_level(request: &Request, level: Option<i64>) -> bool {
    match storage(request) {
        Some(s) => {
            s.set_level(level);
            true
        }
        None => false,
    }
}
