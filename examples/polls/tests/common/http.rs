//! A minimal HTTP/1.1 client over a raw TCP socket, so the tests send
//! exactly the bytes they mean (bad Host, broken escapes, huge bodies).

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed response.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header named `name`.
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One connection, reused for several requests (keep-alive).
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    /// Connect to `addr`.
    pub async fn open(addr: SocketAddr) -> Connection {
        Connection {
            stream: TcpStream::connect(addr).await.expect("connect"),
            buffer: Vec::new(),
        }
    }

    /// Send raw request bytes and read one response.
    pub async fn send(&mut self, raw: &[u8]) -> RawResponse {
        self.stream.write_all(raw).await.expect("write request");
        self.read_response().await
    }

    async fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await.unwrap_or(0);
        self.buffer.extend_from_slice(&chunk[..n]);
        n > 0
    }

    async fn read_response(&mut self) -> RawResponse {
        let head_end = loop {
            if let Some(pos) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos;
            }
            assert!(self.fill().await, "connection closed before a response head");
        };
        let head = String::from_utf8_lossy(&self.buffer[..head_end]).into_owned();
        self.buffer.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let status_line = lines.next().expect("status line");
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status code");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok());
        let chunked = headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
        let body = if let Some(length) = length {
            while self.buffer.len() < length {
                assert!(self.fill().await, "connection closed inside a body");
            }
            self.buffer.drain(..length).collect()
        } else if chunked {
            self.read_chunked().await
        } else {
            while self.fill().await {}
            std::mem::take(&mut self.buffer)
        };
        RawResponse { status, headers, body }
    }

    async fn read_chunked(&mut self) -> Vec<u8> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(pos) = self.buffer.windows(2).position(|w| w == b"\r\n") {
                    break pos;
                }
                assert!(self.fill().await, "connection closed inside a chunk");
            };
            let size_text = String::from_utf8_lossy(&self.buffer[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.trim(), 16).expect("chunk size");
            self.buffer.drain(..line_end + 2);
            while self.buffer.len() < size + 2 {
                assert!(self.fill().await, "connection closed inside a chunk");
            }
            body.extend(self.buffer.drain(..size));
            self.buffer.drain(..2);
            if size == 0 {
                return body;
            }
        }
    }
}

/// `GET path` on a fresh connection with a valid Host.
pub async fn get(addr: SocketAddr, path: &str) -> RawResponse {
    let mut conn = Connection::open(addr).await;
    conn.send(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes())
        .await
}

/// A GET sending `cookie`, on a fresh connection.
pub async fn get_with_cookie(addr: SocketAddr, path: &str, cookie: &str) -> RawResponse {
    let mut conn = Connection::open(addr).await;
    conn.send(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
}

/// The `name=value` part of the `Set-Cookie` header setting `name`.
pub fn set_cookie(response: &RawResponse, name: &str) -> Option<String> {
    response
        .headers_named("set-cookie")
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

/// The value of the `csrfmiddlewaretoken` hidden input of a page.
pub fn form_token(html: &str) -> Option<String> {
    let marker = "name=\"csrfmiddlewaretoken\" value=\"";
    let start = html.find(marker)? + marker.len();
    html[start..].split('"').next().map(str::to_owned)
}

/// Log in over HTTP as a browser does (GET the form, POST it with the CSRF
/// cookie and token); returns the `Cookie` header value to send afterwards
/// (the rotated `csrftoken` and the `sessionid`).
pub async fn login_over_http(addr: SocketAddr, username: &str, password: &str) -> String {
    let page = get(addr, "/accounts/login/").await;
    assert_eq!(page.status, 200);
    let csrf = set_cookie(&page, "csrftoken").expect("csrftoken cookie");
    let token = form_token(&page.text()).expect("form token");
    let body = format!("username={username}&password={password}&csrfmiddlewaretoken={token}");
    let response = post_form(addr, "/accounts/login/", &body, Some(&csrf), &[]).await;
    assert_eq!(response.status, 302, "{}", response.text());
    let session = set_cookie(&response, "sessionid").expect("sessionid cookie");
    let csrf = set_cookie(&response, "csrftoken").unwrap_or(csrf);
    format!("{csrf}; {session}")
}

/// A form POST with optional cookie and extra headers, on a fresh connection.
pub async fn post_form(
    addr: SocketAddr,
    path: &str,
    body: &str,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
) -> RawResponse {
    let mut conn = Connection::open(addr).await;
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    conn.send(request.as_bytes()).await
}
