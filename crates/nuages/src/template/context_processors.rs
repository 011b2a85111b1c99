//! Context processors (Django's `django.template.context_processors`):
//! functions of the request whose variables every rendered template sees,
//! named in `TEMPLATES[0].OPTIONS.context_processors`.

use std::sync::Arc;

use nuages_template::{Object, Value};

use crate::conf::settings;
use crate::http::Request;
use crate::middleware::csrf::LazyCsrfToken;

/// A context processor: the variables it adds for one request.
pub type ContextProcessor = fn(&Request) -> Vec<(String, Value)>;

/// The built-in processor with this name (`nuages.` or `django.` prefix).
pub fn by_name(name: &str) -> Option<ContextProcessor> {
    let short = name.rsplit('.').next()?;
    if name == "django.contrib.messages.context_processors.messages"
        || name == "nuages.contrib.messages.context_processors.messages"
    {
        return Some(crate::contrib::messages::context_processors::messages);
    }
    let known = name.starts_with("nuages.template.context_processors.")
        || name.starts_with("django.template.context_processors.");
    if !known {
        return None;
    }
    match short {
        "request" => Some(request),
        "csrf" => Some(csrf),
        "static" => Some(static_url),
        "media" => Some(media),
        "debug" => Some(debug),
        _ => None,
    }
}

/// What templates see of the request as `{{ request }}`.
struct RequestObject {
    path: String,
    path_info: String,
    method: String,
    full_path: String,
    scheme: &'static str,
    host: String,
    is_secure: bool,
    get: Value,
}

impl Object for RequestObject {
    fn get_attr(&self, name: &str) -> Option<Value> {
        Some(match name {
            "path" => self.path.as_str().into(),
            "path_info" => self.path_info.as_str().into(),
            "method" => self.method.as_str().into(),
            "get_full_path" => self.full_path.as_str().into(),
            "scheme" => self.scheme.into(),
            "get_host" => self.host.as_str().into(),
            "is_secure" => self.is_secure.into(),
            "GET" => self.get.clone(),
            _ => return None,
        })
    }

    fn to_display(&self) -> String {
        format!("<HttpRequest: {} '{}'>", self.method, self.full_path)
    }
}

/// `request`: the request itself.
pub fn request(request: &Request) -> Vec<(String, Value)> {
    let get = request
        .query()
        .map(|q| Value::from_serialize(&q.iter().collect::<std::collections::BTreeMap<_, _>>()))
        .unwrap_or(Value::None);
    let object = RequestObject {
        path: request.path().to_owned(),
        path_info: request.path_info().to_owned(),
        method: request.method().to_string(),
        full_path: request.get_full_path(),
        scheme: request.scheme(),
        host: request.get_host(),
        is_secure: request.is_secure(),
        get,
    };
    vec![("request".to_owned(), Value::Object(Arc::new(object)))]
}

/// The lazy `csrf_token` as a template value.
struct CsrfToken(LazyCsrfToken);

impl Object for CsrfToken {
    fn get_attr(&self, _name: &str) -> Option<Value> {
        None
    }

    fn to_display(&self) -> String {
        self.0.get().to_owned()
    }
}

/// `csrf`: `csrf_token`, the masked token `{% csrf_token %}` renders;
/// computed (and the CSRF cookie sent) only when a template uses it.
pub fn csrf(request: &Request) -> Vec<(String, Value)> {
    vec![(
        "csrf_token".to_owned(),
        Value::Object(Arc::new(CsrfToken(LazyCsrfToken::new(request)))),
    )]
}

/// `static`: `STATIC_URL`.
pub fn static_url(_request: &Request) -> Vec<(String, Value)> {
    let url = settings()
        .STATIC_URL
        .as_deref()
        .map(super::backend::prefixed_url)
        .unwrap_or_default();
    vec![("STATIC_URL".to_owned(), Value::from(url))]
}

/// `media`: `MEDIA_URL`.
pub fn media(_request: &Request) -> Vec<(String, Value)> {
    vec![(
        "MEDIA_URL".to_owned(),
        Value::from(super::backend::prefixed_url(&settings().MEDIA_URL)),
    )]
}

/// `debug`: `debug = true` when DEBUG is on and the client is in INTERNAL_IPS.
pub fn debug(request: &Request) -> Vec<(String, Value)> {
    let settings = settings();
    let internal = request
        .remote_addr()
        .is_some_and(|addr| settings.INTERNAL_IPS.iter().any(|ip| *ip == addr.ip().to_string()));
    if settings.DEBUG && internal {
        vec![("debug".to_owned(), Value::from(true))]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_with_either_prefix() {
        assert!(by_name("nuages.template.context_processors.request").is_some());
        assert!(by_name("django.template.context_processors.csrf").is_some());
        assert!(by_name("django.contrib.auth.context_processors.auth").is_none());
        assert!(by_name("nuages.template.context_processors.nope").is_none());
        assert!(by_name("django.contrib.messages.context_processors.messages").is_some());
    }
}
