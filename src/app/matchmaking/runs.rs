//! Schedule runs: every accepted meeting placed by the scheduler (`domain::schedule`), kept
//! as a preview until the host publishes it. The run's result is stored as JSON in the
//! form below, which is also the form clients see.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{event_and_parties, require_host, sessions_and_slots, settings_of};
use crate::domain::access::{Principal, require};
use crate::domain::matchmaking::Slot;
use crate::domain::schedule::{self, MeetingSpec, Problem, Solution, Unplaced};
use crate::error::{AppError, AppResult};
use crate::store::json::{from_json_text, to_json_text};
use crate::store::matchmaking::{self as store, RequestRow, RunRow};
use crate::store::{Db, DbConn};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Computed, seen by the organisers only.
    Preview,
    /// The schedule attendees see.
    Published,
    /// Was published; a later run replaced it.
    Superseded,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScheduledMeeting {
    pub meeting_request_id: Uuid,
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    pub slot: usize,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Table number, from 1.
    pub table: usize,
    pub mutual: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnscheduledMeeting {
    pub meeting_request_id: Uuid,
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    /// `locked_conflict`, `no_common_availability`, `participant_limit_reached`,
    /// `participants_busy` or `no_table_free`.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RunFigures {
    /// Accepted meetings the run had to place.
    pub requested: usize,
    pub scheduled: usize,
    pub mutual_requested: usize,
    pub mutual_scheduled: usize,
    /// Slots attendees wait between their first and last meeting of a session, summed.
    pub idle_slots: usize,
    /// Time the scheduler took, in milliseconds.
    pub solve_ms: f64,
}

/// What a run stores: the schedule and what did not fit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunResult {
    pub meetings: Vec<ScheduledMeeting>,
    pub unscheduled: Vec<UnscheduledMeeting>,
    pub figures: RunFigures,
}

/// The status of a stored run.
pub fn run_status(row: &RunRow) -> AppResult<RunStatus> {
    match row.status.as_str() {
        "preview" => Ok(RunStatus::Preview),
        "published" => Ok(RunStatus::Published),
        "superseded" => Ok(RunStatus::Superseded),
        other => Err(AppError::internal(format!("stored run status {other}"))),
    }
}

/// The result a stored run keeps.
pub fn result_of(row: &RunRow) -> AppResult<RunResult> {
    Ok(from_json_text(&row.result)?)
}

/// What the scheduler needs, read from the database.
pub struct RunInput {
    pub problem: Problem,
    pub requests: Vec<RequestRow>,
    pub slots: Vec<Slot>,
    pub tables: i32,
}

/// Step 1: the event's sessions, tables, schedulable requests, blocked slots and locks as
/// the scheduler's problem.
pub fn load_run_input(conn: &mut DbConn, event_id: Uuid) -> AppResult<RunInput> {
    let sessions = sessions_and_slots(conn, event_id)?;
    let (plans, all) = (sessions.plans, sessions.slots);
    if all.is_empty() {
        return Err(AppError::conflict(
            "the event has no meeting slots yet: add meeting sessions first",
        ));
    }
    let tables = settings_of(conn, event_id)?.tables;
    let requests = store::schedulable_requests(conn, event_id)?;
    // Attendees are numbered in registration-id order, so the same data gives the same run.
    let mut ids: Vec<Uuid> = requests
        .iter()
        .flat_map(|r| [r.requester_registration_id, r.recipient_registration_id])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let index: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let slot_at: HashMap<NaiveDateTime, usize> = all
        .iter()
        .map(|s| (s.starts_at.naive_utc(), s.index))
        .collect();
    let mut blocked = vec![Vec::new(); ids.len()];
    for (rid, at) in store::blocked_of_event(conn, event_id)? {
        if let (Some(&x), Some(&s)) = (index.get(&rid), slot_at.get(&at)) {
            blocked[x].push(s);
        }
    }
    let meetings = requests
        .iter()
        .map(|r| MeetingSpec {
            a: index[&r.requester_registration_id],
            b: index[&r.recipient_registration_id],
            mutual: r.mutual,
            // A lock on a time that is no slot any more cannot be kept: usize::MAX reports it.
            locked: r.locked_starts_at.map(|at| {
                (
                    slot_at.get(&at).copied().unwrap_or(usize::MAX),
                    r.locked_table.and_then(|t| usize::try_from(t).ok()),
                )
            }),
        })
        .collect();
    let problem = Problem {
        attendees: ids.len(),
        slot_sessions: all.iter().map(|s| s.session).collect(),
        session_limits: plans
            .iter()
            .map(|p| p.max_meetings_per_participant)
            .collect(),
        tables: usize::try_from(tables).map_err(AppError::internal)?,
        blocked,
        meetings,
    };
    Ok(RunInput {
        problem,
        requests,
        slots: all,
        tables,
    })
}

/// Step 2 (CPU work, no database): solves the problem, checks that the solution keeps every
/// rule, and gives the result to store.
pub fn compute(input: &RunInput) -> AppResult<RunResult> {
    let started = std::time::Instant::now();
    let solution = schedule::solve(&input.problem);
    let solve_ms = started.elapsed().as_secs_f64() * 1000.0;
    let broken = schedule::violations(&input.problem, &solution);
    if !broken.is_empty() {
        return Err(AppError::internal(format!(
            "the scheduler broke a rule: {}",
            broken.join("; ")
        )));
    }
    run_result(input, &solution, solve_ms)
}

