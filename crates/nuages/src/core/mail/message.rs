//! Email messages: Django's `django.core.mail.message` (`EmailMessage`,
//! `EmailMultiAlternatives`).
//!
//! A message is plain data; [`EmailMessage::message`] renders it as the
//! MIME bytes sent over SMTP (through lettre's message builder), and
//! [`EmailMessage::send`] hands it to a backend.

use std::path::Path;

use lettre::message::header::{self, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, Mailbox, Mailboxes, MultiPart, SinglePart};

use super::MailError;
use super::backends::{EmailBackend, get_connection};

/// A file attached to a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown to the recipient.
    pub filename: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// The MIME type (`application/pdf`).
    pub mimetype: String,
}

/// An alternative rendering of the body (`text/html` beside the plain text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    /// The content.
    pub content: String,
    /// Its MIME type.
    pub mimetype: String,
}

/// An email: Django's `EmailMessage`, with `EmailMultiAlternatives`'
/// alternatives.
///
/// `from_email` `None` means `DEFAULT_FROM_EMAIL`. Addresses are
/// `user@example.com` or `Name <user@example.com>`. Bcc recipients get
/// the message but are not in its headers. `headers` are extra headers;
/// `From`, `To`, `Cc`, `Reply-To`, `Date` and `Message-ID` given there
/// replace the computed ones, as in Django.
///
/// # Examples
///
/// ```
/// use nuages::core::mail::EmailMessage;
///
/// let message = EmailMessage::new("Hello", "Body goes here", Some("from@example.com"), &["to1@example.com"])
///     .bcc(&["bcc@example.com"])
///     .reply_to(&["another@example.com"])
///     .header("Message-ID", "<foo@example.com>");
/// assert_eq!(message.recipients(), ["to1@example.com", "bcc@example.com"]);
/// let text = String::from_utf8(message.message().unwrap()).unwrap();
/// assert!(text.contains("Subject: Hello\r\n"));
/// assert!(!text.contains("bcc@example.com"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailMessage {
    /// The subject line.
    pub subject: String,
    /// The body (plain text unless `content_subtype` says otherwise).
    pub body: String,
    /// The sender; `None` uses `DEFAULT_FROM_EMAIL`.
    pub from_email: Option<String>,
    /// `To` recipients.
    pub to: Vec<String>,
    /// `Cc` recipients.
    pub cc: Vec<String>,
    /// Hidden recipients.
    pub bcc: Vec<String>,
    /// `Reply-To` addresses.
    pub reply_to: Vec<String>,
    /// Extra headers, in order.
    pub headers: Vec<(String, String)>,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// Alternative renderings (`EmailMultiAlternatives`).
    pub alternatives: Vec<Alternative>,
    /// The body's subtype: `plain` (default) or `html`.
    pub content_subtype: String,
}

