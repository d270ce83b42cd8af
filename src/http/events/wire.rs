//! What `/events` reads and writes: the event as clients see it (with its venue and media
//! links), the input of create and replace, the patch, the list's query.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::app::events::EventChange;
use crate::domain::event::{
    EventStatus, MediaKind, registration_closed_reason, validate_time_zone,
};
use crate::domain::translation::{self, EventTranslations, Language};
use crate::domain::{format, geo};
use crate::error::AppResult;
use crate::http::respond;
use crate::http::{from_json_text, to_json_text, trimmed};
use crate::store::events::{EventData, EventRecord, EventSort};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 300), custom(function = "format::validate_single_line"))]
    #[schema(max_length = 300)]
    pub address: String,
    #[validate(length(min = 1, max = 100), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 100)]
    pub city: String,
    /// ISO 3166-2, such as CH-NW for Nidwalden.
    #[serde(default)]
    #[validate(custom(function = "geo::validate_region"))]
    #[schema(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$", example = "CH-NW")]
    pub region: Option<String>,
    #[validate(custom(function = "geo::validate_country"))]
    #[schema(pattern = "^[A-Z]{2}$", example = "CH")]
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediaLink {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[validate(length(max = 500), custom(function = "format::validate_http_url"))]
    #[schema(max_length = 500, format = Uri)]
    pub url: String,
    pub kind: MediaKind,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    pub id: Uuid,
    pub title: String,
    pub host_cluster_id: Uuid,
    /// One or more guest clusters, in the order they introduce themselves.
    pub guest_cluster_ids: Vec<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// IANA zone the event runs on; agenda times are also shown in it.
    pub time_zone: String,
    pub venue: Venue,
    /// How the guests travel (the bus from Lombardy).
    pub transport: String,
    pub coordinator_contact_id: Option<Uuid>,
    /// Seats, counted in attendees.
    pub capacity: i32,
    /// Attendees of active registrations (computed).
    pub seats_taken: i64,
    pub registration_deadline: Option<DateTime<Utc>>,
    /// Whether companies can register now (computed from status, deadline and end).
    pub registration_open: bool,
    /// Default pitch length in minutes.
    pub pitch_minutes: i32,
    pub status: EventStatus,
    pub description: String,
    pub media_links: Vec<MediaLink>,
    /// While the event is public: its page at `/public/events/{public_slug}` (set with
    /// `PUT /events/{id}/public-page`).
    pub public_slug: Option<String>,
    /// New registrations wait for the organisers' approval (`pending`).
    pub approval_required: bool,
    /// Only companies invited to the event may register.
    pub invitation_only: bool,
    /// The language title, description and transport are written in (null: not said).
    pub original_language: Option<Language>,
    /// Title, description and transport in other languages, all of them, whatever `lang`
    /// asked for (written at `/events/{id}/translations/{lang}`).
    pub translations: EventTranslations,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Event {
    pub fn from_record(rec: EventRecord) -> AppResult<Event> {
        let status = rec.row.status;
        let seats_taken = rec.seats()?;
        let r = rec.row;
        Ok(Event {
            id: r.id,
            host_cluster_id: r.host_cluster_id,
            guest_cluster_ids: rec.guests,
            registration_open: registration_closed_reason(
                status,
                r.registration_deadline,
                r.ends_at,
                Utc::now(),
            )
            .is_none(),
            media_links: from_json_text(&r.media_links)?,
            coordinator_contact_id: r.coordinator_contact_id,
            title: r.title,
            starts_at: r.starts_at.and_utc(),
            ends_at: r.ends_at.and_utc(),
            time_zone: r.time_zone,
            venue: Venue {
                name: r.venue_name,
                address: r.venue_address,
                city: r.venue_city,
                region: r.venue_region,
                country: r.venue_country,
            },
            transport: r.transport,
            capacity: r.capacity,
            seats_taken,
            registration_deadline: r.registration_deadline.map(|d| d.and_utc()),
            pitch_minutes: r.pitch_minutes,
            status,
            description: r.description,
            public_slug: r.public_slug,
            approval_required: r.approval_required,
            invitation_only: r.invitation_only,
            original_language: r.original_language,
            translations: r.translations,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }

    /// The event as a reader of `lang` sees it: each translated field in `lang` where it has
    /// a translation, the original elsewhere (no `lang`: the original).
    pub fn in_language(mut self, lang: Option<Language>) -> Event {
        if let Some(t) =
            translation::for_reader(&self.translations, self.original_language, lang).cloned()
        {
            let pick = |field: &mut String, text: Option<String>| {
                if let Some(text) = text {
                    *field = text;
                }
            };
            pick(&mut self.title, t.title);
            pick(&mut self.description, t.description);
            pick(&mut self.transport, t.transport);
        }
        self
    }
}

fn default_pitch_minutes() -> i32 {
    3
}

#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Cluster2Cluster: Lombardia meets Switzerland",
    "host_cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "guest_cluster_ids": ["0193a5c8-7d1e-7c3a-9b1e-000000000001"],
    "starts_at": "2026-11-26T09:30:00+01:00",
    "ends_at": "2026-11-26T17:00:00+01:00",
    "time_zone": "Europe/Zurich",
    "venue": {"name": "Cluster venue", "address": "", "city": "Stans", "region": "CH-NW", "country": "CH"},
    "transport": "Bus from Milano",
    "capacity": 60,
    "pitch_minutes": 3
}))]
pub struct EventInput {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// The cluster that hosts and organises the day; fixed once created.
    pub host_cluster_id: Uuid,
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub guest_cluster_ids: Vec<Uuid>,
    /// Any RFC 3339 offset; stored and answered in UTC.
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[validate(custom(function = "validate_time_zone"))]
    #[schema(example = "Europe/Zurich")]
    pub time_zone: String,
    #[validate(nested)]
    pub venue: Venue,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub transport: String,
    #[serde(default)]
    pub coordinator_contact_id: Option<Uuid>,
    #[validate(range(min = 1, max = 100000))]
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: i32,
    #[serde(default)]
    pub registration_deadline: Option<DateTime<Utc>>,
    #[serde(default = "default_pitch_minutes")]
    #[validate(range(min = 1, max = 60))]
    #[schema(minimum = 1, maximum = 60, default = 3)]
    pub pitch_minutes: i32,
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub description: String,
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub media_links: Vec<MediaLink>,
    /// New registrations wait for the organisers' approval (`pending`) (default false).
    #[serde(default)]
    pub approval_required: bool,
    /// Only companies invited to the event (`POST /events/{id}/invitations`) may register
    /// (default false).
    #[serde(default)]
    pub invitation_only: bool,
    /// The language title, description and transport are written in (`it`, `de`, `fr` or
    /// `en`; null: not said). Translations into other languages are written at
    /// `/events/{id}/translations/{lang}`.
    #[serde(default)]
    pub original_language: Option<Language>,
}

