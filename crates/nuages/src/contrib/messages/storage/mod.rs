//! Message storages: Django's `contrib/messages/storage/`.
//!
//! [`MessageStorage`] is Django's `BaseStorage` (the queue of new messages,
//! the lazily loaded stored ones, `used` / `added_new`) over one of three
//! backends named by `MESSAGE_STORAGE`: [`StorageKind::Cookie`],
//! [`StorageKind::Session`] or [`StorageKind::Fallback`] (the default:
//! cookie first, the session for what does not fit).

pub mod base;
pub mod cookie;
pub mod session;

use std::sync::{Arc, Mutex, MutexGuard};

pub use base::Message;

use crate::conf::{ImproperlyConfigured, Settings};
use crate::contrib::sessions::Session;
use crate::http::{Request, Response};

/// Which storage `MESSAGE_STORAGE` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    /// `CookieStorage`.
    Cookie,
    /// `SessionStorage` (needs `SessionMiddleware` before `MessageMiddleware`).
    Session,
    /// `FallbackStorage`: cookie, then session for the overflow.
    Fallback,
}

impl StorageKind {
    /// The storage for a `MESSAGE_STORAGE` value (`django.` or `nuages.` spelling).
    ///
    /// # Errors
    /// [`ImproperlyConfigured`] for an unknown name.
    pub fn from_setting(name: &str) -> Result<StorageKind, ImproperlyConfigured> {
        let rest = name
            .strip_prefix("django.")
            .or_else(|| name.strip_prefix("nuages."))
            .unwrap_or("");
        match rest {
            "contrib.messages.storage.cookie.CookieStorage" => Ok(StorageKind::Cookie),
            "contrib.messages.storage.session.SessionStorage" => Ok(StorageKind::Session),
            "contrib.messages.storage.fallback.FallbackStorage" => Ok(StorageKind::Fallback),
            _ => Err(ImproperlyConfigured::new(format!(
                "MESSAGE_STORAGE '{name}' is not a known storage; use \
                 django.contrib.messages.storage.fallback.FallbackStorage, .cookie.CookieStorage or .session.SessionStorage"
            ))),
        }
    }
}

struct State {
    kind: StorageKind,
    settings: Arc<Settings>,
    cookie: Option<String>,
    session: Option<Session>,
    queued: Vec<Message>,
    loaded: Option<Vec<Message>>,
    used: bool,
    added_new: bool,
    level: Option<i64>,
    used_cookie: bool,
    used_session: bool,
}

/// The request's messages (Django's `request._messages`); cloning shares them.
#[derive(Clone)]
pub struct MessageStorage {
    state: Arc<Mutex<State>>,
}

