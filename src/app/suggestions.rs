//! Partner suggestions: for an attendee of an event (from the pitch cards) and for a company
//! of the directory (from the public profiles). The ranking is `domain::matching`.

use std::collections::HashMap;

use uuid::Uuid;

use crate::app::suggest_index::{SuggestionIndex, member_profile, profiles_of};
use crate::domain::access::Principal;
use crate::domain::matching::{Match, Options, Profile, suggest};
use crate::error::{AppError, AppResult};
use crate::store::json::from_json_text;
use crate::store::members::MemberRow;
use crate::store::registrations::{self, RegistrationFilter, RegistrationRow};
use crate::store::{Db, DbConn};

/// Another company worth meeting, and why.
pub struct Suggested {
    pub member_id: Uuid,
    /// Its registration, for suggestions within an event.
    pub registration_id: Option<Uuid>,
    pub legal_name: String,
    pub cluster_id: Uuid,
    pub found: Match,
}

/// A registration's pitch card, with the company's notes (the card has tags only).
fn pitch_profile(r: &RegistrationRow, member: Option<&MemberRow>) -> AppResult<Profile> {
    Ok(Profile {
        core_business: r.pitch_core_business.clone(),
        areas_of_interest: from_json_text(&r.pitch_areas_of_interest)?,
        areas_of_interest_notes: member
            .map(|m| m.areas_of_interest_notes.clone())
            .unwrap_or_default(),
        partners_sought: from_json_text(&r.pitch_partners_sought)?,
        partners_sought_notes: member
            .map(|m| m.partners_sought_notes.clone())
            .unwrap_or_default(),
        ongoing_projects: r.pitch_ongoing_projects.clone(),
        cluster: r.cluster_id,
    })
}

fn members_by_id(
    conn: &mut DbConn,
    rows: &[RegistrationRow],
) -> AppResult<HashMap<Uuid, MemberRow>> {
    let ids: Vec<String> = rows.iter().map(|r| r.member_id.to_string()).collect();
    Ok(crate::store::members::by_ids(conn, &ids)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

/// Suggestions for one attendee among the other attendees of the event, best first. On a
/// Cluster2Cluster day (more than one cluster takes part) companies of another cluster come
/// first at equal fit. Only the attendee's own editors and the organisers may ask.
pub async fn for_registration(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
    limit: usize,
) -> AppResult<Vec<Suggested>> {
    db.run(move |conn| {
        let event = crate::app::events::visible_event(conn, &caller, event_id)?;
        let parties = event.parties();
        let subject = registrations::get(conn, event_id, registration_id)?;
        let mine = caller.can_edit_member(subject.cluster_id, subject.member_id);
        if !mine && !parties.is_organiser(&caller) {
            // Someone else's suggestions are private: as if the registration did not exist.
            return Err(AppError::NotFound(format!(
                "event {event_id} has no registration {registration_id}"
            )));
        }
        if !subject.is_active() {
            return Err(AppError::conflict(format!(
                "the registration is {}; suggestions are for active ones",
                subject.status.as_str()
            )));
        }
        let all = registrations::list(
            conn,
            event_id,
            &RegistrationFilter::default(),
            None,
            i64::MAX,
        )?;
        let members = members_by_id(conn, &all)?;
        let others: Vec<&RegistrationRow> = all
            .iter()
            .filter(|r| r.id != subject.id && r.member_id != subject.member_id)
            .collect();
        let me = pitch_profile(&subject, members.get(&subject.member_id))?;
        let candidates = others
            .iter()
            .map(|r| pitch_profile(r, members.get(&r.member_id)))
            .collect::<AppResult<Vec<_>>>()?;
        let prefer_other_cluster = parties.clusters().count() > 1;
        let found = suggest(
            &me,
            &candidates,
            Options {
                prefer_other_cluster,
                limit,
            },
        );
        found
            .into_iter()
            .map(|m| {
                let r = others[m.candidate];
                Ok(Suggested {
                    member_id: r.member_id,
                    registration_id: Some(r.id),
                    legal_name: members
                        .get(&r.member_id)
                        .map(|m| m.legal_name.clone())
                        .unwrap_or_default(),
                    cluster_id: r.cluster_id,
                    found: m,
                })
            })
            .collect()
    })
    .await
}

/// Suggestions for a company across the directory (of cluster `cluster` only, when given),
/// best first, from the suggestion index that `directory` finds in `holder` (the
/// long-lived index, kept current from the change feed).
pub async fn for_member<H>(
    db: &Db,
    holder: H,
    directory: fn(&H) -> &SuggestionIndex,
    member_id: Uuid,
    cluster: Option<Uuid>,
    limit: usize,
) -> AppResult<Vec<Suggested>>
where
    H: Send + 'static,
{
    db.run(move |conn| {
        let subject = crate::store::members::get(conn, member_id)?;
        let me = member_profile(&subject)?;
        directory(&holder).with_current(conn, |index, conn| {
            let ranking = index.rank(
                member_id,
                &me,
                cluster,
                Options {
                    prefer_other_cluster: false,
                    limit,
                },
            );
            // The index holds numbers; the few returned are explained from their text.
            let ids: Vec<Uuid> = ranking.items.iter().map(|i| i.id).collect();
            let profiles = profiles_of(conn, &ids)?;
            let ranked: Vec<(Uuid, Match)> = ranking
                .items
                .iter()
                .filter_map(|item| {
                    let (_, p) = profiles.iter().find(|(id, _)| *id == item.id)?;
                    Some((item.id, ranking.explain(&me, item, p)))
                })
                .collect();
            let keys: Vec<String> = ranked.iter().map(|(id, _)| id.to_string()).collect();
            let rows = crate::store::members::by_ids(conn, &keys)?;
            ranked
                .into_iter()
                .filter_map(|(id, m)| {
                    let row = rows.iter().find(|r| r.id == id)?;
                    Some((row, m))
                })
                .map(|(o, m)| {
                    Ok(Suggested {
                        member_id: o.id,
                        registration_id: None,
                        legal_name: o.legal_name.clone(),
                        cluster_id: o.cluster_id,
                        found: m,
                    })
                })
                .collect()
        })
    })
    .await
}