/// Django's `EmailMultiAlternatives`: an [`EmailMessage`] with
/// [`attach_alternative`](EmailMessage::attach_alternative), which every
/// message has here.
pub type EmailMultiAlternatives = EmailMessage;

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl EmailMessage {
    /// A message with a subject, body, sender (`None`: `DEFAULT_FROM_EMAIL`)
    /// and `To` recipients.
    pub fn new(subject: &str, body: &str, from_email: Option<&str>, to: &[&str]) -> Self {
        EmailMessage {
            subject: subject.to_owned(),
            body: body.to_owned(),
            from_email: from_email.map(str::to_owned),
            to: owned(to),
            content_subtype: "plain".to_owned(),
            ..EmailMessage::default()
        }
    }

    /// Add `Cc` recipients.
    pub fn cc(mut self, cc: &[&str]) -> Self {
        self.cc.extend(owned(cc));
        self
    }

    /// Add hidden recipients.
    pub fn bcc(mut self, bcc: &[&str]) -> Self {
        self.bcc.extend(owned(bcc));
        self
    }

    /// Add `Reply-To` addresses.
    pub fn reply_to(mut self, reply_to: &[&str]) -> Self {
        self.reply_to.extend(owned(reply_to));
        self
    }

    /// Add an extra header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Attach a file made in memory (Django's `attach(filename, content, mimetype)`).
    pub fn attach(mut self, filename: &str, content: impl Into<Vec<u8>>, mimetype: &str) -> Self {
        self.attachments.push(Attachment {
            filename: filename.to_owned(),
            content: content.into(),
            mimetype: mimetype.to_owned(),
        });
        self
    }

    /// Attach a file from disk; the MIME type is guessed from the extension
    /// when `mimetype` is `None` (Django's `attach_file`).
    ///
    /// # Errors
    /// [`MailError::Io`] when the file cannot be read.
    pub fn attach_file(self, path: impl AsRef<Path>, mimetype: Option<&str>) -> Result<Self, MailError> {
        let path = path.as_ref();
        let content = std::fs::read(path).map_err(|e| MailError::Io(format!("{}: {e}", path.display())))?;
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let guessed = crate::contrib::staticfiles::views::content_type_for(&filename);
        let mimetype = mimetype.unwrap_or_else(|| guessed.split(';').next().unwrap_or(guessed));
        Ok(self.attach(&filename, content, mimetype))
    }

    /// Add an alternative rendering of the body, usually
    /// `attach_alternative(html, "text/html")` (Django's
    /// `EmailMultiAlternatives.attach_alternative`).
    pub fn attach_alternative(mut self, content: &str, mimetype: &str) -> Self {
        self.alternatives.push(Alternative {
            content: content.to_owned(),
            mimetype: mimetype.to_owned(),
        });
        self
    }

    /// Every address the message goes to: `to`, `cc` then `bcc`, without
    /// empty entries (Django's `recipients()`).
    pub fn recipients(&self) -> Vec<String> {
        self.to
            .iter()
            .chain(&self.cc)
            .chain(&self.bcc)
            .filter(|a| !a.is_empty())
            .cloned()
            .collect()
    }

    /// The sender this message uses: `from_email` or `DEFAULT_FROM_EMAIL`.
    pub fn effective_from_email(&self) -> String {
        self.from_email
            .clone()
            .unwrap_or_else(|| crate::conf::settings().DEFAULT_FROM_EMAIL.clone())
    }

    fn extra_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The message as lettre builds it: headers, MIME structure and the
    /// SMTP envelope (sender and every recipient, Bcc included).
    ///
    /// # Errors
    /// [`MailError::BadHeader`] for a header value with a newline (header
    /// injection), [`MailError::InvalidAddress`] for an address that does
    /// not parse, [`MailError::Message`] when no recipient is left.
    pub fn to_lettre(&self) -> Result<lettre::Message, MailError> {
        let from_email = self.effective_from_email();
        forbid_multi_line("Subject", &self.subject)?;
        for (name, value) in &self.headers {
            forbid_multi_line(name, value)?;
        }
        let from = mailbox(&from_email)?;
        let recipients = self
            .recipients()
            .iter()
            .map(|r| mailbox(r).map(|m| m.email))
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = lettre::address::Envelope::new(Some(from.email.clone()), recipients)
            .map_err(|e| MailError::Message(e.to_string()))?;
        let mut builder = lettre::Message::builder()
            .envelope(envelope)
            .subject(self.subject.clone());
        builder = match self.extra_header("From") {
            Some(value) => builder.header(header::From::from(mailboxes(&[value.to_owned()])?)),
            None => builder.from(from),
        };
        for (name, list, header_name) in [
            ("To", &self.to, "To"),
            ("Cc", &self.cc, "Cc"),
            ("Reply-To", &self.reply_to, "Reply-To"),
        ] {
            let list = match self.extra_header(name) {
                Some(value) => vec![value.to_owned()],
                None => list.clone(),
            };
            if list.is_empty() {
                continue;
            }
            let boxes = mailboxes(&list)?;
            builder = match header_name {
                "To" => builder.header(header::To::from(boxes)),
                "Cc" => builder.header(header::Cc::from(boxes)),
                _ => builder.header(header::ReplyTo::from(boxes)),
            };
        }
        if self.extra_header("Message-ID").is_none() {
            builder = builder.message_id(Some(make_msgid()));
        }
        for (name, value) in &self.headers {
            if ["From", "To", "Cc", "Reply-To"]
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name))
            {
                continue;
            }
            let header_name = HeaderName::new_from_ascii(name.clone())
                .map_err(|_| MailError::BadHeader(format!("Invalid header name {name:?}")))?;
            builder = builder.raw_header(HeaderValue::new(header_name, value.clone()));
        }
        let built = if self.attachments.is_empty() && self.alternatives.is_empty() {
            builder.singlepart(text_part(&self.body, &format!("text/{}", self.content_subtype))?)
        } else {
            builder.multipart(self.mime_body()?)
        };
        built.map_err(|e| MailError::Message(e.to_string()))
    }

    fn mime_body(&self) -> Result<MultiPart, MailError> {
        let body = text_part(&self.body, &format!("text/{}", self.content_subtype))?;
        let mut main = None;
        if !self.alternatives.is_empty() {
            let mut alternative = MultiPart::alternative().singlepart(body.clone());
            for alt in &self.alternatives {
                alternative = alternative.singlepart(text_part(&alt.content, &alt.mimetype)?);
            }
            if self.attachments.is_empty() {
                return Ok(alternative);
            }
            main = Some(alternative);
        }
        let mut mixed = match main {
            Some(alternative) => MultiPart::mixed().multipart(alternative),
            None => MultiPart::mixed().singlepart(body),
        };
        for file in &self.attachments {
            let content_type = ContentType::parse(&file.mimetype)
                .map_err(|_| MailError::Message(format!("Invalid MIME type {:?}", file.mimetype)))?;
            mixed =
                mixed.singlepart(MimeAttachment::new(file.filename.clone()).body(file.content.clone(), content_type));
        }
        Ok(mixed)
    }

    /// The message as sent: RFC 5322 bytes with CRLF line ends (Django's
    /// `message().as_bytes()`).
    ///
    /// # Errors
    /// As [`to_lettre`](Self::to_lettre).
    pub fn message(&self) -> Result<Vec<u8>, MailError> {
        Ok(self.to_lettre()?.formatted())
    }

    /// Send through the `EMAIL_BACKEND` connection; returns how many
    /// messages were sent (0 or 1: none without recipients). With
    /// `fail_silently`, errors give 0 instead.
    ///
    /// # Errors
    /// A [`MailError`] from building or sending, unless `fail_silently`.
    pub async fn send(&self, fail_silently: bool) -> Result<usize, MailError> {
        if self.recipients().is_empty() {
            return Ok(0);
        }
        let connection = match get_connection(None, fail_silently) {
            Ok(connection) => connection,
            Err(_) if fail_silently => return Ok(0),
            Err(e) => return Err(e),
        };
        self.send_with(connection.as_ref()).await
    }

    /// Send through a given backend (Django's `connection=` argument).
    ///
    /// # Errors
    /// As [`send`](Self::send).
    pub async fn send_with(&self, connection: &dyn EmailBackend) -> Result<usize, MailError> {
        if self.recipients().is_empty() {
            return Ok(0);
        }
        connection.send_messages(std::slice::from_ref(self)).await
    }
}