impl MessageStorage {
    /// The storage for `request` (its `messages` cookie and session).
    ///
    /// # Errors
    /// [`ImproperlyConfigured`] when the session storage is used without
    /// `SessionMiddleware` installed before `MessageMiddleware`.
    pub fn new(kind: StorageKind, request: &Request, settings: Arc<Settings>) -> Result<Self, ImproperlyConfigured> {
        let session = request.extensions().get::<Session>().cloned();
        if session.is_none() && kind != StorageKind::Cookie {
            return Err(ImproperlyConfigured::new(
                "The session-based temporary message storage requires session middleware to be installed, \
                 and come before the message middleware in the MIDDLEWARE list.",
            ));
        }
        Ok(MessageStorage {
            state: Arc::new(Mutex::new(State {
                kind,
                settings,
                cookie: request.cookie(cookie::COOKIE_NAME).map(str::to_owned),
                session,
                queued: Vec::new(),
                loaded: None,
                used: false,
                added_new: false,
                level: None,
                used_cookie: false,
                used_session: false,
            })),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Queue a message (Django's `storage.add`): ignored when `message` is
    /// empty or `level` is below [`MessageStorage::level`].
    pub fn add(&self, level: i64, message: &str, extra_tags: &str) {
        if message.is_empty() || level < self.level() {
            return;
        }
        let mut state = self.lock();
        state.added_new = true;
        state.queued.push(Message {
            level,
            message: message.to_owned(),
            extra_tags: extra_tags.to_owned(),
            is_safe: false,
        });
    }

    /// The minimum level recorded: [`set_level`](Self::set_level)'s or `MESSAGE_LEVEL`.
    pub fn level(&self) -> i64 {
        let state = self.lock();
        state.level.unwrap_or(state.settings.MESSAGE_LEVEL)
    }

    /// Change the minimum level for this request; `None` restores `MESSAGE_LEVEL`.
    pub fn set_level(&self, level: Option<i64>) {
        self.lock().level = level;
    }

    /// How many messages there are (stored and new), without marking them used.
    pub fn len(&self) -> usize {
        let mut state = self.lock();
        state.load().len() + state.queued.len()
    }

    /// Whether there are no messages.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All messages, oldest first; marks them used, so they are not stored
    /// again (Django's `__iter__`).
    pub fn iterate(&self) -> Vec<Message> {
        let mut state = self.lock();
        state.used = true;
        state.load();
        let queued = std::mem::take(&mut state.queued);
        let loaded = state.loaded.get_or_insert_with(Vec::new);
        loaded.extend(queued);
        loaded.clone()
    }

    /// Store what is left on `response` (Django's `storage.update`); returns
    /// the messages no backend could keep.
    pub fn update(&self, response: &mut Response) -> Vec<Message> {
        let mut state = self.lock();
        if state.used {
            let queued = state.queued.clone();
            state.store(queued, response)
        } else if state.added_new {
            let mut all = state.load().to_vec();
            all.extend(state.queued.clone());
            state.store(all, response)
        } else {
            Vec::new()
        }
    }
}

impl State {
    fn load(&mut self) -> &[Message] {
        if self.loaded.is_none() {
            let messages = self.get();
            self.loaded = Some(messages);
        }
        self.loaded.as_deref().unwrap_or_default()
    }

    /// Django's `_get` of each backend.
    fn get(&mut self) -> Vec<Message> {
        match self.kind {
            StorageKind::Cookie => self.cookie_get().0.unwrap_or_default(),
            StorageKind::Session => self.session_get().unwrap_or_default(),
            StorageKind::Fallback => {
                let mut all = Vec::new();
                let (messages, all_retrieved) = self.cookie_get();
                let Some(messages) = messages else { return all };
                self.used_cookie |= !messages.is_empty();
                all.extend(messages);
                if all_retrieved {
                    return all;
                }
                if let Some(messages) = self.session_get() {
                    self.used_session |= !messages.is_empty();
                    all.extend(messages);
                }
                all
            }
        }
    }

    fn cookie_get(&mut self) -> (Option<Vec<Message>>, bool) {
        let Some(value) = self.cookie.as_deref() else {
            return (None, true);
        };
        match cookie::decode(&self.settings, value) {
            Some((messages, all_retrieved)) => (Some(messages), all_retrieved),
            None => {
                // Bad data: mark it used so the cookie is removed (as Django).
                self.used = true;
                (None, true)
            }
        }
    }

    fn session_get(&self) -> Option<Vec<Message>> {
        self.session.as_ref().and_then(session::get)
    }

    /// Django's `_store` of each backend; returns the unstored messages.
    fn store(&mut self, messages: Vec<Message>, response: &mut Response) -> Vec<Message> {
        let had_cookie = self.cookie.is_some();
        match self.kind {
            StorageKind::Cookie => {
                let (value, unstored) = cookie::fit(&self.settings, &messages, true);
                cookie::update_cookie(&self.settings, response, value.as_deref(), had_cookie);
                unstored
            }
            StorageKind::Session => {
                if let Some(session) = &self.session {
                    session::store(session, &messages);
                }
                Vec::new()
            }
            StorageKind::Fallback => {
                let mut rest = messages;
                if !rest.is_empty() {
                    let (value, unstored) = cookie::fit(&self.settings, &rest, false);
                    cookie::update_cookie(&self.settings, response, value.as_deref(), had_cookie);
                    rest = unstored;
                } else if self.used_cookie || had_cookie {
                    cookie::update_cookie(&self.settings, response, None, had_cookie);
                    self.used_cookie = false;
                }
                if let Some(session) = &self.session {
                    if !rest.is_empty() {
                        session::store(session, &rest);
                        rest = Vec::new();
                    } else if self.used_session {
                        session::store(session, &[]);
                        self.used_session = false;
                    }
                }
                rest
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(cookie: Option<&str>, session: &Session) -> Request {
        let mut headers = http::HeaderMap::new();
        if let Some(value) = cookie
            && let Ok(value) = http::HeaderValue::from_str(&format!("messages={value}"))
        {
            headers.insert(http::header::COOKIE, value);
        }
        let mut request = Request::new(http::Method::GET, "/", headers, Default::default()).expect("request");
        request.extensions_mut().insert(session.clone());
        request
    }

    #[test]
    fn session_storage_round_trip_in_djangos_format() {
        let settings = Arc::new(Settings::for_tests());
        let session = Session::detached();
        let storage =
            MessageStorage::new(StorageKind::Session, &request(None, &session), settings.clone()).expect("new");
        storage.add(20, "Hi", "");
        storage.add(10, "below MESSAGE_LEVEL", "");
        assert!(storage.update(&mut Response::new("")).is_empty());
        assert_eq!(
            session.get::<String>("_messages").as_deref(),
            Some(r#"[["__json_message", 0, 20, "Hi", ""]]"#)
        );
        let next = MessageStorage::new(StorageKind::Session, &request(None, &session), settings).expect("new");
        assert_eq!(next.iterate(), vec![Message::new(20, "Hi")]);
        next.update(&mut Response::new(""));
        assert!(!session.contains_key("_messages"));
    }

    #[test]
    fn cookie_storage_round_trip() {
        let settings = Arc::new(Settings::for_tests());
        let session = Session::detached();
        let storage =
            MessageStorage::new(StorageKind::Cookie, &request(None, &session), settings.clone()).expect("new");
        storage.add(40, "Oops", "x");
        let mut response = Response::new("");
        assert!(storage.update(&mut response).is_empty());
        let value = response.cookie("messages").expect("cookie").value.clone();
        let next =
            MessageStorage::new(StorageKind::Cookie, &request(Some(&value), &session), settings.clone()).expect("new");
        assert_eq!(next.len(), 1);
        let mut expected = Message::new(40, "Oops");
        expected.extra_tags = "x".into();
        assert_eq!(next.iterate(), vec![expected]);
        let mut response = Response::new("");
        next.update(&mut response);
        // Shown: the cookie is deleted (expired, empty value).
        assert_eq!(response.cookie("messages").map(|m| m.value.as_str()), Some(""));
        // Without SessionMiddleware the session-based storages are refused.
        let bare = Request::get("/").expect("request");
        assert!(MessageStorage::new(StorageKind::Fallback, &bare, settings.clone()).is_err());
        assert!(MessageStorage::new(StorageKind::Cookie, &bare, settings).is_ok());
    }
}
