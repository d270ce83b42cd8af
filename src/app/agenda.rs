//! The agenda of an event: read by whoever sees the event, generated from the registrations
//! and then edited by the host's managers while the event is a draft or published. Only
//! order and durations are stored; times are computed by whoever shows it.

use uuid::Uuid;

use crate::app::events::visible_event;
use crate::domain::access::{Principal, require};
use crate::domain::agenda::{
    self, ClusterRef, Durations, ItemKind, PitchOrder, PitchRef, PlannedItem,
};
use crate::domain::translation::{self, AgendaItemTranslations, Language};
use crate::error::{AppError, AppResult};
use crate::store::agenda::{self as store, AgendaRow};
use crate::store::events::EventRecord;
use crate::store::matchmaking::SessionRow;
use crate::store::{Db, DbConn};

/// An event's agenda: the event (its start and time zone give the times) and its items in
/// order.
#[derive(Debug, Clone)]
pub struct AgendaRecord {
    pub event: EventRecord,
    pub items: Vec<AgendaRow>,
    /// The event's meeting sessions, whose times linked B2B blocks take.
    pub sessions: Vec<SessionRow>,
    /// When the agenda last changed (`None` before its first change).
    pub changed_at: Option<chrono::NaiveDateTime>,
}

impl AgendaRecord {
    /// The last change of what the agenda shows: of the agenda itself or of the event (its
    /// start, title, venue). The calendar's `DTSTAMP`.
    pub fn last_change(&self) -> chrono::DateTime<chrono::Utc> {
        self.changed_at
            .map_or(self.event.row.updated_at, |at| {
                at.max(self.event.row.updated_at)
            })
            .and_utc()
    }

    /// The items with their session-fixed times where linked, ready for
    /// [`agenda::schedule`].
    pub fn timings(&self) -> Vec<agenda::Timing> {
        self.items
            .iter()
            .map(|r| agenda::Timing {
                gap_before_minutes: r.gap_before_minutes.max(0) as u32,
                duration_minutes: r.duration_minutes.max(0) as u32,
                fixed: r
                    .meeting_session_id
                    .and_then(|id| self.sessions.iter().find(|s| s.id == id))
                    .map(|s| (s.starts_at.and_utc(), s.ends_at.and_utc())),
            })
            .collect()
    }
}

/// The agenda of `event` with `items` as stored.
pub fn record_of(
    conn: &mut DbConn,
    event: EventRecord,
    items: Vec<AgendaRow>,
) -> AppResult<AgendaRecord> {
    let sessions = crate::store::matchmaking::sessions(conn, event.row.id)?;
    let changed_at = store::changed_at(conn, event.row.id)?;
    Ok(AgendaRecord {
        event,
        items,
        sessions,
        changed_at,
    })
}

fn load(conn: &mut DbConn, event: EventRecord) -> AppResult<AgendaRecord> {
    let items = store::list(conn, event.row.id)?;
    record_of(conn, event, items)
}

/// The agenda as it is before a change: the event is visible, the caller hosts it,
/// `precondition` accepts the current agenda (the caller's `If-Match`), and the event is not
/// over. Locks the event for the rest of the transaction.
fn editable(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    precondition: impl FnOnce(&AgendaRecord) -> AppResult<()>,
) -> AppResult<AgendaRecord> {
    crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
    let event = visible_event(conn, caller, event_id)?;
    let parties = event.parties();
    require(
        parties.can_run_day(caller),
        "edit this event's agenda (the host cluster's managers and co-organisers do)",
    )?;
    let current = load(conn, event)?;
    precondition(&current)?;
    if !parties.status.is_editable() {
        return Err(AppError::conflict(format!(
            "the agenda of a {} event cannot change",
            parties.status.as_str()
        )));
    }
    Ok(current)
}