fn run_result(input: &RunInput, solution: &Solution, solve_ms: f64) -> AppResult<RunResult> {
    let meetings = solution
        .placed
        .iter()
        .map(|p| {
            let r = &input.requests[p.meeting];
            let slot = input.slots[p.slot];
            ScheduledMeeting {
                meeting_request_id: r.id,
                requester_registration_id: r.requester_registration_id,
                recipient_registration_id: r.recipient_registration_id,
                slot: p.slot,
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                table: p.table,
                mutual: r.mutual,
            }
        })
        .collect::<Vec<_>>();
    let unscheduled = solution
        .unplaced
        .iter()
        .map(|(e, reason)| {
            let r = &input.requests[*e];
            UnscheduledMeeting {
                meeting_request_id: r.id,
                requester_registration_id: r.requester_registration_id,
                recipient_registration_id: r.recipient_registration_id,
                reason: Unplaced::as_str(*reason).to_owned(),
            }
        })
        .collect();
    let mutual_requested = input.requests.iter().filter(|r| r.mutual).count();
    let mutual_scheduled = meetings.iter().filter(|m| m.mutual).count();
    Ok(RunResult {
        figures: RunFigures {
            requested: input.requests.len(),
            scheduled: meetings.len(),
            mutual_requested,
            mutual_scheduled,
            idle_slots: solution.idle_slots,
            solve_ms: (solve_ms * 100.0).round() / 100.0,
        },
        meetings,
        unscheduled,
    })
}

/// Step 3: stores the result as a preview run.
fn store_run(
    conn: &mut DbConn,
    event_id: Uuid,
    slot_count: i32,
    tables: i32,
    text: &str,
    created_by: Option<Uuid>,
) -> AppResult<RunRow> {
    Ok(store::insert_run(
        conn, event_id, slot_count, tables, text, created_by,
    )?)
}

/// What step 3 needs of steps 1 and 2.
fn to_store(input: &RunInput, result: &RunResult) -> AppResult<(i32, i32, String)> {
    let slot_count = i32::try_from(input.slots.len()).map_err(AppError::internal)?;
    Ok((slot_count, input.tables, to_json_text(result)?))
}

/// The whole run on one connection: load, solve, check, store (the demo data; no caller).
pub fn schedule_now(
    conn: &mut DbConn,
    event_id: Uuid,
    created_by: Option<Uuid>,
) -> AppResult<RunRow> {
    let input = load_run_input(conn, event_id)?;
    let result = compute(&input)?;
    let (slot_count, tables, text) = to_store(&input, &result)?;
    store_run(conn, event_id, slot_count, tables, &text, created_by)
}

/// Schedules every accepted meeting (host managers): the run is a preview until published.
/// The same steps as [`schedule_now`], with the solve outside any transaction and off the
/// async workers: a read, the solve on the blocking pool, a write.
pub async fn create(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<RunRow> {
    let who = caller.clone();
    let input = db
        .run(move |conn| {
            let (_, parties) = event_and_parties(conn, &who, event_id)?;
            require_host(&who, &parties)?;
            load_run_input(conn, event_id)
        })
        .await?;
    let (input, result) = tokio::task::spawn_blocking(move || {
        let result = compute(&input);
        (input, result)
    })
    .await
    .map_err(AppError::internal)?;
    let result = result?;
    tracing::info!(
        event = %event_id,
        requested = input.requests.len(),
        scheduled = result.meetings.len(),
        solve_ms = result.figures.solve_ms,
        "schedule run computed"
    );
    let (slot_count, tables, text) = to_store(&input, &result)?;
    let created_by = (!caller.user_id.is_nil()).then_some(caller.user_id);
    db.write(move |conn| store_run(conn, event_id, slot_count, tables, &text, created_by))
        .await
}

fn require_organiser(conn: &mut DbConn, caller: &Principal, event_id: Uuid) -> AppResult<()> {
    let (_, parties) = event_and_parties(conn, caller, event_id)?;
    Ok(require(
        parties.is_organiser(caller),
        "see this event's schedule runs",
    )?)
}

/// A page of the event's schedule runs, newest first (organisers).
pub async fn list(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<RunRow>> {
    db.run(move |conn| {
        require_organiser(conn, &caller, event_id)?;
        Ok(store::list_runs(conn, event_id, after.as_deref(), limit)?)
    })
    .await
}

/// One schedule run (organisers).
pub async fn get(db: &Db, caller: Principal, event_id: Uuid, run_id: Uuid) -> AppResult<RunRow> {
    db.run(move |conn| {
        require_organiser(conn, &caller, event_id)?;
        Ok(store::get_run(conn, event_id, run_id)?)
    })
    .await
}

/// Publishes a run (host managers): attendees see it as their schedule; the run published
/// before becomes superseded.
pub async fn publish(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    run_id: Uuid,
) -> AppResult<RunRow> {
    db.write(move |conn| {
        crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
        let (_, parties) = event_and_parties(conn, &caller, event_id)?;
        require_host(&caller, &parties)?;
        let row = store::get_run(conn, event_id, run_id)?;
        match run_status(&row)? {
            RunStatus::Published => Ok(row),
            RunStatus::Superseded => Err(AppError::conflict(
                "this run was published and replaced since; start a new run",
            )),
            RunStatus::Preview => {
                let published = store::publish_run(conn, &row)?;
                let clusters = parties.clusters().map(|c| c.to_string()).collect();
                store::announce_published(conn, &published, clusters)?;
                crate::app::mail::flows::schedule_published(conn, &published)?;
                Ok(published)
            }
        }
    })
    .await
}
