//! Email end to end: a view sends mail through EMAIL_BACKEND (locmem), the
//! `sendtestemail` command, mail_admins/mail_managers, and the console and
//! file backends writing real output.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use nuages::conf::Settings;
use nuages::core::mail::{self, EmailMessage, EmailMultiAlternatives, MailError, backends};
use nuages::prelude::*;
use nuages::urls::{URLPattern, path};
use nuages::{Project, Site};
use tokio::sync::OnceCell;

static SITE: OnceCell<Site> = OnceCell::const_new();
static MAIL_DIR: LazyLock<PathBuf> = LazyLock::new(|| tempfile::tempdir().expect("tempdir").keep());

async fn contact(request: Request) -> Result<Response> {
    let post = request.post()?;
    let to = post.get("to").unwrap_or("").to_owned();
    let message = EmailMultiAlternatives::new("Contact", "Thanks for writing.", None, &[to.as_str()])
        .attach_alternative("<p>Thanks for writing.</p>", "text/html");
    let sent = message.send(false).await?;
    Ok(Response::new(format!("sent {sent}")))
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![path("contact/", contact)]
}

async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        let mut settings = Settings::for_tests();
        settings.ADMINS = vec![("Ada".into(), "ada@example.com".into())];
        settings.MANAGERS = vec![("Max".into(), "max@example.com".into())];
        settings.SERVER_EMAIL = "server@example.com".into();
        settings.DEFAULT_FROM_EMAIL = "Site <noreply@example.com>".into();
        settings.EMAIL_SUBJECT_PREFIX = "[Site] ".into();
        settings.EMAIL_FILE_PATH = Some(MAIL_DIR.clone());
        Project::new(".")
            .urls(urlpatterns)
            .settings(settings)
            .setup()
            .await
            .expect("setup")
    })
    .await
}

fn sent_to(address: &str) -> Vec<EmailMessage> {
    mail::outbox()
        .into_iter()
        .filter(|m| m.recipients().iter().any(|r| r == address))
        .collect()
}

#[tokio::test]
async fn a_view_sends_mail_to_the_outbox() {
    let client = site().await.client();
    let response = client.post("/contact/", &[("to", "visitor@example.com")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "sent 1");
    let sent = sent_to("visitor@example.com");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, "Contact");
    assert_eq!(sent[0].effective_from_email(), "Site <noreply@example.com>");
    assert_eq!(sent[0].alternatives[0].mimetype, "text/html");
    let text = String::from_utf8(sent[0].message().expect("message")).expect("utf-8");
    assert!(text.contains("From: Site <noreply@example.com>\r\n"), "{text}");
    assert!(text.contains("multipart/alternative"));
}

#[tokio::test]
async fn a_bad_address_from_a_form_is_an_error_not_a_panic() {
    let client = site().await.client();
    let response = client
        .post("/contact/", &[("to", "x@example.com\nBcc: victim@example.com")])
        .await;
    assert_eq!(response.status(), 500);
    assert!(sent_to("victim@example.com").is_empty());
}

#[tokio::test]
async fn send_mail_and_staff_mail() {
    site().await;
    let sent = mail::send_mail(
        "Hi",
        "Body",
        Some("me@example.com"),
        &["sm@example.com"],
        false,
        Some("<b>Body</b>"),
    )
    .await
    .expect("sent");
    assert_eq!(sent, 1);
    assert_eq!(sent_to("sm@example.com")[0].alternatives.len(), 1);
    assert_eq!(mail::send_mail("Hi", "Body", None, &[], false, None).await, Ok(0));
    mail::mail_admins("Broken", "Something broke", false, None)
        .await
        .expect("admins");
    let admins = sent_to("ada@example.com");
    let report = admins
        .iter()
        .find(|m| m.subject == "[Site] Broken")
        .expect("admin mail");
    assert_eq!(report.from_email.as_deref(), Some("server@example.com"));
    mail::mail_managers("Links", "A broken link", false, None)
        .await
        .expect("managers");
    assert!(sent_to("max@example.com").iter().any(|m| m.subject == "[Site] Links"));
    let sent = mail::send_mass_mail(
        &[
            ("One", "1", None, &["mass1@example.com"]),
            ("Two", "2", None, &["mass2@example.com"]),
        ],
        false,
    )
    .await
    .expect("mass");
    assert_eq!(sent, 2);
}

#[tokio::test]
async fn sendtestemail_command() {
    let site = site().await;
    let mut out = Vec::new();
    site.call_command(
        &["sendtestemail".into(), "ops@example.com".into(), "--admins".into()],
        &mut out,
    )
    .await
    .expect("command");
    let test = sent_to("ops@example.com");
    assert_eq!(test.len(), 1);
    assert!(test[0].subject.starts_with("Test email from "), "{}", test[0].subject);
    assert_eq!(test[0].body, "If you're reading this, it was successful.");
    assert!(
        sent_to("ada@example.com")
            .iter()
            .any(|m| m.body == "This email was sent to the site admins.")
    );
    let err = site
        .call_command(&["sendtestemail".into()], &mut out)
        .await
        .expect_err("no recipients");
    assert!(err.message().contains("You must specify some email recipients"));
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn console_and_file_backends_write_the_message() {
    site().await;
    let buffer = Buffer::default();
    let console = backends::console::EmailBackend::with_stream(Box::new(buffer.clone()));
    let message = EmailMessage::new("Console", "Printed body", Some("a@example.com"), &["b@example.com"]);
    assert_eq!(message.send_with(&console).await, Ok(1));
    let printed = String::from_utf8(buffer.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(printed.contains("Subject: Console\n"), "{printed}");
    assert!(printed.contains("Printed body"));
    assert!(printed.ends_with(&format!("\n{}\n", "-".repeat(79))));

    let file = mail::get_connection(Some("django.core.mail.backends.filebased.EmailBackend"), false).expect("file");
    let first = EmailMessage::new("File one", "first", None, &["f@example.com"]);
    let second = EmailMessage::new("File two", "second", None, &["f@example.com"]);
    assert_eq!(file.send_messages(&[first, second]).await, Ok(2));
    let logs: Vec<String> = std::fs::read_dir(&*MAIL_DIR)
        .expect("dir")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    assert!(
        logs.iter()
            .any(|l| l.contains("Subject: File one") && l.contains("Subject: File two"))
    );

    assert_eq!(
        mail::get_connection(Some("nuages.core.mail.backends.dummy.EmailBackend"), false)
            .expect("dummy")
            .send_messages(&[EmailMessage::new("x", "y", None, &["d@example.com"])])
            .await,
        Ok(1)
    );
    assert!(matches!(
        mail::get_connection(Some("myproject.NoSuchBackend"), false),
        Err(MailError::ImproperlyConfigured(_))
    ));
    let silent = mail::get_connection(Some("django.core.mail.backends.locmem.EmailBackend"), true).expect("locmem");
    let bad = EmailMessage::new("x\ny", "z", None, &["silent@example.com"]);
    assert_eq!(silent.send_messages(&[bad]).await, Ok(0));
}