impl EventInput {
    /// What the use cases work with: host, guests and the stored details.
    pub(super) fn to_change(&self) -> AppResult<EventChange> {
        Ok(EventChange {
            host_cluster_id: self.host_cluster_id,
            guest_cluster_ids: self.guest_cluster_ids.clone(),
            data: self.to_data()?,
        })
    }

    fn to_data(&self) -> AppResult<EventData> {
        Ok(EventData {
            title: trimmed(self.title.clone()),
            starts_at: self.starts_at.naive_utc(),
            ends_at: self.ends_at.naive_utc(),
            time_zone: self.time_zone.clone(),
            venue_name: trimmed(self.venue.name.clone()),
            venue_address: self.venue.address.trim().to_owned(),
            venue_city: trimmed(self.venue.city.clone()),
            venue_region: self.venue.region.clone(),
            venue_country: self.venue.country.clone(),
            transport: self.transport.trim().to_owned(),
            coordinator_contact_id: self.coordinator_contact_id,
            capacity: self.capacity,
            registration_deadline: self.registration_deadline.map(|d| d.naive_utc()),
            pitch_minutes: self.pitch_minutes,
            description: self.description.trim().to_owned(),
            media_links: to_json_text(&self.media_links)?,
            approval_required: self.approval_required,
            invitation_only: self.invitation_only,
            original_language: self.original_language,
        })
    }

    pub(super) fn from_event(e: Event) -> EventInput {
        EventInput {
            title: e.title,
            host_cluster_id: e.host_cluster_id,
            guest_cluster_ids: e.guest_cluster_ids,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            time_zone: e.time_zone,
            venue: e.venue,
            transport: e.transport,
            coordinator_contact_id: e.coordinator_contact_id,
            capacity: e.capacity,
            registration_deadline: e.registration_deadline,
            pitch_minutes: e.pitch_minutes,
            description: e.description,
            media_links: e.media_links,
            approval_required: e.approval_required,
            invitation_only: e.invitation_only,
            original_language: e.original_language,
        }
    }
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPatch {
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub guest_cluster_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub venue: Option<Venue>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub transport: Option<String>,
    #[serde(default, deserialize_with = "crate::http::double_option")]
    pub coordinator_contact_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub capacity: Option<i32>,
    #[serde(default, deserialize_with = "crate::http::double_option")]
    pub registration_deadline: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub pitch_minutes: Option<i32>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub media_links: Option<Vec<MediaLink>>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub approval_required: Option<bool>,
    #[serde(default, deserialize_with = "crate::http::present")]
    #[schema(nullable = false)]
    pub invitation_only: Option<bool>,
    #[serde(default, deserialize_with = "crate::http::double_option")]
    pub original_language: Option<Option<Language>>,
}

impl EventPatch {
    pub(super) fn apply(self, mut base: EventInput) -> EventInput {
        crate::http::apply_patch!(self, base;
            title,
            guest_cluster_ids,
            starts_at,
            ends_at,
            time_zone,
            venue,
            transport,
            coordinator_contact_id,
            capacity,
            registration_deadline,
            pitch_minutes,
            description,
            media_links,
            approval_required,
            invitation_only,
            original_language
        );
        base
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Events this cluster hosts or is invited to.
    pub cluster_id: Option<Uuid>,
    pub status: Option<EventStatus>,
    /// Events ending at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events starting at or before this instant.
    pub to: Option<DateTime<Utc>>,
    /// The order: `created_at` (the default), `starts_at` or `updated_at`; `-` in front for
    /// descending. Ties go by creation. A cursor continues the order it was issued for.
    #[param(schema_with = event_sort_schema)]
    pub sort: Option<String>,
    /// Answer title, description and transport in this language, falling back per field to
    /// the original. Only this parameter translates, never `Accept-Language` (a frontend
    /// that writes back what it read must not overwrite an original with a translation).
    pub lang: Option<Language>,
}

fn event_sort_schema() -> utoipa::openapi::Object {
    respond::sort_schema::<EventSort>()
}
