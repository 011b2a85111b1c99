//! The polls site over real HTTP on an ephemeral port: keep-alive, the
//! vote flow with a CSRF cookie, bad input, and a burst of concurrent votes.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use common::http::{Connection, form_token, get, get_with_cookie, login_over_http, post_form};
use common::{create_question, create_user, run, site, spawn, votes_of};
use tokio::sync::OnceCell;

static SERVER: OnceCell<SocketAddr> = OnceCell::const_new();

/// Start the server once for this test binary; returns its address.
async fn server() -> SocketAddr {
    *SERVER
        .get_or_init(|| async {
            let site = site().await;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("addr");
            let application = Arc::clone(&site.application);
            spawn(async move {
                let _ = nuages::server::serve(listener, application, std::future::pending()).await;
            });
            addr
        })
        .await
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    run(async {
        let addr = server().await;
        create_question("Keep-alive question?", -1, &["a"]).await;
        let mut conn = Connection::open(addr).await;
        for _ in 0..3 {
            let response = conn.send(b"GET /polls/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await;
            assert_eq!(response.status, 200);
            assert!(response.text().contains("Keep-alive question?"));
            assert_eq!(response.header("x-frame-options"), Some("DENY"));
            assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
            assert!(
                response.headers_named("set-cookie").is_empty(),
                "no form, no CSRF cookie"
            );
            assert!(
                response
                    .header("server-timing")
                    .is_some_and(|t| t.starts_with("app;dur=")),
                "TimingMiddleware ran"
            );
        }
    });
}

#[test]
fn vote_flow_with_csrf_cookie_and_token() {
    run(async {
        let addr = server().await;
        let (question, choices) = create_question("HTTP vote?", -1, &["One", "Two"]).await;
        create_user("http-voter", "s3cret-Pass").await;
        let cookie = login_over_http(addr, "http-voter", "s3cret-Pass").await;
        let detail = get_with_cookie(addr, &format!("/polls/{}/", question.id), &cookie).await;
        assert_eq!(detail.status, 200);
        let token = form_token(&detail.text()).expect("token");
        let vote_url = format!("/polls/{}/vote/", question.id);

        let without_token = post_form(
            addr,
            &vote_url,
            &format!("choice={}", choices[1].id),
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(without_token.status, 403);
        let wrong_token = post_form(
            addr,
            &vote_url,
            &format!("choice={}&csrfmiddlewaretoken={}", choices[1].id, "x".repeat(64)),
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(wrong_token.status, 403);
        assert_eq!(votes_of(choices[1].id).await, 0);

        let with_field = post_form(
            addr,
            &vote_url,
            &format!("choice={}&csrfmiddlewaretoken={token}", choices[1].id),
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(with_field.status, 302);
        assert_eq!(
            with_field.header("location"),
            Some(format!("/polls/{}/results/", question.id).as_str())
        );
        let with_header = post_form(
            addr,
            &vote_url,
            &format!("choice={}", choices[1].id),
            Some(&cookie),
            &[("X-CSRFToken", &token)],
        )
        .await;
        assert_eq!(with_header.status, 302);
        assert_eq!(votes_of(choices[1].id).await, 2);
    });
}

#[test]
fn bad_input_gets_clear_responses_and_the_server_keeps_serving() {
    run(async {
        let addr = server().await;
        let mut conn = Connection::open(addr).await;
        let bad_host = conn
            .send(b"GET /polls/ HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n")
            .await;
        assert_eq!(bad_host.status, 400);
        let mut conn = Connection::open(addr).await;
        let malformed_host = conn
            .send(b"GET /polls/ HTTP/1.1\r\nHost: bad host:xx\r\nConnection: close\r\n\r\n")
            .await;
        assert_eq!(malformed_host.status, 400);

        assert_eq!(get(addr, "/polls/%ZZ/").await.status, 404);
        assert_eq!(get(addr, "/polls/%C3%28/").await.status, 404);
        assert_eq!(get(addr, "/polls/?q=%ZZ&x=%C3%28").await.status, 200);
        assert_eq!(get(addr, "/polls/12345678901234567890123/").await.status, 404);

        // A body announced above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is refused
        // before the server reads it: RequestDataTooBig, a 400 as in Django.
        let mut conn = Connection::open(addr).await;
        let head = format!(
            "POST /polls/1/vote/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\nchoice=1",
            3 * 1024 * 1024
        );
        assert_eq!(conn.send(head.as_bytes()).await.status, 400);

        assert_eq!(get(addr, "/polls/").await.status, 200, "still serving");
    });
}

#[test]
fn concurrent_votes_are_all_counted() {
    run(async {
        let addr = server().await;
        let (question, choices) = create_question("Burst?", -1, &["Hot"]).await;
        let choice = choices[0].id;
        let url = format!("/polls/{}/vote/", question.id);
        create_user("burst-voter", "s3cret-Pass").await;
        let session = login_over_http(addr, "burst-voter", "s3cret-Pass")
            .await
            .split("; ")
            .find(|c| c.starts_with("sessionid="))
            .expect("session cookie")
            .to_owned();
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let url = url.clone();
            let session = session.clone();
            // The default test settings keep CSRF on: send a matching cookie and header.
            tasks.push(spawn(async move {
                let secret = "a".repeat(32);
                let cookie = format!("csrftoken={secret}; {session}");
                post_form(
                    addr,
                    &url,
                    &format!("choice={choice}"),
                    Some(&cookie),
                    &[("X-CSRFToken", &secret)],
                )
                .await
                .status
            }));
        }
        for task in tasks {
            assert_eq!(task.await.expect("vote task"), 302);
        }
        assert_eq!(votes_of(choice).await, 40);
    });
}
