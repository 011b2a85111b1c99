//! [`Message`] and its JSON form: Django's `contrib/messages/storage/base.py`
//! and the `MessageEncoder` / `MessageDecoder` of `storage/cookie.py`.
//!
//! A message is the list `["__json_message", is_safe, level, message, extra_tags]`
//! (`is_safe` is `0` or `1`), so storages written by Django and by Nuages
//! read each other.

use serde_json::Value as Json;

use crate::core::signing::to_python_json;

/// First element of an encoded message (Django's `MessageEncoder.message_key`).
pub const MESSAGE_KEY: &str = "__json_message";

/// One message (Django's `Message`): a level, a text and extra tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The level (see [`constants`](super::super::constants)).
    pub level: i64,
    /// The text.
    pub message: String,
    /// Extra space-separated tags added to [`Message::tags`].
    pub extra_tags: String,
    /// Whether the text is safe HTML (Django's `mark_safe`d messages).
    pub is_safe: bool,
}

impl Message {
    /// A message with no extra tags.
    pub fn new(level: i64, message: impl Into<String>) -> Self {
        Message {
            level,
            message: message.into(),
            extra_tags: String::new(),
            is_safe: false,
        }
    }

    /// The level's tag (`MESSAGE_TAGS` over the defaults), e.g. `"success"`.
    pub fn level_tag(&self) -> String {
        super::super::constants::level_tag(self.level, &crate::conf::settings().MESSAGE_TAGS)
    }

    /// `extra_tags` then the level tag, space-separated, empty parts skipped.
    pub fn tags(&self) -> String {
        let level_tag = self.level_tag();
        [self.extra_tags.as_str(), level_tag.as_str()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The JSON list Django's `MessageEncoder` writes for this message.
    pub fn to_json(&self) -> Json {
        Json::Array(vec![
            Json::from(MESSAGE_KEY),
            Json::from(u8::from(self.is_safe)),
            Json::from(self.level),
            Json::from(self.message.as_str()),
            Json::from(self.extra_tags.as_str()),
        ])
    }

    /// Read an encoded message; `None` when `value` is not one.
    pub fn from_json(value: &Json) -> Option<Message> {
        let items = value.as_array()?;
        if items.first()?.as_str()? != MESSAGE_KEY || !(4..=5).contains(&items.len()) {
            return None;
        }
        let is_safe = match &items[1] {
            Json::Bool(b) => *b,
            other => other.as_i64()? != 0,
        };
        let extra_tags = match items.get(4) {
            None | Some(Json::Null) => String::new(),
            Some(tags) => tags.as_str()?.to_owned(),
        };
        Some(Message {
            level: items[2].as_i64()?,
            message: items[3].as_str()?.to_owned(),
            extra_tags,
            is_safe,
        })
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// `MessageEncoder().encode(messages)` with Python's default separators
/// (`", "`, as `SessionStorage` stores them).
pub fn encode_spaced(messages: &[Message]) -> String {
    let items: Vec<String> = messages
        .iter()
        .map(|m| match m.to_json() {
            Json::Array(parts) => format!("[{}]", parts.iter().map(to_python_json).collect::<Vec<_>>().join(", ")),
            other => to_python_json(&other),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Decode a JSON list of messages; `None` when any entry is not a message.
/// `sentinel` entries (the cookie's "not finished" marker) are kept out and
/// reported by the returned flag.
pub fn decode_list(value: &Json, sentinel: Option<&str>) -> Option<(Vec<Message>, bool)> {
    let mut messages = Vec::new();
    let mut saw_sentinel = false;
    for item in value.as_array()? {
        if sentinel.is_some() && item.as_str() == sentinel {
            saw_sentinel = true;
            continue;
        }
        messages.push(Message::from_json(item)?);
    }
    Some((messages, saw_sentinel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_django() {
        let mut m = Message::new(25, "Saved \u{e9}");
        m.extra_tags = "x".into();
        assert_eq!(
            encode_spaced(&[m.clone()]),
            r#"[["__json_message", 0, 25, "Saved \u00e9", "x"]]"#
        );
        assert_eq!(Message::from_json(&m.to_json()), Some(m));
        let old: Json = serde_json::from_str(r#"["__json_message", 1, 20, "<b>hi</b>"]"#).expect("json");
        let decoded = Message::from_json(&old).expect("decoded");
        assert!(decoded.is_safe);
        assert_eq!(decoded.extra_tags, "");
        assert!(Message::from_json(&serde_json::json!(["nope", 0, 20, "x"])).is_none());
    }
}
