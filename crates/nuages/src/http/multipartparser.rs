//! `multipart/form-data` parsing, Django's `django.http.multipartparser`.
//!
//! [`parse`] reads a body as a stream of chunks through the `multer` crate
//! and returns `request.POST` (the text fields, a [`QueryDict`]) and
//! `request.FILES` (an [`UploadedFiles`]). It never holds more than one
//! network chunk of a file in memory unless the file is kept in memory on
//! purpose: when the request's `Content-Length` is at most
//! `FILE_UPLOAD_MAX_MEMORY_SIZE` (Django's `MemoryFileUploadHandler`);
//! otherwise each file streams into a temporary file in
//! `FILE_UPLOAD_TEMP_DIR` (Django's `TemporaryFileUploadHandler`). A body
//! that fails midway drops the temporary files, so nothing is left behind.
//!
//! Limits, as Django: more than `DATA_UPLOAD_MAX_NUMBER_FIELDS` text
//! fields is `TooManyFieldsSent`, more than `DATA_UPLOAD_MAX_NUMBER_FILES`
//! files is `TooManyFilesSent`, more than `DATA_UPLOAD_MAX_MEMORY_SIZE`
//! bytes of text fields (names and values, files excluded) is
//! `RequestDataTooBig`; each is a 400, and so is a malformed body.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use bytes::Bytes;
use futures_util::Stream;

use super::querydict::QueryDict;
use crate::core::files::uploadedfile::UploadedFile;
use crate::error::{BoxError, Error};

/// What went wrong parsing a request body (Django's
/// `MultiPartParserError`, `TooManyFieldsSent`, `TooManyFilesSent`,
/// `RequestDataTooBig`). Converts into [`Error`]: a 400, except an I/O
/// failure writing a temporary file, which is a 500.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MultiPartParserError {
    /// More text fields than `DATA_UPLOAD_MAX_NUMBER_FIELDS`.
    TooManyFieldsSent,
    /// More files than `DATA_UPLOAD_MAX_NUMBER_FILES`.
    TooManyFilesSent,
    /// More text-field data than `DATA_UPLOAD_MAX_MEMORY_SIZE`.
    RequestDataTooBig,
    /// A malformed or truncated body, or a bad boundary.
    Invalid(String),
    /// The temporary file could not be written (a server problem).
    Io(String),
}

impl fmt::Display for MultiPartParserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultiPartParserError::TooManyFieldsSent => {
                f.write_str("The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.")
            }
            MultiPartParserError::TooManyFilesSent => {
                f.write_str("The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES.")
            }
            MultiPartParserError::RequestDataTooBig => {
                f.write_str("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
            }
            MultiPartParserError::Invalid(message) => write!(f, "MultiPartParserError: {message}"),
            MultiPartParserError::Io(message) => write!(f, "cannot store the uploaded file: {message}"),
        }
    }
}

impl From<MultiPartParserError> for Error {
    fn from(err: MultiPartParserError) -> Self {
        match err {
            MultiPartParserError::Io(_) => Error::msg(err.to_string()),
            other => Error::BadRequest(other.to_string()),
        }
    }
}

/// Django's `request.FILES`: uploaded files by field name, in the order
/// they arrived; `get` returns the last file of a name, `get_list` all.
#[derive(Clone, Debug, Default)]
pub struct UploadedFiles {
    entries: Vec<(String, Vec<UploadedFile>)>,
}

impl UploadedFiles {
    /// No files.
    pub fn new() -> Self {
        UploadedFiles::default()
    }

    /// Add `file` under `field` (Django's `appendlist`).
    pub fn append(&mut self, field: impl Into<String>, file: UploadedFile) {
        let field = field.into();
        match self.entries.iter_mut().find(|(name, _)| *name == field) {
            Some((_, files)) => files.push(file),
            None => self.entries.push((field, vec![file])),
        }
    }

    /// The last file sent as `field` (`request.FILES.get("avatar")`).
    pub fn get(&self, field: &str) -> Option<&UploadedFile> {
        self.entries
            .iter()
            .find(|(name, _)| name == field)
            .and_then(|(_, files)| files.last())
    }

