//! File uploads over real HTTP: multipart bodies stream from the socket
//! into `request.FILES`, limits give 400s, malformed bodies give 400s and
//! the server keeps serving, and failed uploads leave no temporary file.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use nuages::Result;
use nuages::conf::Settings;
use nuages::core::handlers::Application;
use nuages::http::{Request, Response};
use nuages::middleware::MiddlewareRegistry;
use nuages::urls::{URLResolver, path};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn upload(request: Request) -> Result<Response> {
    let files = request.files()?;
    let post = request.post()?;
    let mut lines = vec![format!("title={}", post.get("title").unwrap_or(""))];
    for (field, file) in files.iter() {
        let content = file.read()?;
        lines.push(format!(
            "{field}: {} {} {} {} in_memory={} body={}",
            file.name(),
            file.content_type(),
            file.charset().unwrap_or("-"),
            file.size(),
            file.is_in_memory(),
            String::from_utf8_lossy(&content[..content.len().min(20)]),
        ));
    }
    Ok(Response::new(lines.join("\n")))
}

async fn index(_request: Request) -> Result<Response> {
    Ok(Response::new("alive"))
}

fn settings(temp_dir: &Path) -> Settings {
    Settings {
        ALLOWED_HOSTS: vec!["testserver".into()],
        FILE_UPLOAD_MAX_MEMORY_SIZE: 1000,
        FILE_UPLOAD_TEMP_DIR: Some(temp_dir.to_owned()),
        DATA_UPLOAD_MAX_MEMORY_SIZE: Some(2000),
        DATA_UPLOAD_MAX_NUMBER_FIELDS: Some(5),
        DATA_UPLOAD_MAX_NUMBER_FILES: Some(2),
        ..Settings::for_tests()
    }
}

async fn start(temp_dir: &Path) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let resolver = Arc::new(URLResolver::new(vec![path("upload/", upload), path("", index)]));
    let app = Arc::new(
        Application::from_settings(Arc::new(settings(temp_dir)), resolver, &MiddlewareRegistry::default())
            .expect("chain"),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(nuages::server::serve(listener, app, async move {
        let _ = rx.await;
    }));
    (addr, tx)
}

const BOUNDARY: &str = "----nuagesBoundary7MA4YWxk";

fn part(name: &str, file: Option<(&str, &str)>, value: &str) -> String {
    match file {
        Some((file_name, content_type)) => format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n{value}\r\n"
        ),
        None => format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"),
    }
}

fn multipart(parts: &[String]) -> String {
    format!("{}--{BOUNDARY}--\r\n", parts.concat())
}

/// Send raw bytes and read the response until the server closes or the
/// announced length arrives; returns (status, body).
async fn send(addr: std::net::SocketAddr, head_and_body: &[u8], close_write: bool) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head_and_body).await.expect("write");
    if close_write {
        let _ = stream.shutdown().await;
    }
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk)).await;
        match read {
            Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|len| buf.len() >= end + 4 + len) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn post(body: &str) -> Vec<u8> {
    format!(
        "POST /upload/ HTTP/1.1\r\nHost: testserver\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).expect("list temp dir").count()
}

#[tokio::test]
async fn small_and_large_uploads_reach_request_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (addr, _stop) = start(dir.path()).await;
    let small = multipart(&[
        part("title", None, "Holidays"),
        part("doc", Some(("notes.txt", "text/plain; charset=iso-8859-1")), "hello"),
    ]);
    let (status, body) = send(addr, &post(&small), false).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        "title=Holidays\ndoc: notes.txt text/plain iso-8859-1 5 in_memory=true body=hello"
    );
    // Above FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file, removed after the request.
    let big_content = "x".repeat(5000);
    let large = multipart(&[part(
        "doc",
        Some(("C:\\docs\\big.bin", "application/octet-stream")),
        &big_content,
    )]);
    let (status, body) = send(addr, &post(&large), false).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("doc: big.bin application/octet-stream - 5000 in_memory=false"),
        "{body}"
    );
    assert_eq!(temp_files(dir.path()), 0, "the temporary file outlived the request");
    // Chunked transfer encoding (no Content-Length) streams too.
    let mut chunked = format!(
        "POST /upload/ HTTP/1.1\r\nHost: testserver\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    for piece in large.as_bytes().chunks(777) {
        chunked.push_str(&format!("{:x}\r\n{}\r\n", piece.len(), String::from_utf8_lossy(piece)));
    }
    chunked.push_str("0\r\n\r\n");
    let (status, body) = send(addr, chunked.as_bytes(), false).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("5000 in_memory=false"), "{body}");
}

