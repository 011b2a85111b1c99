//! The SMTP backend against a minimal SMTP server on 127.0.0.1 (run with
//! `cargo test -p nuages --features smtp --test mail_smtp`).
#![cfg(feature = "smtp")]

use nuages::conf::Settings;
use nuages::core::mail::EmailMessage;
use nuages::core::mail::backends::EmailBackend as _;
use nuages::core::mail::backends::smtp::EmailBackend;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accept one connection, answer a plain SMTP dialogue, return the commands
/// and the DATA received.
async fn fake_smtp_server(listener: TcpListener) -> (Vec<String>, String) {
    let (socket, _) = listener.accept().await.expect("accept");
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 fake ESMTP\r\n").await.expect("greet");
    let mut commands = Vec::new();
    let mut data = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        commands.push(line.clone());
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-fake\r\n250 AUTH PLAIN LOGIN\r\n"
        } else if upper.starts_with("AUTH") {
            b"235 ok\r\n"
        } else if upper.starts_with("DATA") {
            write.write_all(b"354 go on\r\n").await.expect("354");
            while let Ok(Some(body)) = lines.next_line().await {
                if body == "." {
                    break;
                }
                data.push_str(&body);
                data.push('\n');
            }
            b"250 queued\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await.expect("221");
            break;
        } else {
            b"250 ok\r\n"
        };
        write.write_all(reply).await.expect("reply");
    }
    (commands, data)
}

#[tokio::test]
async fn sends_through_an_smtp_server() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = tokio::spawn(fake_smtp_server(listener));
    let settings = Settings {
        EMAIL_HOST: "127.0.0.1".into(),
        EMAIL_PORT: port,
        EMAIL_HOST_USER: "user".into(),
        EMAIL_HOST_PASSWORD: "secret".into(),
        EMAIL_TIMEOUT: Some(5),
        ..Settings::for_tests()
    };
    let backend = EmailBackend::from_settings(&settings).expect("backend");
    let message = EmailMessage::new(
        "Over SMTP",
        "Hello by SMTP",
        Some("from@example.com"),
        &["to@example.com"],
    )
    .bcc(&["hidden@example.com"]);
    assert_eq!(backend.send_messages(std::slice::from_ref(&message)).await, Ok(1));
    drop(backend);
    let (commands, data) = server.await.expect("server");
    assert!(commands.iter().any(|c| c.starts_with("AUTH")), "{commands:?}");
    assert!(commands.iter().any(|c| c.contains("MAIL FROM:<from@example.com>")));
    assert!(commands.iter().any(|c| c.contains("RCPT TO:<hidden@example.com>")));
    assert!(data.contains("Subject: Over SMTP"), "{data}");
    assert!(data.contains("Hello by SMTP"));
    assert!(!data.contains("hidden@example.com"));

    let both = Settings {
        EMAIL_USE_TLS: true,
        EMAIL_USE_SSL: true,
        ..Settings::for_tests()
    };
    assert!(EmailBackend::from_settings(&both).is_err());
}
