//! The request pipeline over real HTTP: server, Application, built-in
//! middleware, sessions, CSRF, error handling, graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use nuages::conf::Settings;
use nuages::contrib::sessions::RequestSessionExt;
use nuages::core::handlers::Application;
use nuages::http::{Request, Response};
use nuages::middleware::csrf::get_token;
use nuages::middleware::{Middleware, MiddlewareRegistry, Next, from_fn};
use nuages::urls::{URLResolver, path};
use nuages::{Error, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn index(_request: Request) -> Result<Response> {
    Ok(Response::new("hello"))
}

async fn slow(_request: Request) -> Result<Response> {
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(Response::new("slow done"))
}

async fn items(_request: Request) -> Result<Response> {
    Ok(Response::new("items"))
}

async fn counter(request: Request) -> Result<Response> {
    let session = request.session()?;
    let n: i64 = session.get("n").unwrap_or(0) + 1;
    session.set("n", n);
    Ok(Response::new(format!("n={n}")))
}

async fn form(request: Request) -> Result<Response> {
    if request.method() == http::Method::POST {
        let name = request.post()?.get("name").unwrap_or("").to_owned();
        return Ok(Response::new(format!("posted {name}")));
    }
    Ok(Response::new(get_token(&request)))
}

async fn boom(_request: Request) -> Result<Response> {
    Err(Error::msg("database exploded"))
}

async fn forbidden(_request: Request) -> Result<Response> {
    Err(Error::permission_denied("no"))
}

fn resolver() -> Arc<URLResolver> {
    Arc::new(URLResolver::new(vec![
        path("", index),
        path("slow/", slow),
        path("items/", items),
        path("session/", counter),
        path("form/", form),
        path("boom/", boom),
        path("forbidden/", forbidden),
    ]))
}

fn settings(debug: bool) -> Settings {
    Settings {
        DEBUG: debug,
        ALLOWED_HOSTS: vec!["testserver".into(), "127.0.0.1".into(), "localhost".into()],
        DATA_UPLOAD_MAX_MEMORY_SIZE: Some(1000),
        MIDDLEWARE: [
            "nuages.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "nuages.middleware.common.CommonMiddleware",
            "nuages.middleware.csrf.CsrfViewMiddleware",
            "nuages.middleware.clickjacking.XFrameOptionsMiddleware",
        ]
        .map(String::from)
        .to_vec(),
        ..Settings::for_tests()
    }
}

fn app(debug: bool) -> Arc<Application> {
    Arc::new(
        Application::from_settings(Arc::new(settings(debug)), resolver(), &MiddlewareRegistry::default())
            .expect("chain"),
    )
}

struct Server {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(app: Arc<Application>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(nuages::server::serve(listener, app, async move {
        let _ = rx.await;
    }));
    Server {
        addr,
        stop: Some(tx),
        task,
    }
}

impl Server {
    async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = tokio::time::timeout(Duration::from_secs(5), self.task).await;
        assert!(matches!(result, Ok(Ok(Ok(())))), "server did not stop cleanly");
    }
}

/// One parsed HTTP/1.1 response.
#[derive(Debug)]
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Read one response (Content-Length framed) from the stream.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Raw> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let mut lines = head.split("\r\n");
            let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| {
                    l.split_once(':')
                        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                })
                .collect();
            let len: usize = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let mut chunk = [0u8; 4096];
                let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
                    .await
                    .ok()?
                    .ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).into_owned();
            buf.drain(..end + 4 + len);
            return Some(Raw { status, headers, body });
        }
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn exchange(addr: std::net::SocketAddr, raw: &str) -> Raw {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(raw.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    read_response(&mut stream, &mut buf).await.expect("response")
}

fn get(path: &str, host: &str, extra: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n")
}

fn post(path: &str, body: &str, extra: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: testserver\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    )
}

fn cookie_value<'a>(response: &'a Raw, name: &str) -> Option<&'a str> {
    response.all("set-cookie").into_iter().find_map(|c| {
        c.strip_prefix(&format!("{name}="))
            .map(|rest| rest.split(';').next().unwrap_or(""))
    })
}

