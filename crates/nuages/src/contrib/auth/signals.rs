//! Auth signals: Django's `contrib/auth/signals.py` (`user_logged_in`,
//! `user_logged_out`, `user_login_failed`).
//!
//! ```
//! use nuages::contrib::auth::signals::user_login_failed;
//! user_login_failed().connect(|failed| tracing::warn!(username = %failed.username, "login failed"));
//! ```

use std::sync::{Arc, LazyLock, RwLock};

use super::models::User;

/// A connected receiver.
type Receiver<T> = Arc<dyn Fn(&T) + Send + Sync>;

/// A signal: receivers connected once (in an app's `ready()`), called in
/// connection order by `send`.
pub struct Signal<T> {
    receivers: RwLock<Vec<Receiver<T>>>,
}

impl<T> Signal<T> {
    fn new() -> Self {
        Signal {
            receivers: RwLock::new(Vec::new()),
        }
    }

    /// Connect `receiver` (Django's `signal.connect`).
    pub fn connect(&self, receiver: impl Fn(&T) + Send + Sync + 'static) {
        self.receivers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Arc::new(receiver));
    }

    /// Call every receiver with `payload` (Django's `signal.send`).
    pub fn send(&self, payload: &T) {
        let receivers = self
            .receivers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        for receiver in receivers {
            receiver(payload);
        }
    }
}

/// Sent by `login` after the session holds the user.
pub fn user_logged_in() -> &'static Signal<User> {
    static SIGNAL: LazyLock<Signal<User>> = LazyLock::new(Signal::new);
    &SIGNAL
}

/// Sent by `logout` with the user who was logged in (`None` when anonymous).
pub fn user_logged_out() -> &'static Signal<Option<User>> {
    static SIGNAL: LazyLock<Signal<Option<User>>> = LazyLock::new(Signal::new);
    &SIGNAL
}

/// What `user_login_failed` carries: the credentials without the password
/// (Django's `cleanse_setting` replaces it).
#[derive(Debug, Clone)]
pub struct LoginFailed {
    /// The username tried.
    pub username: String,
}

/// Sent by `authenticate` when no backend accepted the credentials.
pub fn user_login_failed() -> &'static Signal<LoginFailed> {
    static SIGNAL: LazyLock<Signal<LoginFailed>> = LazyLock::new(Signal::new);
    &SIGNAL
}