/// Django's `forbid_multi_line_headers`: newlines in a header value would
/// let a user inject headers.
fn forbid_multi_line(name: &str, value: &str) -> Result<(), MailError> {
    if value.contains(['\n', '\r']) {
        return Err(MailError::BadHeader(format!(
            "Header values can't contain newlines (got {value:?} for header {name:?})"
        )));
    }
    Ok(())
}

fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    forbid_multi_line("address", address)?;
    address
        .trim()
        .parse::<Mailbox>()
        .map_err(|e| MailError::InvalidAddress(format!("{address}: {e}")))
}

fn mailboxes(list: &[String]) -> Result<Mailboxes, MailError> {
    let mut boxes = Mailboxes::new();
    for entry in list {
        forbid_multi_line("address", entry)?;
        let parsed: Mailboxes = entry
            .parse()
            .map_err(|e| MailError::InvalidAddress(format!("{entry}: {e}")))?;
        for mbox in parsed {
            boxes.push(mbox);
        }
    }
    Ok(boxes)
}

/// A text part with `charset=utf-8` for `text/*` types.
fn text_part(content: &str, mimetype: &str) -> Result<SinglePart, MailError> {
    let full = if mimetype.starts_with("text/") && !mimetype.contains("charset") {
        format!("{mimetype}; charset=utf-8")
    } else {
        mimetype.to_owned()
    };
    let content_type =
        ContentType::parse(&full).map_err(|_| MailError::Message(format!("Invalid MIME type {mimetype:?}")))?;
    Ok(SinglePart::builder().header(content_type).body(content.to_owned()))
}

