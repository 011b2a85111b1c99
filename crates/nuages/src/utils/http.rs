//! Django's `django.utils.http`: URL safety checks for redirects.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::urlparse::urlsplit;

/// Longer URLs are never considered safe (Django's `MAX_URL_LENGTH`).
pub const MAX_URL_LENGTH: usize = 2048;

/// Python's `str.isspace`: Unicode whitespace plus the ASCII separators
/// U+001C to U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Whether redirecting to `url` is safe: Django's
/// `url_has_allowed_host_and_scheme(url, allowed_hosts, require_https)`.
///
/// True for a relative URL (`/accounts/profile/`, `?page=2`), or an
/// absolute one whose network location is exactly one of `allowed_hosts`
/// (host and port as written, compared case-sensitively) and whose scheme
/// is `http` or `https` (only `https` with `require_https`). Always false
/// for an empty URL, a scheme-relative URL to another host (`//evil.com`),
/// backslash tricks (`/\evil.com`, which browsers read as `//evil.com`),
/// `javascript:` and other schemes, URLs starting with control or
/// invisible characters, and URLs longer than [`MAX_URL_LENGTH`].
///
/// Use it on every user-supplied redirect target (`?next=`) before
/// redirecting, falling back to a fixed URL when it is false.
///
/// # Examples
///
/// ```
/// use nuages::utils::http::url_has_allowed_host_and_scheme;
///
/// let hosts = ["testserver"];
/// assert!(url_has_allowed_host_and_scheme("/polls/1/", &hosts, false));
/// assert!(url_has_allowed_host_and_scheme("https://testserver/x", &hosts, true));
/// assert!(!url_has_allowed_host_and_scheme("http://testserver/x", &hosts, true));
/// assert!(!url_has_allowed_host_and_scheme("//evil.com/", &hosts, false));
/// assert!(!url_has_allowed_host_and_scheme("/\\evil.com", &hosts, false));
/// assert!(!url_has_allowed_host_and_scheme("javascript:alert(1)", &hosts, false));
/// ```
pub fn url_has_allowed_host_and_scheme<S: AsRef<str>>(url: &str, allowed_hosts: &[S], require_https: bool) -> bool {
    let url = url.trim_matches(is_py_space);
    if url.is_empty() {
        return false;
    }
    // Browsers treat `\` as `/` in paths, but it may also be part of the
    // userinfo: both readings must be safe.
    check(url, allowed_hosts, require_https) && check(&url.replace('\\', "/"), allowed_hosts, require_https)
}

/// Django's `_url_has_allowed_host_and_scheme`.
fn check<S: AsRef<str>>(url: &str, allowed_hosts: &[S], require_https: bool) -> bool {
    // Browsers read any URL starting with three slashes as absolute.
    if url.starts_with("///") || url.chars().count() > MAX_URL_LENGTH {
        return false;
    }
    let Ok(parts) = urlsplit(url) else {
        return false;
    };
    // `http:///example.com`: a scheme without a host, which browsers
    // still send to example.com.
    if parts.netloc.is_empty() && !parts.scheme.is_empty() {
        return false;
    }
    // Browsers skip some leading control characters and could read the
    // rest as scheme-relative.
    if url
        .chars()
        .next()
        .is_some_and(|c| c.general_category_group() == GeneralCategoryGroup::Other)
    {
        return false;
    }
    let scheme = if parts.scheme.is_empty() && !parts.netloc.is_empty() {
        "http"
    } else {
        parts.scheme.as_str()
    };
    let host_ok = parts.netloc.is_empty() || allowed_hosts.iter().any(|h| h.as_ref() == parts.netloc);
    let scheme_ok = scheme.is_empty() || scheme == "https" || (!require_https && scheme == "http");
    host_ok && scheme_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_leading_characters_are_unsafe() {
        let hosts = ["testserver"];
        assert!(!url_has_allowed_host_and_scheme("\u{200b}//example.com", &hosts, false));
        assert!(!url_has_allowed_host_and_scheme("\u{7f}/path", &hosts, false));
        assert!(url_has_allowed_host_and_scheme("  /path", &hosts, false));
        assert!(!url_has_allowed_host_and_scheme(
            &format!("/{}", "a".repeat(2048)),
            &hosts,
            false
        ));
    }
}