#[tokio::test]
async fn keep_alive_serves_two_requests_on_one_connection() {
    let server = start(app(false)).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    let mut buf = Vec::new();
    stream
        .write_all(get("/", "testserver", "").as_bytes())
        .await
        .expect("write");
    let first = read_response(&mut stream, &mut buf).await.expect("first");
    stream
        .write_all(get("/items/", "testserver", "").as_bytes())
        .await
        .expect("write");
    let second = read_response(&mut stream, &mut buf)
        .await
        .expect("second on the same connection");
    assert_eq!((first.status, first.body.as_str()), (200, "hello"));
    assert_eq!((second.status, second.body.as_str()), (200, "items"));
    // Built-in middleware headers.
    assert_eq!(first.header("x-frame-options"), Some("DENY"));
    assert_eq!(first.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(first.header("referrer-policy"), Some("same-origin"));
    assert_eq!(first.header("cross-origin-opener-policy"), Some("same-origin"));
    drop(stream);
    server.shutdown().await;
}

#[tokio::test]
async fn bad_and_malformed_host_are_400() {
    let server = start(app(false)).await;
    let bad = exchange(server.addr, &get("/", "evil.com", "")).await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("Bad Request (400)"), "{}", bad.body);
    let malformed = exchange(server.addr, &get("/", "bad_host!", "")).await;
    assert_eq!(malformed.status, 400);
    let subdomain_ok = exchange(server.addr, &get("/", "localhost:8000", "")).await;
    assert_eq!(subdomain_ok.status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_body_is_400_request_data_too_big() {
    let server = start(app(false)).await;
    let big = "a=".to_owned() + &"x".repeat(5000);
    let response = exchange(server.addr, &post("/form/", &big, "")).await;
    assert_eq!(response.status, 400);
    // Also when the size is not announced up front (chunked).
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    let head = "POST /form/ HTTP/1.1\r\nHost: testserver\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.expect("write");
    let chunk = format!("{:x}\r\n{}\r\n", 800, "y".repeat(800));
    stream.write_all(chunk.as_bytes()).await.expect("write");
    stream.write_all(chunk.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let response = read_response(&mut stream, &mut buf).await.expect("response");
    assert_eq!(response.status, 400);
    server.shutdown().await;
}

#[tokio::test]
async fn invalid_percent_encoding_is_not_a_500() {
    let server = start(app(false)).await;
    for target in ["/%ZZ/", "/%C3%28/", "/%", "/items/%E2%82"] {
        let response = exchange(server.addr, &get(target, "testserver", "")).await;
        assert!(matches!(response.status, 400 | 404), "{target}: {}", response.status);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn append_slash_redirects() {
    let server = start(app(false)).await;
    let response = exchange(server.addr, &get("/items?x=1", "testserver", "")).await;
    assert_eq!(response.status, 301);
    assert_eq!(response.header("location"), Some("/items/?x=1"));
    let missing = exchange(server.addr, &get("/nothing", "testserver", "")).await;
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .body
            .contains("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn csrf_rejects_without_token_and_accepts_cookie_plus_field_or_header() {
    let server = start(app(true)).await;
    // No cookie at all.
    let response = exchange(server.addr, &post("/form/", "name=x", "")).await;
    assert_eq!(response.status, 403);
    assert!(response.body.contains("CSRF cookie not set."), "{}", response.body);
    // Get a token and the cookie.
    let page = exchange(server.addr, &get("/form/", "testserver", "")).await;
    let token = page.body.clone();
    assert_eq!(token.len(), 64);
    let secret = cookie_value(&page, "csrftoken").expect("csrftoken cookie").to_owned();
    assert_eq!(secret.len(), 32);
    assert!(page.header("vary").is_some_and(|v| v.contains("Cookie")));
    let cookie = format!("Cookie: csrftoken={secret}\r\n");
    // Cookie without token.
    let response = exchange(server.addr, &post("/form/", "name=x", &cookie)).await;
    assert_eq!(response.status, 403);
    assert!(response.body.contains("CSRF token missing."), "{}", response.body);
    // Wrong token.
    let wrong = "a".repeat(64);
    let response = exchange(
        server.addr,
        &post("/form/", &format!("name=x&csrfmiddlewaretoken={wrong}"), &cookie),
    )
    .await;
    assert_eq!(response.status, 403);
    assert!(
        response.body.contains("CSRF token from POST incorrect."),
        "{}",
        response.body
    );
    // Cookie + form field.
    let response = exchange(
        server.addr,
        &post("/form/", &format!("name=ok&csrfmiddlewaretoken={token}"), &cookie),
    )
    .await;
    assert_eq!((response.status, response.body.as_str()), (200, "posted ok"));
    // Cookie + header.
    let response = exchange(
        server.addr,
        &post("/form/", "name=hdr", &format!("{cookie}X-CSRFToken: {token}\r\n")),
    )
    .await;
    assert_eq!((response.status, response.body.as_str()), (200, "posted hdr"));
    // A foreign Origin is refused even with a good token.
    let response = exchange(
        server.addr,
        &post(
            "/form/",
            &format!("name=x&csrfmiddlewaretoken={token}"),
            &format!("{cookie}Origin: https://evil.com\r\n"),
        ),
    )
    .await;
    assert_eq!(response.status, 403);
    assert!(
        response
            .body
            .contains("Origin checking failed - https://evil.com does not match any trusted origins.")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn session_persists_across_requests_via_signed_cookie() {
    let server = start(app(false)).await;
    let first = exchange(server.addr, &get("/session/", "testserver", "")).await;
    assert_eq!(first.body, "n=1");
    let value = cookie_value(&first, "sessionid").expect("session cookie").to_owned();
    assert!(first.header("vary").is_some_and(|v| v.contains("Cookie")));
    let set_cookie = first
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("sessionid="))
        .expect("cookie")
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax")
            && set_cookie.contains("Max-Age=1209600")
    );
    let second = exchange(
        server.addr,
        &get("/session/", "testserver", &format!("Cookie: sessionid={value}\r\n")),
    )
    .await;
    assert_eq!(second.body, "n=2");
    // The cookie is Django's signed_cookies format: readable with the same secret and salt.
    let new_value = cookie_value(&second, "sessionid").expect("refreshed");
    let data = nuages::core::signing::TimestampSigner::new(&Settings::for_tests().SECRET_KEY)
        .salt("django.contrib.sessions.backends.signed_cookies")
        .unsign_object(new_value, None)
        .expect("valid signed cookie");
    assert_eq!(data["n"], 2);
    // A tampered cookie starts a new session.
    let tampered = exchange(
        server.addr,
        &get("/session/", "testserver", &format!("Cookie: sessionid={value}x\r\n")),
    )
    .await;
    assert_eq!(tampered.body, "n=1");
    server.shutdown().await;
}

#[tokio::test]
async fn errors_become_responses() {
    let server = start(app(false)).await;
    let response = exchange(server.addr, &get("/boom/", "testserver", "")).await;
    assert_eq!(response.status, 500);
    assert!(response.body.contains("Server Error (500)") && !response.body.contains("database exploded"));
    assert_eq!(
        response.header("x-frame-options"),
        Some("DENY"),
        "outer middleware still ran"
    );
    let response = exchange(server.addr, &get("/forbidden/", "testserver", "")).await;
    assert_eq!(response.status, 403);
    server.shutdown().await;

    let server = start(app(true)).await;
    let response = exchange(server.addr, &get("/boom/", "testserver", "")).await;
    assert_eq!(response.status, 500);
    assert!(
        response.body.contains("database exploded"),
        "DEBUG page shows the error"
    );
    let response = exchange(server.addr, &get("/nope/", "testserver", "")).await;
    assert_eq!(response.status, 404);
    assert!(response.body.contains("tried these URL patterns, in this order:"));
    assert!(response.body.contains("<code>slow/</code>"), "{}", response.body);
    server.shutdown().await;
}

struct Tag(&'static str);

impl Middleware for Tag {
    fn call<'a>(&'a self, request: Request, next: Next) -> nuages::handler::BoxFuture<'a, Result<Response>> {
        Box::pin(async move {
            let mut response = next.run(request).await;
            let before = response
                .headers()
                .get("x-order")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let value = format!("{before}{}", self.0);
            response
                .headers_mut()
                .insert("x-order", value.parse().map_err(Error::from)?);
            Ok(response)
        })
    }
}

#[tokio::test]
async fn middleware_order_and_short_circuit() {
    let mut registry = MiddlewareRegistry::default();
    registry.register("tests.A", |_s: &Settings| Ok(Arc::new(Tag("A")) as Arc<dyn Middleware>));
    registry.register("tests.B", |_s: &Settings| Ok(Arc::new(Tag("B")) as Arc<dyn Middleware>));
    registry.register("tests.Gate", |_s: &Settings| {
        Ok(from_fn(|request: Request, next: Next| async move {
            if request.path() == "/slow/" {
                return Ok(Response::with_status(http::StatusCode::IM_A_TEAPOT, "short"));
            }
            Ok(next.run(request).await)
        }))
    });
    registry.register("tests.Fail", |_s: &Settings| {
        Ok(from_fn(|request: Request, next: Next| async move {
            if request.path() == "/items/" {
                return Err(Error::permission_denied("inner layer refused"));
            }
            Ok(next.run(request).await)
        }))
    });
    let settings = Settings {
        MIDDLEWARE: ["tests.A", "tests.B", "tests.Gate", "tests.Fail"]
            .map(String::from)
            .to_vec(),
        ..Settings::for_tests()
    };
    let app = Arc::new(Application::from_settings(Arc::new(settings), resolver(), &registry).expect("chain"));
    let server = start(app).await;
    // Inner layers see the response first: B then A.
    let response = exchange(server.addr, &get("/", "testserver", "")).await;
    assert_eq!(response.header("x-order"), Some("BA"));
    let response = exchange(server.addr, &get("/slow/", "testserver", "")).await;
    assert_eq!((response.status, response.body.as_str()), (418, "short"));
    assert_eq!(
        response.header("x-order"),
        Some("BA"),
        "outer layers wrap a short-circuit"
    );
    // An inner layer's error becomes a response the outer layers still see.
    let response = exchange(server.addr, &get("/items/", "testserver", "")).await;
    assert_eq!(response.status, 403);
    assert_eq!(response.header("x-order"), Some("BA"));
    server.shutdown().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_in_flight_request() {
    let server = start(app(false)).await;
    let addr = server.addr;
    let in_flight = tokio::spawn(async move { exchange(addr, &get("/slow/", "testserver", "")).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown().await;
    let response = in_flight.await.expect("task");
    assert_eq!((response.status, response.body.as_str()), (200, "slow done"));
    assert!(TcpStream::connect(addr).await.is_err(), "no longer accepting");
}

#[tokio::test]
async fn test_client_keeps_cookies_and_can_enforce_csrf() {
    let app = app(false);
    let client = nuages::test::Client::new(app.clone());
    assert_eq!(client.get("/session/").await.text(), "n=1");
    assert_eq!(client.get("/session/").await.text(), "n=2");
    assert!(client.cookie("sessionid").is_some());
    // CSRF checks are off by default, as in Django's test client.
    let response = client.post("/form/", &[("name", "a")]).await;
    assert_eq!(
        (response.status(), response.text()),
        (http::StatusCode::OK, "posted a".to_owned())
    );
    let strict = nuages::test::Client::new(app).enforce_csrf_checks(true);
    assert_eq!(
        strict.post("/form/", &[("name", "a")]).await.status(),
        http::StatusCode::FORBIDDEN
    );
    let token = strict.get("/form/").await.text();
    let response = strict
        .post("/form/", &[("name", "b"), ("csrfmiddlewaretoken", &token)])
        .await;
    assert_eq!(response.text(), "posted b");
    let redirect = strict.get("/items").await;
    assert_eq!(
        (redirect.status(), redirect.url()),
        (http::StatusCode::MOVED_PERMANENTLY, Some("/items/"))
    );
}
