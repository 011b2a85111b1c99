//! Serving files from a folder in development: Django's
//! `django.views.static.serve` and `django.conf.urls.static.static`, used
//! for `MEDIA_URL` / `MEDIA_ROOT` while DEBUG is on.
//!
//! ```
//! # use nuages::conf::Settings;
//! let settings = Settings { DEBUG: true, MEDIA_URL: "/media/".into(), MEDIA_ROOT: "media".into(), ..Settings::for_tests() };
//! // In the root URLconf: urlpatterns.extend(nuages::views::static_serve::media_urlpatterns(&settings));
//! assert_eq!(nuages::views::static_serve::media_urlpatterns(&settings).len(), 1);
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use http::StatusCode;
use http::header::{CONTENT_ENCODING, IF_MODIFIED_SINCE};

use crate::error::{Error, Result};
use crate::http::fileresponse::{FileResponse, guess_type, safe_join, was_modified_since};
use crate::http::{Request, Response};
use crate::urls::URLPattern;

/// Django's `serve(request, path, document_root)`: the file `path` under
/// `document_root`, streamed, with `Last-Modified`, a 304 for a fresh
/// `If-Modified-Since`, single byte `Range`s, and `Content-Encoding` for
/// compressed files (`.gz`, ...).
///
/// # Errors
/// `BadRequest` (Django's `SuspiciousFileOperation`) for a path leaving the
/// root (`..`, absolute, NUL); `Http404` for a folder or a missing file.
pub async fn serve(request: &Request, path: &str, document_root: &Path) -> Result<Response> {
    let full = safe_join(document_root, path.trim_start_matches('/'))?;
    serve_file(request, &full, path).await
}

/// Serve the file at `full` (already resolved inside its root) as
/// [`serve`] does; `shown` is the path named in 404 messages.
///
/// # Errors
/// `Http404` for a folder or a missing file; I/O errors are 500s.
pub async fn serve_file(request: &Request, full: &Path, shown: &str) -> Result<Response> {
    let metadata = match tokio::fs::metadata(full).await {
        Ok(metadata) => metadata,
        Err(_) => return Err(Error::not_found(format!("\u{201c}{shown}\u{201d} does not exist"))),
    };
    if metadata.is_dir() {
        return Err(Error::not_found("Directory indexes are not allowed here."));
    }
    let modified = metadata.modified().ok();
    if let Some(modified) = modified
        && !was_modified_since(request.header(IF_MODIFIED_SINCE.as_str()), modified)
    {
        let mut response = Response::with_status(StatusCode::NOT_MODIFIED, Vec::<u8>::new());
        response.headers_mut().remove(http::header::CONTENT_TYPE);
        return Ok(response);
    }
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (media_type, encoding) = guess_type(&name);
    let mut response = FileResponse::new(full)
        .content_type(media_type.unwrap_or("application/octet-stream"))
        .range(request)
        .last_modified(true)
        .into_response()
        .await?;
    if let Some(encoding) = encoding
        && let Ok(value) = http::HeaderValue::from_str(encoding)
    {
        response.headers_mut().insert(CONTENT_ENCODING, value);
    }
    Ok(response)
}

/// Django's `static(prefix, document_root=...)`: a URL pattern serving
/// `<prefix><path>` from `document_root` with [`serve`]. Empty when
/// `debug` is off, the prefix is empty or an absolute URL (another host
/// serves the files), as in Django.
pub fn static_urlpatterns(prefix: &str, document_root: impl Into<PathBuf>, debug: bool) -> Vec<URLPattern> {
    let trimmed = prefix.trim_start_matches('/');
    if !debug || trimmed.is_empty() || prefix.contains("://") {
        return Vec::new();
    }
    let root = Arc::new(document_root.into());
    let view = crate::handler::view(move |request: Request| {
        let root = Arc::clone(&root);
        async move {
            let path: String = request.kwarg("path")?;
            serve(&request, &path, &root).await
        }
    });
    let regex = format!("^{}(?P<path>.*)$", regex::escape(trimmed));
    vec![crate::urls::re_path(&regex, view)]
}

/// `static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)`: serve
/// uploaded files while DEBUG is on (relative `MEDIA_ROOT` is taken from
/// `BASE_DIR`).
pub fn media_urlpatterns(settings: &crate::conf::Settings) -> Vec<URLPattern> {
    if settings.MEDIA_ROOT.is_empty() {
        return Vec::new();
    }
    let root = settings.BASE_DIR.join(&settings.MEDIA_ROOT);
    static_urlpatterns(&settings.MEDIA_URL, root, settings.DEBUG)
}
