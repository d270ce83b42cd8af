//! The mail outbox: messages are written (already rendered) in the same transaction as the
//! change they tell about, so a change is never committed without its mail, nor the
//! reverse, and a restart loses nothing. A worker sends them over SMTP
//! (`crate::workers::mail`); without SMTP they wait here, readable by admins. Also the
//! kinds of mail each person turned off, and the event reminders already queued.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{event_reminders, mail_opt_outs, mail_outbox as outbox};
use super::{DbConn, new_id, now};
use crate::domain::mail::{Attachment, Language, MailKind, MailStatus};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct MailRow {
    pub id: Uuid,
    pub kind: MailKind,
    pub to_address: String,
    pub to_user_id: Option<Uuid>,
    pub language: Language,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub status: MailStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A rendered mail to queue.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub kind: MailKind,
    pub to_address: &'a str,
    pub to_user_id: Option<Uuid>,
    pub language: Language,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
    pub attachment: Option<&'a Attachment>,
    pub unsubscribe_url: Option<&'a str>,
}

/// Queues a mail, due now. Run inside the transaction of the change it tells about.
pub fn enqueue(conn: &mut DbConn, mail: NewMail<'_>) -> StoreResult<MailRow> {
    let at = now();
    Ok(diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(new_id()),
            outbox::kind.eq(mail.kind),
            outbox::to_address.eq(super::users::normalize_email(mail.to_address)),
            outbox::to_user_id.eq(mail.to_user_id.map(|u| u.to_string())),
            outbox::language.eq(mail.language),
            outbox::subject.eq(mail.subject),
            outbox::text_body.eq(mail.text_body),
            outbox::html_body.eq(mail.html_body),
            outbox::attachment_name.eq(mail.attachment.map(|a| a.name.as_str())),
            outbox::attachment_type.eq(mail.attachment.map(|a| a.content_type.as_str())),
            outbox::attachment.eq(mail.attachment.map(|a| a.content.as_str())),
            outbox::unsubscribe_url.eq(mail.unsubscribe_url),
            outbox::status.eq(MailStatus::Pending),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(at),
            outbox::created_at.eq(at),
        ))
        .get_result::<MailRow>(conn)?)
}

/// Claims up to `limit` due mails, oldest first: their due time moves to `lease_until`, so
/// that no other worker — of this instance or another — takes them meanwhile, and a worker
/// that dies with them lets them come due again when the lease ends. Atomic on both
/// backends: the rows are locked and others skipped on PostgreSQL (`FOR UPDATE SKIP
/// LOCKED`); SQLite's write transaction (`BEGIN IMMEDIATE`) lets one claimer in at a time.
/// Run inside a write transaction.
pub fn claim(
    conn: &mut DbConn,
    limit: i64,
    lease_until: NaiveDateTime,
) -> StoreResult<Vec<MailRow>> {
    let query = outbox::table
        .filter(outbox::status.eq(MailStatus::Pending))
        .filter(outbox::next_attempt_at.le(now()))
        .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
        .limit(limit)
        .select(outbox::id);
    let ids: Vec<String> = match conn {
        DbConn::Pg(c) => query.for_update().skip_locked().load(c)?,
        DbConn::Sqlite(c) => query.load(c)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut claimed = diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(&ids))
            .filter(outbox::status.eq(MailStatus::Pending)),
    )
    .set(outbox::next_attempt_at.eq(lease_until))
    .get_results::<MailRow>(conn)?;
    claimed.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    Ok(claimed)
}

