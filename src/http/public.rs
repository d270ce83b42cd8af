//! `/public/events`: the pages of events their hosts made public, for anyone — no token. What
//! they show is what a signed-in person with no role sees of the event, its clusters, its
//! agenda and the participating companies, less everything about people (no contact person,
//! no coordinator) and less the clusters' own contact details. Cacheable (`ETag`,
//! `Cache-Control: public`), and limited per client address.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::agenda::{Agenda, build};
use super::events::Event;
use super::extract::{ValidJson, ValidQuery};
use super::respond;
use crate::AppState;
use crate::app::public_events::{self as app, PublicEvent};
use crate::domain::access::Principal;
use crate::domain::event::registration_closed_reason;
use crate::domain::format;
use crate::domain::translation::{self, Language};
use crate::error::{AppError, AppResult, RateLimitPolicy};
use crate::limits::Rate;
use crate::store::clusters::ClusterRow;
use crate::store::events::EventRecord;
use crate::store::json::from_json_text;
use crate::store::members::MemberRow;

/// How long shared caches may keep a public page.
const MAX_AGE_SECS: u32 = 60;

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicCluster {
    pub id: Uuid,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub region: Option<String>,
    pub website: Option<String>,
}

impl PublicCluster {
    fn of(row: ClusterRow) -> PublicCluster {
        PublicCluster {
            id: row.id,
            name: row.name,
            country: row.country,
            region: row.region,
            website: row.website,
        }
    }
}

/// A participating company as anyone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicCompany {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub legal_name: String,
    pub country: String,
    pub city: String,
    pub website: Option<String>,
    pub core_business: String,
    pub areas_of_interest: Vec<String>,
    pub partners_sought: Vec<String>,
}

impl PublicCompany {
    fn of(row: MemberRow, lang: Option<Language>) -> AppResult<PublicCompany> {
        let core_business = translation::for_reader(&row.translations, row.original_language, lang)
            .and_then(|t| t.core_business.clone())
            .unwrap_or(row.core_business);
        Ok(PublicCompany {
            id: row.id,
            cluster_id: row.cluster_id,
            areas_of_interest: from_json_text(&row.areas_of_interest)?,
            partners_sought: from_json_text(&row.partners_sought)?,
            legal_name: row.legal_name,
            country: row.country,
            city: row.city,
            website: row.website,
            core_business,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicVenue {
    pub name: String,
    pub address: String,
    pub city: String,
    pub region: Option<String>,
    pub country: String,
}

/// An event as anyone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEventSummary {
    pub slug: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub venue: PublicVenue,
    pub description: String,
    /// `published` (registration may be open) or `closed`.
    pub status: crate::domain::event::EventStatus,
    pub registration_open: bool,
    pub registration_deadline: Option<DateTime<Utc>>,
    /// Seats left, counted in attendees.
    pub seats_left: i64,
}

/// An event's public page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEventPage {
    #[serde(flatten)]
    pub event: PublicEventSummary,
    pub host_cluster: PublicCluster,
    /// In the order they introduce themselves.
    pub guest_clusters: Vec<PublicCluster>,
    pub agenda: Agenda,
    /// Companies registered, by name.
    pub companies: Vec<PublicCompany>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEventList {
    pub items: Vec<PublicEventSummary>,
}

fn summary(rec: &EventRecord, lang: Option<Language>) -> AppResult<PublicEventSummary> {
    let r = &rec.row;
    let text = translation::for_reader(&r.translations, r.original_language, lang);
    let slug = r
        .public_slug
        .clone()
        .ok_or_else(|| AppError::internal("a public event without a slug"))?;
    Ok(PublicEventSummary {
        slug,
        title: translation::pick(text.and_then(|t| t.title.as_ref()), &r.title).to_owned(),
        starts_at: r.starts_at.and_utc(),
        ends_at: r.ends_at.and_utc(),
        time_zone: r.time_zone.clone(),
        venue: PublicVenue {
            name: r.venue_name.clone(),
            address: r.venue_address.clone(),
            city: r.venue_city.clone(),
            region: r.venue_region.clone(),
            country: r.venue_country.clone(),
        },
        description: translation::pick(text.and_then(|t| t.description.as_ref()), &r.description)
            .to_owned(),
        status: r.status,
        registration_open: registration_closed_reason(
            r.status,
            r.registration_deadline,
            r.ends_at,
            Utc::now(),
        )
        .is_none(),
        registration_deadline: r.registration_deadline.map(|d| d.and_utc()),
        seats_left: (i64::from(r.capacity) - rec.seats()?).max(0),
    })
}

/// The per-address limit on public reads, as the `RateLimit` headers name it.
fn policy(state: &AppState) -> RateLimitPolicy {
    RateLimitPolicy {
        name: "public-pages",
        quota: u64::from(state.public_reads.quota()),
        window_secs: 60,
    }
}

/// Counts the read against the client's address: 429 past the quota.
fn admit(state: &AppState, req: &HttpRequest) -> AppResult<(u32, u64)> {
    let address = super::auth::client_address(req, &state.config);
    match state.public_reads.take(&address) {
        Rate::Allowed { left, reset_secs } => Ok((left, reset_secs)),
        Rate::Refused { retry_after_secs } => {
            Err(AppError::too_many(retry_after_secs, Some(policy(state))))
        }
    }
}

/// The language a public page is read in: `lang`, else the reader's `Accept-Language` when
/// they sent one (these pages are read, never written back, so the browser's language may
/// choose), else the original.
fn reader_language(req: &HttpRequest, lang: Option<Language>) -> Option<Language> {
    lang.or_else(|| {
        let accept = req.headers().get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        Some(crate::domain::i18n::negotiate(Some(accept)))
    })
}

fn public_answer<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    value: &T,
    (left, reset_secs): (u32, u64),
    lang: Option<Language>,
) -> AppResult<HttpResponse> {
    let mut resp = respond::content_language(respond::ok(req, value)?, lang);
    // The same address answers in the language asked for: caches keep one per language.
    resp.headers_mut().append(
        header::VARY,
        header::HeaderValue::from_static("Accept-Language"),
    );
    let policy = policy(state);
    let headers = resp.headers_mut();
    let value = |s: String| header::HeaderValue::from_str(&s).map_err(AppError::internal);
    headers.insert(
        header::CACHE_CONTROL,
        value(format!("public, max-age={MAX_AGE_SECS}"))?,
    );
    headers.insert(
        header::HeaderName::from_static("ratelimit-policy"),
        value(policy.policy_header())?,
    );
    headers.insert(
        header::HeaderName::from_static("ratelimit"),
        value(policy.header(u64::from(left), reset_secs))?,
    );
    Ok(resp)
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicListQuery {
    /// At most this many, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<u32>,
    /// Titles and descriptions in this language, falling back per field to the original;
    /// without it, the language of `Accept-Language` when sent (these pages are only read).
    pub lang: Option<Language>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicPageQuery {
    /// The event's and the companies' text in this language, falling back per field to the
    /// original; without it, the language of `Accept-Language` when sent (these pages are
    /// only read, so the browser's language may choose).
    pub lang: Option<Language>,
}

/// The public events (published or closed), latest first. No token needed.
#[utoipa::path(
    tag = "public",
    params(PublicListQuery),
    responses(
        (status = 200, description = "Public events", body = PublicEventList, headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String, description = "The language the text was asked for in (`lang` or `Accept-Language`)"), ("Vary" = String, description = "`Accept-Language`: caches keep one answer per language"), ("RateLimit-Policy" = String), ("RateLimit" = String))),
        (status = 429, description = "Too many reads from this address; see Retry-After", headers(("Retry-After" = String))),
    ),
    security(())
)]
#[get("/public/events")]
pub async fn list_public_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ValidQuery<PublicListQuery>,
) -> AppResult<HttpResponse> {
    let rate = admit(&state, &req)?;
    let limit = i64::from(query.0.limit.unwrap_or(50));
    let lang = reader_language(&req, query.0.lang);
    let events = app::list(&state.db, limit).await?;
    let list = PublicEventList {
        items: events
            .iter()
            .map(|e| summary(e, lang))
            .collect::<AppResult<_>>()?,
    };
    public_answer(&state, &req, &list, rate, lang)
}

