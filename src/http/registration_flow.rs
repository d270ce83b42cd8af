//! `/events/{id}/registrations/{registration_id}/approve|decline`: the organisers decide on
//! registrations of events that need their approval (and on the waiting list).

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::extract::{IfMatch, OptionalJson};
use super::registrations::Registration;
use super::respond;
use crate::AppState;
use crate::app::edit;
use crate::app::registration_flow::{Approval, Decline, DeclineChange};
use crate::app::registrations::{Registered, RegistrationKey};
use crate::domain::access::Principal;
use crate::error::AppResult;

fn etag_of(current: &Registered) -> AppResult<String> {
    respond::etag_of(&Registration::from_record(current.record.clone())?)
}

/// Approve a pending registration (the event's organisers who run the day): `active` when
/// its attendees fit and nobody waits, else `waitlisted` at the end of the line. The
/// company's editors are mailed either way.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    responses(
        (status = 200, description = "Approved: active or waitlisted", body = Registration, headers(("ETag" = String))),
        (status = 403, description = "Not an organiser who runs this event's day"),
        (status = 409, description = "Not pending, or the event is not published"),
    )
)]
#[post("/events/{id}/registrations/{registration_id}/approve")]
pub async fn approve_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let key = RegistrationKey {
        event_id,
        registration_id,
    };
    let done = edit::update::<Approval, _, _>(
        &state.db,
        caller,
        key,
        move |current: &Registered| if_match.check(&etag_of(current)?),
        |_: &Registered| Ok(()),
    )
    .await?;
    respond::ok(&req, &Registration::from_record(done.record)?)
}

/// Why a registration is declined.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineInput {
    /// Told to the company's editors in the mail.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    #[serde(default)]
    pub reason: Option<String>,
}

/// Decline a pending or waitlisted registration (the event's organisers who run the day),
/// with an optional reason mailed to the company's editors. Those behind a declined
/// waitlisted one move up (and are promoted when they now fit).
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    request_body(content = Option<DeclineInput>, content_type = "application/json", description = "An optional reason; the body may be left out"),
    responses(
        (status = 200, description = "Declined", body = Registration, headers(("ETag" = String))),
        (status = 403, description = "Not an organiser who runs this event's day"),
        (status = 409, description = "Neither pending nor waitlisted, or the event is not published"),
    )
)]
#[post("/events/{id}/registrations/{registration_id}/decline")]
pub async fn decline_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: OptionalJson<DeclineInput>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let key = RegistrationKey {
        event_id,
        registration_id,
    };
    let change = DeclineChange {
        reason: body.0.reason,
    };
    let done = edit::update::<Decline, _, _>(
        &state.db,
        caller,
        key,
        move |current: &Registered| if_match.check(&etag_of(current)?),
        move |_: &Registered| Ok(change),
    )
    .await?;
    respond::ok(&req, &Registration::from_record(done.record)?)
}
