//! Python's `urllib.parse.urlsplit`, which Django relies on for redirect
//! safety and the CSRF `Origin`/`Referer` checks.
//!
//! Parsing a URL the way Python does (not the way the WHATWG URL standard
//! does) matters here: Django's decisions about `?next=` targets and CSRF
//! origins are defined by what `urlsplit` returns, quirks included.

use std::net::Ipv6Addr;

use unicode_normalization::UnicodeNormalization;

/// The five parts of a URL, as Python's `SplitResult`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitResult {
    /// The scheme, lowercased (`""` when none).
    pub scheme: String,
    /// The network location: `user:password@host:port` (`""` when none).
    pub netloc: String,
    /// The path.
    pub path: String,
    /// The query string, without `?`.
    pub query: String,
    /// The fragment, without `#`.
    pub fragment: String,
}

/// Why [`urlsplit`] refused a URL (Python raises `ValueError`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlSplitError {
    /// A `[` without `]` or the reverse in the network location.
    #[error("Invalid IPv6 URL")]
    UnbalancedBrackets,
    /// The bracketed host is not an IPv6 address (or an `IPvFuture` form).
    #[error("invalid bracketed host {0:?}")]
    InvalidBracketedHost(String),
    /// The network location holds characters that NFKC turns into `/?#@:`.
    #[error("netloc {0:?} contains invalid characters under NFKC normalization")]
    NfkcDelimiter(String),
}

/// What the WHATWG URL standard calls C0 controls and space, stripped from
/// the start of the URL.
fn is_c0_control_or_space(c: char) -> bool {
    c <= ' '
}

/// Characters allowed in a scheme.
fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// Split `url` into its five parts as Python 3.11's
/// `urllib.parse.urlsplit(url)` does: leading C0 controls and spaces are
/// stripped, tabs and newlines removed anywhere, the scheme is lowercased,
/// and no percent-decoding happens.
///
/// # Errors
/// Where Python raises `ValueError`: unbalanced IPv6 brackets, a bracketed
/// host that is not an IPv6 address, or a non-ASCII network location that
/// NFKC normalisation turns into URL delimiters.
///
/// # Examples
///
/// ```
/// use nuages::utils::urlparse::urlsplit;
///
/// let parts = urlsplit("HTTPS://example.com:8000/a/b?x=1#top").unwrap();
/// assert_eq!(parts.scheme, "https");
/// assert_eq!(parts.netloc, "example.com:8000");
/// assert_eq!(parts.path, "/a/b");
/// assert_eq!(parts.query, "x=1");
/// assert_eq!(parts.fragment, "top");
/// assert!(urlsplit("http://[::1/").is_err());
/// ```
pub fn urlsplit(url: &str) -> Result<SplitResult, UrlSplitError> {
    let url: String = url
        .trim_start_matches(is_c0_control_or_space)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut rest = url.as_str();
    let mut result = SplitResult::default();
    if let Some(i) = rest.find(':')
        && i > 0
        && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest[..i].chars().all(is_scheme_char)
    {
        result.scheme = rest[..i].to_ascii_lowercase();
        rest = &rest[i + 1..];
    }
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        result.netloc = after[..end].to_owned();
        rest = &after[end..];
        let netloc = &result.netloc;
        if netloc.contains('[') != netloc.contains(']') {
            return Err(UrlSplitError::UnbalancedBrackets);
        }
        if let Some((_, after_open)) = netloc.split_once('[') {
            let host = after_open.split_once(']').map_or(after_open, |(h, _)| h);
            check_bracketed_host(host)?;
        }
    }
    if let Some((before, fragment)) = rest.split_once('#') {
        result.fragment = fragment.to_owned();
        rest = before;
    }
    if let Some((before, query)) = rest.split_once('?') {
        result.query = query.to_owned();
        rest = before;
    }
    result.path = rest.to_owned();
    check_netloc(&result.netloc)?;
    Ok(result)
}

/// Python's `_check_bracketed_host`: an `IPvFuture` (`v1.x`) or an IPv6
/// address (with an optional `%scope`), not IPv4.
fn check_bracketed_host(host: &str) -> Result<(), UrlSplitError> {
    let invalid = || UrlSplitError::InvalidBracketedHost(host.to_owned());
    if let Some(future) = host.strip_prefix('v') {
        let (version, address) = future.split_once('.').ok_or_else(invalid)?;
        let valid = !version.is_empty() && version.chars().all(|c| c.is_ascii_hexdigit()) && !address.is_empty();
        return if valid { Ok(()) } else { Err(invalid()) };
    }
    let address = match host.split_once('%') {
        Some((address, scope)) if !scope.is_empty() && !scope.contains('%') => address,
        Some(_) => return Err(invalid()),
        None => host,
    };
    // Python's `ip_address` also accepts IPv4, which brackets then refuse.
    address.parse::<Ipv6Addr>().map(|_| ()).map_err(|_| invalid())
}

/// Python's `_checknetloc`: refuse a non-ASCII network location whose NFKC
/// form gains one of `/?#@:` (such as U+2100 `℀`, which becomes `a/c`).
fn check_netloc(netloc: &str) -> Result<(), UrlSplitError> {
    if netloc.is_ascii() {
        return Ok(());
    }
    let stripped: String = netloc.chars().filter(|c| !matches!(c, '@' | ':' | '#' | '?')).collect();
    let normalized: String = stripped.nfkc().collect();
    if normalized != stripped && normalized.contains(['/', '?', '#', '@', ':']) {
        return Err(UrlSplitError::NfkcDelimiter(netloc.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(url: &str) -> (String, String, String, String, String) {
        let r = urlsplit(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        (r.scheme, r.netloc, r.path, r.query, r.fragment)
    }

    #[test]
    fn splits_like_python() {
        assert_eq!(
            split("http://a/b?c#d"),
            ("http".into(), "a".into(), "/b".into(), "c".into(), "d".into())
        );
        assert_eq!(
            split("path/http:2222"),
            ("".into(), "".into(), "path/http:2222".into(), "".into(), "".into())
        );
        assert_eq!(split("1http://x").0, "");
        assert_eq!(split(" \u{8}//x").1, "x");
        assert_eq!(split("/\t/x").1, "x");
        assert_eq!(split("http:/\\x").2, "/\\x");
        assert_eq!(
            split("https:example.com"),
            ("https".into(), "".into(), "example.com".into(), "".into(), "".into())
        );
        assert_eq!(split("//[::1%eth0]:80/").1, "[::1%eth0]:80");
        assert_eq!(split("//[v1.fe]/").1, "[v1.fe]");
    }

    #[test]
    fn refuses_what_python_refuses() {
        assert_eq!(urlsplit("http://[::1/"), Err(UrlSplitError::UnbalancedBrackets));
        assert!(urlsplit("http://::1]/").is_err());
        assert!(urlsplit("http://[127.0.0.1]/").is_err());
        assert!(urlsplit("http://[nothost]/").is_err());
        assert!(urlsplit("http://a\u{2100}b/").is_err());
        assert!(urlsplit("http://t\u{eb}stserver/").is_ok());
    }
}
