//! The handler: Django's `core/handlers/base.py` (`BaseHandler`).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};

use bytes::Buf;
use bytes::Bytes;
use futures_util::TryStreamExt;
use http_body_util::{BodyDataStream, BodyExt, Full, Limited};

use super::debug::technical_404_response;
use super::exception::{ErrorPageRenderer, response_for_exception};
use super::host::check_host;
use crate::conf::{ImproperlyConfigured, Settings};
use crate::error::{BoxError, Error};
use crate::handler::BoxFuture;
use crate::http::multipartparser::{self, UploadLimits, is_multipart};
use crate::http::response::ResponseBody;
use crate::http::{Request, Response};
use crate::middleware::{Middleware, MiddlewareRegistry, Next, build_chain};
use crate::urls::URLResolver;

/// The built chain shared by every request (private: reached through
/// [`Application`] and [`Next`]).
pub struct Chain {
    settings: Arc<Settings>,
    resolver: Arc<URLResolver>,
    middleware: Vec<Arc<dyn Middleware>>,
    renderer: RwLock<Option<ErrorPageRenderer>>,
}

impl Chain {
    fn response_for_exception(&self, request: &Request, error: Error) -> Response {
        let renderer = self.renderer.read().ok().and_then(|r| r.clone());
        response_for_exception(request, &self.settings, renderer.as_ref(), error)
    }

    /// Run layer `index` (or, past the last one, the view) on `request`.
    /// Errors of the layer are converted to a response here, as Django's
    /// `convert_exception_to_response` wraps each layer.
    pub(crate) fn dispatch(
        chain: Arc<Chain>,
        index: usize,
        request: Request,
        snapshot: Arc<Request>,
    ) -> BoxFuture<'static, Response> {
        Box::pin(async move {
            match chain.middleware.get(index).cloned() {
                Some(middleware) => {
                    let next = Next {
                        chain: chain.clone(),
                        index: index + 1,
                        snapshot: snapshot.clone(),
                    };
                    match middleware.call(request, next).await {
                        Ok(response) => response,
                        Err(error) => chain.response_for_exception(&snapshot, error),
                    }
                }
                None => chain.get_response(request, snapshot).await,
            }
        })
    }

    /// Django's `_get_response`: resolve, `process_view`, the view, `process_exception`.
    async fn get_response(&self, mut request: Request, snapshot: Arc<Request>) -> Response {
        let resolved = match self.resolver.resolve(request.path_info()) {
            Ok(resolved) => resolved,
            Err(not_found) => {
                if self.settings.DEBUG {
                    tracing::warn!(target: "nuages.request", status = 404, "Not Found: {}", request.path_info());
                    return technical_404_response(
                        &snapshot,
                        &self.settings,
                        &not_found.to_string(),
                        Some(&not_found.tried),
                        None,
                    );
                }
                return self.response_for_exception(&snapshot, Error::Http404(not_found.to_string()));
            }
        };
        request.set_resolver_match(resolved.clone());
        let mut early = None;
        for middleware in &self.middleware {
            if let Some(result) = middleware.process_view(&mut request, &resolved) {
                early = Some(result);
                break;
            }
        }
        let result = match early {
            Some(result) => result,
            None => resolved.view.call(request).await,
        };
        match result {
            Ok(response) => response,
            Err(error) => {
                for middleware in self.middleware.iter().rev() {
                    if let Some(response) = middleware.process_exception(&snapshot, &error) {
                        return response;
                    }
                }
                self.response_for_exception(&snapshot, error)
            }
        }
    }
}

/// A copy of the request's head and body, kept for error pages and
/// `process_exception` after the request itself has moved into the view.
fn snapshot(request: &Request) -> Result<Request, Error> {
    let target = if request.query_string().is_empty() {
        request.raw_path().to_owned()
    } else {
        format!("{}?{}", request.raw_path(), request.query_string())
    };
    let mut copy = Request::new(
        request.method().clone(),
        &target,
        request.headers().clone(),
        request.body().clone(),
    )?;
    copy.set_path_info(request.path_info().to_owned());
    copy.set_secure(request.is_secure());
    if let Some(addr) = request.remote_addr() {
        copy.set_remote_addr(addr);
    }
    Ok(copy)
}

/// The project's request handler: settings, root URLconf and middleware
/// chain, built once (Django's `WSGIHandler` after `load_middleware()`).
///
/// Cheap to clone; also a [`tower_service::Service`] over `http::Request`s.
#[derive(Clone)]
pub struct Application {
    chain: Arc<Chain>,
}

impl Application {
    /// An application from settings, the root resolver and the middleware
    /// instances, outermost first.
    pub fn new(
        settings: Arc<Settings>,
        resolver: Arc<URLResolver>,
        middleware: Vec<Arc<dyn Middleware>>,
    ) -> Application {
        Application {
            chain: Arc::new(Chain {
                settings,
                resolver,
                middleware,
                renderer: RwLock::new(None),
            }),
        }
    }

    /// An application whose chain is built from `MIDDLEWARE` through `registry`.
    ///
    /// # Errors
    /// [`ImproperlyConfigured`] naming an unknown middleware or a factory's error.
    pub fn from_settings(
        settings: Arc<Settings>,
        resolver: Arc<URLResolver>,
        registry: &MiddlewareRegistry,
    ) -> Result<Application, ImproperlyConfigured> {
        let middleware = build_chain(&settings, registry)?;
        Ok(Application::new(settings, resolver, middleware))
    }

