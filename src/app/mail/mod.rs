//! E-mail notifications, the part other use cases call: inside their own write transaction
//! they queue a mail for an account ([`notify_user`]), for the editors of a company
//! ([`notify_editors`]) or for an address without an account ([`send_to_address`]); the mail
//! is rendered at once in the recipient's language and time zone (`domain::mail`) and
//! written to the outbox (`store::mail`) with the change, so that it exists exactly when
//! the change does. `crate::workers::mail` sends the outbox over SMTP.
//!
//! Also here: the one-click unsubscribe links and a person's notification settings
//! ([`settings`]), the admins' view of the outbox ([`outbox`]), and the notifications of
//! the service's own flows ([`flows`]).

pub mod flows;
pub mod outbox;
pub mod settings;

use std::sync::OnceLock;

use uuid::Uuid;
use validator::ValidateEmail;

use crate::domain::access::Principal;
use crate::domain::mail::{self as rules, Context, DEFAULT_TIME_ZONE, token};
use crate::error::{AppError, AppResult};
use crate::store::DbConn;
use crate::store::mail::{self as store, NewMail};
use crate::store::users::{self, GrantRow, User};

pub use crate::domain::mail::{Attachment, Language, MailKind, MailStatus, Params};
pub use crate::store::mail::MailRow;

/// Where links lead when `C2C_PUBLIC_URL` is not set: the service itself, run locally.
pub const DEFAULT_PUBLIC_URL: &str = "http://localhost:8080";

static PUBLIC_URL: OnceLock<String> = OnceLock::new();

/// Sets the address of the frontend that links in mail lead to (`C2C_PUBLIC_URL`); the
/// unsubscribe links lead to `<public URL>/api/v1/unsubscribe`, so the frontend serves (or
/// proxies) the API under `/api/v1`. Set once at start-up, before any mail is queued; later
/// calls change nothing.
pub fn set_public_url(url: &str) {
    let _ = PUBLIC_URL.set(url.trim().trim_end_matches('/').to_owned());
}

/// The address links in mail lead to.
pub fn public_url() -> &'static str {
    PUBLIC_URL.get().map_or(DEFAULT_PUBLIC_URL, String::as_str)
}

/// The key that signs unsubscribe links: generated once and kept in the database (like a
/// generated JWT secret), so every instance signs and checks with the same one, and
/// independent of the token-signing secret, so that rotating that one breaks no link.
const KEY_SETTING: &str = "mail_unsubscribe_key";

pub(crate) fn signing_key(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    let key =
        crate::store::settings::ensure(conn, KEY_SETTING, &crate::auth::jwt::generate_secret())?;
    Ok(key.into_bytes())
}

/// The one-click link that turns `kind` off for `user_id` (RFC 8058: a POST to it with
/// `List-Unsubscribe=One-Click` does it; a GET shows a confirmation page).
pub fn unsubscribe_url(conn: &mut DbConn, user_id: Uuid, kind: MailKind) -> AppResult<String> {
    let token = token::sign(&signing_key(conn)?, user_id, kind);
    Ok(format!("{}/api/v1/unsubscribe?token={token}", public_url()))
}

fn time_zone(name: &str) -> chrono_tz::Tz {
    name.parse()
        .or_else(|_| DEFAULT_TIME_ZONE.parse())
        .unwrap_or(chrono_tz::Europe::Zurich)
}

/// Renders and queues one mail.
fn queue(
    conn: &mut DbConn,
    kind: MailKind,
    to_address: &str,
    to_user: Option<(Uuid, &str)>,
    language: Language,
    unsubscribe_url: Option<&str>,
    params: &Params,
) -> AppResult<MailRow> {
    let zone = time_zone(to_user.map_or(DEFAULT_TIME_ZONE, |(_, zone)| zone));
    let rendered = rules::render(
        kind,
        &Context {
            language,
            time_zone: zone,
            public_url: public_url(),
            unsubscribe_url,
        },
        params,
    );
    Ok(store::enqueue(
        conn,
        NewMail {
            kind,
            to_address,
            to_user_id: to_user.map(|(id, _)| id),
            language,
            subject: &rendered.subject,
            text_body: &rendered.text,
            html_body: &rendered.html,
            attachment: params.attachment.as_ref(),
            unsubscribe_url,
        },
    )?)
}

