//! Self-service accounts: resetting a forgotten password and changing the e-mail address,
//! each through a single-use link mailed by the service (`app::accounts`).

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::auth::client_address;
use super::extract::ValidJson;
use super::respond;
use crate::AppState;
use crate::app::accounts as app;
use crate::domain::access::Principal;
use crate::error::AppResult;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "paola.margnini@lombardia-aerospace.example"}))]
pub struct PasswordResetRequest {
    /// The address of the account. Any text is accepted and answered alike.
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "k3Vq0c1mYk7Yb0Jx4r0YH2m1a8sQe9wLzT5uNf6pC2E", "password": "bus to Nidwalden at eight"}))]
pub struct PasswordResetConfirm {
    /// The token of the link in the mail.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
    /// The new password (at least 12 characters, not a common one, not the address).
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 12, max_length = 256, format = Password)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"new_email": "paola@lombardia-aerospace.example", "current_password": "bus to Nidwalden at seven"}))]
pub struct EmailChangeRequest {
    /// The address the account should have; a link to confirm it is mailed there.
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254, format = Email)]
    pub new_email: String,
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 1, max_length = 1024, format = Password)]
    pub current_password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "Wm9fQ2x1c3RlcjJDbHVzdGVyX2VtYWlsX2NoYW5nZQ"}))]
pub struct EmailChangeConfirm {
    /// The token of the link in the mail to the new address.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
}

/// The answer to a request whose outcome arrives by mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

fn accepted(message: &str) -> HttpResponse {
    HttpResponse::Accepted()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(Accepted {
            message: message.to_owned(),
        })
}

const RESET_ACCEPTED: &str =
    "If an account has this address, a link to choose a new password is on its way to it.";

/// Ask for a link to choose a new password, mailed to the account's address.
///
/// The answer is the same whether or not an account has this address. The link works once,
/// for `--password-reset-ttl-mins` (60 by default); a newer one replaces it. At most three
/// such mails go to one address an hour; further requests get the same answer and send
/// nothing.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted: a mail is on its way if an account has this address", body = Accepted),
        (status = 429, description = "Too many requests from this address; see Retry-After", headers(("Retry-After" = String))),
    ),
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<PasswordResetRequest>,
) -> AppResult<HttpResponse> {
    let address = client_address(&req, &state.config);
    let ttl = chrono::Duration::minutes(state.config.password_reset_ttl_mins);
    app::request_password_reset(&state.db, body.0.email, address, ttl).await?;
    Ok(accepted(RESET_ACCEPTED))
}

/// Choose a new password with the token of a reset link.
///
/// Every session of the account ends: its access tokens stop working and its refresh tokens
/// are revoked; its other pending links end too. A token that is unknown, used or expired is
/// a 422 with the field `token`; a weak password is a 422 with the field `password`, and the
/// token still works. Tokens that do not work count against the client address (429 after 20
/// in 15 minutes).
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The password is set; log in with it"),
        (status = 422, description = "The token is unknown, used or expired (field `token`), or the password too weak (field `password`)"),
        (status = 429, description = "Too many tokens that did not work from this address; see Retry-After", headers(("Retry-After" = String))),
    ),
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<PasswordResetConfirm>,
) -> AppResult<HttpResponse> {
    let PasswordResetConfirm { token, password } = body.0;
    let address = client_address(&req, &state.config);
    app::confirm_password_reset(&state.db, token, password, address).await?;
    Ok(respond::no_content())
}

/// Ask to change the caller's e-mail address: a link to confirm it is mailed to the new
/// address, in the caller's language, valid 24 hours.
///
/// The address changes only when the link is followed. An address that already belongs to
/// an account gets the same answer and no mail. A wrong `current_password` counts like a
/// failed log-in (422, then 429); more than five requests an hour are 429.
#[utoipa::path(
    tag = "auth",
    request_body = EmailChangeRequest,
    responses(
        (status = 202, description = "Accepted: a link to confirm is on its way to the new address", body = Accepted),
        (status = 422, description = "Not an e-mail address, already the account's, or a wrong current password"),
        (status = 429, description = "Too many wrong passwords or e-mail changes for this account; see Retry-After", headers(("Retry-After" = String))),
    ),
)]
#[post("/me/email")]
pub async fn request_email_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<EmailChangeRequest>,
) -> AppResult<HttpResponse> {
    let EmailChangeRequest {
        new_email,
        current_password,
    } = body.0;
    let address = client_address(&req, &state.config);
    app::request_email_change(
        &state.db,
        caller.user_id,
        address,
        current_password,
        new_email,
    )
    .await?;
    Ok(accepted(
        "A link to confirm the new address is on its way to it; the address changes when it is followed.",
    ))
}

/// Confirm a new e-mail address with the token of the link mailed to it.
///
/// No sign-in needed (the link may open in another browser): the token is the proof. The
/// account then logs in with the new address; its sessions go on. 409 when another account
/// took the address meanwhile (the token stays unused); 422 (field `token`) for a token that
/// is unknown, used or expired, which counts against the client address (429 after 20 in 15
/// minutes).
#[utoipa::path(
    tag = "auth",
    request_body = EmailChangeConfirm,
    responses(
        (status = 204, description = "The account's address is the new one"),
        (status = 409, description = "Another account has this address now"),
        (status = 422, description = "The token is unknown, used or expired (field `token`)"),
        (status = 429, description = "Too many tokens that did not work from this address; see Retry-After", headers(("Retry-After" = String))),
    ),
)]
#[post("/auth/email-change/confirm")]
pub async fn confirm_email_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<EmailChangeConfirm>,
) -> AppResult<HttpResponse> {
    let address = client_address(&req, &state.config);
    app::confirm_email_change(&state.db, body.0.token, address).await?;
    Ok(respond::no_content())
}
