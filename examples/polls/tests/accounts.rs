//! The auth views mounted at /accounts/ through the test client: the login
//! form, wrong credentials (one message whether the user exists or not),
//! `next` (kept when local, ignored when external), logout by POST only,
//! and voting requires a logged-in user.

mod common;

use common::{create_question, create_user, login, run, site, votes_of};

const INVALID: &str = "Please enter a correct username and password. Note that both fields may be case-sensitive.";

#[test]
fn login_page_shows_the_form() {
    run(async {
        let client = site().await.client();
        let response = client.get("/accounts/login/?next=/polls/").await;
        assert_eq!(response.status(), 200);
        let html = response.text();
        assert!(html.contains("name=\"username\""), "{html}");
        assert!(html.contains("maxlength=\"150\""), "{html}");
        assert!(html.contains("autofocus"), "{html}");
        assert!(html.contains("type=\"password\""), "{html}");
        assert!(html.contains("autocomplete=\"current-password\""), "{html}");
        assert!(html.contains("name=\"csrfmiddlewaretoken\""), "{html}");
        assert!(html.contains("name=\"next\" value=\"/polls/\""), "{html}");
    });
}

#[test]
fn wrong_credentials_give_one_message_whether_the_user_exists_or_not() {
    run(async {
        let client = site().await.client();
        create_user("acc-wrong", "right-Pass1").await;
        for (username, password) in [("acc-wrong", "wrong-Pass1"), ("acc-nobody", "right-Pass1")] {
            let response = client
                .post("/accounts/login/", &[("username", username), ("password", password)])
                .await;
            assert_eq!(response.status(), 200);
            let html = response.text();
            assert!(html.contains(INVALID), "{html}");
            assert!(html.contains(&format!("value=\"{username}\"")), "username kept: {html}");
            assert!(!html.contains(password), "password never echoed: {html}");
            assert!(client.cookie("sessionid").is_none(), "no session for a failed login");
        }
        let empty = client.post("/accounts/login/", &[("username", "acc-wrong")]).await;
        assert_eq!(empty.status(), 200);
        assert!(empty.text().contains("This field is required."), "{}", empty.text());
    });
}

#[test]
fn login_redirects_to_a_safe_next_or_login_redirect_url() {
    run(async {
        create_user("acc-next", "right-Pass1").await;
        let credentials = [("username", "acc-next"), ("password", "right-Pass1")];

        let client = site().await.client();
        let plain = client.post("/accounts/login/", &credentials).await;
        assert_eq!(plain.status(), 302);
        assert_eq!(plain.header("location"), Some("/polls/"), "LOGIN_REDIRECT_URL");
        assert!(client.cookie("sessionid").is_some());

        let client = site().await.client();
        let mut with_next = credentials.to_vec();
        with_next.push(("next", "/polls/1/results/"));
        let local = client.post("/accounts/login/", &with_next).await;
        assert_eq!(local.header("location"), Some("/polls/1/results/"));

        let client = site().await.client();
        let from_query = client.post("/accounts/login/?next=/polls/2/", &credentials).await;
        assert_eq!(from_query.header("location"), Some("/polls/2/"));

        for external in [
            "https://evil.example.com/",
            "//evil.example.com/",
            "/\\evil.example.com",
        ] {
            let client = site().await.client();
            let mut data = credentials.to_vec();
            data.push(("next", external));
            let response = client.post("/accounts/login/", &data).await;
            assert_eq!(response.status(), 302);
            assert_eq!(response.header("location"), Some("/polls/"), "{external} ignored");
        }
    });
}

#[test]
fn login_cycles_the_session_key() {
    run(async {
        let client = site().await.client();
        create_user("acc-cycle", "right-Pass1").await;
        client.set_cookie("sessionid", "attackerchosenkey12345678901234567");
        login(&client, "acc-cycle", "right-Pass1").await;
        let key = client.cookie("sessionid").expect("session");
        assert_ne!(key, "attackerchosenkey12345678901234567");
    });
}

