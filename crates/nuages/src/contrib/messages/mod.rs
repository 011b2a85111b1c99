//! The messages framework: Django's `django.contrib.messages`.
//!
//! One-time notices for the next page ("Your vote was recorded."): a view
//! adds a message, `MessageMiddleware` keeps it (by default in the
//! `messages` cookie, overflowing into the session) until a template
//! iterates `{{ messages }}`, then it is gone.
//!
//! ```ignore
//! use nuages::contrib::messages;
//! messages::success(&request, "Profile details updated.")?;
//! messages::add_message(&request, messages::INFO, "Hello world.")?;
//! ```
//!
//! Settings: `MESSAGE_STORAGE`, `MESSAGE_LEVEL` (default INFO, so DEBUG
//! messages are dropped) and `MESSAGE_TAGS` (`[MESSAGE_TAGS] 40 = "danger"`).
//! Storages use Django's formats, so a Django site sharing `SECRET_KEY`
//! reads Nuages' messages and the reverse.

pub mod api;
pub mod constants;
pub mod context_processors;
pub mod middleware;
pub mod storage;

pub use api::{
    add_message, add_message_with_tags, debug, error, get_level, get_messages, info, set_level, success, warning,
};
pub use constants::{DEBUG, ERROR, INFO, SUCCESS, WARNING};
pub use middleware::MessageMiddleware;
pub use storage::{Message, MessageStorage, StorageKind};
