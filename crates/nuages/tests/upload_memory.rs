//! A 50 MB upload over real HTTP does not load into memory: the process's
//! peak resident set (VmHWM, reset through /proc/self/clear_refs) stays
//! below 20 MB above what it was before the upload. Linux only; a single
//! test in its own binary so nothing else runs alongside it.

#![cfg(target_os = "linux")]

use std::sync::Arc;

use nuages::conf::Settings;
use nuages::core::handlers::Application;
use nuages::http::{Request, Response};
use nuages::middleware::MiddlewareRegistry;
use nuages::urls::{URLResolver, path};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const MB: usize = 1024 * 1024;
const UPLOAD: usize = 50 * MB;
const BOUNDARY: &str = "memoryTestBoundary";

async fn upload(request: Request) -> nuages::Result<Response> {
    let file = request
        .files()?
        .get("blob")
        .ok_or_else(|| nuages::Error::bad_request("no file"))?;
    // Read it back chunk by chunk, as a view saving it to storage would.
    let mut total = 0u64;
    for chunk in file.chunks(None)? {
        total += chunk?.len() as u64;
    }
    Ok(Response::new(format!(
        "{} {} {}",
        file.size(),
        total,
        file.is_in_memory()
    )))
}

/// (VmRSS, VmHWM) in kB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .expect("field present")
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn send_upload(addr: std::net::SocketAddr, size: usize) -> String {
    let head_part = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"big.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let tail = format!("\r\n--{BOUNDARY}--\r\n");
    let length = head_part.len() + size + tail.len();
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /upload/ HTTP/1.1\r\nHost: testserver\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n{head_part}"
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    // The client generates the payload as it goes: 64 KiB at a time.
    let block = vec![b'n'; 64 * 1024];
    let mut sent = 0;
    while sent < size {
        let n = block.len().min(size - sent);
        stream.write_all(&block[..n]).await.expect("write body");
        sent += n;
    }
    stream.write_all(tail.as_bytes()).await.expect("write tail");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read response");
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mb_upload_streams_to_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings {
        FILE_UPLOAD_TEMP_DIR: Some(dir.path().to_owned()),
        ..Settings::for_tests()
    };
    let resolver = Arc::new(URLResolver::new(vec![path("upload/", upload)]));
    let app = Arc::new(
        Application::from_settings(Arc::new(settings), resolver, &MiddlewareRegistry::default()).expect("chain"),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(nuages::server::serve(listener, app, std::future::pending()));

    // Warm up (allocator arenas, buffers) with a 4 MB upload, then measure.
    assert!(send_upload(addr, 4 * MB).await.contains("200 OK"));
    let (idle_rss, _) = memory();
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak RSS counter");
    let response = send_upload(addr, UPLOAD).await;
    let (_, peak) = memory();
    let grown_mb = peak.saturating_sub(idle_rss) as f64 / 1024.0;
    println!("idle {idle_rss} kB, peak {peak} kB during the upload: +{grown_mb:.1} MB");
    assert!(
        grown_mb < 20.0,
        "peak memory grew by {grown_mb:.1} MB for a 50 MB upload"
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with(&format!("{UPLOAD} {UPLOAD} false")), "{response}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}
