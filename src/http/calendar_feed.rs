//! `/me/calendar-feed` (make, rotate, look at and revoke one's secret feed) and
//! `/calendar/{token}.ics`, the feed itself: calendar apps (Google Calendar, Outlook, Apple
//! Calendar) subscribe to it by URL, since they cannot send a bearer token.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::extract::ValidQuery;
use super::respond;
use crate::AppState;
use crate::app::calendar_feed::{self as app, FeedContents};
use crate::domain::access::Principal;
use crate::domain::calendar_feed::{FETCHES_PER_MINUTE, REFRESH, in_window};
use crate::domain::translation::{Language, for_reader, pick};
use crate::error::{AppError, AppResult, RateLimitPolicy};
use crate::export::ical::{ZonedItem, feed};
use crate::limits::Rate;
use crate::store::calendar_feeds::FeedRow;

/// The query of the feed's address.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The language of the calendar (default: the account's language), e.g. for a second
    /// subscription in another language.
    pub lang: Option<Language>,
}

/// A new feed: its address, shown this once (only a hash of the token is kept).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedCalendarFeed {
    /// The address to subscribe to (under the service's public URL).
    #[schema(format = Uri, example = "https://c2c.example/api/v1/calendar/3q2-7wEjUu9HgXFQ6oqyZ-1hV0p4k0fa9uXQbDbqQ2s.ics")]
    pub url: String,
    /// The same address with the `webcal:` scheme, which opens the calendar app.
    pub webcal_url: String,
    /// The path of the feed under the API's host.
    pub path: String,
    pub created_at: DateTime<Utc>,
}

/// Whether the caller has a feed; never its address.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeedStatus {
    pub active: bool,
    /// When the current address was made.
    pub created_at: Option<DateTime<Utc>>,
    /// When a calendar app last fetched it (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

fn status_of(row: Option<FeedRow>) -> CalendarFeedStatus {
    CalendarFeedStatus {
        active: row.is_some(),
        created_at: row.as_ref().map(|r| r.created_at.and_utc()),
        last_used_at: row.and_then(|r| r.last_used_at).map(|t| t.and_utc()),
    }
}

/// Makes the caller's secret calendar feed, or a new address for it (the old address stops
/// working at once). The answer holds the address, once: keep it like a password.
#[utoipa::path(
    tag = "calendar",
    responses(
        (status = 201, description = "The feed's address, shown only now", body = CreatedCalendarFeed, headers(("Location" = String))),
        (status = 403, description = "API keys have no calendar"),
    )
)]
#[post("/me/calendar-feed")]
pub async fn create_calendar_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let (token, row) = app::create(&state.db, caller).await?;
    let path = format!("/api/v1/calendar/{token}.ics");
    let url = format!("{}{path}", crate::app::mail::public_url());
    let webcal_url = match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.clone(),
    };
    let created = CreatedCalendarFeed {
        url,
        webcal_url,
        path,
        created_at: row.created_at.and_utc(),
    };
    let mut resp = respond::created(&req, "/api/v1/me/calendar-feed".into(), &created)?;
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// Whether the caller has a calendar feed, since when, and when it was last fetched.
#[utoipa::path(
    tag = "calendar",
    responses(
        (status = 200, description = "The feed's state", body = CalendarFeedStatus, headers(("ETag" = String))),
        (status = 403, description = "API keys have no calendar"),
    )
)]
#[get("/me/calendar-feed")]
pub async fn get_calendar_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let row = app::status(&state.db, caller).await?;
    respond::ok(&req, &status_of(row))
}

/// Revokes the caller's calendar feed: its address answers 404 from now on. Repeating it
/// is no error.
#[utoipa::path(
    tag = "calendar",
    responses(
        (status = 204, description = "Revoked (or there was none)"),
        (status = 403, description = "API keys have no calendar"),
    )
)]
#[delete("/me/calendar-feed")]
pub async fn delete_calendar_feed(
    state: web::Data<AppState>,
    caller: Principal,
) -> AppResult<HttpResponse> {
    app::revoke(&state.db, caller).await?;
    Ok(respond::no_content())
}

fn policy() -> RateLimitPolicy {
    RateLimitPolicy {
        name: "calendar-feed",
        quota: u64::from(FETCHES_PER_MINUTE),
        window_secs: 60,
    }
}

