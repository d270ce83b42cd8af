//! Matchmaking on an event day: the organiser's settings and meeting sessions, 1:1 meeting
//! requests between attendees, blocked slots, schedule runs (preview, publish) and each
//! attendee's personal schedule as JSON or iCalendar. The scheduler is `domain::schedule`.

mod blocked;
mod outcomes;
mod requests;
mod runs;
mod schedule;
mod sessions;

pub use blocked::*;
pub use outcomes::*;
pub use requests::*;
pub use runs::*;
pub use schedule::*;
pub use sessions::*;

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidJson;
use super::respond;
use crate::AppState;
use crate::app::matchmaking::{self as app, Settings};
use crate::domain::access::Principal;
use crate::error::AppResult;

// ---------------------------------------------------------------- settings

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"auto_accept": false, "tables": 12}))]
pub struct MatchmakingSettings {
    /// Meeting requests are accepted at once instead of waiting for the recipient.
    pub auto_accept: bool,
    /// Meeting tables in the room: at most this many meetings per slot.
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub tables: i32,
}

impl From<Settings> for MatchmakingSettings {
    fn from(s: Settings) -> MatchmakingSettings {
        MatchmakingSettings {
            auto_accept: s.auto_accept,
            tables: s.tables,
        }
    }
}

/// The event's matchmaking settings (defaults until the host sets them).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The settings", body = MatchmakingSettings, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/matchmaking")]
pub async fn get_matchmaking_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let settings = app::get_settings(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &MatchmakingSettings::from(settings))
}

/// Set whether requests need acceptance and how many tables there are (host managers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = MatchmakingSettings,
    responses((status = 200, description = "The settings", body = MatchmakingSettings, headers(("ETag" = String))))
)]
#[put("/events/{id}/matchmaking")]
pub async fn put_matchmaking_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<MatchmakingSettings>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let wanted = Settings {
        auto_accept: input.auto_accept,
        tables: input.tables,
    };
    let settings = app::put_settings(&state.db, caller, id.into_inner(), wanted).await?;
    respond::ok(&req, &MatchmakingSettings::from(settings))
}
