//! `/events/{id}/agenda`: the programme of the day, generated from the registrations and
//! then edited by the host. Times are computed from the event start; served as JSON or
//! iCalendar (`agenda.ics`).

use crate::domain::translation::{AgendaItemTranslations, Language, for_reader, pick};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::files;
use super::negotiate::{Format, formats, negotiate};
use super::respond;
use crate::AppState;
use crate::app::agenda::{self as agendas, AgendaRecord, GenerateSpec, ItemChange, NewItem};
use crate::domain::access::Principal;
use crate::domain::agenda::{self, ItemKind, PitchOrder};
use crate::domain::format;
use crate::error::{AppError, AppResult};
use crate::export::ical::{CalendarItem, calendar_in_at};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgendaItem {
    pub id: Uuid,
    /// 0-based place in the day.
    pub position: i32,
    pub kind: ItemKind,
    /// In `lang` where the item has a translation into it (the original elsewhere).
    pub title: String,
    /// The language the title is written in (null: not said). Items the service writes
    /// (welcome, introductions, pitches, breaks, networking) are in English, with their
    /// translations.
    pub original_language: Option<Language>,
    /// The title in other languages, all of them whatever `lang` asked for.
    pub translations: AgendaItemTranslations,
    /// The presenting company (pitches).
    pub member_id: Option<Uuid>,
    /// The company's or the introducing cluster.
    pub cluster_id: Option<Uuid>,
    pub registration_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `starts_at` in the event's time zone, with the offset in force then.
    pub starts_at_local: String,
    pub ends_at_local: String,
    /// A B2B block linked to its session lasts as long as the session.
    pub duration_minutes: i32,
    /// Minutes left free before the item.
    pub gap_before_minutes: i32,
    /// For a `meetings` block: its meeting session, whose times it takes.
    pub meeting_session_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Agenda {
    pub event_id: Uuid,
    pub time_zone: String,
    pub starts_at: DateTime<Utc>,
    /// End of the last item.
    pub ends_at: DateTime<Utc>,
    pub items: Vec<AgendaItem>,
}

/// The agenda as clients see it, with the times computed from the event's start and each
/// title in `lang` where translated.
pub(crate) fn build(record: &AgendaRecord, lang: Option<Language>) -> AppResult<Agenda> {
    let event = &record.event;
    let rows = record.items.clone();
    let zone = crate::domain::event::parse_time_zone(&event.row.time_zone)
        .ok_or_else(|| AppError::internal("stored time zone"))?;
    let start = event.row.starts_at.and_utc();
    let slots = agenda::schedule(start, record.timings());
    let items = rows
        .into_iter()
        .zip(&slots)
        .map(|(row, (from, to))| {
            let title = pick(
                for_reader(&row.translations, row.original_language, lang)
                    .and_then(|t| t.title.as_ref()),
                &row.title,
            )
            .to_owned();
            Ok(AgendaItem {
                id: row.id,
                position: row.position,
                kind: row.kind,
                member_id: row.member_id,
                cluster_id: row.cluster_id,
                registration_id: row.registration_id,
                title,
                original_language: row.original_language,
                translations: row.translations,
                starts_at: *from,
                ends_at: *to,
                starts_at_local: agenda::local(*from, zone),
                ends_at_local: agenda::local(*to, zone),
                duration_minutes: ((*to - *from).num_minutes()) as i32,
                gap_before_minutes: row.gap_before_minutes,
                meeting_session_id: row.meeting_session_id,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Agenda {
        event_id: event.row.id,
        time_zone: event.row.time_zone.clone(),
        starts_at: start,
        ends_at: slots.last().map_or(start, |s| s.1),
        items,
    })
}

/// The ETag of the current agenda as clients see it without `lang` (for `If-Match`).
fn etag_of(record: &AgendaRecord) -> AppResult<String> {
    respond::etag_of(&build(record, None)?)
}

formats!(
    /// What `GET /events/{id}/agenda` serves.
    AgendaFormat { Json, Ics }
);

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    /// `json` or `ics`; overrides the Accept header. Clients that want the file can call
    /// `agenda.ics`.
    pub format: Option<AgendaFormat>,
    /// Item titles (and, in iCalendar, the event's title) in this language where translated,
    /// the original elsewhere. `If-Match` on changes takes the ETag of the agenda read
    /// without `lang`.
    pub lang: Option<Language>,
}

/// The query of `agenda.ics`.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgendaIcsQuery {
    /// The event's and the items' titles in this language where translated (the calendar's
    /// name and each entry's summary), the original elsewhere.
    pub lang: Option<Language>,
}

fn respond_agenda(
    req: &HttpRequest,
    record: &AgendaRecord,
    agenda: &Agenda,
    format: Format,
    lang: Option<Language>,
) -> AppResult<HttpResponse> {
    let event = &record.event;
    match format {
        Format::Ics => {
            let row = &event.row;
            let translated = for_reader(&row.translations, row.original_language, lang);
            let title = pick(translated.and_then(|t| t.title.as_ref()), &row.title);
            let location = [
                event.row.venue_name.as_str(),
                &event.row.venue_city,
                &event.row.venue_country,
            ]
            .join(", ");
            let items = calendar_items(title, agenda);
            let zone = crate::domain::event::parse_time_zone(&event.row.time_zone)
                .ok_or_else(|| AppError::internal("stored time zone"))?;
            // Written as of the agenda's (or the event's) last change, so the same agenda is
            // the same bytes (and the same ETag) on every read; times in the event's zone.
            let body = calendar_in_at(title, &location, &items, zone, record.last_change());
            let file = files::bytes(req, Format::Ics, "agenda", body.into_bytes());
            Ok(respond::content_language(file, lang))
        }
        _ => Ok(respond::content_language(respond::ok(req, agenda)?, lang)),
    }
}

/// The agenda with computed times, as JSON or iCalendar (`Accept: text/calendar` or
/// `format=ics`).
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), AgendaQuery),
    responses(
        (status = 200, description = "The agenda", headers(("ETag" = String)), content(
            (Agenda = "application/json"),
            (String = "text/calendar", example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 406, description = "Neither JSON nor iCalendar is acceptable"),
    )
)]
#[get("/events/{id}/agenda")]
pub async fn get_agenda(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<AgendaQuery>,
) -> AppResult<HttpResponse> {
    let format = negotiate(&req, query.0.format, AgendaFormat::OFFERED)?;
    let event_id = id.into_inner();
    let record = agendas::get(&state.db, caller, event_id).await?;
    let agenda = build(&record, query.0.lang)?;
    respond_agenda(&req, &record, &agenda, format, query.0.lang)
}

