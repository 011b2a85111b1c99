//! `FileResponse`, Django's streaming response for files, plus the
//! helpers it shares with the static and media views: content type
//! guessing ([`guess_type`], Python's `mimetypes`), `Content-Disposition`
//! ([`content_disposition_header`]), `If-Modified-Since`
//! ([`was_modified_since`]) and single byte ranges.

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, LAST_MODIFIED, RANGE,
};
use http::{HeaderValue, StatusCode};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::{Request, Response};
use crate::error::{BoxError, Error};

/// Size of the chunks a file is streamed in (Django's `block_size`, 4 KiB,
/// is small for Rust; 64 KiB keeps syscalls few and memory flat).
pub const BLOCK_SIZE: usize = 64 * 1024;

/// Python's `mimetypes.guess_type(name)`: the media type from the file's
/// extension and, for `.gz` / `.br` / `.bz2` / `.xz` / `.Z`, the encoding
/// (`("text/css", None)`, `("application/x-tar", Some("gzip"))`).
pub fn guess_type(name: &str) -> (Option<&'static str>, Option<&'static str>) {
    let lower = name.to_ascii_lowercase();
    let (stem, encoding) = match lower.rsplit_once('.') {
        Some((stem, "gz")) => (stem, Some("gzip")),
        Some((stem, "br")) => (stem, Some("br")),
        Some((stem, "bz2")) => (stem, Some("bzip2")),
        Some((stem, "xz")) => (stem, Some("xz")),
        Some((stem, "z")) if name.ends_with(".Z") => (stem, Some("compress")),
        _ => (lower.as_str(), None),
    };
    let stem = match stem {
        s if s.ends_with(".tgz") || s.ends_with(".taz") => return (Some("application/x-tar"), Some("gzip")),
        s => s,
    };
    let extension = stem.rsplit_once('.').map_or("", |(_, ext)| ext);
    let media_type = match extension {
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "html" | "htm" => "text/html",
        "txt" | "text" => "text/plain",
        "csv" => "text/csv",
        "md" => "text/markdown",
        "json" | "map" => "application/json",
        "xml" => "text/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "ico" => "image/vnd.microsoft.icon",
        "tif" | "tiff" => "image/tiff",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "tar" => "application/x-tar",
        "wasm" => "application/wasm",
        "mp3" => "audio/mpeg",
        "wav" => "audio/x-wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => return (None, encoding),
    };
    (Some(media_type), encoding)
}

/// The `Content-Type` Django's `FileResponse` sends for `name`: the guessed
/// type, the compression's own type for compressed files
/// (`application/gzip`, ...), or `application/octet-stream`.
pub fn content_type_for_file_response(name: &str) -> &'static str {
    match guess_type(name) {
        (_, Some("gzip")) => "application/gzip",
        (_, Some("br")) => "application/x-brotli",
        (_, Some("bzip2")) => "application/x-bzip",
        (_, Some("xz")) => "application/x-xz",
        (_, Some("compress")) => "application/x-compress",
        (Some(media_type), _) => media_type,
        (None, _) => "application/octet-stream",
    }
}