/// Django's `make_msgid(domain=DNS_NAME)`: `<unique@hostname>`.
fn make_msgid() -> String {
    format!("<{}@{}>", uuid::Uuid::new_v4().simple(), super::dns_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(message: &EmailMessage) -> String {
        String::from_utf8(message.message().expect("test value")).expect("test value")
    }

    #[test]
    fn headers_and_envelope() {
        let message = EmailMessage::new(
            "Subject",
            "Content",
            Some("Jane <from@example.com>"),
            &["to@example.com"],
        )
        .cc(&["cc@example.com"])
        .bcc(&["bcc@example.com"])
        .header("X-Custom", "yes");
        let built = message.to_lettre().expect("test value");
        assert_eq!(built.envelope().to().len(), 3);
        let out = text(&message);
        assert!(out.contains("From: Jane <from@example.com>\r\n"), "{out}");
        assert!(out.contains("To: to@example.com\r\n"));
        assert!(out.contains("Cc: cc@example.com\r\n"));
        assert!(out.contains("X-Custom: yes\r\n"));
        assert!(out.contains("Message-ID: <"));
        assert!(out.contains("Date: "));
        assert!(!out.contains("bcc@example.com"));
        assert!(out.contains("Content-Type: text/plain; charset=utf-8"));
    }

    #[test]
    fn header_injection_is_refused() {
        let message = EmailMessage::new(
            "Subject\nBcc: victim@example.com",
            "x",
            Some("a@example.com"),
            &["b@example.com"],
        );
        assert!(matches!(message.message(), Err(MailError::BadHeader(_))));
        let message = EmailMessage::new("s", "x", Some("a@example.com"), &["b@example.com\r\nX: y"]);
        assert!(matches!(message.message(), Err(MailError::BadHeader(_))));
        let message = EmailMessage::new("s", "x", Some("not an address"), &["b@example.com"]);
        assert!(matches!(message.message(), Err(MailError::InvalidAddress(_))));
    }

    #[test]
    fn alternatives_and_attachments() {
        let message = EmailMessage::new("s", "plain body", Some("a@example.com"), &["b@example.com"])
            .attach_alternative("<p>html body</p>", "text/html")
            .attach("report.csv", "a,b\n1,2\n", "text/csv");
        let out = text(&message);
        assert!(out.contains("multipart/mixed"), "{out}");
        assert!(out.contains("multipart/alternative"));
        assert!(out.contains("text/html; charset=utf-8"));
        assert!(out.contains("<p>html body</p>"));
        assert!(out.contains("filename=\"report.csv\""));
    }

    #[test]
    fn overriding_headers() {
        let message = EmailMessage::new("s", "b", Some("bounce@example.com"), &["list@example.com"])
            .header("From", "Display <from@example.com>")
            .header("To", "undisclosed@example.com");
        let out = text(&message);
        assert!(out.contains("From: Display <from@example.com>\r\n"), "{out}");
        assert!(out.contains("To: undisclosed@example.com\r\n"));
        let envelope = message.to_lettre().expect("test value");
        assert_eq!(
            envelope.envelope().from().map(ToString::to_string).as_deref(),
            Some("bounce@example.com")
        );
    }
}