/// A person's calendar for calendar apps, no token needed but the one in the address: the
/// agendas of the events they attend, register their companies for or organise, their own
/// B2B meetings from published schedules and their follow-up meetings, from 30 days back to
/// a year ahead — what they themselves may see, each entry in its own time zone. Apps are
/// asked to fetch it hourly. An unknown or revoked address is 404. The service's words and
/// the titles organisers translated are in the person's language (their account's, or `lang`
/// in the address).
#[utoipa::path(
    tag = "calendar",
    params(("token" = String, Path, description = "The feed's secret, from `POST /me/calendar-feed`"), FeedQuery),
    responses(
        (status = 200, description = "The calendar", headers(("ETag" = String), ("Content-Language" = String), ("RateLimit-Policy" = String), ("RateLimit" = String)), content(
            (String = "text/calendar", example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"),
        )),
        (status = 429, description = "Fetched too often; see Retry-After", headers(("Retry-After" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
    ),
    security(())
)]
#[get("/calendar/{token}.ics")]
pub async fn get_calendar_feed_ics(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    query: ValidQuery<FeedQuery>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    // Counted per token (by its hash: the limiter keeps no secret), known or not.
    let key = crate::store::tokens::hash_token(&token);
    let (left, reset_secs) = match state.calendar_feed_reads.take(&key) {
        Rate::Allowed { left, reset_secs } => (left, reset_secs),
        Rate::Refused { retry_after_secs } => {
            return Err(AppError::too_many(retry_after_secs, Some(policy())));
        }
    };
    let contents = app::contents(&state.db, token).await?;
    let lang = query.0.lang.unwrap_or(contents.schedule.language);
    let body = calendar_of(&contents, lang)?;
    let etag = respond::etag_of_bytes(body.as_bytes());
    let limit_headers = |resp: &mut HttpResponse| -> AppResult<()> {
        let value = |s: String| header::HeaderValue::from_str(&s).map_err(AppError::internal);
        let headers = resp.headers_mut();
        headers.insert(
            header::HeaderName::from_static("ratelimit-policy"),
            value(policy().policy_header())?,
        );
        headers.insert(
            header::HeaderName::from_static("ratelimit"),
            value(policy().header(u64::from(left), reset_secs))?,
        );
        Ok(())
    };
    let mut resp = if respond::if_none_match_hits(&req, &etag) {
        HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish()
    } else {
        HttpResponse::Ok()
            .content_type(super::negotiate::Format::Ics.media_type())
            .insert_header((
                header::CONTENT_DISPOSITION,
                "inline; filename=\"cluster2cluster.ics\"",
            ))
            .insert_header((header::ETAG, etag))
            .insert_header((header::CONTENT_LANGUAGE, lang.as_str()))
            .body(body)
    };
    limit_headers(&mut resp)?;
    Ok(resp)
}

/// The feed as iCalendar: each entry in its own zone and stamped by its own last change, so
/// an unchanged feed is the same bytes (and ETag).
fn calendar_of(contents: &FeedContents, lang: Language) -> AppResult<String> {
    let zone_of = |name: &str| {
        crate::domain::event::parse_time_zone(name)
            .ok_or_else(|| AppError::internal("stored time zone"))
    };
    let mut items = Vec::new();
    for record in &contents.agendas {
        let event = &record.event.row;
        let zone = zone_of(&event.time_zone)?;
        let stamp = record.last_change();
        let place = [
            event.venue_name.as_str(),
            &event.venue_city,
            &event.venue_country,
        ]
        .join(", ");
        let agenda = super::agenda::build(record, Some(lang))?;
        let title = pick(
            for_reader(&event.translations, event.original_language, Some(lang))
                .and_then(|t| t.title.as_ref()),
            &event.title,
        );
        for mut item in super::agenda::calendar_items(title, &agenda) {
            if in_window(contents.window, item.starts_at, item.ends_at) {
                item.location.get_or_insert_with(|| place.clone());
                items.push(ZonedItem { item, zone, stamp });
            }
        }
    }
    let published = contents
        .schedule
        .published_at
        .unwrap_or(DateTime::UNIX_EPOCH);
    for m in &contents.schedule.meetings {
        items.push(ZonedItem {
            item: crate::app::matchmaking::schedule::my_item(m, lang),
            zone: contents.zone,
            stamp: published,
        });
    }
    for (m, subject) in &contents.meetings {
        let meeting = super::meetings::to_meeting(m.clone())?;
        items.push(ZonedItem {
            zone: zone_of(&meeting.time_zone)?,
            stamp: meeting.updated_at,
            item: super::meetings::meeting_item(&meeting, subject, lang),
        });
    }
    Ok(feed("Cluster2Cluster", contents.zone, REFRESH, &items))
}