/// The agenda of an event the caller sees.
pub async fn get(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<AgendaRecord> {
    db.run(move |conn| {
        let event = visible_event(conn, &caller, event_id)?;
        load(conn, event)
    })
    .await
}

/// How to build the agenda from the registrations.
#[derive(Debug, Clone)]
pub struct GenerateSpec {
    pub order: PitchOrder,
    /// For [`PitchOrder::AsGiven`]: every active registration, in pitch order.
    pub registration_ids: Vec<Uuid>,
    pub welcome_minutes: u32,
    pub introduction_minutes: u32,
    /// Default: the event's pitch length.
    pub pitch_minutes: Option<u32>,
    pub break_every: Option<u32>,
    pub break_minutes: u32,
    pub networking_minutes: u32,
}

/// (Re)builds the agenda from the active registrations: welcome, introductions by the host
/// and each guest, one pitch per company, breaks, networking. Replaces any earlier agenda.
pub async fn generate(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    precondition: impl FnOnce(&AgendaRecord) -> AppResult<()> + Send + 'static,
    g: GenerateSpec,
) -> AppResult<AgendaRecord> {
    db.write(move |conn| {
        let event = editable(conn, &caller, event_id, precondition)?.event;
        let parties = event.parties();
        let cluster_ref = |conn: &mut DbConn, id: Uuid| -> AppResult<ClusterRef> {
            Ok(ClusterRef {
                id,
                name: crate::store::clusters::get(conn, id)?.0.name,
            })
        };
        let host = cluster_ref(conn, parties.host)?;
        let guests = parties
            .guests
            .iter()
            .map(|g| cluster_ref(conn, *g))
            .collect::<AppResult<Vec<_>>>()?;
        let filter = crate::store::registrations::RegistrationFilter::default();
        let regs = crate::store::registrations::list(conn, event_id, &filter, None, i64::MAX)?;
        let mut pitches = Vec::with_capacity(regs.len());
        for r in regs {
            let member = crate::store::members::get(conn, r.member_id)?;
            pitches.push(PitchRef {
                registration_id: r.id,
                member_id: r.member_id,
                cluster_id: r.cluster_id,
                company: member.legal_name,
            });
        }
        let ordered = agenda::order_pitches(
            pitches,
            parties.host,
            &parties.guests,
            g.order,
            &g.registration_ids,
        )
        .map_err(|m| AppError::invalid("registration_ids", m))?;
        let durations = Durations {
            welcome: g.welcome_minutes,
            introduction: g.introduction_minutes,
            pitch: g.pitch_minutes.unwrap_or(event.row.pitch_minutes as u32),
            break_every: g.break_every,
            break_minutes: g.break_minutes,
            networking: g.networking_minutes,
        };
        let items = store::replace(
            conn,
            event_id,
            &agenda::plan(&host, &guests, &ordered, &durations),
        )?;
        store::touch(conn, event_id)?;
        record_of(conn, event, items)
    })
    .await
}

/// An item to add by hand (anything but a pitch).
#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: ItemKind,
    pub title: String,
    /// The language of `title` (`None`: not said).
    pub original_language: Option<Language>,
    /// The title in other languages.
    pub translations: AgendaItemTranslations,
    pub duration_minutes: u32,
    /// Where to insert (0-based); `None`: at the end.
    pub position: Option<u32>,
    pub gap_before_minutes: u32,
    /// For a `meetings` block: its meeting session.
    pub meeting_session_id: Option<Uuid>,
}

/// 422 unless `session` is a meeting session of the event and the item a `meetings` block.
fn check_session(current: &AgendaRecord, kind: ItemKind, session: Option<Uuid>) -> AppResult<()> {
    let Some(session) = session else {
        return Ok(());
    };
    if kind != ItemKind::Meetings {
        return Err(AppError::invalid(
            "meeting_session_id",
            "only a `meetings` block is linked to a meeting session",
        ));
    }
    if !current.sessions.iter().any(|s| s.id == session) {
        return Err(AppError::invalid(
            "meeting_session_id",
            format!("the event has no meeting session {session}"),
        ));
    }
    Ok(())
}