/// The agenda's items as calendar entries: each keeps its item's id as `UID` (stable across
/// regeneration, see `store::agenda::replace`).
pub(crate) fn calendar_items(event_title: &str, agenda: &Agenda) -> Vec<CalendarItem> {
    agenda
        .items
        .iter()
        .map(|i| CalendarItem {
            uid: format!("{}@cluster2cluster", i.id),
            summary: format!("{} — {}", i.title, event_title),
            description: format!("{} ({} min)", i.title, i.duration_minutes),
            starts_at: i.starts_at,
            ends_at: i.ends_at,
            location: None,
        })
        .collect()
}

/// The agenda as iCalendar, with the access of `GET /events/{id}/agenda`: one event per item,
/// in the event's time zone, written as of the agenda's last change (the same agenda is the
/// same bytes and ETag).
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), AgendaIcsQuery),
    responses(
        (status = 200, description = "The agenda", headers(("ETag" = String)), content(
            (String = "text/calendar", example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/events/{id}/agenda.ics")]
pub async fn get_agenda_ics(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<AgendaIcsQuery>,
) -> AppResult<HttpResponse> {
    let record = agendas::get(&state.db, caller, id.into_inner()).await?;
    let agenda = build(&record, query.0.lang)?;
    respond_agenda(&req, &record, &agenda, Format::Ics, query.0.lang)
}

fn default_welcome() -> u32 {
    10
}
fn default_introduction() -> u32 {
    15
}
fn default_break() -> u32 {
    15
}
fn default_networking() -> u32 {
    60
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"order": "alternating", "break_every": 8}))]
pub struct GenerateAgenda {
    #[serde(default)]
    pub order: PitchOrder,
    /// For `as_given`: every active registration, in pitch order.
    #[serde(default)]
    #[validate(length(max = 1000))]
    pub registration_ids: Vec<Uuid>,
    #[serde(default = "default_welcome")]
    #[validate(range(max = 240))]
    #[schema(maximum = 240, default = 10)]
    pub welcome_minutes: u32,
    #[serde(default = "default_introduction")]
    #[validate(range(min = 1, max = 240))]
    #[schema(minimum = 1, maximum = 240, default = 15)]
    pub introduction_minutes: u32,
    /// Default: the event's `pitch_minutes`.
    #[validate(range(min = 1, max = 60))]
    #[schema(minimum = 1, maximum = 60)]
    pub pitch_minutes: Option<u32>,
    /// A break after every this many pitches.
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub break_every: Option<u32>,
    #[serde(default = "default_break")]
    #[validate(range(max = 240))]
    #[schema(maximum = 240, default = 15)]
    pub break_minutes: u32,
    /// The closing networking block; 0 for none.
    #[serde(default = "default_networking")]
    #[validate(range(max = 600))]
    #[schema(maximum = 600, default = 60)]
    pub networking_minutes: u32,
}

/// (Re)builds the agenda from the active registrations: welcome, introductions by the host
/// and each guest, one pitch per company, breaks, networking. Replaces any earlier agenda.
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag of the current agenda")),
    request_body = GenerateAgenda,
    responses(
        (status = 200, description = "The new agenda", body = Agenda, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled"),
    )
)]
#[post("/events/{id}/agenda/generate")]
pub async fn generate_agenda(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<GenerateAgenda>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let g = body.0;
    let spec = GenerateSpec {
        order: g.order,
        registration_ids: g.registration_ids,
        welcome_minutes: g.welcome_minutes,
        introduction_minutes: g.introduction_minutes,
        pitch_minutes: g.pitch_minutes,
        break_every: g.break_every,
        break_minutes: g.break_minutes,
        networking_minutes: g.networking_minutes,
    };
    let record = agendas::generate(
        &state.db,
        caller,
        event_id,
        move |current: &AgendaRecord| if_match.check(&etag_of(current)?),
        spec,
    )
    .await?;
    let agenda = build(&record, None)?;
    respond::ok(&req, &agenda)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "break", "title": "Coffee", "duration_minutes": 20, "position": 5}))]