    /// Every file sent as `field` (`request.FILES.getlist("photos")`).
    pub fn get_list(&self, field: &str) -> &[UploadedFile] {
        self.entries
            .iter()
            .find(|(name, _)| name == field)
            .map_or(&[], |(_, files)| files.as_slice())
    }

    /// Whether a file was sent as `field`.
    pub fn contains_key(&self, field: &str) -> bool {
        self.entries.iter().any(|(name, _)| name == field)
    }

    /// Field names, in arrival order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(name, _)| name.as_str())
    }

    /// `(field, last file)` pairs, in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &UploadedFile)> {
        self.entries
            .iter()
            .filter_map(|(name, files)| files.last().map(|f| (name.as_str(), f)))
    }

    /// Number of field names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no file was sent.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The settings that bound a parse (read from [`Settings`](crate::conf::Settings)
/// by [`UploadLimits::from_settings`]).
#[derive(Clone, Debug)]
pub struct UploadLimits {
    /// `FILE_UPLOAD_MAX_MEMORY_SIZE`: bodies up to this size keep their
    /// files in memory; larger ones spill to temporary files.
    pub file_max_memory_size: u64,
    /// `FILE_UPLOAD_TEMP_DIR` (`None`: the system's temporary folder).
    pub temp_dir: Option<PathBuf>,
    /// `DATA_UPLOAD_MAX_MEMORY_SIZE`, applied to text fields only.
    pub data_max_memory_size: Option<u64>,
    /// `DATA_UPLOAD_MAX_NUMBER_FIELDS`.
    pub max_number_fields: Option<u64>,
    /// `DATA_UPLOAD_MAX_NUMBER_FILES`.
    pub max_number_files: Option<u64>,
}

impl UploadLimits {
    /// The limits configured in `settings`.
    pub fn from_settings(settings: &crate::conf::Settings) -> Self {
        UploadLimits {
            file_max_memory_size: settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
            temp_dir: settings.FILE_UPLOAD_TEMP_DIR.clone(),
            data_max_memory_size: settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
            max_number_fields: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            max_number_files: settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        }
    }
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits::from_settings(&crate::conf::Settings::default())
    }
}

/// Whether a `Content-Type` header value is `multipart/form-data`.
pub fn is_multipart(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|mt| mt.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// The parsed `request.POST` and `request.FILES`.
pub type Parsed = (QueryDict, UploadedFiles);

/// Parse a `multipart/form-data` body arriving as `stream`.
///
/// `content_type` is the request's `Content-Type` header (it carries the
/// boundary) and `content_length` its `Content-Length` if announced.
///
/// # Errors
/// See [`MultiPartParserError`]; temporary files written so far are removed.
pub async fn parse<S, E>(
    stream: S,
    content_type: &str,
    content_length: Option<u64>,
    limits: &UploadLimits,
) -> Result<Parsed, MultiPartParserError>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: Into<BoxError> + 'static,
{
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        MultiPartParserError::Invalid(format!(
            "Invalid boundary in multipart: {}",
            boundary_text(content_type)
        ))
    })?;
    if boundary.is_empty() || boundary.len() > 70 {
        return Err(MultiPartParserError::Invalid(format!(
            "Invalid boundary in multipart: {boundary}"
        )));
    }
    let in_memory = content_length.is_some_and(|len| len <= limits.file_max_memory_size);
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut post = QueryDict::new();
    let mut files = UploadedFiles::new();
    let (mut fields, mut file_count, mut field_bytes) = (0u64, 0u64, 0u64);
    while let Some(mut field) = multipart.next_field().await.map_err(invalid)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let Some(file_name) = file_name else {
            fields += 1;
            if limits.max_number_fields.is_some_and(|max| fields > max) {
                return Err(MultiPartParserError::TooManyFieldsSent);
            }
            field_bytes += name.len() as u64 + 2;
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(invalid)? {
                field_bytes += chunk.len() as u64;
                if limits.data_max_memory_size.is_some_and(|max| field_bytes > max) {
                    return Err(MultiPartParserError::RequestDataTooBig);
                }
                value.extend_from_slice(&chunk);
            }
            let _ = post.append(name, String::from_utf8_lossy(&value).into_owned());
            continue;
        };
        file_count += 1;
        if limits.max_number_files.is_some_and(|max| file_count > max) {
            return Err(MultiPartParserError::TooManyFilesSent);
        }
        let (content_type, charset, extra) = match field.content_type() {
            Some(mime) => {
                let charset = mime.get_param("charset").map(|c| c.as_str().to_owned());
                let extra = mime
                    .params()
                    .filter(|(k, _)| k.as_str() != "charset")
                    .map(|(k, v)| (k.as_str().to_owned(), v.as_str().to_owned()))
                    .collect();
                (mime.essence_str().to_owned(), charset, extra)
            }
            None => (String::new(), None, Vec::new()),
        };
        let file_name = sanitize_file_name(&file_name);
        let upload = if in_memory {
            let mut content = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(invalid)? {
                content.extend_from_slice(&chunk);
            }
            file_name.map(|n| UploadedFile::in_memory(&n, content, &content_type))
        } else {
            let mut temp = new_temp_file(limits, file_name.as_deref())?;
            let mut size = 0u64;
            while let Some(chunk) = field.chunk().await.map_err(invalid)? {
                size += chunk.len() as u64;
                temp.write_all(&chunk).map_err(io_error)?;
            }
            temp.flush().map_err(io_error)?;
            file_name.map(|n| UploadedFile::temporary(&n, temp, size, &content_type))
        };
        // Django skips a part whose file name is empty (an empty file input).
        if let Some(upload) = upload {
            files.append(name, upload.with_charset(charset, extra));
        }
    }
    Ok((post.into_immutable(), files))
}