/// Adds an item (a break, networking, a welcome …); pitches come from [`generate`]. Returns
/// the agenda after the change and the new item's id.
pub async fn add_item(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    precondition: impl FnOnce(&AgendaRecord) -> AppResult<()> + Send + 'static,
    new: NewItem,
) -> AppResult<(AgendaRecord, String)> {
    if new.kind == ItemKind::Pitch {
        return Err(AppError::invalid(
            "kind",
            "pitches come from registrations: use agenda/generate",
        ));
    }
    let translations =
        translation::checked(new.translations, new.original_language, "translations")?;
    db.write(move |conn| {
        let current = editable(conn, &caller, event_id, precondition)?;
        check_session(&current, new.kind, new.meeting_session_id)?;
        let before: Vec<Uuid> = current.items.into_iter().map(|r| r.id).collect();
        let item = PlannedItem {
            kind: new.kind,
            title: new.title.trim().to_owned(),
            original_language: new.original_language,
            translations,
            member_id: None,
            cluster_id: None,
            registration_id: None,
            duration_minutes: new.duration_minutes,
            gap_before_minutes: new.gap_before_minutes,
            meeting_session_id: new.meeting_session_id,
        };
        let position = new.position.map_or(usize::MAX, |p| p as usize);
        let items = store::insert_at(conn, event_id, position, &item)?;
        store::touch(conn, event_id)?;
        let new_id = items
            .iter()
            .find(|r| !before.contains(&r.id))
            .map(|r| r.id.to_string())
            .unwrap_or_default();
        Ok((record_of(conn, current.event, items)?, new_id))
    })
    .await
}

/// A change of one item: its place (the items in between shift), length or title. A new
/// title drops the translations of the old one unless the change gives new ones.
#[derive(Debug, Clone, Default)]
pub struct ItemChange {
    pub position: Option<u32>,
    pub duration_minutes: Option<u32>,
    pub title: Option<String>,
    /// `Some(None)`: the title's language is no longer said.
    pub original_language: Option<Option<Language>>,
    /// Replaces all the title's translations.
    pub translations: Option<AgendaItemTranslations>,
    pub gap_before_minutes: Option<u32>,
    /// Links a `meetings` block to (another) meeting session.
    pub meeting_session_id: Option<Uuid>,
}

/// Moves, resizes or renames an item; returns the whole agenda after the change.
pub async fn update_item(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    item_id: Uuid,
    precondition: impl FnOnce(&AgendaRecord) -> AppResult<()> + Send + 'static,
    change: ItemChange,
) -> AppResult<AgendaRecord> {
    db.write(move |conn| {
        let current = editable(conn, &caller, event_id, precondition)?;
        let index = store::find(&current.items, item_id)?;
        check_session(
            &current,
            current.items[index].kind,
            change.meeting_session_id,
        )?;
        let mut rows = current.items;
        let before = rows[index].clone();
        let row = &mut rows[index];
        if let Some(title) = &change.title {
            let title = title.trim().to_owned();
            if title != row.title {
                // The translations translated the old title.
                row.translations = AgendaItemTranslations::default();
            }
            row.title = title;
        }
        if let Some(original) = change.original_language {
            row.original_language = original;
        }
        if let Some(translations) = change.translations {
            row.translations = translations;
        }
        // Checked as a whole: a translation into the (new) original's language is refused.
        row.translations = translation::checked(
            std::mem::take(&mut row.translations),
            row.original_language,
            "translations",
        )?;
        if let Some(minutes) = change.duration_minutes {
            row.duration_minutes = minutes as i32;
        }
        if let Some(gap) = change.gap_before_minutes {
            row.gap_before_minutes = gap as i32;
        }
        if let Some(session) = change.meeting_session_id {
            row.meeting_session_id = Some(session);
        }
        let mut changed = *row != before;
        if changed {
            store::update_item(conn, row)?;
        }
        if let Some(position) = change.position {
            agenda::move_item(&mut rows, index, position as usize);
            changed |= rows.iter().enumerate().any(|(i, r)| r.position != i as i32);
            store::reorder(conn, &rows)?;
        }
        // A change that changes nothing keeps the agenda's stamp (and its calendar's ETag).
        if changed {
            store::touch(conn, event_id)?;
        }
        load(conn, current.event)
    })
    .await
}

/// Removes an item; the items after it move up.
pub async fn delete_item(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    item_id: Uuid,
    precondition: impl FnOnce(&AgendaRecord) -> AppResult<()> + Send + 'static,
) -> AppResult<()> {
    db.write(move |conn| {
        let mut rows = editable(conn, &caller, event_id, precondition)?.items;
        let index = store::find(&rows, item_id)?;
        let removed = rows.remove(index);
        store::delete_item(conn, removed.id)?;
        store::reorder(conn, &rows)?;
        Ok(store::touch(conn, event_id)?)
    })
    .await
}
