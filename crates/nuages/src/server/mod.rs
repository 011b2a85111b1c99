//! The HTTP server: hyper 1 over tokio (Django's `runserver` / a WSGI server).
//!
//! [`serve`] accepts connections on a listener and runs each in its own
//! task (HTTP/1.1 with keep-alive), handing requests to an
//! [`Application`]. When the `shutdown` future completes it stops
//! accepting, lets in-flight requests finish (idle keep-alive connections
//! are closed) and returns. Bodies are read up to
//! `DATA_UPLOAD_MAX_MEMORY_SIZE` (a 400 beyond it, Django's
//! `RequestDataTooBig`), except `multipart/form-data` uploads, which stream
//! into the multipart parser and temporary files; a slow client gets
//! [`HEADER_READ_TIMEOUT`] to send its request head. Client input never
//! panics the server: bad requests get a 4xx and the connection closes.
//!
//! ```no_run
//! # async fn run(app: std::sync::Arc<nuages::core::handlers::Application>) -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! nuages::server::serve(listener, app, nuages::server::shutdown_signal()).await
//! # }
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::core::handlers::Application;

/// Time a client has to send a request's head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serve `app` on `listener` until `shutdown` completes, then finish the
/// in-flight requests and return.
///
/// # Errors
/// Never at present: accept errors (e.g. too many open files) are logged
/// and retried after a short pause; the `Result` leaves room for fatal ones.
pub async fn serve<F>(listener: TcpListener, app: Arc<Application>, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(pair) => pair,
                    Err(error) => {
                        tracing::warn!(target: "nuages.server", "accept failed: {error}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let mut stop = stop_rx.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let app = app.clone();
                        async move { Ok::<_, Infallible>(app.handle_http(request, Some(remote)).await) }
                    });
                    let connection = http1::Builder::new()
                        .keep_alive(true)
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_READ_TIMEOUT)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(connection);
                    tokio::select! {
                        result = connection.as_mut() => {
                            if let Err(error) = result {
                                tracing::debug!(target: "nuages.server", %remote, "connection error: {error}");
                            }
                        }
                        _ = stop.changed() => {
                            connection.as_mut().graceful_shutdown();
                            if let Err(error) = connection.await {
                                tracing::debug!(target: "nuages.server", %remote, "connection error during shutdown: {error}");
                            }
                        }
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Completes on Ctrl-C or (on Unix) SIGTERM: pass it to [`serve`].
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!(target: "nuages.server", "shutting down: finishing in-flight requests");
}