/// Parse a body that is already in memory (the test client's requests),
/// without touching the async runtime.
///
/// # Errors
/// As [`parse`].
pub fn parse_bytes(body: Bytes, content_type: &str, limits: &UploadLimits) -> Result<Parsed, MultiPartParserError> {
    let length = body.len() as u64;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(body) });
    let future = parse(stream, content_type, Some(length), limits);
    // The stream is always ready and files are written synchronously, so
    // the future completes on its first poll.
    futures_util::FutureExt::now_or_never(future).unwrap_or_else(|| {
        Err(MultiPartParserError::Invalid(
            "the body could not be read at once".into(),
        ))
    })
}

fn new_temp_file(limits: &UploadLimits, name: Option<&str>) -> Result<tempfile::NamedTempFile, MultiPartParserError> {
    let extension = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext)
        .filter(|ext| ext.len() <= 16 && ext.chars().all(|c| c.is_ascii_alphanumeric()));
    let suffix = match extension {
        Some(ext) => format!(".upload.{ext}"),
        None => ".upload".to_owned(),
    };
    let mut builder = tempfile::Builder::new();
    builder.suffix(&suffix);
    match &limits.temp_dir {
        Some(dir) => builder.tempfile_in(dir),
        None => builder.tempfile(),
    }
    .map_err(io_error)
}

/// Django's `MultiPartParser.sanitize_file_name`: HTML entities decoded,
/// only the base name kept (either slash), `.` / `..` / empty names dropped.
fn sanitize_file_name(name: &str) -> Option<String> {
    let unescaped = name
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let base = unescaped.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let base = base.replace('\0', "");
    (!matches!(base.as_str(), "" | "." | "..")).then_some(base)
}

fn boundary_text(content_type: &str) -> String {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .unwrap_or("")
        .to_owned()
}

fn invalid(err: multer::Error) -> MultiPartParserError {
    MultiPartParserError::Invalid(err.to_string())
}

