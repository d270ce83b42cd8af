//! The directory's suggestion index of this instance (`domain::directory`), kept current from
//! the change feed: each request first reads the feed's head; if companies changed since the
//! index was brought up to date, just those are read again. Instances share nothing but the
//! database, so each keeps its own; the first request builds it.

use std::sync::RwLock;

use uuid::Uuid;

use crate::domain::directory::DirectoryIndex;
use crate::domain::matching::Profile;
use crate::domain::translation::{Language, MemberText, Translations};
use crate::error::AppResult;
use crate::store::members::MemberRow;
use crate::store::{DbConn, feed};

/// How many feed entries are read per round when catching up.
const CATCH_UP_PAGE: i64 = 5000;

#[derive(Default)]
pub struct SuggestionIndex {
    index: RwLock<Option<DirectoryIndex>>,
}

/// A company's public profile, as suggestions read it: each text with its translations
/// beside it, so that a company is matched in any of the languages it is written in.
pub fn member_profile(m: &MemberRow) -> AppResult<Profile> {
    let with_translations = |original: &str, field: fn(&MemberText) -> Option<&String>| {
        let mut text = original.to_owned();
        for lang in Language::ALL {
            if let Some(t) = m.translations.get(lang).and_then(field) {
                text.push('\n');
                text.push_str(t);
            }
        }
        text
    };
    Ok(Profile {
        core_business: with_translations(&m.core_business, |t| t.core_business.as_ref()),
        areas_of_interest: crate::store::json::from_json_text(&m.areas_of_interest)?,
        areas_of_interest_notes: with_translations(&m.areas_of_interest_notes, |t| {
            t.areas_of_interest_notes.as_ref()
        }),
        partners_sought: crate::store::json::from_json_text(&m.partners_sought)?,
        partners_sought_notes: with_translations(&m.partners_sought_notes, |t| {
            t.partners_sought_notes.as_ref()
        }),
        ongoing_projects: with_translations(&m.ongoing_projects, |t| t.ongoing_projects.as_ref()),
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
