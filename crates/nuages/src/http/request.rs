//! `Request`, Django's `HttpRequest`.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::OnceLock;

use bytes::Bytes;
use http::{Extensions, HeaderMap, Method, header};

use super::cookie::parse_cookie;
use super::multipartparser::{self, MultiPartParserError, Parsed, UploadLimits, UploadedFiles};
use super::path::{escape_uri_path, iri_to_uri, path_info_from_raw, split_target};
use super::querydict::{QueryDict, TooManyFieldsSent};
use crate::error::Error;
use crate::urls::ResolverMatch;

/// Django's default `DATA_UPLOAD_MAX_NUMBER_FIELDS`.
pub const DEFAULT_MAX_NUMBER_FIELDS: usize = 1000;

/// An incoming HTTP request (Django's `HttpRequest`).
///
/// `GET`, `POST` and `COOKIES` are parsed lazily on first access, as in
/// Django. Middleware keeps per-request state (session, CSRF, user) in
/// [`Request::extensions_mut`].
pub struct Request {
    method: Method,
    path_info: String,
    raw_path: String,
    query_string: String,
    headers: HeaderMap,
    body: Bytes,
    extensions: Extensions,
    resolver_match: Option<ResolverMatch>,
    secure: bool,
    remote_addr: Option<SocketAddr>,
    max_number_fields: Option<usize>,
    upload_limits: Option<UploadLimits>,
    get: OnceLock<Result<QueryDict, TooManyFieldsSent>>,
    post: OnceLock<Result<Parsed, MultiPartParserError>>,
    cookies: OnceLock<HashMap<String, String>>,
}

impl Request {
    /// Build a request from its method, raw request-target
    /// (`/p%C3%A9/?q=1`), headers and body.
    ///
    /// The path is decoded into `path_info` as a WSGI server and Django do:
    /// percent-decoded to bytes (`%2F` is `/`), then UTF-8 with invalid
    /// sequences kept percent-encoded. Never panics on client input; the
    /// `Result` leaves room for stricter checks.
    pub fn new(method: Method, target: &str, headers: HeaderMap, body: Bytes) -> Result<Request, Error> {
        let (raw_path, query) = split_target(target);
        Ok(Request {
            method,
            path_info: path_info_from_raw(raw_path),
            raw_path: raw_path.to_owned(),
            query_string: query.to_owned(),
            headers,
            body,
            extensions: Extensions::new(),
            resolver_match: None,
            secure: false,
            remote_addr: None,
            max_number_fields: Some(DEFAULT_MAX_NUMBER_FIELDS),
            upload_limits: None,
            get: OnceLock::new(),
            post: OnceLock::new(),
            cookies: OnceLock::new(),
        })
    }

    /// A `GET` request for `target` with no headers, for tests.
    pub fn get(target: &str) -> Result<Request, Error> {
        Request::new(Method::GET, target, HeaderMap::new(), Bytes::new())
    }

