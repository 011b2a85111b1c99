//! Serving static files in development (Django's `staticfiles.views.serve`).

use std::sync::Arc;

use super::finders::{Finders, safe_relative_path};
use crate::error::{Error, Result};
use crate::http::{Request, Response};

/// The `Content-Type` the development server sends for a file name
/// (Python's `mimetypes`, as Django's `serve`): `text/css`, `image/png`,
/// ..., `application/octet-stream` when unknown.
pub fn content_type_for(path: &str) -> &'static str {
    crate::http::fileresponse::guess_type(path)
        .0
        .unwrap_or("application/octet-stream")
}

/// Serve the static file `path` (relative to the static roots), as Django's
/// `staticfiles.views.serve`: streamed, with `Last-Modified`, a 304 when
/// the client's `If-Modified-Since` is not older than the file, and
/// single byte ranges.
///
/// Errors: `BadRequest` (Django's `SuspiciousFileOperation`) for a path
/// leaving the roots (`..`, also when sent as `%2e%2e`; absolute paths;
/// NUL); `Http404` for a missing file or a folder.
pub async fn serve(finders: &Finders, request: &Request, path: &str) -> Result<Response> {
    if path.is_empty() || path.ends_with('/') {
        return Err(Error::not_found("Directory indexes are not allowed here."));
    }
    if path.contains('\0') || safe_relative_path(path).is_none() {
        return Err(Error::bad_request(format!(
            "SuspiciousFileOperation: the path ({path}) is located outside of the static roots"
        )));
    }
    let Some(file) = finders.find(path) else {
        return Err(Error::not_found(format!("\u{201c}{path}\u{201d} could not be found")));
    };
    crate::views::static_serve::serve_file(request, &file, path).await
}

/// A view serving `<STATIC_URL><path>` from `finders`; mount it with
/// `re_path("^static/(?P<path>.*)$", ...)`. The project adds it while DEBUG is
/// on, as Django's `runserver` does.
pub fn static_view(finders: Arc<Finders>) -> crate::handler::View {
    crate::handler::view(move |request: Request| {
        let finders = Arc::clone(&finders);
        async move {
            let path: String = request.kwarg("path")?;
            serve(&finders, &request, &path).await
        }
    })
}

/// The URL pattern serving static files under `STATIC_URL` while DEBUG is
/// on (Django's `staticfiles_urlpatterns`); `None` when STATIC_URL is unset
/// or absolute (served by another host).
pub fn static_urlpattern(settings: &crate::conf::Settings, finders: Arc<Finders>) -> Option<crate::urls::URLPattern> {
    let url = settings.STATIC_URL.as_deref()?;
    if url.contains("://") {
        return None;
    }
    let prefix = url.trim_start_matches('/');
    if prefix.is_empty() {
        return None;
    }
    let regex = format!("^{}(?P<path>.*)$", regex::escape(prefix));
    Some(crate::urls::re_path(&regex, static_view(finders)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type_for("polls/style.css"), "text/css");
        assert_eq!(content_type_for("polls/images/background.PNG"), "image/png");
        assert_eq!(content_type_for("README"), "application/octet-stream");
    }
}
