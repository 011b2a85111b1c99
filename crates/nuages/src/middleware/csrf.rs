//! Cross-site request forgery protection: Django 5.2's
//! `django/middleware/csrf.py`.
//!
//! The `csrftoken` cookie holds a 32-character secret; forms carry a
//! 64-character *masked* token (a random mask followed by the secret
//! shifted by the mask) in `csrfmiddlewaretoken`, or scripts send it in
//! `X-CSRFToken`. Unsafe requests (not GET/HEAD/OPTIONS/TRACE) are checked:
//! `Origin` against the host and `CSRF_TRUSTED_ORIGINS`, `Referer` on HTTPS,
//! then the token against the cookie. Failures are 403 with Django's reason
//! strings. Views opt out with [`csrf_exempt`](crate::handler::csrf_exempt).

use std::sync::{Arc, Mutex};

use rand::Rng;

use super::{Middleware, Next, patch_vary_headers};
use crate::conf::Settings;
use crate::core::handlers::host::{check_host, is_same_domain};
use crate::core::signing::constant_time_compare;
use crate::error::Result;
use crate::handler::BoxFuture;
use crate::http::{CookieOptions, Request, Response};
use crate::urls::ResolverMatch;

/// Length of the secret stored in the cookie.
pub const CSRF_SECRET_LENGTH: usize = 32;
/// Length of a masked token.
pub const CSRF_TOKEN_LENGTH: usize = 2 * CSRF_SECRET_LENGTH;
/// Characters of secrets and tokens.
pub const CSRF_ALLOWED_CHARS: &[u8; 62] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Name of the form field.
pub const CSRF_FORM_FIELD: &str = "csrfmiddlewaretoken";

/// `Origin checking failed - %s does not match any trusted origins.`
pub const REASON_BAD_ORIGIN: &str = "Origin checking failed - {} does not match any trusted origins.";
/// Referer missing on HTTPS.
pub const REASON_NO_REFERER: &str = "Referer checking failed - no Referer.";
/// Referer not trusted.
pub const REASON_BAD_REFERER: &str = "Referer checking failed - {} does not match any trusted origins.";
/// No cookie.
pub const REASON_NO_CSRF_COOKIE: &str = "CSRF cookie not set.";
/// No token in the form or header.
pub const REASON_CSRF_TOKEN_MISSING: &str = "CSRF token missing.";
/// Referer unparsable.
pub const REASON_MALFORMED_REFERER: &str = "Referer checking failed - Referer is malformed.";
/// Referer over HTTP to an HTTPS site.
pub const REASON_INSECURE_REFERER: &str = "Referer checking failed - Referer is insecure while host is secure.";

const REASON_INCORRECT_LENGTH: &str = "has incorrect length";
const REASON_INVALID_CHARACTERS: &str = "has invalid characters";

/// Marker extension: skip the checks (the test client's default, Django's
/// `request._dont_enforce_csrf_checks`). Cookies are still set.
#[derive(Clone, Copy, Debug)]
pub struct DontEnforceCsrfChecks;

#[derive(Debug, Default)]
struct CsrfCookie {
    /// The secret to send back (Django's `META["CSRF_COOKIE"]`).
    secret: Option<String>,
    /// Django's `META["CSRF_COOKIE_NEEDS_UPDATE"]`.
    needs_update: bool,
}

/// Per-request CSRF state, shared between the middleware and the view.
#[derive(Clone, Debug, Default)]
pub struct CsrfState(Arc<Mutex<CsrfCookie>>);

impl CsrfState {
    fn with<T>(&self, f: impl FnOnce(&mut CsrfCookie) -> T) -> T {
        let mut guard = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }
}

fn new_csrf_string() -> String {
    let mut rng = rand::rng();
    (0..CSRF_SECRET_LENGTH)
        .map(|_| CSRF_ALLOWED_CHARS[rng.random_range(0..CSRF_ALLOWED_CHARS.len())] as char)
        .collect()
}

fn index(c: u8) -> usize {
    CSRF_ALLOWED_CHARS.iter().position(|&a| a == c).unwrap_or(0)
}

/// Django's `_mask_cipher_secret` with a given mask (32 allowed chars).
pub fn mask_cipher_secret_with(secret: &str, mask: &str) -> String {
    let cipher: String = secret
        .bytes()
        .zip(mask.bytes())
        .map(|(s, m)| CSRF_ALLOWED_CHARS[(index(s) + index(m)) % CSRF_ALLOWED_CHARS.len()] as char)
        .collect();
    format!("{mask}{cipher}")
}

