//! Messages in the session: Django's `contrib/messages/storage/session.py`.
//!
//! The session key `_messages` holds the JSON text Django's
//! `MessageEncoder().encode(messages)` writes (a string inside the session).

use super::base::{Message, decode_list, encode_spaced};
use crate::contrib::sessions::Session;

/// Session key (Django's `SessionStorage.session_key`).
pub const SESSION_KEY: &str = "_messages";

/// The stored messages; `None` when the key is absent or unreadable.
pub fn get(session: &Session) -> Option<Vec<Message>> {
    let value = session.get_value(SESSION_KEY)?;
    let json = match value {
        serde_json::Value::String(text) => serde_json::from_str(&text).ok()?,
        other => other,
    };
    decode_list(&json, None).map(|(messages, _)| messages)
}

/// Store `messages` (or remove the key when there are none).
pub fn store(session: &Session, messages: &[Message]) {
    if messages.is_empty() {
        session.remove(SESSION_KEY);
    } else {
        session.set(SESSION_KEY, encode_spaced(messages));
    }
}