fn io_error(err: std::io::Error) -> MultiPartParserError {
    MultiPartParserError::Io(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/form-data; boundary=BoUnDaRy";

    fn body(parts: &[(&str, Option<&str>, &str)]) -> Bytes {
        let mut out = String::new();
        for (name, file, value) in parts {
            out.push_str("--BoUnDaRy\r\n");
            match file {
                Some(file) => out.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                     Content-Type: text/plain; charset=latin-1\r\n\r\n"
                )),
                None => out.push_str(&format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")),
            }
            out.push_str(value);
            out.push_str("\r\n");
        }
        out.push_str("--BoUnDaRy--\r\n");
        Bytes::from(out)
    }

    #[test]
    fn fields_and_files() {
        let data = body(&[
            ("title", None, "Héllo"),
            ("doc", Some("C:\\tmp\\a.txt"), "file body"),
            ("empty", Some(""), ""),
            ("title", None, "again"),
        ]);
        let (post, files) = parse_bytes(data, CT, &UploadLimits::default()).expect("valid");
        assert_eq!(post.get_list("title"), vec!["Héllo", "again"]);
        let doc = files.get("doc").expect("uploaded");
        assert_eq!(doc.name(), "a.txt");
        assert_eq!(doc.content_type(), "text/plain");
        assert_eq!(doc.charset(), Some("latin-1"));
        assert_eq!(doc.read().expect("read").as_ref(), b"file body");
        assert!(doc.is_in_memory());
        assert!(!files.contains_key("empty"));
    }

    #[test]
    fn large_bodies_spill_to_a_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let limits = UploadLimits {
            file_max_memory_size: 10,
            temp_dir: Some(dir.path().to_owned()),
            ..UploadLimits::default()
        };
        let (_, files) = parse_bytes(body(&[("doc", Some("big.txt"), "0123456789abc")]), CT, &limits).expect("valid");
        let doc = files.get("doc").expect("uploaded");
        let path = doc.temporary_file_path().expect("spilled");
        assert!(path.starts_with(dir.path()));
        assert!(path.to_string_lossy().ends_with(".upload.txt"));
        assert_eq!(doc.read().expect("read").as_ref(), b"0123456789abc");
        drop(files);
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }

    #[test]
    fn limits_are_enforced() {
        let limits = UploadLimits {
            max_number_fields: Some(1),
            ..UploadLimits::default()
        };
        let err = parse_bytes(body(&[("a", None, "1"), ("b", None, "2")]), CT, &limits).expect_err("too many");
        assert_eq!(err, MultiPartParserError::TooManyFieldsSent);
        let limits = UploadLimits {
            max_number_files: Some(1),
            ..UploadLimits::default()
        };
        let two = body(&[("a", Some("a.txt"), "1"), ("b", Some("b.txt"), "2")]);
        let err = parse_bytes(two, CT, &limits).expect_err("too many");
        assert_eq!(err, MultiPartParserError::TooManyFilesSent);
        let limits = UploadLimits {
            data_max_memory_size: Some(10),
            ..UploadLimits::default()
        };
        let err = parse_bytes(body(&[("a", None, "0123456789")]), CT, &limits).expect_err("too big");
        assert_eq!(err, MultiPartParserError::RequestDataTooBig);
        // Files do not count against DATA_UPLOAD_MAX_MEMORY_SIZE.
        assert!(parse_bytes(body(&[("a", Some("a.txt"), "0123456789")]), CT, &limits).is_ok());
        assert_eq!(Error::from(err).status(), http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn malformed_bodies_are_errors_and_leave_no_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let limits = UploadLimits {
            file_max_memory_size: 0,
            temp_dir: Some(dir.path().to_owned()),
            ..UploadLimits::default()
        };
        let full = body(&[("doc", Some("a.txt"), "some content here")]);
        let truncated = full.slice(..full.len() - 30);
        assert!(matches!(
            parse_bytes(truncated, CT, &limits),
            Err(MultiPartParserError::Invalid(_))
        ));
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
        for content_type in ["multipart/form-data", "multipart/form-data; boundary="] {
            let err = parse_bytes(full.clone(), content_type, &limits).expect_err("no boundary");
            assert!(err.to_string().contains("Invalid boundary"), "{err}");
        }
        let garbage = Bytes::from_static(b"not multipart at all");
        assert!(parse_bytes(garbage, CT, &limits).is_err());
    }

    #[test]
    fn file_names_are_sanitized() {
        assert_eq!(sanitize_file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(sanitize_file_name("a&amp;b.txt").as_deref(), Some("a&b.txt"));
        assert_eq!(sanitize_file_name(".."), None);
        assert_eq!(sanitize_file_name("dir/"), None);
    }
}
