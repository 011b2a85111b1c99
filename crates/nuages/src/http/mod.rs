//! Request and response objects, mirroring `django.http`.
//!
//! - [`Request`] is Django's `HttpRequest` (`request.GET`, `request.POST`,
//!   `request.COOKIES`, `request.path_info`, `request.resolver_match`, ...).
//! - [`Response`] is `HttpResponse` plus the `JsonResponse`,
//!   `HttpResponseRedirect`, `HttpResponseNotFound` and
//!   `HttpResponseNotAllowed` shortcuts, with `set_cookie` / `delete_cookie`.
//! - [`QueryDict`] is Django's ordered multi-valued dictionary.
//! - [`FileResponse`] streams a file; [`Response::streaming`] is
//!   `StreamingHttpResponse`.
//! - [`multipartparser`] parses `multipart/form-data` bodies into
//!   `request.POST` and `request.FILES` ([`UploadedFiles`]).
//! - [`cookie`] parses the `Cookie` header and renders `Set-Cookie` lines the
//!   way Python's `http.cookies` does.

pub mod cookie;
pub mod fileresponse;
pub mod multipartparser;
pub mod path;
pub mod querydict;
pub mod request;
pub mod response;

pub use cookie::{CookieError, CookieOptions, Expires, Morsel, parse_cookie};
pub use fileresponse::FileResponse;
pub use multipartparser::{MultiPartParserError, UploadedFiles};
pub use querydict::{QueryDict, TooManyFieldsSent, urlencode};
pub use request::Request;
pub use response::Response;

/// Re-exported so users need not depend on the `http` crate for the basics.
pub use ::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
