//! Django's `contrib/messages/middleware.py`.

use std::sync::Arc;

use super::storage::{MessageStorage, StorageKind};
use crate::conf::{ImproperlyConfigured, Settings};
use crate::error::{Error, Result};
use crate::handler::BoxFuture;
use crate::http::{Request, Response};
use crate::middleware::{Middleware, Next};

/// Gives each request a [`MessageStorage`] (named by `MESSAGE_STORAGE`) and,
/// after the view, stores the messages not yet shown. Put it after
/// `SessionMiddleware` when the storage uses the session (the default).
pub struct MessageMiddleware {
    kind: StorageKind,
    settings: Arc<Settings>,
}

impl MessageMiddleware {
    /// With the storage named by `MESSAGE_STORAGE`.
    ///
    /// # Errors
    /// [`ImproperlyConfigured`] for an unknown storage.
    pub fn new(settings: &Settings) -> std::result::Result<Self, ImproperlyConfigured> {
        Ok(MessageMiddleware {
            kind: StorageKind::from_setting(&settings.MESSAGE_STORAGE)?,
            settings: Arc::new(settings.clone()),
        })
    }
}

impl Middleware for MessageMiddleware {
    fn call<'a>(&'a self, mut request: Request, next: Next) -> BoxFuture<'a, Result<Response>> {
        Box::pin(async move {
            let storage = MessageStorage::new(self.kind, &request, self.settings.clone())
                .map_err(|e| Error::msg(format!("ImproperlyConfigured: {}", e.message)))?;
            request.extensions_mut().insert(storage.clone());
            let mut response = next.run(request).await;
            let unstored = storage.update(&mut response);
            if !unstored.is_empty() && self.settings.DEBUG {
                return Err(Error::msg("Not all temporary messages could be stored."));
            }
            Ok(response)
        })
    }
}
