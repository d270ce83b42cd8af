//! What a person receives: the kinds of mail they turned off, set from their profile
//! (`/me/notifications`) or with the one-click link of a mail (`/unsubscribe`, no login:
//! the signed token is the proof).

use uuid::Uuid;

use super::signing_key;
use crate::domain::access::{Principal, require};
use crate::domain::mail::{Language, MailKind, token};
use crate::error::{AppError, AppResult};
use crate::store::Db;
use crate::store::mail as store;

/// The kinds of mail `caller` turned off (a person; API keys receive no mail).
pub async fn muted(db: &Db, caller: Principal) -> AppResult<Vec<MailKind>> {
    require(
        caller.api_key.is_none(),
        "read mail settings with an API key",
    )?;
    db.run(move |conn| Ok(store::opt_outs(conn, caller.user_id)?))
        .await
}

/// Makes `kinds` exactly the kinds of mail `caller` does not receive; transactional kinds
/// cannot be turned off (422 naming them).
pub async fn set_muted(
    db: &Db,
    caller: Principal,
    mut kinds: Vec<MailKind>,
) -> AppResult<Vec<MailKind>> {
    require(
        caller.api_key.is_none(),
        "change mail settings with an API key",
    )?;
    let errors: Vec<_> = kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is_transactional())
        .map(|(i, k)| {
            crate::error::FieldError::new(
                format!("muted[{i}]"),
                format!(
                    "{} mail concerns the account itself and cannot be turned off",
                    k.as_str()
                ),
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    kinds.sort();
    kinds.dedup();
    db.write(move |conn| {
        store::set_opt_outs(conn, caller.user_id, &kinds)?;
        Ok(store::opt_outs(conn, caller.user_id)?)
    })
    .await
}

/// What an unsubscribe token names, for the confirmation page: the kind, whether the
/// person still receives it, and their language.
#[derive(Debug, Clone, Copy)]
pub struct Unsubscription {
    pub user_id: Uuid,
    pub kind: MailKind,
    /// Whether the person still receives this kind (false once turned off).
    pub receiving: bool,
    /// The person's language (for the page).
    pub language: Language,
}

fn bad_token() -> AppError {
    AppError::bad_field(
        "token",
        "is not a valid unsubscribe link; use the link of the e-mail",
    )
}

fn read_token(conn: &mut crate::store::DbConn, token_text: &str) -> AppResult<Unsubscription> {
    let (user_id, kind) = token::verify(&signing_key(conn)?, token_text).ok_or_else(bad_token)?;
    let language = match crate::store::users::get(conn, user_id) {
        Ok(user) => user.language,
        // An account deleted since: nothing is sent to it any more.
        Err(crate::store::Error::NotFound(_)) => {
            return Ok(Unsubscription {
                user_id,
                kind,
                receiving: false,
                language: Language::En,
            });
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Unsubscription {
        user_id,
        kind,
        receiving: !store::is_opted_out(conn, user_id, kind)?,
        language,
    })
}

/// Checks an unsubscribe token without changing anything (the page a GET shows: mail
/// scanners follow links, so only the POST acts). 400 for a token that is not ours.
pub async fn check_unsubscribe(db: &Db, token_text: String) -> AppResult<Unsubscription> {
    db.run(move |conn| read_token(conn, &token_text)).await
}

/// Turns off the kind of mail an unsubscribe token names, for the person it names
/// (RFC 8058 one-click). Doing it twice is no error.
pub async fn unsubscribe(db: &Db, token_text: String) -> AppResult<Unsubscription> {
    db.write(move |conn| {
        let mut found = read_token(conn, &token_text)?;
        if found.receiving {
            store::opt_out(conn, found.user_id, found.kind)?;
            found.receiving = false;
        }
        Ok(found)
    })
    .await
}
