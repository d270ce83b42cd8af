//! Slots an attendee blocked: the scheduler places none of its meetings there.

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::AppState;
use crate::app::matchmaking::blocked as app;
use crate::domain::access::Principal;
use crate::domain::matchmaking::Slot;
use crate::error::AppResult;
use crate::http::extract::ValidJson;
use crate::http::respond;

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"slots": [0, 5]}))]
pub struct BlockedSlotsInput {
    /// Slot numbers the attendee cannot meet in.
    #[validate(length(max = 1000))]
    #[schema(max_items = 1000)]
    pub slots: Vec<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlockedSlots {
    pub registration_id: Uuid,
    pub slots: Vec<Slot>,
}

/// Slots an attendee blocked (its company's editors, organisers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id")),
    responses((status = 200, description = "Blocked slots", body = BlockedSlots, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/registrations/{registration_id}/blocked-slots")]
pub async fn get_blocked_slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let slots = app::get(&state.db, caller, event_id, registration_id).await?;
    respond::ok(
        &req,
        &BlockedSlots {
            registration_id,
            slots,
        },
    )
}

/// Replace the slots an attendee blocked.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id")),
    request_body = BlockedSlotsInput,
    responses((status = 200, description = "Blocked slots", body = BlockedSlots, headers(("ETag" = String))))
)]
#[put("/events/{id}/registrations/{registration_id}/blocked-slots")]
pub async fn put_blocked_slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<BlockedSlotsInput>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let slots = app::put(&state.db, caller, event_id, registration_id, body.0.slots).await?;
    respond::ok(
        &req,
        &BlockedSlots {
            registration_id,
            slots,
        },
    )
}