/// The SMTP server took the mail. A mail that is no longer as claimed (retried by hand,
/// say) is left alone; the answer says whether it was.
pub fn mark_sent(conn: &mut DbConn, row: &MailRow) -> StoreResult<bool> {
    let at = now();
    let changed = diesel::update(
        outbox::table
            .find(row.id.to_string())
            .filter(outbox::status.eq(MailStatus::Pending))
            .filter(outbox::attempts.eq(row.attempts)),
    )
    .set((
        outbox::status.eq(MailStatus::Sent),
        outbox::attempts.eq(row.attempts + 1),
        outbox::sent_at.eq(Some(at)),
        outbox::last_error.eq(None::<String>),
        outbox::next_attempt_at.eq(at),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// An attempt failed with `error`: due again at `next_attempt_at`, or given up (`failed`)
/// when `give_up`.
pub fn mark_failed(
    conn: &mut DbConn,
    row: &MailRow,
    error: &str,
    give_up: bool,
    next_attempt_at: NaiveDateTime,
) -> StoreResult<bool> {
    let changed = diesel::update(
        outbox::table
            .find(row.id.to_string())
            .filter(outbox::status.eq(MailStatus::Pending))
            .filter(outbox::attempts.eq(row.attempts)),
    )
    .set((
        outbox::status.eq(if give_up {
            MailStatus::Failed
        } else {
            MailStatus::Pending
        }),
        outbox::attempts.eq(row.attempts + 1),
        outbox::last_error.eq(Some(error)),
        outbox::next_attempt_at.eq(next_attempt_at),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Puts a failed mail back in the queue, due now: it gets one more attempt.
pub fn requeue(conn: &mut DbConn, row: &MailRow) -> StoreResult<MailRow> {
    Ok(diesel::update(
        outbox::table
            .find(row.id.to_string())
            .filter(outbox::status.eq(MailStatus::Failed)),
    )
    .set((
        outbox::status.eq(MailStatus::Pending),
        outbox::next_attempt_at.eq(now()),
    ))
    .get_result::<MailRow>(conn)?)
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<MailRow> {
    outbox::table
        .find(id.to_string())
        .select(MailRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no mail with id {id}")))
}

/// Which mails to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<MailStatus>,
    pub kind: Option<MailKind>,
    /// The recipient's address (compared without regard to case).
    pub to: Option<String>,
    pub to_user_id: Option<Uuid>,
}

/// Mails in creation order (ids are time-ordered), after `after`.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<MailRow>> {
    let mut query = outbox::table.select(MailRow::as_select()).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(outbox::status.eq(status));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(outbox::kind.eq(kind));
    }
    if let Some(to) = &filter.to {
        // Addresses are queued lower-cased (`enqueue`).
        query = query.filter(outbox::to_address.eq(to.trim().to_lowercase()));
    }
    if let Some(user) = filter.to_user_id {
        query = query.filter(outbox::to_user_id.eq(user.to_string()));
    }
    if let Some(after) = after {
        query = query.filter(outbox::id.gt(after.to_owned()));
    }
    Ok(query.order(outbox::id.asc()).limit(limit).load(conn)?)
}

/// The kinds of mail `user_id` turned off.
pub fn opt_outs(conn: &mut DbConn, user_id: Uuid) -> StoreResult<Vec<MailKind>> {
    Ok(mail_opt_outs::table
        .filter(mail_opt_outs::user_id.eq(user_id.to_string()))
        .select(mail_opt_outs::kind)
        .order(mail_opt_outs::kind.asc())
        .load(conn)?)
}

pub fn is_opted_out(conn: &mut DbConn, user_id: Uuid, kind: MailKind) -> StoreResult<bool> {
    Ok(mail_opt_outs::table
        .find((user_id.to_string(), kind))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Makes `kinds` exactly the kinds `user_id` has turned off.
pub fn set_opt_outs(conn: &mut DbConn, user_id: Uuid, kinds: &[MailKind]) -> StoreResult<()> {
    let current = opt_outs(conn, user_id)?;
    let gone: Vec<MailKind> = current
        .iter()
        .copied()
        .filter(|k| !kinds.contains(k))
        .collect();
    if !gone.is_empty() {
        diesel::delete(
            mail_opt_outs::table
                .filter(mail_opt_outs::user_id.eq(user_id.to_string()))
                .filter(mail_opt_outs::kind.eq_any(gone)),
        )
        .execute(conn)?;
    }
    for kind in kinds.iter().filter(|k| !current.contains(k)) {
        opt_out(conn, user_id, *kind)?;
    }
    Ok(())
}

/// Turns `kind` off for `user_id` (nothing happens when it already is). Returns whether it
/// was on.
pub fn opt_out(conn: &mut DbConn, user_id: Uuid, kind: MailKind) -> StoreResult<bool> {
    let values = (
        mail_opt_outs::user_id.eq(user_id.to_string()),
        mail_opt_outs::kind.eq(kind),
        mail_opt_outs::created_at.eq(now()),
    );
    // Two clicks at once must not fail: an existing row is kept as it is.
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(mail_opt_outs::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(mail_opt_outs::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

/// Records that the reminder of registration `registration_id` is queued; `false` when it
/// already was (by this instance or another), so that each registration is reminded once.
/// On PostgreSQL a second instance racing for the same registration waits for the first
/// one's transaction and then finds the row.
pub fn take_reminder(conn: &mut DbConn, registration_id: Uuid) -> StoreResult<bool> {
    let values = (
        event_reminders::registration_id.eq(registration_id.to_string()),
        event_reminders::queued_at.eq(now()),
    );
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(event_reminders::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(event_reminders::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}
