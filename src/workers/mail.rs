//! Sending the mail outbox (`store::mail`) over SMTP with lettre. Every instance runs one;
//! mails are claimed with a lease, so several instances on one database never send one
//! twice (a crash between the server's answer and its record can repeat one; the stable
//! `Message-ID` lets receivers tell). A refused mail — a 4xx or 5xx answer, or no answer —
//! is tried again after a growing wait and given up (`failed`, with the server's answer)
//! after the last attempt. Without SMTP configured the mails stay pending, readable by
//! admins at `/api/v1/admin/mail`. The same loop queues the event reminders.

use std::time::Duration;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::error::{AppError, AppResult};
use crate::store::Db;
use crate::store::mail::{self as outbox, MailRow};

/// The sender when `--mail-from` is not given.
pub const DEFAULT_FROM: &str = "Cluster2Cluster <noreply@localhost>";

/// Attempts before a mail is given up (an admin can retry it).
pub const DEFAULT_MAX_ATTEMPTS: i32 = 6;

/// Wait before attempt `n + 1` after `n` failures: `base`, then doubling, capped at 6 h.
pub fn backoff(base: Duration, failures: i32) -> chrono::Duration {
    let base = chrono::Duration::from_std(base).unwrap_or(chrono::Duration::seconds(60));
    let factor = 1i32 << failures.clamp(0, 20);
    (base * factor).min(chrono::Duration::hours(6))
}

macro_rules! text_header {
    ($name:ident, $header:literal) => {
        #[derive(Debug, Clone)]
        struct $name(String);

        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($header)
            }
            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($name(s.to_owned()))
            }
            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(ContentLanguage, "Content-Language");
text_header!(ListUnsubscribe, "List-Unsubscribe");
text_header!(ListUnsubscribePost, "List-Unsubscribe-Post");

/// The message of an outbox row: from `from`, text and HTML as alternatives, the attachment
/// (if any) beside them, and the one-click unsubscribe headers of RFC 8058 when the mail has
/// an unsubscribe link.
pub fn message(row: &MailRow, from: &Mailbox) -> Result<Message, String> {
    let to: Mailbox = row
        .to_address
        .parse()
        .map_err(|e| format!("the address {:?} cannot be used: {e}", row.to_address))?;
    let domain = from.email.domain().to_owned();
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        // The rendered subject is one line already; this is the last line of defence.
        .subject(crate::domain::mail::one_line(&row.subject))
        .message_id(Some(format!("<{}@{domain}>", row.id)))
        .header(ContentLanguage(row.language.as_str().to_owned()));
    if let Some(url) = &row.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(format!(
                "<{}>",
                crate::domain::mail::one_line(url)
            )))
            .header(ListUnsubscribePost("List-Unsubscribe=One-Click".into()));
    }
    let bodies = MultiPart::alternative_plain_html(row.text_body.clone(), row.html_body.clone());
    let body = match (&row.attachment_name, &row.attachment_type, &row.attachment) {
        (Some(name), Some(kind), Some(content)) => {
            let kind = ContentType::parse(kind).map_err(|e| format!("attachment type: {e}"))?;
            MultiPart::mixed()
                .multipart(bodies)
                .singlepart(Attachment::new(name.clone()).body(content.clone(), kind))
        }
        _ => bodies,
    };
    builder.multipart(body).map_err(|e| e.to_string())
}

/// How the worker sends.
#[derive(Debug, Clone)]
pub struct MailerSettings {
    /// `smtp://host:port`, `smtp://…?tls=required`, `smtps://user:pass@host`; `None`: the
    /// mails stay in the outbox.
    pub smtp_url: Option<String>,
    /// The `From` of every mail.
    pub from: String,
    /// The first wait after a refusal (doubling after each further one).
    pub retry_base: Duration,
    pub max_attempts: i32,
}

