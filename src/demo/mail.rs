//! The mail of the day, in the outbox: what the service sent the participants on the way
//! to the first Cluster2Cluster day — registration confirmations, meeting requests and
//! their answers, the published schedule with each company's `.ics`, the partnership
//! requests that followed, the reminder of the day before — through the same functions the
//! flows use, so every kind of mail is there to read (`GET /api/v1/admin/mail`; without
//! SMTP it stays pending). An invitation to a role is real (pending, its token in the mail);
//! the password reset and the address to confirm are illustrative: their flows are not part
//! of the demo. The host also invited a company that did not register.

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
    // A Lombard company the host invited, which did not come (no editor account: its contact
    // person was written to).
    let guest = store::events::get_for_access(s.conn, event_id)?
        .guests
        .first()
        .copied()
        .ok_or_else(|| AppError::internal("the demo day has a guest cluster"))?;
    s.member(guest, serde_json::json!({
        "legal_name": "Pavia Compositi S.r.l.", "country": "IT", "city": "Pavia", "size_class": "small",
        "core_business": "Carbon-fibre composite parts", "areas_of_interest": ["composites"],
        "partners_sought": ["cross-border partners"],
        "contacts": [{"name": "Chiara Gatti", "role": "Titolare", "email": "contact@paviacompositi.example",
                      "languages": ["it", "en"], "share_consent": true}]
    }))?;
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
        crate::domain::sort::Sort::default_order(),
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
    event_invitation(conn, &event)?;
    account_mails(conn)
}

/// The host's invitation of a company that did not register (to its editors, or to its
/// first contact person with an address), as the organisers sent it before the day.
fn event_invitation(conn: &mut store::DbConn, event: &store::events::EventRecord) -> AppResult<()> {
    let companies: Vec<Uuid> = store::members::all_active(conn, None)?
        .iter()
        .map(|m| m.id)
        .collect();
    let roland = store::users::find_by_email(conn, "roland.hengartner@swiss-aerospace.example")?
        .map(|u| u.id);
    for member_id in companies {
        if registrations::active_of_member(conn, event.row.id, member_id)?.is_some() {
            continue;
        }
        let contact = if store::users::editors_of(conn, member_id)?.is_empty() {
            let people = store::contacts::list(conn, member_id, None, None, false, None, 50)?;
            match people.into_iter().find(|c| c.email.is_some()) {
                Some(c) => Some(c.id),
                None => continue,
            }
        } else {
            None
        };
        crate::app::invitations::invite_company_in(conn, event, member_id, contact, roland, None)?;
        return Ok(());
    }
    Ok(())
}

/// One mail of each account kind, with links that show their shape (`token=demo-…`).
fn account_mails(conn: &mut store::DbConn) -> AppResult<()> {
    let in_days = |d: i64| Some(chrono::Utc::now() + chrono::Duration::days(d));
    // A pending invitation (its token is only in the mail, as for any invitation).
    let paola = store::users::find_by_email(conn, "paola.margnini@lombardia-aerospace.example")?
        .ok_or_else(|| AppError::internal("demo manager missing"))?;
    let buffetto = store::users::find_by_email(conn, "massimo.buffetto@aviometal.example")?
        .ok_or_else(|| AppError::internal("demo editor missing"))?;
    let aviometal = store::users::grants_of(conn, &[buffetto.id])?
        .iter()
        .find_map(|g| g.to_grant())
        .ok_or_else(|| AppError::internal("demo editor without a grant"))?;
    let token = store::tokens::random_token();
    let expires_at = store::now() + chrono::Duration::days(7);
    store::invitations::insert(
        conn,
        store::invitations::NewInvitation {
            email: "giulia.bianchi@aviometal.example",
            grant: &aviometal,
            language: Language::It,
            token: &token,
            invited_by: Some(paola.id),
            expires_at,
        },
    )?;
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
            expires_at: Some(expires_at.and_utc()),
            link: format!("/invitations/accept?token={token}"),
            ..Params::default()
        },
    )?;
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