/// An event's public page: the event, its host and guest clusters, the agenda and the
/// participating companies' public profiles; never a contact person. No token needed.
#[utoipa::path(
    tag = "public",
    params(("slug" = String, Path, description = "The event's public slug"), PublicPageQuery),
    responses(
        (status = 200, description = "The public page", body = PublicEventPage, headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String, description = "The language the text was asked for in (`lang` or `Accept-Language`)"), ("Vary" = String, description = "`Accept-Language`: caches keep one answer per language"), ("RateLimit-Policy" = String), ("RateLimit" = String))),
        (status = 404, description = "No public event has this slug"),
        (status = 429, description = "Too many reads from this address; see Retry-After", headers(("Retry-After" = String))),
    ),
    security(())
)]
#[get("/public/events/{slug}")]
pub async fn get_public_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    query: ValidQuery<PublicPageQuery>,
) -> AppResult<HttpResponse> {
    let rate = admit(&state, &req)?;
    let lang = reader_language(&req, query.0.lang);
    let slug = slug.into_inner();
    if slug.len() > 64 {
        return Err(AppError::NotFound(format!("no public event at {slug}")));
    }
    let PublicEvent {
        event,
        host,
        guests,
        agenda,
        companies,
    } = app::get(&state.db, slug).await?;
    let page = PublicEventPage {
        event: summary(&event, lang)?,
        host_cluster: PublicCluster::of(host),
        guest_clusters: guests.into_iter().map(PublicCluster::of).collect(),
        agenda: build(&agenda, lang)?,
        companies: companies
            .into_iter()
            .map(|m| PublicCompany::of(m, lang))
            .collect::<AppResult<_>>()?,
    };
    public_answer(&state, &req, &page, rate, lang)
}

/// Where the event's public page is.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"slug": "cluster2cluster-nidwalden-2017-11-07"}))]
pub struct PublicPageInput {
    /// Lower-case words joined by `-`; left out: one made from the title and the date.
    #[serde(default)]
    #[validate(custom(function = "format::validate_slug"))]
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 2, max_length = 64)]
    pub slug: Option<String>,
}

/// Make the event public (or move its public page to another slug): the host cluster's
/// managers. It shows at `/public/events/{slug}` while published or closed.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = PublicPageInput,
    responses(
        (status = 200, description = "The event, with its `public_slug`", body = Event, headers(("ETag" = String))),
        (status = 409, description = "Another event is public at this slug"),
    )
)]
#[put("/events/{id}/public-page")]
pub async fn put_public_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<PublicPageInput>,
) -> AppResult<HttpResponse> {
    let event = app::publish(&state.db, caller, id.into_inner(), body.0.slug).await?;
    respond::ok(&req, &Event::from_record(event)?)
}

/// Take the event's public page down: the host cluster's managers.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event, without `public_slug`", body = Event, headers(("ETag" = String))),
    )
)]
#[delete("/events/{id}/public-page")]
pub async fn delete_public_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let event = app::unpublish(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &Event::from_record(event)?)
}
