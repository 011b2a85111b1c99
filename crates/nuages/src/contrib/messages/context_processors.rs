//! Django's `contrib/messages/context_processors.py`.

use std::collections::BTreeMap;
use std::sync::Arc;

use nuages_template::{Object, Value};

use super::constants::DEFAULT_LEVELS;
use super::storage::{Message, MessageStorage};
use crate::http::Request;

/// A message in a template: `{{ message }}`, `message.tags`, `.level`,
/// `.level_tag`, `.extra_tags`, `.message`.
struct MessageObject(Message);

impl Object for MessageObject {
    fn get_attr(&self, name: &str) -> Option<Value> {
        Some(match name {
            "message" => self.0.message.as_str().into(),
            "level" => self.0.level.into(),
            "tags" => self.0.tags().into(),
            "level_tag" => self.0.level_tag().into(),
            "extra_tags" => self.0.extra_tags.as_str().into(),
            _ => return None,
        })
    }

    fn to_display(&self) -> String {
        self.0.message.clone()
    }

    fn is_safe(&self) -> bool {
        self.0.is_safe
    }
}

/// `{{ messages }}`: iterating marks the messages used; `{% if messages %}`
/// and `|length` do not.
struct MessagesObject(MessageStorage);

impl Object for MessagesObject {
    fn get_attr(&self, name: &str) -> Option<Value> {
        match name {
            "level" => Some(self.0.level().into()),
            _ => None,
        }
    }

    fn to_display(&self) -> String {
        "<FallbackStorage>".to_owned()
    }

    fn is_true(&self) -> bool {
        !self.0.is_empty()
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(
            self.0
                .iterate()
                .into_iter()
                .map(|m| Value::Object(Arc::new(MessageObject(m))))
                .collect(),
        )
    }

    fn len(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// `messages` (the request's messages, or an empty list without
/// `MessageMiddleware`) and `DEFAULT_MESSAGE_LEVELS`.
pub fn messages(request: &Request) -> Vec<(String, Value)> {
    let messages = match request.extensions().get::<MessageStorage>() {
        Some(storage) => Value::Object(Arc::new(MessagesObject(storage.clone()))),
        None => Value::from_serialize(&Vec::<String>::new()),
    };
    let levels: BTreeMap<&str, i64> = DEFAULT_LEVELS.into_iter().collect();
    vec![
        ("messages".to_owned(), messages),
        ("DEFAULT_MESSAGE_LEVELS".to_owned(), Value::from_serialize(&levels)),
    ]
}
