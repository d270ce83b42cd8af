//! Self-service accounts: a forgotten password reset through a mailed link, and a new e-mail
//! address confirmed through a link mailed to it. Each link carries a single-use token
//! (`store::account_tokens`), used in the transaction of the change it allows.
//!
//! What nobody learns from these operations: whether an address has an account. Asking for
//! a reset answers the same (202) for every address; an e-mail change to an address that
//! already has an account answers 202 and mails nothing.

use chrono::{Duration, Utc};
use uuid::Uuid;
use validator::ValidateEmail;

use crate::app::mail::{self, Language, MailKind, Params};
use crate::auth::password;
use crate::domain::throttle::{
    EMAIL_CHANGES_PER_ACCOUNT, Limit, RESET_MAILS_PER_ACCOUNT, RESET_REQUESTS_PER_ADDRESS,
    TOKEN_FAILURES_PER_ADDRESS,
};
use crate::error::{AppError, AppResult, RateLimitPolicy};
use crate::store::account_tokens::{self, Purpose, Refusal};
use crate::store::{Db, DbConn, throttle, tokens, users};

/// How long an e-mail change link works.
pub const EMAIL_CHANGE_TTL: Duration = Duration::hours(24);

/// Where the links lead: pages of the frontend (joined to the public URL), which post the
/// token to the confirmation operations.
pub const RESET_PAGE: &str = "/password-reset";
pub const EMAIL_PAGE: &str = "/email-verification";

fn policy(name: &'static str, limit: Limit) -> RateLimitPolicy {
    RateLimitPolicy {
        name,
        quota: limit.failures as u64,
        window_secs: limit.window.num_seconds() as u64,
    }
}

/// Counts one use of `limit` under `key`; 429 over it.
fn count(conn: &mut DbConn, key: &str, limit: Limit, name: &'static str) -> AppResult<()> {
    match throttle::reserve(conn, key, limit)? {
        Some(retry_after_secs) => Err(AppError::too_many(
            retry_after_secs,
            Some(policy(name, limit)),
        )),
        None => Ok(()),
    }
}

/// The answer to a token that does not work: 422 with the field `token`.
fn refused(refusal: Refusal) -> AppError {
    AppError::invalid(
        "token",
        match refusal {
            Refusal::Unknown => "is not a valid link; ask for a new one",
            Refusal::Used => "was already used; ask for a new one",
            Refusal::Expired => "has expired or a newer link replaced it; ask for a new one",
        },
    )
}

/// Mails a link to choose a new password to the account with address `email`, if there is
/// one, valid for `ttl`. Whatever the address, the same work is done up to the token and the
/// mail (the throttle counters, the account's lookup, ending its earlier links, rendering)
/// and the answer is the same. 429 after [`RESET_REQUESTS_PER_ADDRESS`] requests from
/// `address`; beyond [`RESET_MAILS_PER_ACCOUNT`] mails to one address, nothing more is sent
/// (silently).
pub async fn request_password_reset(
    db: &Db,
    email: String,
    address: String,
    ttl: Duration,
) -> AppResult<()> {
    let email = users::normalize_email(&email);
    db.write(move |conn| {
        count(
            conn,
            &format!("reset-request:{address}"),
            RESET_REQUESTS_PER_ADDRESS,
            "password-reset-address",
        )?;
        let may_mail = throttle::reserve(
            conn,
            &format!("reset-mail:{email}"),
            RESET_MAILS_PER_ACCOUNT,
        )?
        .is_none();
        let user = users::find_by_email(conn, &email)?;
        let params = Params {
            expires_at: Some(Utc::now() + ttl),
            ..Params::default()
        };
        match user {
            Some(user) if may_mail => {
                let token =
                    account_tokens::issue(conn, user.id, Purpose::PasswordReset, None, ttl)?;
                mail::notify_user(
                    conn,
                    user.id,
                    MailKind::PasswordReset,
                    &Params {
                        link: format!("{RESET_PAGE}?token={token}"),
                        ..params
                    },
                )?;
                tracing::info!(user_id = %user.id, "password reset mailed");
            }
            user => {
                // The statements of `issue` that match nothing here: no token, no mail.
                account_tokens::invalidate(conn, Uuid::nil(), Some(Purpose::PasswordReset))?;
                account_tokens::prune(conn, Uuid::nil())?;
                // What the mail would cost, without a recipient.
                let _ = crate::domain::mail::render(
                    MailKind::PasswordReset,
                    &crate::domain::mail::Context {
                        language: Language::En,
                        time_zone: chrono_tz::Europe::Zurich,
                        public_url: mail::public_url(),
                        unsubscribe_url: None,
                    },
                    &params,
                );
                match user {
                    Some(user) => tracing::warn!(user_id = %user.id,
                        "password reset not mailed: too many this hour"),
                    None => {
                        tracing::info!("password reset asked for an address without an account")
                    }
                }
            }
        }
        Ok(())
    })
    .await
}