/// Django's `content_disposition_header(as_attachment, filename)`:
/// `attachment; filename="a.pdf"`, `inline; filename="a.pdf"`, the RFC 5987
/// form `filename*=utf-8''...` for non-ASCII or unquotable names, plain
/// `attachment` without a name, `None` for inline without a name.
pub fn content_disposition_header(as_attachment: bool, filename: &str) -> Option<String> {
    let disposition = if as_attachment { "attachment" } else { "inline" };
    if filename.is_empty() {
        return as_attachment.then(|| "attachment".to_owned());
    }
    let quotable = filename.chars().all(|c| c == '\t' || (' '..='~').contains(&c));
    let expression = if quotable {
        format!("filename=\"{}\"", filename.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~')
            .remove(b'/');
        format!(
            "filename*=utf-8''{}",
            percent_encoding::utf8_percent_encode(filename, UNRESERVED)
        )
    };
    Some(format!("{disposition}; {expression}"))
}

/// Django's `was_modified_since(header, mtime)`: `false` (send a 304) when
/// the `If-Modified-Since` date is not older than the file's modification
/// time, in whole seconds; `true` when the header is absent or unparsable.
pub fn was_modified_since(header: Option<&str>, modified: SystemTime) -> bool {
    let Some(since) = header.and_then(|h| httpdate::parse_http_date(h.trim()).ok()) else {
        return true;
    };
    let seconds = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    seconds(modified) > seconds(since)
}

/// Django's `FileResponse`: a streaming response reading a file in
/// [`BLOCK_SIZE`] chunks, with `Content-Length`, a guessed `Content-Type`,
/// `Content-Disposition` and (with [`FileResponse::range`]) single byte
/// ranges (`206 Partial Content`, `416` when unsatisfiable).
///
/// ```no_run
/// # use nuages::http::{FileResponse, Request, Response};
/// async fn download(request: Request) -> nuages::Result<Response> {
///     FileResponse::new("/srv/reports/2024.pdf")
///         .as_attachment(true)
///         .filename("report.pdf")
///         .range(&request)
///         .into_response()
///         .await
/// }
/// ```
#[derive(Clone, Debug)]
pub struct FileResponse {
    path: PathBuf,
    as_attachment: bool,
    filename: Option<String>,
    content_type: Option<String>,
    range: Option<String>,
    last_modified: bool,
}

impl FileResponse {
    /// A response for the file at `path`; nothing is read until
    /// [`into_response`](FileResponse::into_response).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileResponse {
            path: path.into(),
            as_attachment: false,
            filename: None,
            content_type: None,
            range: None,
            last_modified: false,
        }
    }

    /// Ask the browser to download rather than display (`as_attachment=True`).
    pub fn as_attachment(mut self, yes: bool) -> Self {
        self.as_attachment = yes;
        self
    }

    /// The name offered to the browser (`filename=`); by default the file's own name.
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.filename = Some(name.into());
        self
    }

    /// Force the `Content-Type` instead of guessing it from the name.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Honour the request's `Range` header (one range of bytes; several
    /// ranges are answered with the whole file, as the RFC allows).
    pub fn range(mut self, request: &Request) -> Self {
        self.range = request.header(RANGE.as_str()).map(str::to_owned);
        self
    }

    /// Also send `Last-Modified` from the file's modification time.
    pub fn last_modified(mut self, yes: bool) -> Self {
        self.last_modified = yes;
        self
    }

    /// Open the file and build the streaming response.
    ///
    /// # Errors
    /// `Http404` when the file does not exist or is a folder; other I/O
    /// errors are 500s.
    pub async fn into_response(self) -> Result<Response, Error> {
        let mut file = match tokio::fs::File::open(&self.path).await {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::not_found(format!(
                    "\u{201c}{}\u{201d} does not exist",
                    self.path.display()
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let metadata = file.metadata().await?;
        if metadata.is_dir() {
            return Err(Error::not_found("Directory indexes are not allowed here."));
        }
        let size = metadata.len();
        let own_name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let filename = self.filename.clone().unwrap_or(own_name);
        let range = self.range.as_deref().and_then(|header| parse_range(header, size));
        if let Some(Err(())) = range {
            let mut response = Response::with_status(StatusCode::RANGE_NOT_SATISFIABLE, Bytes::new());
            insert(&mut response, CONTENT_RANGE, &format!("bytes */{size}"));
            return Ok(response);
        }
        let (start, length) = match range {
            Some(Ok((start, end))) => (start, end - start + 1),
            _ => (0, size),
        };
        if start > 0 {
            file.seek(SeekFrom::Start(start)).await?;
        }
        let mut response = Response::streaming(file_stream(file, length));
        let content_type = match &self.content_type {
            Some(content_type) => content_type.clone(),
            None => content_type_for_file_response(&filename).to_owned(),
        };
        insert(&mut response, CONTENT_TYPE, &content_type);
        insert(&mut response, CONTENT_LENGTH, &length.to_string());
        if self.range.is_some() || range.is_some() {
            insert(&mut response, ACCEPT_RANGES, "bytes");
        }
        if let Some(Ok((start, end))) = range {
            response.set_status(StatusCode::PARTIAL_CONTENT);
            insert(&mut response, CONTENT_RANGE, &format!("bytes {start}-{end}/{size}"));
        }
        if let Some(disposition) = content_disposition_header(self.as_attachment, &filename) {
            insert(&mut response, CONTENT_DISPOSITION, &disposition);
        }
        if self.last_modified
            && let Ok(modified) = metadata.modified()
        {
            insert(&mut response, LAST_MODIFIED, &httpdate::fmt_http_date(modified));
        }
        Ok(response)
    }
}

fn insert(response: &mut Response, name: http::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

/// One `bytes=` range of a file of `size` bytes as inclusive `(start, end)`:
/// `None` to ignore the header (not bytes, several ranges, garbage),
/// `Some(Err(()))` when it cannot be satisfied (416).
fn parse_range(header: &str, size: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let range = if first.is_empty() {
        let suffix: u64 = last.parse().ok()?;
        if suffix == 0 || size == 0 {
            return Some(Err(()));
        }
        (size.saturating_sub(suffix), size - 1)
    } else {
        let start: u64 = first.parse().ok()?;
        let end = if last.is_empty() {
            size.saturating_sub(1)
        } else {
            let end: u64 = last.parse().ok()?;
            if end < start {
                return None;
            }
            end.min(size.saturating_sub(1))
        };
        if start >= size {
            return Some(Err(()));
        }
        (start, end)
    };
    Some(Ok(range))
}

/// `length` bytes of `file` from its current position, in [`BLOCK_SIZE`] chunks.
fn file_stream(
    file: tokio::fs::File,
    length: u64,
) -> impl futures_util::Stream<Item = Result<Bytes, BoxError>> + Send + 'static {
    futures_util::stream::unfold((file, length), |(mut file, remaining)| async move {
        if remaining == 0 {
            return None;
        }
        let want = usize::try_from(remaining).unwrap_or(BLOCK_SIZE).min(BLOCK_SIZE);
        let mut buf = vec![0u8; want];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), (file, remaining - n as u64)))
            }
            Err(e) => Some((Err(BoxError::from(e)), (file, 0))),
        }
    })
}

