//! The directory's suggestion index of this instance (`domain::directory`), kept current from
//! the change feed: each request first reads the feed's head; if companies changed since the
//! index was brought up to date, just those are read again. Instances share nothing but the
//! database, so each keeps its own; the first request builds it.

use std::sync::RwLock;

use uuid::Uuid;

use crate::domain::directory::DirectoryIndex;
use crate::domain::matching::Profile;
use crate::error::AppResult;
use crate::store::members::MemberRow;
use crate::store::{DbConn, feed};

/// How many feed entries are read per round when catching up.
const CATCH_UP_PAGE: i64 = 5000;

#[derive(Default)]
pub struct SuggestionIndex {
    index: RwLock<Option<DirectoryIndex>>,
}

/// A company's public profile, as suggestions read it.
pub fn member_profile(m: &MemberRow) -> AppResult<Profile> {
    Ok(Profile {
        core_business: m.core_business.clone(),
        areas_of_interest: crate::store::json::from_json_text(&m.areas_of_interest)?,
        areas_of_interest_notes: m.areas_of_interest_notes.clone(),
        partners_sought: crate::store::json::from_json_text(&m.partners_sought)?,
        partners_sought_notes: m.partners_sought_notes.clone(),
        ongoing_projects: m.ongoing_projects.clone(),
        cluster: m.cluster_id,
    })
}

impl SuggestionIndex {
    /// Runs `f` with the index brought up to the feed's head.
    pub fn with_current<T>(
        &self,
        conn: &mut DbConn,
        f: impl FnOnce(&DirectoryIndex, &mut DbConn) -> AppResult<T>,
    ) -> AppResult<T> {
        let head = feed::head(conn)?;
        {
            let guard = self.index.read().unwrap_or_else(|e| e.into_inner());
            if let Some(index) = guard.as_ref()
                && index.seq >= head
            {
                return f(index, conn);
            }
        }
        let mut guard = self.index.write().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Some(index) if index.seq >= head => {}
            Some(index) => catch_up(conn, index, head)?,
            None => *guard = Some(build(conn, head)?),
        }
        let index = guard.as_ref().expect("built above");
        f(index, conn)
    }
}

/// Every active company; `head` was read before, so that changes committed meanwhile are
/// read again at the next request (upserting a company twice is harmless).
fn build(conn: &mut DbConn, head: i64) -> AppResult<DirectoryIndex> {
    let mut index = DirectoryIndex::new();
    for m in crate::store::members::all_active(conn, None)? {
        index.upsert(m.id, &member_profile(&m)?);
    }
    index.seq = head;
    Ok(index)
}

fn catch_up(conn: &mut DbConn, index: &mut DirectoryIndex, head: i64) -> AppResult<()> {
    while index.seq < head {
        let changes = feed::after(conn, feed::MEMBER, index.seq, None, CATCH_UP_PAGE)?;
        let Some(last) = changes.last().map(|c| c.seq) else {
            index.seq = head;
            break;
        };
        let mut ids: Vec<Uuid> = changes.iter().map(|c| c.entity_id).collect();
        ids.sort();
        ids.dedup();
        let keys: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        let rows = crate::store::members::by_ids(conn, &keys)?;
        for &id in &ids {
            match rows.iter().find(|m| m.id == id) {
                Some(m) if m.deleted_at.is_none() => index.upsert(id, &member_profile(m)?),
                _ => index.remove(id),
            }
        }
        index.seq = last;
    }
    Ok(())
}

/// Profiles of the given companies, for explaining the suggestions returned.
pub fn profiles_of(conn: &mut DbConn, ids: &[Uuid]) -> AppResult<Vec<(Uuid, Profile)>> {
    let keys: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    crate::store::members::by_ids(conn, &keys)?
        .iter()
        .map(|m| Ok((m.id, member_profile(m)?)))
        .collect()
}