#[test]
fn logout_is_post_only_and_ends_the_session() {
    run(async {
        let client = site().await.client();
        create_user("acc-logout", "right-Pass1").await;
        login(&client, "acc-logout", "right-Pass1").await;
        let (question, choices) = create_question("Logout question?", -1, &["x"]).await;
        let vote_url = format!("/polls/{}/vote/", question.id);
        let choice = choices[0].id.to_string();

        let get = client.get("/accounts/logout/").await;
        assert_eq!(get.status(), 405);
        assert_eq!(get.header("allow"), Some("POST, OPTIONS"));
        let still_in = client.post(&vote_url, &[("choice", choice.as_str())]).await;
        assert_eq!(still_in.status(), 302);
        assert_eq!(
            still_in.header("location"),
            Some(format!("/polls/{}/results/", question.id).as_str())
        );

        let out = client.post("/accounts/logout/", &[]).await;
        assert_eq!(out.status(), 200, "no LOGOUT_REDIRECT_URL: the logged-out page");
        assert!(out.text().contains("Logged out"), "{}", out.text());

        let after = client.post(&vote_url, &[("choice", choice.as_str())]).await;
        assert_eq!(after.status(), 302);
        assert!(
            after
                .header("location")
                .is_some_and(|l| l.starts_with("/accounts/login/")),
            "{:?}",
            after.header("location")
        );
        assert_eq!(votes_of(choices[0].id).await, 1);

        let client = site().await.client();
        login(&client, "acc-logout", "right-Pass1").await;
        let next = client.post("/accounts/logout/?next=/polls/", &[]).await;
        assert_eq!(next.status(), 302);
        assert_eq!(next.header("location"), Some("/polls/"));
        let evil = client
            .post("/accounts/logout/?next=https://evil.example.com/", &[])
            .await;
        // As Django: an unsafe next falls back to the logout page's own path.
        assert_eq!(evil.status(), 302);
        assert_eq!(
            evil.header("location"),
            Some("/accounts/logout/"),
            "an external next is ignored"
        );
    });
}

#[test]
fn anonymous_votes_go_to_the_login_page_and_back() {
    run(async {
        let client = site().await.client();
        let (question, choices) = create_question("Anonymous vote?", -1, &["A"]).await;
        let vote_url = format!("/polls/{}/vote/", question.id);
        let choice = choices[0].id.to_string();
        let response = client.post(&vote_url, &[("choice", choice.as_str())]).await;
        assert_eq!(response.status(), 302);
        let detail = format!("/polls/{}/", question.id);
        let location = format!("/accounts/login/?next={detail}");
        assert_eq!(response.header("location"), Some(location.as_str()));
        assert_eq!(votes_of(choices[0].id).await, 0);

        create_user("acc-anon", "right-Pass1").await;
        let back = client
            .post(
                &location,
                &[("username", "acc-anon"), ("password", "right-Pass1"), ("next", &detail)],
            )
            .await;
        assert_eq!(back.status(), 302);
        assert_eq!(back.header("location"), Some(detail.as_str()));
        let voted = client.post(&vote_url, &[("choice", choice.as_str())]).await;
        assert_eq!(voted.status(), 302);
        assert_eq!(votes_of(choices[0].id).await, 1);
    });
}

#[test]
fn password_change_needs_the_old_password_and_keeps_this_session() {
    run(async {
        let anonymous = site().await.client();
        let refused = anonymous.get("/accounts/password_change/").await;
        assert_eq!(refused.status(), 302);
        assert_eq!(
            refused.header("location"),
            Some("/accounts/login/?next=/accounts/password_change/")
        );

        create_user("acc-change", "old-Pass-1234").await;
        let client = site().await.client();
        login(&client, "acc-change", "old-Pass-1234").await;
        let other = site().await.client();
        login(&other, "acc-change", "old-Pass-1234").await;
        let form = client.get("/accounts/password_change/").await;
        assert_eq!(form.status(), 200);
        assert!(form.text().contains("name=\"new_password2\""), "{}", form.text());

        let wrong = client
            .post(
                "/accounts/password_change/",
                &[
                    ("old_password", "nope"),
                    ("new_password1", "new-Pass-5678"),
                    ("new_password2", "new-Pass-5678"),
                ],
            )
            .await;
        assert_eq!(wrong.status(), 200);
        assert!(
            wrong.text().contains("Your old password was entered incorrectly."),
            "{}",
            wrong.text()
        );
        let mismatch = client
            .post(
                "/accounts/password_change/",
                &[
                    ("old_password", "old-Pass-1234"),
                    ("new_password1", "new-Pass-5678"),
                    ("new_password2", "new-Pass-9999"),
                ],
            )
            .await;
        assert!(
            mismatch.text().contains("The two password fields didn’t match."),
            "{}",
            mismatch.text()
        );

        let changed = client
            .post(
                "/accounts/password_change/",
                &[
                    ("old_password", "old-Pass-1234"),
                    ("new_password1", "new-Pass-5678"),
                    ("new_password2", "new-Pass-5678"),
                ],
            )
            .await;
        assert_eq!(changed.status(), 302);
        assert_eq!(changed.header("location"), Some("/accounts/password_change/done/"));
        let done = client.get("/accounts/password_change/done/").await;
        assert_eq!(done.status(), 200, "this session stays logged in");
        assert!(done.text().contains("Password change successful"));
        assert_eq!(
            other.get("/accounts/password_change/done/").await.status(),
            302,
            "the other session is logged out"
        );
        let fresh = site().await.client();
        login(&fresh, "acc-change", "new-Pass-5678").await;
    });
}