    /// The HTTP method (`request.method`).
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The decoded path (`request.path`; no `SCRIPT_NAME` prefix is used,
    /// so it equals `path_info`).
    pub fn path(&self) -> &str {
        &self.path_info
    }

    /// The decoded path the URL resolver matches (`request.path_info`).
    pub fn path_info(&self) -> &str {
        &self.path_info
    }

    /// Replace `path_info` (used by middleware that rewrites URLs).
    pub fn set_path_info(&mut self, path: impl Into<String>) {
        self.path_info = path.into();
    }

    /// The path as received, still percent-encoded.
    pub fn raw_path(&self) -> &str {
        &self.raw_path
    }

    /// Django's `get_full_path()`: the escaped path plus `?query` when there
    /// is a query string.
    pub fn get_full_path(&self) -> String {
        self.full_path(false)
    }

    /// Django's `get_full_path_info()`, identical here (no script prefix).
    pub fn get_full_path_info(&self) -> String {
        self.full_path(false)
    }

    /// `get_full_path(force_append_slash=True)`, used by `APPEND_SLASH`.
    pub fn get_full_path_with_slash(&self) -> String {
        self.full_path(true)
    }

    fn full_path(&self, force_append_slash: bool) -> String {
        let mut out = escape_uri_path(&self.path_info);
        if force_append_slash && !out.ends_with('/') {
            out.push('/');
        }
        if !self.query_string.is_empty() {
            out.push('?');
            out.push_str(&iri_to_uri(&self.query_string));
        }
        out
    }

    /// The raw query string (`META["QUERY_STRING"]`).
    pub fn query_string(&self) -> &str {
        &self.query_string
    }

    /// Request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Request headers, mutable.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// One header as text, if present and valid visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The raw body (`request.body`).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The `DATA_UPLOAD_MAX_NUMBER_FIELDS` limit applied to `GET` and
    /// `POST` (`None`: no limit). Set by the handler from settings.
    pub fn set_max_number_fields(&mut self, limit: Option<usize>) {
        self.max_number_fields = limit;
    }

    /// Django's `request.GET`: the parsed query string.
    ///
    /// Errors with `BadRequest` (Django's `TooManyFieldsSent`) beyond
    /// `DATA_UPLOAD_MAX_NUMBER_FIELDS`.
    pub fn query(&self) -> Result<&QueryDict, Error> {
        let limit = self.max_number_fields;
        let parsed = self
            .get
            .get_or_init(|| QueryDict::parse_bytes(self.query_string.as_bytes(), limit).map(QueryDict::into_immutable));
        parsed.as_ref().map_err(|e| Error::from(e.clone()))
    }

    /// The limits applied when parsing a `multipart/form-data` body
    /// (`FILE_UPLOAD_MAX_MEMORY_SIZE`, `DATA_UPLOAD_MAX_*`, ...). Set by the
    /// handler from settings; Django's defaults otherwise.
    pub fn set_upload_limits(&mut self, limits: UploadLimits) {
        self.upload_limits = Some(limits);
    }

    /// The limits in force for this request's body.
    pub fn upload_limits(&self) -> UploadLimits {
        self.upload_limits.clone().unwrap_or_default()
    }

    /// Install an already parsed `POST` / `FILES` (the server streams
    /// `multipart/form-data` bodies straight into the parser, so such a
    /// request has no [`body`](Self::body)).
    pub fn set_post_and_files(&mut self, parsed: Result<Parsed, MultiPartParserError>) {
        self.post = OnceLock::new();
        let _ = self
            .post
            .set(parsed.map(|(post, files)| (post.into_immutable(), files)));
    }

    /// Whether `POST` / `FILES` have been parsed (or failed to parse).
    pub fn post_parsed(&self) -> bool {
        self.post.get().is_some()
    }

    fn post_and_files(&self) -> &Result<Parsed, MultiPartParserError> {
        self.post.get_or_init(|| {
            if self.method != Method::POST {
                return Ok(Parsed::default());
            }
            match self.content_type().as_str() {
                "application/x-www-form-urlencoded" => QueryDict::parse_bytes(&self.body, self.max_number_fields)
                    .map(|post| (post.into_immutable(), UploadedFiles::new()))
                    .map_err(|_| MultiPartParserError::TooManyFieldsSent),
                "multipart/form-data" => {
                    let content_type = self.header(header::CONTENT_TYPE.as_str()).unwrap_or_default();
                    let mut limits = self.upload_limits();
                    limits.max_number_fields = self.max_number_fields.map(|n| n as u64);
                    multipartparser::parse_bytes(self.body.clone(), content_type, &limits)
                }
                _ => Ok(Parsed::default()),
            }
        })
    }

    /// Django's `request.POST`: the form fields of a `POST` with an
    /// `application/x-www-form-urlencoded` or `multipart/form-data` body;
    /// empty otherwise.
    ///
    /// Errors with `BadRequest` (a 400) beyond `DATA_UPLOAD_MAX_NUMBER_FIELDS`,
    /// `DATA_UPLOAD_MAX_NUMBER_FILES` or `DATA_UPLOAD_MAX_MEMORY_SIZE`, or
    /// for a malformed multipart body (Django's `TooManyFieldsSent`,
    /// `TooManyFilesSent`, `RequestDataTooBig`, `MultiPartParserError`).
    pub fn post(&self) -> Result<&QueryDict, Error> {
        match self.post_and_files() {
            Ok((post, _)) => Ok(post),
            Err(e) => Err(Error::from(e.clone())),
        }
    }

    /// Django's `request.FILES`: the files of a `multipart/form-data`
    /// `POST`, by field name; empty for other requests.
    ///
    /// Errors as [`Request::post`].
    ///
    /// ```
    /// # use nuages::http::{Request, Method, HeaderMap, HeaderValue};
    /// let body = "--XX\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n\r\nhi\r\n--XX--\r\n";
    /// let mut headers = HeaderMap::new();
    /// headers.insert("content-type", HeaderValue::from_static("multipart/form-data; boundary=XX"));
    /// let request = Request::new(Method::POST, "/", headers, body.into()).unwrap();
    /// let doc = request.files().unwrap().get("doc").unwrap();
    /// assert_eq!((doc.name(), doc.size()), ("a.txt", 2));
    /// ```
    pub fn files(&self) -> Result<&UploadedFiles, Error> {
        match self.post_and_files() {
            Ok((_, files)) => Ok(files),
            Err(e) => Err(Error::from(e.clone())),
        }
    }

    /// The media type of the body, lower-cased, without parameters
    /// (`request.content_type`).
    pub fn content_type(&self) -> String {
        self.header(header::CONTENT_TYPE.as_str())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default()
    }

    /// Django's `request.COOKIES`, parsed from the `Cookie` header(s).
    pub fn cookies(&self) -> &HashMap<String, String> {
        self.cookies.get_or_init(|| {
            let mut map = HashMap::new();
            for value in self.headers.get_all(header::COOKIE) {
                let text = String::from_utf8_lossy(value.as_bytes());
                map.extend(parse_cookie(&text));
            }
            map
        })
    }

    /// One cookie's value.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies().get(name).map(String::as_str)
    }