#[tokio::test]
async fn limits_and_malformed_bodies_are_400_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (addr, _stop) = start(dir.path()).await;
    let too_many_fields: Vec<String> = (0..6).map(|i| part(&format!("f{i}"), None, "v")).collect();
    let too_many_files: Vec<String> = (0..3)
        .map(|i| part(&format!("f{i}"), Some(("a.txt", "text/plain")), "v"))
        .collect();
    let too_big = vec![part("essay", None, &"y".repeat(2500))];
    let no_boundary = "POST /upload/ HTTP/1.1\r\nHost: testserver\r\nContent-Type: multipart/form-data\r\n\
                       Content-Length: 5\r\nConnection: close\r\n\r\nhello";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("too many fields", post(&multipart(&too_many_fields))),
        ("too many files", post(&multipart(&too_many_files))),
        ("text fields too big", post(&multipart(&too_big))),
        ("garbage", post("this is not a multipart body")),
        ("no boundary", no_boundary.as_bytes().to_vec()),
        (
            "no closing boundary",
            post(&part("doc", Some(("a.txt", "text/plain")), "abc")),
        ),
    ];
    for (name, request) in cases {
        let (status, body) = send(addr, &request, false).await;
        assert_eq!(status, 400, "{name}: {body}");
    }
    // Files are not counted against DATA_UPLOAD_MAX_MEMORY_SIZE.
    let big_file = multipart(&[part("doc", Some(("a.txt", "text/plain")), &"z".repeat(3000))]);
    assert_eq!(send(addr, &post(&big_file), false).await.0, 200);
    let (status, body) = send(
        addr,
        b"GET / HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n\r\n",
        false,
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "alive"));
    assert_eq!(temp_files(dir.path()), 0);
}

#[tokio::test]
async fn an_upload_cut_off_midway_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (addr, _stop) = start(dir.path()).await;
    let body = multipart(&[part(
        "doc",
        Some(("big.bin", "application/octet-stream")),
        &"q".repeat(50_000),
    )]);
    let full = post(&body);
    // Announce the whole body, send 60% of it, then hang up.
    let cut = &full[..full.len() * 6 / 10];
    let _ = send(addr, cut, true).await;
    // The server notices the closed connection and drops the partial file.
    for _ in 0..50 {
        if temp_files(dir.path()) == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(temp_files(dir.path()), 0, "a partial upload was left behind");
    let (status, _) = send(
        addr,
        b"GET / HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n\r\n",
        false,
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_test_client_sends_multipart_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let resolver = Arc::new(URLResolver::new(vec![path("upload/", upload)]));
    let app = Arc::new(
        Application::from_settings(Arc::new(settings(dir.path())), resolver, &MiddlewareRegistry::default())
            .expect("chain"),
    );
    let client = nuages::test::Client::new(app);
    let file = nuages::core::files::UploadedFile::in_memory("photo.png", &b"\x89PNG"[..], "image/png");
    let response = client
        .post_multipart("/upload/", &[("title", "Me")], &[("photo", &file)])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text(),
        "title=Me\nphoto: photo.png image/png - 4 in_memory=true body=\u{fffd}PNG"
    );
}