    /// Render non-DEBUG error pages (404.html, 500.html, ...) with `renderer`;
    /// Django's `handler404` / `handler500`.
    pub fn set_error_page_renderer(&self, renderer: ErrorPageRenderer) {
        if let Ok(mut slot) = self.chain.renderer.write() {
            *slot = Some(renderer);
        }
    }

    /// The settings in use.
    pub fn settings(&self) -> &Arc<Settings> {
        &self.chain.settings
    }

    /// The root URL resolver.
    pub fn resolver(&self) -> &Arc<URLResolver> {
        &self.chain.resolver
    }

    /// Handle one request through the whole chain; never fails (errors
    /// become 4xx/5xx responses).
    pub async fn handle(&self, mut request: Request) -> Response {
        let settings = &self.chain.settings;
        request.set_max_number_fields(
            settings
                .DATA_UPLOAD_MAX_NUMBER_FIELDS
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        );
        request.set_upload_limits(UploadLimits::from_settings(settings));
        if let Some((header, expected)) = &settings.SECURE_PROXY_SSL_HEADER {
            let value = request
                .header(header)
                .map(|v| v.split(',').next().unwrap_or("").trim().to_owned());
            if value.as_deref() == Some(expected.as_str()) {
                request.set_secure(true);
            }
        }
        request.extensions_mut().insert(self.chain.resolver.clone());
        request.extensions_mut().insert(settings.clone());
        let snapshot = match snapshot(&request) {
            Ok(copy) => Arc::new(copy),
            Err(error) => return super::exception::default_error_response(error.status()),
        };
        // Django's RequestDataTooBig; multipart bodies are bounded by the
        // parser instead (file contents do not count).
        if let Some(limit) = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            && request.body().len() as u64 > limit
            && !is_multipart(request.header(http::header::CONTENT_TYPE.as_str()).unwrap_or(""))
        {
            return self.chain.response_for_exception(&snapshot, Error::PayloadTooLarge);
        }
        if let Err(message) = check_host(&request, settings) {
            return self.chain.response_for_exception(&snapshot, Error::BadRequest(message));
        }
        Chain::dispatch(self.chain.clone(), 0, request, snapshot).await
    }

    /// Handle an `http::Request` from hyper or any tower stack: read the
    /// body up to `DATA_UPLOAD_MAX_MEMORY_SIZE` (a 400 beyond it, without
    /// reading more), build the [`Request`], [`handle`](Self::handle) it.
    ///
    /// A `multipart/form-data` `POST` is not read into memory: its body
    /// streams into the multipart parser (files above
    /// `FILE_UPLOAD_MAX_MEMORY_SIZE` go to temporary files), and the request
    /// arrives at the view with `POST` and `FILES` parsed and an empty body.
    pub async fn handle_http<B>(
        &self,
        request: http::Request<B>,
        remote_addr: Option<SocketAddr>,
    ) -> http::Response<ResponseBody>
    where
        B: hyper::body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let (parts, body) = request.into_parts();
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let streamed = parts.method == http::Method::POST && is_multipart(&content_type);
        let (body, parsed) = if streamed {
            let length = body.size_hint().exact();
            let stream = BodyDataStream::new(body).map_ok(|mut data| data.copy_to_bytes(data.remaining()));
            let limits = UploadLimits::from_settings(&self.chain.settings);
            (
                Bytes::new(),
                Some(multipartparser::parse(stream, &content_type, length, &limits).await),
            )
        } else {
            match read_body(body, self.chain.settings.DATA_UPLOAD_MAX_MEMORY_SIZE).await {
                Ok(body) => (body, None),
                Err(error) => {
                    let status = error.status();
                    let mut response = super::exception::default_error_response(status).into_http();
                    // The rest of the body is unread: do not reuse the connection.
                    response
                        .headers_mut()
                        .insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
                    return response.map(full_body);
                }
            }
        };
        let parse_failed = parsed.as_ref().is_some_and(Result::is_err);
        let target = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
        let mut headers = parts.headers;
        if !headers.contains_key(http::header::HOST)
            && let Some(authority) = parts.uri.authority()
            && let Ok(value) = http::HeaderValue::from_str(authority.as_str())
        {
            headers.insert(http::header::HOST, value);
        }
        let response = match Request::new(parts.method, target, headers, body) {
            Ok(mut request) => {
                if let Some(addr) = remote_addr.or_else(|| parts.extensions.get::<SocketAddr>().copied()) {
                    request.set_remote_addr(addr);
                }
                if let Some(parsed) = parsed {
                    request.set_post_and_files(parsed);
                }
                self.handle(request).await
            }
            Err(error) => super::exception::default_error_response(error.status()),
        };
        let mut response = response.into_http_body();
        if parse_failed {
            // The body may be partly unread: do not reuse the connection.
            response
                .headers_mut()
                .insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
        }
        response
    }
}

fn full_body(bytes: Bytes) -> ResponseBody {
    Full::new(bytes).map_err(|never| match never {}).boxed_unsync()
}

/// Read a body, refusing more than `limit` bytes.
async fn read_body<B>(body: B, limit: Option<u64>) -> Result<Bytes, Error>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let Some(limit) = limit else {
        return body
            .collect()
            .await
            .map(|c| c.to_bytes())
            .map_err(|e| Error::bad_request(format!("cannot read body: {}", e.into())));
    };
    if body.size_hint().lower() > limit {
        return Err(Error::PayloadTooLarge);
    }
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => Err(Error::PayloadTooLarge),
        Err(error) => Err(Error::bad_request(format!("cannot read body: {error}"))),
    }
}

impl<B> tower_service::Service<http::Request<B>> for Application
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = http::Response<ResponseBody>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let app = self.clone();
        Box::pin(async move { Ok(app.handle_http(request, None).await) })
    }
}