/// Django's `_mask_cipher_secret`: a fresh masked token for `secret`.
pub fn mask_cipher_secret(secret: &str) -> String {
    mask_cipher_secret_with(secret, &new_csrf_string())
}

/// Django's `_unmask_cipher_token`: the secret inside a 64-char token.
pub fn unmask_cipher_token(token: &str) -> String {
    let (mask, cipher) = token.split_at(token.len().min(CSRF_SECRET_LENGTH));
    let n = CSRF_ALLOWED_CHARS.len();
    cipher
        .bytes()
        .zip(mask.bytes())
        .map(|(c, m)| CSRF_ALLOWED_CHARS[(index(c) + n - index(m)) % n] as char)
        .collect()
}

/// Django's `_check_token_format`: the reason when malformed.
fn check_token_format(token: &str) -> std::result::Result<(), &'static str> {
    if token.len() != CSRF_TOKEN_LENGTH && token.len() != CSRF_SECRET_LENGTH {
        return Err(REASON_INCORRECT_LENGTH);
    }
    if !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(REASON_INVALID_CHARACTERS);
    }
    Ok(())
}

/// Django's `_does_token_match`.
fn does_token_match(token: &str, secret: &str) -> bool {
    let token = if token.len() == CSRF_TOKEN_LENGTH {
        unmask_cipher_token(token)
    } else {
        token.to_owned()
    };
    constant_time_compare(token.as_bytes(), secret.as_bytes())
}

/// Django's `get_token(request)`: a fresh masked token for the request's
/// secret (creating the secret if needed), and mark the cookie to be sent.
/// This is the template context's `csrf_token`.
pub fn get_token(request: &Request) -> String {
    LazyCsrfToken::new(request).get().to_owned()
}

/// Django's lazy `csrf_token` context variable: the masked token is made,
/// and the cookie marked to be sent, only when something reads it (a
/// template rendering `{% csrf_token %}`), so pages without a form set no
/// cookie and get no `Vary: Cookie`.
pub struct LazyCsrfToken {
    state: Option<CsrfState>,
    token: std::sync::OnceLock<String>,
}

impl LazyCsrfToken {
    /// A token for `request`, not computed yet.
    pub fn new(request: &Request) -> Self {
        LazyCsrfToken {
            state: request.extensions().get::<CsrfState>().cloned(),
            token: std::sync::OnceLock::new(),
        }
    }

    /// The masked token (computed on first call, as [`get_token`] does).
    pub fn get(&self) -> &str {
        self.token.get_or_init(|| match &self.state {
            Some(state) => state.with(|c| {
                c.needs_update = true;
                let secret = c.secret.get_or_insert_with(new_csrf_string).clone();
                mask_cipher_secret(&secret)
            }),
            // No CsrfViewMiddleware: a token that will not verify, as Django
            // would give without the cookie being sent.
            None => mask_cipher_secret(&new_csrf_string()),
        })
    }
}

/// Django's `rotate_token(request)`: a new secret (login does this).
pub fn rotate_token(request: &Request) {
    if let Some(state) = request.extensions().get::<CsrfState>() {
        state.with(|c| {
            c.secret = Some(new_csrf_string());
            c.needs_update = true;
        });
    }
}

/// Python's `urlsplit` reduced to `(scheme, netloc)`; `None` where it
/// raises `ValueError`.
fn urlsplit(url: &str) -> Option<(String, String)> {
    crate::utils::urlparse::urlsplit(url).ok().map(|p| (p.scheme, p.netloc))
}