pub struct NewAgendaItem {
    pub kind: ItemKind,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// The language the title is written in (`it`, `de`, `fr` or `en`).
    pub original_language: Option<Language>,
    /// The title in other languages than the original's.
    #[serde(default)]
    pub translations: AgendaItemTranslations,
    #[validate(range(min = 1, max = 600))]
    #[schema(minimum = 1, maximum = 600)]
    pub duration_minutes: u32,
    /// Where to insert (0-based); default: at the end.
    pub position: Option<u32>,
    /// Minutes left free before the item (after the previous one ends); default 0.
    #[serde(default)]
    #[validate(range(max = 600))]
    #[schema(maximum = 600)]
    pub gap_before_minutes: u32,
    /// For a `meetings` block: its meeting session, whose times it then takes.
    pub meeting_session_id: Option<Uuid>,
}

/// Add an item (a break, networking, a welcome …). Pitches come from `generate`.
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag of the current agenda")),
    request_body = NewAgendaItem,
    responses(
        (status = 201, description = "The agenda with the new item", body = Agenda, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled"),
    )
)]
#[post("/events/{id}/agenda/items")]
pub async fn create_agenda_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<NewAgendaItem>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let new = NewItem {
        kind: input.kind,
        title: input.title,
        original_language: input.original_language,
        translations: input.translations,
        duration_minutes: input.duration_minutes,
        position: input.position,
        gap_before_minutes: input.gap_before_minutes,
        meeting_session_id: input.meeting_session_id,
    };
    let (record, new_id) = agendas::add_item(
        &state.db,
        caller,
        event_id,
        move |current: &AgendaRecord| if_match.check(&etag_of(current)?),
        new,
    )
    .await?;
    let agenda = build(&record, None)?;
    respond::created(
        &req,
        format!("/api/v1/events/{event_id}/agenda/items/{new_id}"),
        &agenda,
    )
}

