//! Django's test `Client`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::core::handlers::Application;
use crate::http::{Morsel, QueryDict, Request, Response};
use crate::middleware::csrf::DontEnforceCsrfChecks;

/// The boundary the test client uses (Django's `BOUNDARY`).
pub const BOUNDARY: &str = "BoUnDaRyStRiNg";

/// Django's `django.test.client.encode_multipart`: a `multipart/form-data`
/// body with one part per `(name, value)` field and per `(name, file)`
/// upload (`Content-Type` from the file, or `application/octet-stream`).
///
/// # Errors
/// An I/O error reading a file whose content is in a temporary file.
pub fn encode_multipart(
    boundary: &str,
    data: &[(&str, &str)],
    files: &[(&str, &crate::core::files::UploadedFile)],
) -> std::io::Result<Bytes> {
    let mut out = Vec::new();
    for (name, value) in data {
        out.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (name, file) in files {
        let content_type = if file.content_type().is_empty() {
            "application/octet-stream"
        } else {
            file.content_type()
        };
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n",
                file.name()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&file.read()?);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok(Bytes::from(out))
}

/// An in-process HTTP client for tests (Django's `django.test.Client`).
///
/// ```ignore
/// let client = Client::new(app);
/// let response = client.get("/polls/").await;
/// assert_eq!(response.status(), 200);
/// assert!(response.text().contains("What's up?"));
/// ```
pub struct Client {
    app: Arc<Application>,
    cookies: Mutex<BTreeMap<String, String>>,
    enforce_csrf_checks: bool,
    host: String,
}

impl Client {
    /// A client for `app`, sending `Host: testserver`.
    pub fn new(app: Arc<Application>) -> Self {
        Client {
            app,
            cookies: Mutex::new(BTreeMap::new()),
            enforce_csrf_checks: false,
            host: "testserver".into(),
        }
    }

    /// Run the CSRF checks as a browser request would (off by default, as in Django).
    pub fn enforce_csrf_checks(mut self, enforce: bool) -> Self {
        self.enforce_csrf_checks = enforce;
        self
    }

    /// Send another `Host` header (Django's `SERVER_NAME`).
    pub fn host(mut self, host: &str) -> Self {
        self.host = host.to_owned();
        self
    }

    fn jar(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        self.cookies.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cookies the client holds (`client.cookies`), name to sent value.
    pub fn cookies(&self) -> BTreeMap<String, String> {
        self.jar().clone()
    }

    /// One cookie's value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar().get(name).cloned()
    }

    /// Set a cookie sent with the next requests.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar().insert(name.to_owned(), value.to_owned());
    }

    /// Forget every cookie (Django's `client.cookies.clear()`).
    pub fn clear_cookies(&self) {
        self.jar().clear();
    }

    /// `GET path` (the path may carry a query string).
    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Method::GET, path, &[], Bytes::new()).await
    }

    /// `POST path` with a urlencoded form.
    pub async fn post(&self, path: &str, data: &[(&str, &str)]) -> TestResponse {
        self.post_with_headers(path, data, &[]).await
    }

    /// `POST path` with a urlencoded form and extra headers (e.g. `X-CSRFToken`).
    pub async fn post_with_headers(&self, path: &str, data: &[(&str, &str)], headers: &[(&str, &str)]) -> TestResponse {
        let body = QueryDict::from_pairs(data.iter().map(|(k, v)| (*k, *v))).urlencode();
        let mut all = vec![("content-type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        self.request(Method::POST, path, &all, Bytes::from(body)).await
    }

    /// `POST path` with a `multipart/form-data` body holding `data` and
    /// `files` (what Django's `client.post(path, {"doc": file})` sends when
    /// a value is a file), encoded by [`encode_multipart`].
    ///
    /// Errors reading a file's content (a spilled upload) are returned as a
    /// 500 response, as a view error would be.
    pub async fn post_multipart(
        &self,
        path: &str,
        data: &[(&str, &str)],
        files: &[(&str, &crate::core::files::UploadedFile)],
    ) -> TestResponse {
        let body = match encode_multipart(BOUNDARY, data, files) {
            Ok(body) => body,
            Err(error) => {
                return TestResponse::new(Response::with_status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    error.to_string(),
                ));
            }
        };
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        self.request(Method::POST, path, &[("content-type", &content_type)], body)
            .await
    }

    /// Any request. The client's cookies and `Host` are added.
    pub async fn request(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Bytes) -> TestResponse {
        let mut map = HeaderMap::new();
        if let Ok(host) = HeaderValue::from_str(&self.host) {
            map.insert(http::header::HOST, host);
        }
        let cookie_header = self
            .jar()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        if !cookie_header.is_empty()
            && let Ok(value) = HeaderValue::from_str(&cookie_header)
        {
            map.insert(http::header::COOKIE, value);
        }
        for (name, value) in headers {
            if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
                map.insert(name, value);
            }
        }
        let response = match Request::new(method, path, map, body) {
            Ok(mut request) => {
                if !self.enforce_csrf_checks {
                    request.extensions_mut().insert(DontEnforceCsrfChecks);
                }
                self.app.handle(request).await
            }
            Err(error) => Response::with_status(error.status(), error.to_string()),
        };
        self.store_cookies(response.cookies());
        let mut response = response;
        if let Some(stream) = response.take_stream() {
            // Read a streaming response whole, as Django's test client
            // does when a test joins `streaming_content`.
            let chunks: Vec<Result<Bytes, _>> = futures_util::StreamExt::collect(stream).await;
            let mut body = Vec::new();
            for chunk in chunks {
                match chunk {
                    Ok(bytes) => body.extend_from_slice(&bytes),
                    Err(error) => {
                        response = Response::with_status(StatusCode::INTERNAL_SERVER_ERROR, error.to_string());
                        return TestResponse::new(response);
                    }
                }
            }
            let mut plain = response.clone();
            plain.set_body(body);
            return TestResponse::new(plain).streamed();
        }
        TestResponse::new(response)
    }

    fn store_cookies(&self, morsels: &[Morsel]) {
        let mut jar = self.jar();
        for morsel in morsels {
            let expired = morsel.max_age == Some(0) || morsel.expires.contains("01 Jan 1970");
            if expired {
                jar.remove(&morsel.key);
            } else {
                jar.insert(morsel.key.clone(), morsel.coded_value.clone());
            }
        }
    }
}

