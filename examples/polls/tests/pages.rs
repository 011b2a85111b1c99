//! The polls pages through the in-process test client (tutorial parts 3-6).

mod common;

use common::{create_question, create_user, login, run, site, votes_of};

#[test]
fn detail_shows_form_with_csrf_token_and_choices() {
    run(async {
        let client = site().await.client();
        let (question, choices) = create_question("Detail question?", -1, &["Red", "Blue"]).await;
        let response = client.get(&format!("/polls/{}/", question.id)).await;
        assert_eq!(response.status(), 200);
        let html = response.text();
        assert!(html.contains(&format!("action=\"/polls/{}/vote/\"", question.id)));
        assert!(html.contains("name=\"csrfmiddlewaretoken\""));
        for choice in &choices {
            assert!(html.contains(&format!("value=\"{}\"", choice.id)));
            assert!(html.contains(&choice.choice_text));
        }
    });
}

#[test]
fn future_and_missing_questions_are_404() {
    run(async {
        let client = site().await.client();
        let (future, _) = create_question("Future detail?", 5, &["x"]).await;
        assert_eq!(client.get(&format!("/polls/{}/", future.id)).await.status(), 404);
        assert_eq!(
            client.get(&format!("/polls/{}/results/", future.id)).await.status(),
            404
        );
        assert_eq!(client.get("/polls/999999/").await.status(), 404);
        assert_eq!(
            client.get("/polls/not-a-number/").await.status(),
            404,
            "<int:> rejects text"
        );
    });
}

#[test]
fn vote_counts_and_redirects_to_results() {
    run(async {
        let client = site().await.client();
        create_user("pages-voter", "s3cret-Pass").await;
        login(&client, "pages-voter", "s3cret-Pass").await;
        let (question, choices) = create_question("Vote question?", -1, &["Yes", "No"]).await;
        let response = client
            .post(
                &format!("/polls/{}/vote/", question.id),
                &[("choice", &choices[0].id.to_string())],
            )
            .await;
        assert_eq!(response.status(), 302);
        assert_eq!(
            response.header("location"),
            Some(format!("/polls/{}/results/", question.id).as_str())
        );
        assert_eq!(votes_of(choices[0].id).await, 1);
        assert_eq!(votes_of(choices[1].id).await, 0);

        let results = client.get(&format!("/polls/{}/results/", question.id)).await;
        assert_eq!(results.status(), 200);
        let html = results.text();
        assert!(html.contains("Yes -- 1 vote<"), "{html}");
        assert!(html.contains("No -- 0 votes<"), "{html}");
    });
}

#[test]
fn vote_without_a_valid_choice_redisplays_the_form() {
    run(async {
        let client = site().await.client();
        create_user("pages-empty-voter", "s3cret-Pass").await;
        login(&client, "pages-empty-voter", "s3cret-Pass").await;
        let (question, _) = create_question("Empty vote?", -1, &["A"]).await;
        let (_, others) = create_question("Other question?", -1, &["Elsewhere"]).await;
        let url = format!("/polls/{}/vote/", question.id);
        for form in [
            vec![],
            vec![("choice", others[0].id.to_string())],
            vec![("choice", "abc".to_owned())],
        ] {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = client.post(&url, &pairs).await;
            assert_eq!(response.status(), 200);
            assert!(
                response.text().contains("You didn&#x27;t select a choice."),
                "{}",
                response.text()
            );
        }
        assert_eq!(
            votes_of(others[0].id).await,
            0,
            "a choice of another question is not counted"
        );
    });
}

#[test]
fn csrf_is_enforced_when_the_client_asks() {
    run(async {
        let client = site().await.client().enforce_csrf_checks(true);
        create_user("pages-csrf-voter", "s3cret-Pass").await;
        let login_page = client.get("/accounts/login/").await.text();
        let login_token = extract_token(&login_page);
        let logged_in = client
            .post(
                "/accounts/login/",
                &[
                    ("csrfmiddlewaretoken", login_token.as_str()),
                    ("username", "pages-csrf-voter"),
                    ("password", "s3cret-Pass"),
                ],
            )
            .await;
        assert_eq!(logged_in.status(), 302);
        let (question, choices) = create_question("CSRF question?", -1, &["Safe"]).await;
        let vote_url = format!("/polls/{}/vote/", question.id);
        let choice = choices[0].id.to_string();
        let refused = client.post(&vote_url, &[("choice", choice.as_str())]).await;
        assert_eq!(refused.status(), 403);
        assert_eq!(votes_of(choices[0].id).await, 0);

        let form = client.get(&format!("/polls/{}/", question.id)).await.text();
        let token = extract_token(&form);
        let accepted = client
            .post(
                &vote_url,
                &[("csrfmiddlewaretoken", token.as_str()), ("choice", choice.as_str())],
            )
            .await;
        assert_eq!(accepted.status(), 302);
        assert_eq!(votes_of(choices[0].id).await, 1);
    });
}

#[test]
fn root_redirects_to_polls_and_static_files_are_served() {
    run(async {
        let client = site().await.client();
        let root = client.get("/").await;
        assert_eq!(root.status(), 302);
        assert_eq!(root.header("location"), Some("/polls/"));
        let css = client.get("/static/polls/style.css").await;
        assert_eq!(css.status(), 200);
        assert!(css.header("content-type").is_some_and(|t| t.starts_with("text/css")));
        assert!(css.text().contains("images/background.png"));
        let image = client.get("/static/polls/images/background.png").await;
        assert_eq!(image.status(), 200);
        assert_eq!(image.header("content-type"), Some("image/png"));
        assert_eq!(client.get("/static/polls/missing.css").await.status(), 404);
        // A path escaping the static roots is SuspiciousFileOperation: a 400, never the file.
        let escape = client.get("/static/../Cargo.toml").await;
        assert_eq!(escape.status(), 400);
        assert!(!escape.text().contains("[package]"));
    });
}

#[test]
fn append_slash_redirects() {
    run(async {
        let client = site().await.client();
        let response = client.get("/polls").await;
        assert_eq!(response.status(), 301);
        assert_eq!(response.header("location"), Some("/polls/"));
    });
}

/// The value of the `csrfmiddlewaretoken` hidden input in `html`.
fn extract_token(html: &str) -> String {
    let marker = "name=\"csrfmiddlewaretoken\" value=\"";
    let start = html.find(marker).map(|i| i + marker.len()).expect("token input");
    html[start..].split('"').next().expect("token value").to_owned()
}
