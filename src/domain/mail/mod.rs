//! E-mail notifications as the domain sees them: what kinds of mail there are (and which
//! of them a person may turn off), the four languages they are written in, the outbox
//! states, the templates that turn a kind and its values into a subject, a plain-text and
//! an HTML body ([`render`]), and the signed one-click unsubscribe tokens ([`token`]).
//! Pure: no SQL, no SMTP; `crate::app::mail` queues what is rendered here and
//! `crate::workers::mail` sends it.

mod render;
mod templates;
pub mod token;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use render::{Context, Rendered, escape_html, one_line, render, unsubscribe_page};
pub use templates::kind_label;

/// What a mail is about. The first three concern the account itself (transactional): they
/// are always sent; every other kind can be turned off by its recipient.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Invitation,
    PasswordReset,
    EmailVerification,
    RegistrationConfirmed,
    /// A registration that holds no seat: pending approval, waitlisted (with its position)
    /// or declined (with the organisers' reason).
    RegistrationStatus,
    /// A waitlisted registration got its seats.
    RegistrationPromoted,
    MeetingRequestReceived,
    MeetingRequestAccepted,
    MeetingRequestDeclined,
    MeetingRequestCancelled,
    SchedulePublished,
    PartnershipRequestReceived,
    PartnershipRequestStatus,
    EventReminder,
    /// A company invited to an event by its organisers.
    EventInvitation,
}

impl MailKind {
    pub const ALL: [MailKind; 15] = [
        MailKind::Invitation,
        MailKind::PasswordReset,
        MailKind::EmailVerification,
        MailKind::RegistrationConfirmed,
        MailKind::RegistrationStatus,
        MailKind::RegistrationPromoted,
        MailKind::MeetingRequestReceived,
        MailKind::MeetingRequestAccepted,
        MailKind::MeetingRequestDeclined,
        MailKind::MeetingRequestCancelled,
        MailKind::SchedulePublished,
        MailKind::PartnershipRequestReceived,
        MailKind::PartnershipRequestStatus,
        MailKind::EventReminder,
        MailKind::EventInvitation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::PasswordReset => "password_reset",
            MailKind::EmailVerification => "email_verification",
            MailKind::RegistrationConfirmed => "registration_confirmed",
            MailKind::RegistrationStatus => "registration_status",
            MailKind::RegistrationPromoted => "registration_promoted",
            MailKind::MeetingRequestReceived => "meeting_request_received",
            MailKind::MeetingRequestAccepted => "meeting_request_accepted",
            MailKind::MeetingRequestDeclined => "meeting_request_declined",
            MailKind::MeetingRequestCancelled => "meeting_request_cancelled",
            MailKind::SchedulePublished => "schedule_published",
            MailKind::PartnershipRequestReceived => "partnership_request_received",
            MailKind::PartnershipRequestStatus => "partnership_request_status",
            MailKind::EventReminder => "event_reminder",
            MailKind::EventInvitation => "event_invitation",
        }
    }

    pub fn parse(s: &str) -> Option<MailKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Mail about the account itself (an invitation, a password reset, a new address to
    /// confirm): sent whatever the recipient turned off, and without an unsubscribe link.
    pub fn is_transactional(self) -> bool {
        matches!(
            self,
            MailKind::Invitation | MailKind::PasswordReset | MailKind::EmailVerification
        )
    }
}

/// The languages mail is written in; anything else is answered in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    It,
    De,
    Fr,
    #[default]
    En,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::It, Language::De, Language::Fr, Language::En];

    /// The ISO 639-1 code (also the `Content-Language` of the mail).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::It => "it",
            Language::De => "de",
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    /// Exactly one of the four codes.
    pub fn parse(s: &str) -> Option<Language> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// A language tag as people write it (`de-CH`, `FR`, `it_IT`), English when it is none
    /// of the four.
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        Self::parse(&primary).unwrap_or_default()
    }
}

/// Where a mail of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting to be sent (or to be tried again after a refusal).
    Pending,
    /// Accepted by the SMTP server.
    Sent,
    /// Given up after the last attempt; an admin may retry it.
    Failed,
}

impl MailStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<MailStatus> {
        [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The time zone of a person without an account (and the default of new accounts).
pub const DEFAULT_TIME_ZONE: &str = "Europe/Zurich";

/// The values a template puts into its sentences. Each kind uses some of them (see the
/// templates); values it does not use are ignored, values it needs but are missing show
/// as "—". Text values are the recipients' to read, never markup: every one is escaped in
/// the HTML part, and made single-line where it stands inside a line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    /// The recipient's name for the greeting (filled in from the account when not given).
    pub name: Option<String>,
    /// The recipient's company (the one the mail is for).
    pub company: Option<String>,
    /// The other company (the one that asked, answered, sent).
    pub other_company: Option<String>,
    /// The event's title.
    pub event: Option<String>,
    /// When the event (or the first meeting) begins; shown in the recipient's time zone.
    pub starts_at: Option<DateTime<Utc>>,
    /// Where: venue and city.
    pub place: Option<String>,
    /// A partnership request's subject.
    pub subject: Option<String>,
    /// Free text someone wrote: a request's message, a comment. Kept multi-line, quoted.
    pub message: Option<String>,
    /// A partnership request's new status (`accepted`, `declined`, `withdrawn`,
    /// `concluded`, `closed`), put into words in the mail's language.
    pub status: Option<String>,
    /// Who invites (invitation).
    pub person: Option<String>,
    /// The role offered (`member_editor`, `cluster_manager`, `admin`; invitation).
    pub role: Option<String>,
    /// The company or cluster the role is on (invitation).
    pub organisation: Option<String>,
    /// Until when a link works (invitation, password reset, e-mail verification).
    pub expires_at: Option<DateTime<Utc>>,
    /// Names of people (say, "Anna Keller (Sales)"), already filtered by the
    /// contact-visibility rule for this recipient.
    pub people: Vec<String>,
    /// How many (meetings in a schedule).
    pub count: Option<usize>,
    /// The schedule is the recipient's own (the meetings they attend), not their company's.
    pub own_schedule: bool,
    /// Where the button leads: a path of the frontend (`/events/…`), joined to the
    /// configured public URL, or an absolute http(s) URL.
    pub link: String,
    /// A file sent along (the schedule's `.ics`).
    pub attachment: Option<Attachment>,
}

/// A file sent with a mail. Text only (an iCalendar file is text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees, such as `meetings.ics`.
    pub name: String,
    /// Its media type, such as `text/calendar; method=PUBLISH`.
    pub content_type: String,
    pub content: String,
}