/// One agenda item with its computed times.
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), ("item_id" = Uuid, Path, description = "Agenda item id")),
    responses((status = 200, description = "The item", body = AgendaItem, headers(("ETag" = String))))
)]
#[get("/events/{id}/agenda/items/{item_id}")]
pub async fn get_agenda_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, item_id) = path.into_inner();
    let agenda = build(&agendas::get(&state.db, caller, event_id).await?, None)?;
    let item = agenda
        .items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| AppError::NotFound(format!("the agenda has no item {item_id}")))?;
    respond::ok(&req, item)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"position": 3, "duration_minutes": 5}))]
pub struct AgendaItemChange {
    /// New 0-based place; the items in between shift.
    #[validate(range(max = 10000))]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub position: Option<u32>,
    #[validate(range(min = 1, max = 600))]
    #[schema(minimum = 1, maximum = 600)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub duration_minutes: Option<u32>,
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub title: Option<String>,
    /// The language the title is written in; null: not said.
    #[serde(default, deserialize_with = "super::double_option")]
    pub original_language: Option<Option<Language>>,
    /// Replaces all the title's translations. A new `title` without `translations` drops
    /// the old title's translations.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub translations: Option<AgendaItemTranslations>,
    /// Minutes left free before the item.
    #[validate(range(max = 600))]
    #[schema(maximum = 600)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub gap_before_minutes: Option<u32>,
    /// Links a `meetings` block to (another) meeting session of the event.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub meeting_session_id: Option<Uuid>,
}

/// Move, resize or rename an item; the times of everything after it recompute.
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), ("item_id" = Uuid, Path, description = "Agenda item id"), ("If-Match" = Option<String>, Header, description = "ETag of the current agenda")),
    request_body(content = AgendaItemChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The whole agenda after the change", body = Agenda, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled"),
    )
)]
#[patch("/events/{id}/agenda/items/{item_id}")]
pub async fn update_agenda_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: ValidJson<AgendaItemChange>,
) -> AppResult<HttpResponse> {
    let (event_id, item_id) = path.into_inner();
    let change = body.0;
    let change = ItemChange {
        position: change.position,
        duration_minutes: change.duration_minutes,
        title: change.title,
        original_language: change.original_language,
        translations: change.translations,
        gap_before_minutes: change.gap_before_minutes,
        meeting_session_id: change.meeting_session_id,
    };
    let record = agendas::update_item(
        &state.db,
        caller,
        event_id,
        item_id,
        move |current: &AgendaRecord| if_match.check(&etag_of(current)?),
        change,
    )
    .await?;
    let agenda = build(&record, None)?;
    respond::ok(&req, &agenda)
}

/// Remove an item; the items after it move up.
#[utoipa::path(
    tag = "agenda",
    params(("id" = Uuid, Path, description = "Event id"), ("item_id" = Uuid, Path, description = "Agenda item id"), ("If-Match" = Option<String>, Header, description = "ETag of the current agenda")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled"),
    )
)]
#[delete("/events/{id}/agenda/items/{item_id}")]
pub async fn delete_agenda_item(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let (event_id, item_id) = path.into_inner();
    agendas::delete_item(
        &state.db,
        caller,
        event_id,
        item_id,
        move |current: &AgendaRecord| if_match.check(&etag_of(current)?),
    )
    .await?;
    Ok(respond::no_content())
}
