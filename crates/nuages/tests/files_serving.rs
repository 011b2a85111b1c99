//! Static and media files over real HTTP with DEBUG on: an upload saved to
//! MEDIA_ROOT through a FieldFile is served back under MEDIA_URL; static
//! files come with Last-Modified, 304s and byte ranges; every path
//! traversal attempt is refused.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use nuages::conf::Settings;
use nuages::core::files::{FieldFile, FileSystemStorage, Storage, UploadTo};
use nuages::http::{FileResponse, Request, Response};
use nuages::urls::{URLPattern, path};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn dirs() -> (PathBuf, PathBuf) {
    static DIRS: std::sync::LazyLock<(PathBuf, PathBuf)> = std::sync::LazyLock::new(|| {
        let statics = tempfile::tempdir().expect("tempdir").keep();
        let media = tempfile::tempdir().expect("tempdir").keep();
        std::fs::create_dir_all(statics.join("site")).expect("mkdir");
        std::fs::write(statics.join("site/app.css"), "body { color: #123456 }").expect("write");
        std::fs::create_dir_all(media.join("private")).expect("mkdir");
        (statics, media)
    });
    DIRS.clone()
}

async fn upload(request: Request) -> nuages::Result<Response> {
    let storage: Arc<dyn Storage> = Arc::new(FileSystemStorage::from_settings(&nuages::conf::settings()));
    let upload = request
        .files()?
        .get("doc")
        .ok_or_else(|| nuages::Error::bad_request("no file"))?
        .clone();
    let mut document = FieldFile::new(storage, None);
    document.save(&upload, &UploadTo::path("docs/%Y"), Some(100))?;
    Ok(Response::new(document.url()?))
}

async fn download(_request: Request) -> nuages::Result<Response> {
    let (statics, _) = dirs();
    FileResponse::new(statics.join("site/app.css"))
        .as_attachment(true)
        .filename("résumé.css")
        .into_response()
        .await
}

fn urls() -> Vec<URLPattern> {
    vec![path("upload/", upload), path("download/", download)]
}

async fn send(addr: std::net::SocketAddr, raw: String) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(raw.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf)).await;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_owned(), body.to_owned())
}

fn get(target: &str, extra: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n{extra}\r\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_and_static_files_in_debug() {
    let (statics, media) = dirs();
    let settings = Settings {
        DEBUG: true,
        INSTALLED_APPS: vec!["django.contrib.staticfiles".into()],
        STATIC_URL: Some("/static/".into()),
        STATICFILES_DIRS: vec![statics.clone()],
        MEDIA_URL: "/media/".into(),
        MEDIA_ROOT: media.to_string_lossy().into_owned(),
        ..Settings::for_tests()
    };
    let site = nuages::Project::new(".")
        .settings(settings)
        .urls(urls)
        .setup()
        .await
        .expect("setup");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(nuages::server::serve(
        listener,
        Arc::clone(&site.application),
        std::future::pending(),
    ));

    // Upload, save through the default storage, fetch it back under MEDIA_URL.
    let body = "--BB\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"my notes.txt\"\r\n\
                Content-Type: text/plain\r\n\r\nuploaded text\r\n--BB--\r\n";
    let post = format!(
        "POST /upload/ HTTP/1.1\r\nHost: testserver\r\nContent-Type: multipart/form-data; boundary=BB\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, _, url) = send(addr, post.clone()).await;
    let year = chrono::Local::now().format("%Y").to_string();
    assert_eq!(
        (status, url.as_str()),
        (200, format!("/media/docs/{year}/my_notes.txt").as_str())
    );
    let (status, head, content) = send(addr, get(&url, "")).await;
    assert_eq!((status, content.as_str()), (200, "uploaded text"));
    assert!(head.to_ascii_lowercase().contains("content-type: text/plain"), "{head}");
    // The same upload again gets another name: nothing is overwritten.
    let (_, _, second) = send(addr, post).await;
    assert_ne!(second, url);
    assert!(second.starts_with(&format!("/media/docs/{year}/my_notes_")), "{second}");

    // Static files: headers, conditional GET, ranges.
    let (status, head, css) = send(addr, get("/static/site/app.css", "")).await;
    assert_eq!((status, css.as_str()), (200, "body { color: #123456 }"));
    assert!(head.to_ascii_lowercase().contains("content-type: text/css"), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-length: 23"), "{head}");
    let last_modified = head
        .lines()
        .find_map(|l| l.strip_prefix("last-modified: "))
        .expect("Last-Modified sent")
        .to_owned();
    let (status, _, body) = send(
        addr,
        get(
            "/static/site/app.css",
            &format!("If-Modified-Since: {last_modified}\r\n"),
        ),
    )
    .await;
    assert_eq!((status, body.as_str()), (304, ""));
    let (status, head, part) = send(addr, get("/static/site/app.css", "Range: bytes=7-11\r\n")).await;
    assert_eq!((status, part.as_str()), (206, "color"));
    assert!(
        head.to_ascii_lowercase().contains("content-range: bytes 7-11/23"),
        "{head}"
    );
    let (status, head, _) = send(addr, get("/static/site/app.css", "Range: bytes=100-\r\n")).await;
    assert_eq!(status, 416, "{head}");
    assert!(
        head.to_ascii_lowercase().contains("content-range: bytes */23"),
        "{head}"
    );

    // FileResponse as an attachment with a non-ASCII name.
    let (status, head, body) = send(addr, get("/download/", "")).await;
    assert_eq!((status, body.as_str()), (200, "body { color: #123456 }"));
    assert!(
        head.to_ascii_lowercase()
            .contains("content-disposition: attachment; filename*=utf-8''r%c3%a9sum%c3%a9.css"),
        "{head}"
    );

    // Every traversal attempt is refused (400, or 404 where the path never
    // reaches the file system), and nothing outside the roots leaks.
    std::fs::write(statics.parent().expect("parent").join("secret.txt"), "top secret").expect("write");
    let attempts = [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/%2e%2e/etc/passwd",
        "/static/site/..%2f..%2fsecret.txt",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/site/app.css%00.txt",
        "/static/..%5csecret.txt",
        "/media/../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/%2e%2e%2fsecret.txt",
        "/media//etc/passwd",
        "/media/%2fetc%2fpasswd",
        "/media/docs%00/x",
        "/media/private/",
        "/static/",
    ];
    for target in attempts {
        let (status, _, body) = send(addr, get(target, "")).await;
        assert!(matches!(status, 400 | 404), "{target}: {status}");
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{target} leaked"
        );
    }
    let (status, _, _) = send(addr, get("/static/site/app.css", "")).await;
    assert_eq!(status, 200, "the server keeps serving");
}
