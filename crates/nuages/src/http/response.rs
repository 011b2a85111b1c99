//! `Response`, Django's `HttpResponse` and its subclasses
//! (`JsonResponse`, `HttpResponseRedirect`, `HttpResponsePermanentRedirect`,
//! `HttpResponseNotFound`, `HttpResponseNotAllowed`).

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use serde::Serialize;

use super::cookie::{CookieError, CookieOptions, Morsel};
use super::path::iri_to_uri;
use crate::error::{BoxError, Error};

/// The body of a streaming response: chunks produced as the client reads.
pub type BodyStream = Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// The body type [`Response::into_http_body`] produces: the whole content,
/// or a stream for [`Response::streaming`] and `FileResponse`.
pub type ResponseBody = http_body_util::combinators::UnsyncBoxBody<Bytes, BoxError>;

/// A stream shared by clones of a response; the first to take it sends it.
type SharedStream = Arc<Mutex<Option<BodyStream>>>;

/// An outgoing HTTP response (Django's `HttpResponse`).
///
/// Cookies set with [`Response::set_cookie`] are kept as morsels (one per
/// name, in first-set order) and rendered to `Set-Cookie` headers by
/// [`Response::into_http`].
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    cookies: Vec<Morsel>,
    streaming: Option<SharedStream>,
}

const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");

fn now_unix() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl Response {
    /// A 200 response with `Content-Type: text/html; charset=utf-8`.
    pub fn new(body: impl Into<Bytes>) -> Response {
        Response::with_status(StatusCode::OK, body)
    }

    /// An HTML response with the given status.
    pub fn with_status(status: StatusCode, body: impl Into<Bytes>) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HTML);
        Response {
            status,
            headers,
            body: body.into(),
            cookies: Vec::new(),
            streaming: None,
        }
    }

    /// Django's `StreamingHttpResponse`: a 200 whose body is `stream`, sent
    /// chunk by chunk as it is produced (no `Content-Length` unless you set
    /// one). Such a response has an empty [`body`](Response::body); take
    /// the stream with [`take_stream`](Response::take_stream).
    ///
    /// ```
    /// # use nuages::http::Response;
    /// let chunks = ["a,b\n", "1,2\n"].map(|line| Ok(bytes::Bytes::from(line)));
    /// let response = Response::streaming(futures_util::stream::iter(chunks));
    /// assert!(response.is_streaming());
    /// ```
    pub fn streaming<S>(stream: S) -> Response
    where
        S: futures_util::Stream<Item = Result<Bytes, BoxError>> + Send + 'static,
    {
        let mut response = Response::new(Bytes::new());
        response.streaming = Some(Arc::new(Mutex::new(Some(Box::pin(stream)))));
        response
    }

    /// Whether the body is a stream (Django's `response.streaming`).
    pub fn is_streaming(&self) -> bool {
        self.streaming.is_some()
    }

    /// Take the body stream of a streaming response (`streaming_content`);
    /// `None` for ordinary responses or once taken.
    pub fn take_stream(&self) -> Option<BodyStream> {
        let shared = self.streaming.as_ref()?;
        shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }

    /// Django's `JsonResponse`: `value` serialized, `Content-Type: application/json`.
    pub fn json(value: &impl Serialize) -> Result<Response, Error> {
        let body = serde_json::to_vec(value)?;
        let mut response = Response::new(body);
        response
            .headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(response)
    }

    fn redirect_with(status: StatusCode, url: &str) -> Response {
        let mut response = Response::with_status(status, Bytes::new());
        let location = iri_to_uri(url);
        if let Ok(value) = HeaderValue::from_str(&location) {
            response.headers.insert(header::LOCATION, value);
        }
        response
    }

    /// Django's `HttpResponseRedirect`: a 302 to `url` (IRI-encoded).
    pub fn redirect(url: &str) -> Response {
        Response::redirect_with(StatusCode::FOUND, url)
    }

    /// Like [`Response::redirect`], but rejects a URL whose scheme is not
    /// `http`, `https` or `ftp` (`javascript:...`) as Django's
    /// `HttpResponseRedirect` does with `DisallowedRedirect` (a 400).
    pub fn try_redirect(url: &str) -> Result<Response, Error> {
        if let Some(scheme) = url_scheme(url)
            && !["http", "https", "ftp"].contains(&scheme.to_ascii_lowercase().as_str())
        {
            return Err(Error::bad_request(format!(
                "Unsafe redirect to URL with protocol '{scheme}'"
            )));
        }
        Ok(Response::redirect(url))
    }

    /// Django's `HttpResponsePermanentRedirect`: a 301 to `url`.
    pub fn permanent_redirect(url: &str) -> Response {
        Response::redirect_with(StatusCode::MOVED_PERMANENTLY, url)
    }

    /// Django's `HttpResponseNotFound`: a 404 with `body`.
    pub fn not_found(body: impl Into<Bytes>) -> Response {
        Response::with_status(StatusCode::NOT_FOUND, body)
    }

    /// Django's `HttpResponseNotAllowed`: a 405 with `Allow: GET, POST`.
    pub fn not_allowed(permitted: &[Method]) -> Response {
        let mut response = Response::with_status(StatusCode::METHOD_NOT_ALLOWED, Bytes::new());
        let allow: Vec<&str> = permitted.iter().map(Method::as_str).collect();
        if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
            response.headers.insert(header::ALLOW, value);
        }
        response
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Change the status code.
    pub fn set_status(&mut self, status: StatusCode) {
        self.status = status;
    }

    /// Response headers (without the `Set-Cookie` lines, see [`Response::cookies`]).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Response headers, mutable.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body (`response.content`).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Replace the body (a streaming response stops streaming).
    pub fn set_body(&mut self, body: impl Into<Bytes>) {
        self.body = body.into();
        self.streaming = None;
    }

    /// The cookies to send, one morsel per name, in first-set order
    /// (`response.cookies`).
    pub fn cookies(&self) -> &[Morsel] {
        &self.cookies
    }

    /// One cookie by name.
    pub fn cookie(&self, key: &str) -> Option<&Morsel> {
        self.cookies.iter().find(|m| m.key == key)
    }

    fn store(&mut self, morsel: Morsel) {
        if let Some(slot) = self.cookies.iter_mut().find(|m| m.key == morsel.key) {
            *slot = morsel;
        } else {
            self.cookies.push(morsel);
        }
    }

    fn take(&self, key: &str) -> Option<Morsel> {
        self.cookie(key).cloned()
    }

    /// Django's `set_cookie(key, value, max_age, expires, path, domain,
    /// secure, httponly, samesite)`.
    ///
    /// Errors on an illegal name, an unknown `samesite`, or `expires` given
    /// as a date together with `max_age`.
    pub fn set_cookie(&mut self, key: &str, value: &str, options: CookieOptions) -> Result<(), CookieError> {
        self.set_cookie_at(key, value, &options, now_unix())
    }

    /// [`Response::set_cookie`] with the clock at `now` (Unix seconds).
    pub fn set_cookie_at(
        &mut self,
        key: &str,
        value: &str,
        options: &CookieOptions,
        now: f64,
    ) -> Result<(), CookieError> {
        let morsel = Morsel::set_cookie(self.take(key), key, value, options, now)?;
        self.store(morsel);
        Ok(())
    }

    /// Django's `delete_cookie(key, path="/", domain=None, samesite=None)`.
    pub fn delete_cookie(
        &mut self,
        key: &str,
        path: &str,
        domain: Option<&str>,
        samesite: Option<&str>,
    ) -> Result<(), CookieError> {
        let morsel = Morsel::delete_cookie(self.take(key), key, path, domain, samesite, now_unix())?;
        self.store(morsel);
        Ok(())
    }

    /// Convert to an `http::Response` whose body streams when the response
    /// does (what the server sends).
    pub fn into_http_body(self) -> http::Response<ResponseBody> {
        use http_body_util::BodyExt;
        use http_body_util::StreamBody;
        let stream = self.take_stream();
        let response = self.into_http();
        match stream {
            Some(stream) => {
                let frames = futures_util::StreamExt::map(stream, |chunk| chunk.map(hyper::body::Frame::data));
                response.map(|_| StreamBody::new(frames).boxed_unsync())
            }
            None => response.map(|body| {
                http_body_util::Full::new(body)
                    .map_err(|never| match never {})
                    .boxed_unsync()
            }),
        }
    }

    /// Convert to an `http::Response`, rendering each cookie as a
    /// `Set-Cookie` header. A streaming response's stream is not included
    /// (see [`Response::into_http_body`]).
    pub fn into_http(self) -> http::Response<Bytes> {
        let mut headers = self.headers;
        for morsel in &self.cookies {
            match HeaderValue::from_str(&morsel.output()) {
                Ok(value) => {
                    headers.append(header::SET_COOKIE, value);
                }
                Err(_) => {
                    tracing::warn!(cookie = %morsel.key, "cookie value cannot be sent in a header; dropped");
                }
            }
        }
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = headers;
        response
    }
}