/// A response seen by the test [`Client`].
pub struct TestResponse {
    response: Response,
    headers: HeaderMap,
    streaming: bool,
}

impl TestResponse {
    fn new(response: Response) -> Self {
        let mut headers = response.headers().clone();
        for morsel in response.cookies() {
            if let Ok(value) = HeaderValue::from_str(&morsel.output()) {
                headers.append(http::header::SET_COOKIE, value);
            }
        }
        TestResponse {
            response,
            headers,
            streaming: false,
        }
    }

    fn streamed(mut self) -> Self {
        self.streaming = true;
        self
    }

    /// Whether the view returned a streaming response (Django's
    /// `response.streaming`); its chunks are joined into [`body`](Self::body).
    pub fn streaming(&self) -> bool {
        self.streaming
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The headers, `Set-Cookie` lines included.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The redirect target (`response.url` in Django).
    pub fn url(&self) -> Option<&str> {
        self.header("location")
    }

    /// The body bytes (`response.content`).
    pub fn body(&self) -> &Bytes {
        self.response.body()
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.response.body()).into_owned()
    }

    /// The body parsed as JSON (`response.json()`).
    ///
    /// # Errors
    /// When the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(self.response.body())
    }

    /// The cookies set by the response.
    pub fn cookies(&self) -> &[Morsel] {
        self.response.cookies()
    }

    /// The underlying response.
    pub fn response(&self) -> &Response {
        &self.response
    }
}