impl Default for MailerSettings {
    fn default() -> Self {
        MailerSettings {
            smtp_url: None,
            from: DEFAULT_FROM.into(),
            retry_base: Duration::from_secs(60),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// Sends the outbox and queues the event reminders.
#[derive(Clone)]
pub struct Mailer {
    db: Db,
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    retry_base: Duration,
    max_attempts: i32,
    /// Mails claimed and sent at once per pass.
    batch: i64,
}

/// A claim outlives any attempt (lettre gives up on a silent server after a minute).
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// How often the reminders are looked for.
const REMINDER_EVERY: Duration = Duration::from_secs(60);

impl Mailer {
    /// Checks the settings: a URL lettre understands, a usable sender.
    pub fn new(db: Db, settings: &MailerSettings) -> Result<Mailer, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("--mail-from {:?} is not a mailbox: {e}", settings.from))?;
        let transport = match settings.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            None => None,
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("--smtp-url is not usable: {e}"))?
                    .build(),
            ),
        };
        Ok(Mailer {
            db,
            transport,
            from,
            retry_base: settings.retry_base,
            max_attempts: settings.max_attempts.max(1),
            batch: 8,
        })
    }

    /// Whether mail is sent at all (an SMTP server is configured).
    pub fn sends(&self) -> bool {
        self.transport.is_some()
    }

    /// Queues the reminders of events that begin within a day (once per registration).
    pub async fn queue_reminders(&self) -> AppResult<usize> {
        self.db
            .write(|conn| crate::app::mail::flows::event_reminders(conn, crate::store::now()))
            .await
    }

    /// Sends what is due now, batch after batch, waiting for the answers; returns how many
    /// mails were attempted. For tests and tools; the service runs [`Mailer::run`].
    pub async fn send_due(&self) -> AppResult<usize> {
        let Some(transport) = &self.transport else {
            return Ok(0);
        };
        let mut attempted = 0;
        loop {
            let lease_until = crate::store::now() + LEASE;
            let batch = self.batch;
            let claimed = self
                .db
                .write_unaudited(move |conn| Ok(outbox::claim(conn, batch, lease_until)?))
                .await?;
            if claimed.is_empty() {
                return Ok(attempted);
            }
            attempted += claimed.len();
            let results = futures_util::future::join_all(
                claimed.into_iter().map(|row| self.attempt(transport, row)),
            )
            .await;
            results.into_iter().collect::<AppResult<Vec<()>>>()?;
        }
    }

    async fn attempt(
        &self,
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        row: MailRow,
    ) -> AppResult<()> {
        let outcome = match message(&row, &self.from) {
            Ok(message) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                self.db
                    .write_unaudited(move |conn| Ok(outbox::mark_sent(conn, &row).map(|_| ())?))
                    .await
            }
            Err(error) => {
                let give_up = row.attempts + 1 >= self.max_attempts;
                tracing::info!(mail = %row.id, attempts = row.attempts + 1, give_up, %error, "mail refused");
                let next = crate::store::now() + backoff(self.retry_base, row.attempts);
                let error: String = error.chars().take(2000).collect();
                self.db
                    .write_unaudited(move |conn| {
                        Ok(outbox::mark_failed(conn, &row, &error, give_up, next).map(|_| ())?)
                    })
                    .await
            }
        }
    }

    /// Forever: every `every`, sends what is due (when SMTP is configured), and once a
    /// minute queues the reminders due.
    pub async fn run(self, every: Duration) {
        let mut last_reminders: Option<std::time::Instant> = None;
        loop {
            if last_reminders.is_none_or(|t| t.elapsed() >= REMINDER_EVERY) {
                last_reminders = Some(std::time::Instant::now());
                if let Err(e) = self.queue_reminders().await {
                    tracing::warn!(error = %e, "queueing event reminders failed");
                }
            }
            match self.send_due().await {
                Ok(_) => {}
                Err(AppError::Unavailable(e)) => {
                    tracing::warn!(error = %e, "mail pass: database unavailable")
                }
                Err(e) => tracing::warn!(error = %e, "mail pass failed"),
            }
            tokio::time::sleep(every).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base() {
        let base = Duration::from_secs(1);
        assert_eq!(backoff(base, 0), chrono::Duration::seconds(1));
        assert_eq!(backoff(base, 3), chrono::Duration::seconds(8));
        assert_eq!(
            backoff(Duration::from_secs(60), 30),
            chrono::Duration::hours(6)
        );
    }
}
