//! The mail of the day, in the outbox: what the service sent the participants on the way
//! to the first Cluster2Cluster day — registration confirmations, meeting requests and
//! their answers, the published schedule with each company's `.ics`, the partnership
//! requests that followed, the reminder of the day before — through the same functions the
//! flows use, so every kind of mail is there to read (`GET /api/v1/admin/mail`; without
//! SMTP it stays pending). The three account mails (an invitation, a password reset, an
//! address to confirm) are illustrative: their flows are not part of the demo.

use uuid::Uuid;

use super::Seeder;
use crate::app::mail::{self, Language, MailKind, Params, flows};
use crate::domain::matchmaking::MeetingRequestStatus;
use crate::domain::partnership::{RequestStatus, Side};
use crate::error::{AppError, AppResult};
use crate::store::{self, matchmaking as mm, registrations};

/// Two answers of the day besides the accepted meetings: a Swiss company declined
/// Aviometal's request (fully booked) and a meeting with Soliani Emc was cancelled.
fn answers(s: &mut Seeder, event_id: Uuid) -> AppResult<()> {
    let registration_of = |s: &mut Seeder, name: &str| -> AppResult<Uuid> {
        let member = s
            .companies
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.member_id)
            .ok_or_else(|| AppError::internal(format!("demo company {name}")))?;
        registrations::active_of_member(s.conn, event_id, member)?
            .map(|r| r.id)
            .ok_or_else(|| AppError::internal(format!("{name} is not registered")))
    };
    for (from, to, status) in [
        (
            "Aviometal",
            "Nidwalden Präzisionsmechanik AG",
            MeetingRequestStatus::Declined,
        ),
        (
            "Soliani Emc",
            "Helvetic Aero Services AG",
            MeetingRequestStatus::Cancelled,
        ),
    ] {
        let (from, to) = (registration_of(s, from)?, registration_of(s, to)?);
        let (from, to) = (from, to);
        if mm::open_request(s.conn, event_id, &mm::pair_key(from, to))?.is_some() {
            continue;
        }
        let mut row = mm::insert_request(
            s.conn,
            &mm::NewRequest {
                event_id,
                requester: from,
                recipient: to,
                status: MeetingRequestStatus::Pending,
                message: "Twenty minutes at a table after the pitches?",
                created_by: None,
            },
        )?;
        row.status = status;
        mm::update_request(s.conn, &row)?;
    }
    Ok(())
}

pub(super) fn seed(s: &mut Seeder, event_id: Uuid) -> AppResult<()> {
    answers(s, event_id)?;
    let conn = &mut *s.conn;
    let event = store::events::get_for_access(conn, event_id)?;
    let registered = registrations::list(
        conn,
        event_id,
        &registrations::RegistrationFilter::default(),
        None,
        i64::MAX,
    )?;
    for registration in &registered {
        flows::registration_confirmed(conn, &event, registration)?;
    }
    for row in mm::list_requests(conn, event_id, &Default::default(), None, i64::MAX)? {
        flows::meeting_request_received(conn, &row, None)?;
        let answer = match row.status {
            MeetingRequestStatus::Accepted => Some((MailKind::MeetingRequestAccepted, false)),
            MeetingRequestStatus::Declined => Some((MailKind::MeetingRequestDeclined, false)),
            MeetingRequestStatus::Cancelled => Some((MailKind::MeetingRequestCancelled, true)),
            MeetingRequestStatus::Pending => None,
        };
        if let Some((kind, both)) = answer {
            flows::meeting_request_answered(conn, kind, &row, true, both, None)?;
        }
    }
    let run = mm::published_run(conn, event_id)?
        .ok_or_else(|| AppError::internal("the demo day has a published schedule"))?;
    flows::schedule_published(conn, &run)?;
    let follow_ups = store::partnerships::list(
        conn,
        &store::partnerships::RequestFilter {
            event_id: Some(event_id),
            ..Default::default()
        },
        None,
        i64::MAX,
    )?;
    for row in &follow_ups {
        flows::partnership_request_received(conn, row, None)?;
        // The recipient answered (accepted or declined); the sender hears of it.
        if matches!(
            row.status,
            RequestStatus::Accepted | RequestStatus::Declined
        ) {
            flows::partnership_request_status(conn, row, &[Side::Recipient], "", None)?;
        }
    }
    for registration in &registered {
        flows::remind(conn, registration)?;
    }
    account_mails(conn)
}

/// One mail of each account kind, with links that show their shape (`token=demo-…`).
fn account_mails(conn: &mut store::DbConn) -> AppResult<()> {
    let in_days = |d: i64| Some(chrono::Utc::now() + chrono::Duration::days(d));
    mail::send_to_address(
        conn,
        "giulia.bianchi@aviometal.example",
        Language::It,
        MailKind::Invitation,
        &Params {
            name: Some("Giulia Bianchi".into()),
            person: Some("Paola Margnini".into()),
            role: Some("member_editor".into()),
            organisation: Some("Aviometal".into()),
            expires_at: in_days(7),
            link: "/invitations/accept?token=demo-invitation".into(),
            ..Params::default()
        },
    )?;
    let buffetto = store::users::find_by_email(conn, "massimo.buffetto@aviometal.example")?
        .ok_or_else(|| AppError::internal("demo editor missing"))?;
    mail::notify_user(
        conn,
        buffetto.id,
        MailKind::PasswordReset,
        &Params {
            expires_at: Some(chrono::Utc::now() + chrono::Duration::hours(1)),
            link: "/password-reset?token=demo-password-reset".into(),
            ..Params::default()
        },
    )?;
    mail::send_to_address(
        conn,
        "ivano@soliani-emc.example",
        Language::It,
        MailKind::EmailVerification,
        &Params {
            name: Some("Ivano Soliani".into()),
            expires_at: in_days(1),
            link: "/email-verification?token=demo-email-verification".into(),
            ..Params::default()
        },
    )?;
    Ok(())
}