    /// A URL keyword argument captured by the resolver, parsed as `T`:
    /// `request.kwarg::<i64>("question_id")`.
    ///
    /// Errors: a 500 when the URL pattern has no such argument (a
    /// programming error), a 404 when the value does not parse (e.g. an
    /// `<int:>` too large for `T`).
    pub fn kwarg<T: FromStr>(&self, name: &str) -> Result<T, Error> {
        let raw = self
            .resolver_match
            .as_ref()
            .and_then(|m| m.kwarg(name))
            .ok_or_else(|| Error::msg(format!("the URL pattern captured no argument named {name:?}")))?;
        raw.parse::<T>()
            .map_err(|_| Error::not_found(format!("invalid value for URL argument {name:?}: {raw:?}")))
    }

    /// The resolved URL pattern (`request.resolver_match`).
    pub fn resolver_match(&self) -> Option<&ResolverMatch> {
        self.resolver_match.as_ref()
    }

    /// Set by the handler after URL resolution.
    pub fn set_resolver_match(&mut self, resolved: ResolverMatch) {
        self.resolver_match = Some(resolved);
    }

    /// Typed per-request state (session, CSRF token, user).
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Typed per-request state, mutable.
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.extensions
    }

    /// Whether the request came over HTTPS (`request.is_secure()`).
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// Mark the request as HTTPS (set by the server or by the
    /// `SECURE_PROXY_SSL_HEADER` logic).
    pub fn set_secure(&mut self, secure: bool) {
        self.secure = secure;
    }

    /// `"https"` or `"http"` (`request.scheme`).
    pub fn scheme(&self) -> &'static str {
        if self.secure { "https" } else { "http" }
    }

    /// The `Host` header, port included (Django's `get_host()` without the
    /// `ALLOWED_HOSTS` check, which the handler performs). Empty if absent.
    pub fn get_host(&self) -> String {
        self.header(header::HOST.as_str()).unwrap_or_default().to_owned()
    }

    /// Django's `build_absolute_uri(location)`: `location` (or the full
    /// path) made absolute with the scheme and host.
    pub fn build_absolute_uri(&self, location: Option<&str>) -> String {
        let location = location.map_or_else(|| self.get_full_path(), str::to_owned);
        if location.contains("://") {
            return location;
        }
        let base = format!("{}://{}", self.scheme(), self.get_host());
        if location.starts_with('/') {
            format!("{base}{location}")
        } else {
            let dir = self.path_info.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{base}{}/{location}", escape_uri_path(dir))
        }
    }

    /// The client address (`META["REMOTE_ADDR"]`).
    pub fn remote_addr(&self) -> Option<SocketAddr> {
        self.remote_addr
    }

    /// Set by the server.
    pub fn set_remote_addr(&mut self, addr: SocketAddr) {
        self.remote_addr = Some(addr);
    }

    /// Whether the `Accept` header allows `media_type` (Django's
    /// `request.accepts()`); a missing header accepts everything.
    pub fn accepts(&self, media_type: &str) -> bool {
        match self.header(header::ACCEPT.as_str()) {
            None => true,
            Some(accept) => accept.split(',').any(|part| {
                let mt = part.split(';').next().unwrap_or("").trim();
                mt == "*/*" || mt == media_type || (mt.ends_with("/*") && media_type.starts_with(&mt[..mt.len() - 1]))
            }),
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<Request: {} {:?}>", self.method, self.get_full_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn decodes_path_and_query() {
        let r = Request::get("/p%C3%A9/?q=1&q=2").expect("valid");
        assert_eq!(r.path(), "/pé/");
        assert_eq!(r.query_string(), "q=1&q=2");
        assert_eq!(r.query().expect("parsed").get_list("q"), vec!["1", "2"]);
        assert_eq!(r.get_full_path(), "/p%C3%A9/?q=1&q=2");
    }

    #[test]
    fn post_only_for_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
        );
        let r = Request::new(Method::POST, "/", headers.clone(), Bytes::from_static(b"choice=3")).expect("valid");
        assert_eq!(r.post().expect("parsed").get("choice"), Some("3"));
        let r = Request::new(Method::PUT, "/", headers, Bytes::from_static(b"choice=3")).expect("valid");
        assert!(r.post().expect("parsed").is_empty());
    }

    #[test]
    fn too_many_fields_is_bad_request() {
        let mut r = Request::get("/?a=1&b=2&c=3").expect("valid");
        r.set_max_number_fields(Some(2));
        let err = r.query().expect_err("too many");
        assert_eq!(err.status(), http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn cookies_from_header() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("csrftoken=abc; sessionid=\"x\\073\""),
        );
        let r = Request::new(Method::GET, "/", headers, Bytes::new()).expect("valid");
        assert_eq!(r.cookie("csrftoken"), Some("abc"));
        assert_eq!(r.cookie("sessionid"), Some("x;"));
    }

    #[test]
    fn hostile_targets_never_panic() {
        let targets = [
            "",
            "?",
            "%",
            "%%",
            "%C3",
            "/%C3%28/",
            "/%E2%82/x",
            "/%ZZ%4",
            "/é?é=%FF&%=",
            "HTTP://",
            "https://h",
            "http://h?q",
            "//evil.com/",
            "/\u{0}/",
            "/a?b?c#d",
            "/%F0%9F%94%91",
            "é",
            "/\n",
            "*",
        ];
        for target in targets {
            let mut r = Request::get(target).expect("never fails");
            r.set_max_number_fields(Some(3));
            let _ = r.query();
            let _ = r.get_full_path();
            let _ = r.get_full_path_with_slash();
            let _ = r.build_absolute_uri(None);
            assert!(
                r.path().starts_with('/') || !target.starts_with('/'),
                "{target:?} -> {:?}",
                r.path()
            );
        }
        let r = Request::get("/%C3%28/").expect("valid");
        assert_eq!(r.path(), "/%C3(/");
    }

    #[test]
    fn latin1_fallback_for_raw_bytes() {
        let q = QueryDict::parse_bytes(&[b'a', b'=', 0xE9], None).expect("no limit");
        assert_eq!(q.get("a"), Some("é"));
    }

    #[test]
    fn kwarg_without_match_is_error() {
        let r = Request::get("/").expect("valid");
        assert!(r.kwarg::<i64>("id").is_err());
    }
}