/// The file at `root/relative` if `relative` stays inside `root`
/// (Django's `safe_join`): no `..`, no absolute path, no NUL byte.
///
/// # Errors
/// `BadRequest` (Django's `SuspiciousFileOperation`) naming the path.
pub fn safe_join(root: &Path, relative: &str) -> Result<PathBuf, Error> {
    let refused = || {
        Error::bad_request(format!(
            "SuspiciousFileOperation: The joined path ({relative}) is located outside of the base path component ({})",
            root.display()
        ))
    };
    if relative.contains('\0') {
        return Err(refused());
    }
    let mut out = root.to_path_buf();
    for component in Path::new(relative).components() {
        match component {
            std::path::Component::Normal(part) => out.push(part),
            std::path::Component::CurDir => {}
            _ => return Err(refused()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_like_python_mimetypes() {
        assert_eq!(guess_type("polls/style.css"), (Some("text/css"), None));
        assert_eq!(guess_type("a.tar.gz"), (Some("application/x-tar"), Some("gzip")));
        assert_eq!(guess_type("README"), (None, None));
        assert_eq!(content_type_for_file_response("x.PNG"), "image/png");
        assert_eq!(content_type_for_file_response("x.tar.gz"), "application/gzip");
        assert_eq!(content_type_for_file_response("x.unknown"), "application/octet-stream");
    }

    #[test]
    fn content_disposition_as_django() {
        assert_eq!(
            content_disposition_header(true, "report.pdf").as_deref(),
            Some("attachment; filename=\"report.pdf\"")
        );
        assert_eq!(
            content_disposition_header(false, "a \"b\".txt").as_deref(),
            Some("inline; filename=\"a \\\"b\\\".txt\"")
        );
        assert_eq!(
            content_disposition_header(true, "résumé.pdf").as_deref(),
            Some("attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf")
        );
        assert_eq!(content_disposition_header(true, "").as_deref(), Some("attachment"));
        assert_eq!(content_disposition_header(false, ""), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some(Ok((0, 9))));
        assert_eq!(parse_range("bytes=90-", 100), Some(Ok((90, 99))));
        assert_eq!(parse_range("bytes=-10", 100), Some(Ok((90, 99))));
        assert_eq!(parse_range("bytes=50-500", 100), Some(Ok((50, 99))));
        assert_eq!(parse_range("bytes=100-", 100), Some(Err(())));
        assert_eq!(parse_range("bytes=0-1,5-6", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
        assert_eq!(parse_range("bytes=9-1", 100), None);
    }

    #[test]
    fn modified_since() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        let header = httpdate::fmt_http_date(t);
        assert!(!was_modified_since(Some(&header), t));
        assert!(was_modified_since(Some(&header), t + std::time::Duration::from_secs(2)));
        assert!(was_modified_since(Some("garbage"), t));
        assert!(was_modified_since(None, t));
    }

    #[test]
    fn safe_join_refuses_traversal() {
        let root = Path::new("/srv/media");
        assert_eq!(
            safe_join(root, "a/b.txt").ok(),
            Some(PathBuf::from("/srv/media/a/b.txt"))
        );
        for hostile in ["../etc/passwd", "a/../../x", "/etc/passwd", "a\0b"] {
            assert_eq!(
                safe_join(root, hostile).map_err(|e| e.status()).err(),
                Some(StatusCode::BAD_REQUEST),
                "{hostile}"
            );
        }
    }

    #[tokio::test]
    async fn streams_a_file_with_headers_and_ranges() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, b"0123456789").expect("write");
        let response = FileResponse::new(&path)
            .as_attachment(true)
            .into_response()
            .await
            .expect("open");
        assert!(response.is_streaming());
        assert_eq!(response.headers()[CONTENT_TYPE], "application/pdf");
        assert_eq!(response.headers()[CONTENT_LENGTH], "10");
        assert_eq!(
            response.headers()[CONTENT_DISPOSITION],
            "attachment; filename=\"report.pdf\""
        );
        let mut request = Request::get("/").expect("valid");
        request
            .headers_mut()
            .insert(RANGE, HeaderValue::from_static("bytes=2-4"));
        let partial = FileResponse::new(&path)
            .range(&request)
            .into_response()
            .await
            .expect("open");
        assert_eq!(partial.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(partial.headers()[CONTENT_RANGE], "bytes 2-4/10");
        let stream = partial.take_stream().expect("streaming");
        let chunks: Vec<Result<Bytes, BoxError>> = futures_util::StreamExt::collect(stream).await;
        let body: Vec<u8> = chunks.into_iter().flat_map(|c| c.expect("read").to_vec()).collect();
        assert_eq!(body, b"234");
        let missing = FileResponse::new(dir.path().join("nope")).into_response().await;
        assert_eq!(missing.err().map(|e| e.status()), Some(StatusCode::NOT_FOUND));
    }
}