/// The scheme of `url` as `urlsplit` finds it: letters, digits, `+-.`
/// starting with a letter, before the first `:`.
fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

impl From<Error> for Response {
    fn from(err: Error) -> Self {
        let status = err.status();
        let mut response = Response::with_status(status, Bytes::new());
        if let Error::MethodNotAllowed(allowed) = &err {
            response = Response::not_allowed(allowed);
        }
        response
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ct = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let kind = if self.is_streaming() {
            "StreamingHttpResponse"
        } else {
            "Response"
        };
        write!(f, "<{kind} status_code={}, \"{ct}\">", self.status.as_u16())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let r = Response::new("hi");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
    }

    #[test]
    fn redirect_encodes_iri() {
        let r = Response::redirect("/polls/é/");
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(r.headers()[header::LOCATION], "/polls/%C3%A9/");
    }

    #[test]
    fn unsafe_redirects_are_rejected() {
        assert!(Response::try_redirect("javascript:alert(1)").is_err());
        assert!(Response::try_redirect("https://example.com/").is_ok());
        assert!(Response::try_redirect("/polls/3/results/").is_ok());
        assert!(Response::try_redirect("/a:b").is_ok());
    }

    #[test]
    fn not_allowed_lists_methods() {
        let r = Response::not_allowed(&[Method::GET, Method::POST]);
        assert_eq!(r.headers()[header::ALLOW], "GET, POST");
    }

    #[test]
    fn cookies_become_headers() {
        let mut r = Response::new("");
        r.set_cookie_at("a", "1", &CookieOptions::default(), 0.0)
            .expect("legal");
        r.set_cookie_at(
            "b",
            "x y",
            &CookieOptions {
                httponly: true,
                ..Default::default()
            },
            0.0,
        )
        .expect("legal");
        r.set_cookie_at("a", "2", &CookieOptions::default(), 0.0)
            .expect("legal");
        let http = r.into_http();
        let lines: Vec<_> = http.headers().get_all(header::SET_COOKIE).iter().collect();
        assert_eq!(lines, vec!["a=2; Path=/", "b=\"x y\"; HttpOnly; Path=/"]);
    }

    #[test]
    fn json_response() {
        let r = Response::json(&serde_json::json!({"a": 1})).expect("serializable");
        assert_eq!(r.body().as_ref(), b"{\"a\":1}");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
    }
}
