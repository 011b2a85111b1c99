//! The framework's error type, and how each kind maps to an HTTP status.
//!
//! Mirrors Django's exceptions that the handler turns into responses:
//! `Http404` -> 404, `PermissionDenied` -> 403, `SuspiciousOperation` /
//! `BadRequest` -> 400, anything else -> 500.

use std::fmt;

use http::{Method, StatusCode};

/// Boxed error from any library, kept as the source of a 500.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error raised by a view or middleware.
///
/// Any `std::error::Error` converts into [`Error::Other`] with `?`, like
/// an uncaught exception in Django: it becomes a 500 and, with DEBUG on,
/// the technical page shows its chain of sources.
pub enum Error {
    /// Django's `Http404`: the message is shown on the DEBUG 404 page.
    Http404(String),
    /// Django's `PermissionDenied`: 403.
    PermissionDenied(String),
    /// Django's `BadRequest` / `SuspiciousOperation`: 400.
    BadRequest(String),
    /// The method is not one the view handles: 405 with `Allow`.
    MethodNotAllowed(Vec<Method>),
    /// A request body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE`: Django's
    /// `RequestDataTooBig`, a `SuspiciousOperation`, so a 400.
    PayloadTooLarge,
    /// Anything else: 500.
    Other(BoxError),
}

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An `Http404` with a message.
    pub fn not_found(message: impl Into<String>) -> Self {
        Error::Http404(message.into())
    }

    /// A `PermissionDenied` with a message.
    pub fn permission_denied(message: impl Into<String>) -> Self {
        Error::PermissionDenied(message.into())
    }

    /// A `BadRequest` (Django's `SuspiciousOperation` family) with a message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Error::BadRequest(message.into())
    }

    /// A 500 carrying a plain message.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Other(message.into().into())
    }

    /// The HTTP status this error becomes.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Http404(_) => StatusCode::NOT_FOUND,
            Error::PermissionDenied(_) => StatusCode::FORBIDDEN,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Error::PayloadTooLarge => StatusCode::BAD_REQUEST,
            // Django's Resolver404 is an Http404 subclass: `resolve(path)?` is a 404.
            Error::Other(e) if e.is::<crate::urls::Resolver404>() => StatusCode::NOT_FOUND,
            Error::Other(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The chain of messages, outermost first (for the DEBUG 500 page and logs).
    pub fn chain(&self) -> Vec<String> {
        match self {
            Error::Other(source) => {
                let mut out = vec![source.to_string()];
                let mut next = source.source();
                while let Some(err) = next {
                    out.push(err.to_string());
                    next = err.source();
                }
                out
            }
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Http404(m) => write!(f, "Http404: {m}"),
            Error::PermissionDenied(m) => write!(f, "PermissionDenied: {m}"),
            Error::BadRequest(m) => write!(f, "BadRequest: {m}"),
            Error::MethodNotAllowed(allowed) => {
                let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
                write!(f, "Method Not Allowed (allowed: {})", names.join(", "))
            }
            Error::PayloadTooLarge => f.write_str("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."),
            Error::Other(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<E> From<E> for Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(err: E) -> Self {
        Error::Other(Box::new(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(Error::not_found("x").status(), StatusCode::NOT_FOUND);
        assert_eq!(Error::msg("x").status(), StatusCode::INTERNAL_SERVER_ERROR);
        let resolver404 = crate::urls::Resolver404 {
            path: "x".into(),
            tried: Vec::new(),
        };
        assert_eq!(Error::from(resolver404).status(), StatusCode::NOT_FOUND);
        let too_many = crate::http::TooManyFieldsSent { limit: 1 };
        assert_eq!(Error::from(too_many).status(), StatusCode::BAD_REQUEST);
    }
}