/// Django's `HttpHeaders.parse_header_name` for messages: `HTTP_X_CSRFTOKEN` -> `X-Csrftoken`.
fn header_title(meta_name: &str) -> String {
    let name = meta_name.strip_prefix("HTTP_").unwrap_or(meta_name);
    name.split('_')
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Django's `CsrfViewMiddleware`.
pub struct CsrfViewMiddleware {
    settings: Arc<Settings>,
    header_name: String,
}

impl CsrfViewMiddleware {
    /// From the `CSRF_*` settings.
    pub fn new(settings: &Settings) -> Self {
        let header_name = settings
            .CSRF_HEADER_NAME
            .strip_prefix("HTTP_")
            .unwrap_or(&settings.CSRF_HEADER_NAME)
            .replace('_', "-")
            .to_ascii_lowercase();
        CsrfViewMiddleware {
            settings: Arc::new(settings.clone()),
            header_name,
        }
    }

    /// Django's `_get_secret`: the unmasked secret from the cookie,
    /// `Ok(None)` without a cookie, `Err(reason)` when malformed.
    fn get_secret(&self, request: &Request) -> std::result::Result<Option<String>, &'static str> {
        let Some(cookie) = request.cookie(&self.settings.CSRF_COOKIE_NAME) else {
            return Ok(None);
        };
        check_token_format(cookie)?;
        Ok(Some(if cookie.len() == CSRF_TOKEN_LENGTH {
            unmask_cipher_token(cookie)
        } else {
            cookie.to_owned()
        }))
    }

    fn origin_verified(&self, request: &Request, origin: &str) -> bool {
        if let Ok(host) = check_host(request, &self.settings)
            && origin == format!("{}://{host}", request.scheme())
        {
            return true;
        }
        let trusted = &self.settings.CSRF_TRUSTED_ORIGINS;
        if trusted.iter().any(|t| !t.contains('*') && t == origin) {
            return true;
        }
        let Some((scheme, netloc)) = urlsplit(origin) else {
            return false;
        };
        trusted
            .iter()
            .filter(|t| t.contains('*'))
            .filter_map(|t| urlsplit(t))
            .any(|(s, host)| s == scheme && is_same_domain(&netloc, host.trim_start_matches('*')))
    }

    fn check_referer(&self, request: &Request) -> std::result::Result<(), String> {
        let referer = request.header("referer").ok_or(REASON_NO_REFERER)?;
        let (scheme, netloc) = urlsplit(referer).ok_or(REASON_MALFORMED_REFERER)?;
        if scheme.is_empty() || netloc.is_empty() {
            return Err(REASON_MALFORMED_REFERER.into());
        }
        if scheme != "https" {
            return Err(REASON_INSECURE_REFERER.into());
        }
        let bad = || REASON_BAD_REFERER.replace("{}", referer);
        let trusted_hosts = self
            .settings
            .CSRF_TRUSTED_ORIGINS
            .iter()
            .filter_map(|o| urlsplit(o))
            .map(|(_, n)| n.trim_start_matches('*').to_owned());
        if trusted_hosts.into_iter().any(|host| is_same_domain(&netloc, &host)) {
            return Ok(());
        }
        let good_referer = match &self.settings.CSRF_COOKIE_DOMAIN {
            None => check_host(request, &self.settings).map_err(|_| bad())?,
            Some(domain) => {
                let host = request.get_host();
                let port = crate::core::handlers::host::split_domain_port(&host).1;
                let port = if port.is_empty() {
                    if request.is_secure() {
                        "443".to_owned()
                    } else {
                        "80".to_owned()
                    }
                } else {
                    port
                };
                if port == "443" || port == "80" {
                    domain.clone()
                } else {
                    format!("{domain}:{port}")
                }
            }
        };
        if !is_same_domain(&netloc, &good_referer) {
            return Err(bad());
        }
        Ok(())
    }

    /// Django's `_check_token`.
    fn check_token(&self, request: &Request) -> std::result::Result<(), String> {
        let secret = match self.get_secret(request) {
            Ok(Some(secret)) => secret,
            Ok(None) => return Err(REASON_NO_CSRF_COOKIE.into()),
            Err(reason) => return Err(format!("CSRF cookie {reason}.")),
        };
        let mut token = String::new();
        if request.method() == http::Method::POST
            && let Ok(post) = request.post()
        {
            token = post.get(CSRF_FORM_FIELD).unwrap_or("").to_owned();
        }
        let source = if token.is_empty() {
            token = request
                .header(&self.header_name)
                .ok_or(REASON_CSRF_TOKEN_MISSING)?
                .to_owned();
            format!("the '{}' HTTP header", header_title(&self.settings.CSRF_HEADER_NAME))
        } else {
            "POST".to_owned()
        };
        if let Err(reason) = check_token_format(&token) {
            return Err(format!("CSRF token from {source} {reason}."));
        }
        if !does_token_match(&token, &secret) {
            return Err(format!("CSRF token from {source} incorrect."));
        }
        Ok(())
    }

    /// The checks of `process_view` for an unsafe request, without the
    /// exemptions: `Err(reason)` means reject with 403.
    ///
    /// # Errors
    /// Django's reason string, e.g. `CSRF token missing.`.
    pub fn check(&self, request: &Request) -> std::result::Result<(), String> {
        if let Some(origin) = request.header("origin") {
            if !self.origin_verified(request, origin) {
                return Err(REASON_BAD_ORIGIN.replace("{}", origin));
            }
        } else if request.is_secure() {
            self.check_referer(request)?;
        }
        self.check_token(request)
    }

    /// Django's `csrf_failure` view: 403 with the reason (shown with DEBUG).
    fn reject(&self, request: &Request, reason: &str) -> Response {
        tracing::warn!(target: "nuages.security.csrf", status = 403, "Forbidden ({reason}): {}", request.path());
        let mut body = String::from(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n  \
             <meta name=\"robots\" content=\"NONE,NOARCHIVE\">\n  <title>403 Forbidden</title>\n</head>\n<body>\n  \
             <h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>\n",
        );
        if self.settings.DEBUG {
            body.push_str(&format!(
                "  <p>Reason given for failure:</p>\n  <pre>\n    {}\n  </pre>\n",
                crate::core::handlers::debug::escape(reason)
            ));
        }
        body.push_str("</body>\n</html>\n");
        Response::with_status(http::StatusCode::FORBIDDEN, body)
    }

    fn set_cookie(&self, response: &mut Response, secret: &str) {
        let s = &self.settings;
        let options = CookieOptions {
            max_age: s.CSRF_COOKIE_AGE.map(|a| a as f64),
            expires: None,
            path: Some(s.CSRF_COOKIE_PATH.clone()),
            domain: s.CSRF_COOKIE_DOMAIN.clone(),
            secure: s.CSRF_COOKIE_SECURE,
            httponly: s.CSRF_COOKIE_HTTPONLY,
            samesite: s.CSRF_COOKIE_SAMESITE.clone(),
        };
        if let Err(e) = response.set_cookie(&s.CSRF_COOKIE_NAME, secret, options) {
            tracing::error!(target: "nuages.security.csrf", "cannot set the CSRF cookie: {e}");
        }
        patch_vary_headers(response, &["Cookie"]);
    }
}

