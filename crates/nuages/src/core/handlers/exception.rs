//! Errors to responses: Django's `core/handlers/exception.py`
//! (`response_for_exception`) and the default error views of
//! `views/defaults.py`.

use std::sync::Arc;

use http::StatusCode;

use super::debug::{technical_404_response, technical_500_response};
use crate::conf::Settings;
use crate::error::Error;
use crate::http::{Request, Response};

/// What an error page renderer gets (the context of Django's `handler404`,
/// `handler500`, ...).
pub struct ErrorPage<'a> {
    /// 400, 403, 404 or 500.
    pub status: StatusCode,
    /// The request as it entered the handler.
    pub request: &'a Request,
    /// The error being rendered.
    pub error: &'a Error,
}

/// Renders the non-DEBUG error pages, e.g. from the templates `404.html` /
/// `500.html`; returning `None` falls back to Django's plain pages.
pub type ErrorPageRenderer = Arc<dyn Fn(&ErrorPage<'_>) -> Option<Response> + Send + Sync>;

/// Django's `ERROR_PAGE_TEMPLATE` filled with a title and details.
pub fn error_page(title: &str, details: &str) -> String {
    format!(
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>{title}</title>\n</head>\n<body>\n  <h1>{title}</h1><p>{details}</p>\n</body>\n</html>\n"
    )
}

/// Django's default page for a status (`page_not_found`, `server_error`, ...).
pub fn default_error_response(status: StatusCode) -> Response {
    let body = match status {
        StatusCode::NOT_FOUND => error_page("Not Found", "The requested resource was not found on this server."),
        StatusCode::FORBIDDEN => error_page("403 Forbidden", ""),
        StatusCode::BAD_REQUEST => error_page("Bad Request (400)", ""),
        StatusCode::PAYLOAD_TOO_LARGE => error_page("Payload Too Large (413)", ""),
        StatusCode::INTERNAL_SERVER_ERROR => error_page("Server Error (500)", ""),
        other => error_page(other.canonical_reason().unwrap_or("Error"), ""),
    };
    Response::with_status(status, body)
}

/// Turn an error into the response Django would send, logging it as
/// Django's `django.request` / `django.security` loggers do.
pub fn response_for_exception(
    request: &Request,
    settings: &Settings,
    renderer: Option<&ErrorPageRenderer>,
    error: Error,
) -> Response {
    let path = request.path_info();
    let status = error.status();
    let rendered = |status: StatusCode, error: &Error| -> Response {
        renderer
            .and_then(|r| r(&ErrorPage { status, request, error }))
            .unwrap_or_else(|| default_error_response(status))
    };
    match &error {
        Error::Http404(message) => {
            tracing::warn!(target: "nuages.request", status = 404, "Not Found: {path}");
            if settings.DEBUG {
                let raised_by = request.resolver_match().map(|m| m.view_name.clone());
                technical_404_response(request, settings, message, None, raised_by.as_deref())
            } else {
                rendered(StatusCode::NOT_FOUND, &error)
            }
        }
        Error::PermissionDenied(message) => {
            tracing::warn!(target: "nuages.request", status = 403, "Forbidden (Permission denied): {path} ({message})");
            rendered(StatusCode::FORBIDDEN, &error)
        }
        Error::BadRequest(message) => {
            tracing::error!(target: "nuages.security", status = 400, "{message}");
            if settings.DEBUG {
                technical_500_response(request, settings, &error, StatusCode::BAD_REQUEST)
            } else {
                rendered(StatusCode::BAD_REQUEST, &error)
            }
        }
        Error::MethodNotAllowed(allowed) => {
            tracing::warn!(target: "nuages.request", status = 405, "Method Not Allowed ({}): {path}", request.method());
            Response::not_allowed(allowed)
        }
        Error::PayloadTooLarge => {
            // Django's RequestDataTooBig, logged by django.security.RequestDataTooBig.
            tracing::error!(target: "nuages.security.RequestDataTooBig", status = 400, "{error}: {path}");
            rendered(StatusCode::BAD_REQUEST, &error)
        }
        Error::Other(_) => {
            tracing::error!(target: "nuages.request", status = 500, error = ?error.chain(), "Internal Server Error: {path}");
            if settings.DEBUG {
                technical_500_response(request, settings, &error, status)
            } else {
                rendered(StatusCode::INTERNAL_SERVER_ERROR, &error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: &Response) -> String {
        String::from_utf8_lossy(r.body()).into_owned()
    }

    #[test]
    fn plain_pages_without_debug() {
        let req = Request::get("/x").expect("request");
        let s = Settings::default();
        let r = response_for_exception(&req, &s, None, Error::not_found("gone"));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(body(&r).contains("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"));
        assert!(!body(&r).contains("gone"));
        let r = response_for_exception(&req, &s, None, Error::msg("secret detail"));
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body(&r).contains("<h1>Server Error (500)</h1>") && !body(&r).contains("secret detail"));
        assert_eq!(
            response_for_exception(&req, &s, None, Error::permission_denied("x")).status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            response_for_exception(&req, &s, None, Error::bad_request("x")).status(),
            StatusCode::BAD_REQUEST
        );
        let r = response_for_exception(&req, &s, None, Error::MethodNotAllowed(vec![http::Method::GET]));
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(r.headers().get("allow").and_then(|v| v.to_str().ok()), Some("GET"));
    }

    #[test]
    fn renderer_and_debug_pages() {
        let req = Request::get("/x").expect("request");
        let renderer: ErrorPageRenderer = Arc::new(|page: &ErrorPage<'_>| {
            (page.status == StatusCode::NOT_FOUND).then(|| Response::with_status(page.status, "custom 404"))
        });
        let s = Settings::default();
        let r = response_for_exception(&req, &s, Some(&renderer), Error::not_found("x"));
        assert_eq!(body(&r), "custom 404");
        let r = response_for_exception(&req, &s, Some(&renderer), Error::msg("x"));
        assert!(body(&r).contains("Server Error (500)"));
        let debug = Settings {
            DEBUG: true,
            ..Settings::default()
        };
        let r = response_for_exception(&req, &debug, Some(&renderer), Error::not_found("No Question matches"));
        assert!(body(&r).contains("No Question matches"));
    }
}