/// Sets a new password with the token of a reset link. The password is checked before the
/// token is used, so that a weak one does not use it up; then, in one transaction, the token
/// is used (one conditional UPDATE), the password set (the account's version moves on, which
/// ends every access token), every refresh token and every other link of the account revoked,
/// and the failed log-ins counted against the account forgotten. Tokens that do not work
/// count against `address` ([`TOKEN_FAILURES_PER_ADDRESS`], then 429).
pub async fn confirm_password_reset(
    db: &Db,
    token: String,
    new_password: String,
    address: String,
) -> AppResult<()> {
    let user = check_token(
        db,
        token.clone(),
        Purpose::PasswordReset,
        format!("reset-confirm:{address}"),
        "password-reset-confirm-address",
    )
    .await?;
    crate::domain::password::check(&new_password, &user.email)
        .map_err(|m| AppError::invalid("password", m))?;
    let hash = password::hash_off_thread(new_password).await?;
    db.write(move |conn| {
        let row =
            account_tokens::consume(conn, &token, Purpose::PasswordReset)?.map_err(refused)?;
        let user_id = row.user_id;
        users::set_password(conn, user_id, &hash)?;
        tokens::revoke_all_of_user(conn, user_id)?;
        // The link came by mail: the address is the holder's.
        users::mark_email_verified(conn, user_id)?;
        account_tokens::invalidate(conn, user_id, None)?;
        let user = users::get(conn, user_id)?;
        crate::app::auth::clear_account_throttle(conn, &user.email)?;
        tracing::info!(%user_id, "password reset");
        Ok(())
    })
    .await
}

/// The account a live token of `purpose` belongs to, counting the attempt against the
/// client address under `key` first: a token that works takes its attempt back, one that
/// does not keeps it counted (committed before the 422).
async fn check_token(
    db: &Db,
    token: String,
    purpose: Purpose,
    key: String,
    policy_name: &'static str,
) -> AppResult<users::User> {
    let found = db
        .write_unaudited(move |conn| {
            count(conn, &key, TOKEN_FAILURES_PER_ADDRESS, policy_name)?;
            match account_tokens::peek(conn, &token, purpose)? {
                Ok(row) => {
                    throttle::release(conn, &key)?;
                    Ok(Ok(users::get(conn, row.user_id)?))
                }
                Err(refusal) => Ok(Err(refusal)),
            }
        })
        .await?;
    found.map_err(refused)
}

/// Asks to change the caller's e-mail address to `new_email`: after the current password
/// (wrong ones count like failed log-ins), a link valid for [`EMAIL_CHANGE_TTL`] is mailed
/// to the new address in the caller's language; the address changes only when it is
/// followed. An address that already belongs to an account gets no mail and no link, with
/// the same answer. 429 beyond [`EMAIL_CHANGES_PER_ACCOUNT`] requests an hour.
pub async fn request_email_change(
    db: &Db,
    user_id: Uuid,
    address: String,
    current_password: String,
    new_email: String,
) -> AppResult<()> {
    let new_email = users::normalize_email(&new_email);
    if !new_email.validate_email()
        || new_email.len() > 254
        || crate::domain::mail::one_line(&new_email) != new_email
    {
        return Err(AppError::invalid("new_email", "is not an e-mail address"));
    }
    let user =
        crate::app::auth::verify_current_password(db, user_id, address, current_password).await?;
    if user.email == new_email {
        return Err(AppError::invalid(
            "new_email",
            "is already the address of your account",
        ));
    }
    db.write(move |conn| {
        count(
            conn,
            &format!("email-change:{user_id}"),
            EMAIL_CHANGES_PER_ACCOUNT,
            "email-change-account",
        )?;
        if users::find_by_email(conn, &new_email)?.is_some() {
            tracing::info!(%user_id, "e-mail change to an address with an account: nothing mailed");
            return Ok(());
        }
        let token = account_tokens::issue(
            conn,
            user_id,
            Purpose::EmailChange,
            Some(&new_email),
            EMAIL_CHANGE_TTL,
        )?;
        mail::send_to_address(
            conn,
            &new_email,
            user.language,
            MailKind::EmailVerification,
            &Params {
                name: Some(user.display_name.clone()),
                expires_at: Some(Utc::now() + EMAIL_CHANGE_TTL),
                link: format!("{EMAIL_PAGE}?token={token}"),
                ..Params::default()
            },
        )
        .map_err(|e| match e {
            AppError::Validation(_) => AppError::invalid("new_email", "is not an e-mail address"),
            e => e,
        })?;
        tracing::info!(%user_id, "e-mail change: confirmation mailed to the new address");
        Ok(())
    })
    .await
}

/// Makes the address of an e-mail change link the account's address. The token is used in
/// the same transaction; 409 (and the token stays unused) when another account took the
/// address meanwhile. The account's pending links end, reset links included (they went to
/// the old address). Sessions go on: the password did not change.
pub async fn confirm_email_change(db: &Db, token: String, address: String) -> AppResult<()> {
    check_token(
        db,
        token.clone(),
        Purpose::EmailChange,
        format!("email-confirm:{address}"),
        "email-change-confirm-address",
    )
    .await?;
    db.write(move |conn| {
        let row = account_tokens::consume(conn, &token, Purpose::EmailChange)?.map_err(refused)?;
        let new_email = row
            .new_email
            .ok_or_else(|| AppError::internal("an e-mail change token without its address"))?;
        users::set_email(conn, row.user_id, &new_email)?;
        users::mark_email_verified(conn, row.user_id)?;
        account_tokens::invalidate(conn, row.user_id, None)?;
        tracing::info!(user_id = %row.user_id, "e-mail address changed");
        Ok(())
    })
    .await
}