impl Middleware for CsrfViewMiddleware {
    fn call<'a>(&'a self, mut request: Request, next: Next) -> BoxFuture<'a, Result<Response>> {
        Box::pin(async move {
            // process_request: reuse the cookie's secret (unmasked), or
            // replace a malformed cookie with a new secret.
            let state = CsrfState::default();
            match self.get_secret(&request) {
                Ok(secret) => state.with(|c| c.secret = secret),
                Err(_) => state.with(|c| {
                    c.secret = Some(new_csrf_string());
                    c.needs_update = true;
                }),
            }
            request.extensions_mut().insert(state.clone());
            let mut response = next.run(request).await;
            // process_response
            let update = state.with(|c| {
                if c.needs_update {
                    c.needs_update = false;
                    c.secret.clone()
                } else {
                    None
                }
            });
            if let Some(secret) = update {
                self.set_cookie(&mut response, &secret);
            }
            Ok(response)
        })
    }

    fn process_view(&self, request: &mut Request, resolved: &ResolverMatch) -> Option<Result<Response>> {
        if resolved.view.csrf_exempt() {
            return None;
        }
        if matches!(request.method().as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE") {
            return None;
        }
        if request.extensions().get::<DontEnforceCsrfChecks>().is_some() {
            return None;
        }
        match self.check(request) {
            Ok(()) => None,
            Err(reason) => Some(Ok(self.reject(request, &reason))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_round_trip() {
        let secret = new_csrf_string();
        let token = mask_cipher_secret(&secret);
        assert_eq!(token.len(), CSRF_TOKEN_LENGTH);
        assert_eq!(unmask_cipher_token(&token), secret);
        assert!(does_token_match(&token, &secret));
        assert!(does_token_match(&secret, &secret));
        assert!(!does_token_match(&mask_cipher_secret(&new_csrf_string()), &secret));
    }

    #[test]
    fn header_names() {
        assert_eq!(header_title("HTTP_X_CSRFTOKEN"), "X-Csrftoken");
        assert_eq!(urlsplit("https://a.com:8/x"), Some(("https".into(), "a.com:8".into())));
        assert_eq!(urlsplit("null"), Some(("".into(), "".into())));
        assert_eq!(urlsplit("https://[::1/"), None);
    }
}