/// Queues a mail of `kind` for the account `user_id`, in its language and time zone, with
/// its name in the greeting (unless `params.name` says otherwise) and, unless the kind is
/// transactional, a one-click unsubscribe link. `None` (and nothing queued) when the person
/// turned this kind off or the account does not exist. Call it inside the write transaction
/// of the change the mail tells about.
pub fn notify_user(
    conn: &mut DbConn,
    user_id: Uuid,
    kind: MailKind,
    params: &Params,
) -> AppResult<Option<MailRow>> {
    let user = match users::get(conn, user_id) {
        Ok(user) => user,
        Err(crate::store::Error::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    notify_account(conn, &user, kind, params)
}

fn notify_account(
    conn: &mut DbConn,
    user: &User,
    kind: MailKind,
    params: &Params,
) -> AppResult<Option<MailRow>> {
    let user_id = user.id;
    if !kind.is_transactional() && store::is_opted_out(conn, user_id, kind)? {
        return Ok(None);
    }
    let unsubscribe = if kind.is_transactional() {
        None
    } else {
        Some(unsubscribe_url(conn, user_id, kind)?)
    };
    let mut params = params.clone();
    if params.name.is_none() {
        params.name = Some(user.display_name.clone());
    }
    queue(
        conn,
        kind,
        &user.email,
        Some((user_id, &user.time_zone)),
        user.language,
        unsubscribe.as_deref(),
        &params,
    )
    .map(Some)
}

/// Queues a mail of `kind` for an address that need not belong to an account (an
/// invitation, a new address to confirm), in `language`, with times in the default zone
/// (Europe/Zurich). Such mail carries no unsubscribe link: it is about that address's own
/// request. 422 (`email`) for an address that is not one.
pub fn send_to_address(
    conn: &mut DbConn,
    address: &str,
    language: Language,
    kind: MailKind,
    params: &Params,
) -> AppResult<MailRow> {
    let address = address.trim();
    if !address.validate_email() || address.len() > 254 || rules::one_line(address) != address {
        return Err(AppError::invalid("email", "is not an e-mail address"));
    }
    queue(conn, kind, address, None, language, None, params)
}

/// The caller as the recipient of a mail: an account with the grants in force, to decide
/// with the one contact rule (`Principal::sees_contact`) which people the mail may name.
fn recipient_principal(user_id: Uuid, grants: &[GrantRow]) -> Principal {
    Principal::user(
        user_id,
        grants
            .iter()
            .filter(|g| g.user_id == user_id)
            .filter_map(GrantRow::to_grant)
            .collect(),
    )
}

/// Queues a mail of `kind` for every editor (`member_editor`) of company `member_id` but
/// `except` (who made the change and knows of it), each with the params `build` makes for
/// them — given as the recipient's principal, so that what a mail says about people follows
/// the contact rule for that recipient. Returns how many mails were queued.
pub fn notify_editors(
    conn: &mut DbConn,
    member_id: Uuid,
    kind: MailKind,
    except: Option<Uuid>,
    mut build: impl FnMut(&mut DbConn, &Principal) -> AppResult<Params>,
) -> AppResult<usize> {
    let editors = users::editors_of(conn, member_id)?;
    let ids: Vec<Uuid> = editors.iter().map(|u| u.id).collect();
    let grants = users::active_grants_of(conn, &ids)?;
    let mut queued = 0;
    for editor in &editors {
        let id = editor.id;
        if Some(id) == except {
            continue;
        }
        let principal = recipient_principal(id, &grants);
        // A company removed by its portal takes its editors' rights (and mail) with it.
        if !principal.edited_members().contains(&member_id) {
            continue;
        }
        let params = build(conn, &principal)?;
        if notify_account(conn, editor, kind, &params)?.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}
