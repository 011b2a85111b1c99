//! Messages in a signed cookie: Django's `contrib/messages/storage/cookie.py`.
//!
//! The cookie `messages` holds `Signer.sign_object(messages, compress=True)`
//! keyed with `"django.http.cookies" + SECRET_KEY` and salt
//! `"django.contrib.messages"` (Django's `get_cookie_signer`), so Django
//! reads cookies Nuages writes and the reverse. When the messages do not fit
//! in [`MAX_COOKIE_SIZE`] bytes, some are left out and the list ends with
//! [`NOT_FINISHED`].

use super::base::{Message, decode_list};
use crate::conf::Settings;
use crate::core::signing::Signer;
use crate::http::{CookieOptions, Response};

/// Cookie name (Django's `CookieStorage.cookie_name`).
pub const COOKIE_NAME: &str = "messages";
/// Largest encoded cookie value, in bytes (Django's `max_cookie_size`).
pub const MAX_COOKIE_SIZE: usize = 2048;
/// Last list entry when messages were left out (Django's `not_finished`).
pub const NOT_FINISHED: &str = "__messagesnotfinished__";
/// Signing salt (Django's `CookieStorage.key_salt`).
pub const KEY_SALT: &str = "django.contrib.messages";

/// Django's `signing.get_cookie_signer(salt="django.contrib.messages")`.
pub fn signer(settings: &Settings) -> Signer {
    let fallbacks: Vec<String> = settings
        .SECRET_KEY_FALLBACKS
        .iter()
        .map(|k| format!("django.http.cookies{k}"))
        .collect();
    Signer::new(format!("django.http.cookies{}", settings.SECRET_KEY))
        .salt(KEY_SALT)
        .fallback_keys(fallbacks)
}

/// Encode messages (plus [`NOT_FINISHED`] when `not_finished`) into a cookie value.
pub fn encode(settings: &Settings, messages: &[Message], not_finished: bool) -> String {
    let mut list: Vec<serde_json::Value> = messages.iter().map(Message::to_json).collect();
    if not_finished {
        list.push(NOT_FINISHED.into());
    }
    // A list of strings and numbers always serializes.
    signer(settings)
        .sign_object(&serde_json::Value::Array(list), true)
        .unwrap_or_default()
}

/// Decode a cookie value into `(messages, all_retrieved)`; `None` when the
/// value is tampered with, signed with another key or malformed.
pub fn decode(settings: &Settings, value: &str) -> Option<(Vec<Message>, bool)> {
    let json = signer(settings).unsign_object(value).ok()?;
    let (messages, not_finished) = decode_list(&json, Some(NOT_FINISHED))?;
    Some((messages, !not_finished))
}

/// Django's `CookieStorage._store`: the cookie value for `messages` and the
/// messages that did not fit. With `remove_oldest` the oldest are dropped
/// first (cookie storage alone); otherwise the newest (the fallback storage
/// passes them on to the session).
pub fn fit(settings: &Settings, messages: &[Message], remove_oldest: bool) -> (Option<String>, Vec<Message>) {
    if messages.is_empty() {
        return (None, Vec::new());
    }
    let all = encode(settings, messages, false);
    if all.len() <= MAX_COOKIE_SIZE {
        return (Some(all), Vec::new());
    }
    for keep in (0..messages.len()).rev() {
        let (kept, dropped) = if remove_oldest {
            let split = messages.len() - keep;
            (&messages[split..], &messages[..split])
        } else {
            (&messages[..keep], &messages[keep..])
        };
        let value = encode(settings, kept, true);
        if value.len() <= MAX_COOKIE_SIZE || keep == 0 {
            return (Some(value), dropped.to_vec());
        }
    }
    (None, messages.to_vec())
}

/// Set the cookie to `value`, or delete it when `None` and the request had one.
pub fn update_cookie(settings: &Settings, response: &mut Response, value: Option<&str>, request_had_cookie: bool) {
    let result = match value {
        Some(value) => response.set_cookie(
            COOKIE_NAME,
            value,
            CookieOptions {
                max_age: None,
                expires: None,
                path: Some("/".to_owned()),
                domain: settings.SESSION_COOKIE_DOMAIN.clone(),
                secure: settings.SESSION_COOKIE_SECURE,
                httponly: settings.SESSION_COOKIE_HTTPONLY,
                samesite: settings.SESSION_COOKIE_SAMESITE.clone(),
            },
        ),
        None if request_had_cookie => response.delete_cookie(
            COOKIE_NAME,
            "/",
            settings.SESSION_COOKIE_DOMAIN.as_deref(),
            settings.SESSION_COOKIE_SAMESITE.as_deref(),
        ),
        None => Ok(()),
    };
    if let Err(e) = result {
        tracing::error!("cannot update the messages cookie: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_tamper_and_overflow() {
        let settings = Settings::for_tests();
        let messages = vec![Message::new(20, "Hello"), Message::new(40, "Oops")];
        let value = encode(&settings, &messages, false);
        assert_eq!(decode(&settings, &value), Some((messages.clone(), true)));
        let tampered = value.replacen(':', "x:", 1);
        assert_eq!(decode(&settings, &tampered), None);
        assert_eq!(decode(&settings, "garbage"), None);
        // Random text does not compress: 5 messages of ~600 bytes cannot all fit.
        let big: Vec<Message> = (0..5)
            .map(|i| {
                Message::new(
                    20,
                    format!("{i}{}", crate::contrib::auth::hashers::get_random_string(600)),
                )
            })
            .collect();
        let (value, unstored) = fit(&settings, &big, false);
        let (kept, all) = decode(&settings, &value.expect("value")).expect("decodes");
        assert!(!all);
        assert!(!unstored.is_empty());
        assert_eq!([kept.as_slice(), unstored.as_slice()].concat(), big);
        let (value, dropped) = fit(&settings, &big, true);
        let (kept, _) = decode(&settings, &value.expect("value")).expect("decodes");
        assert_eq!(kept.last(), big.last());
        assert_eq!(dropped[0], big[0]);
    }
}
