//! Trade notes: their status, and who may see and write them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::access::Principal;

/// Who may see and change a note, from the clusters it is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    /// Visible to the managers of the linked clusters and to admins.
    Draft,
    /// Visible to everyone signed in.
    Published,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Draft => "draft",
            NoteStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<NoteStatus> {
        [NoteStatus::Draft, NoteStatus::Published]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct NoteParties {
    pub clusters: Vec<Uuid>,
    pub status: NoteStatus,
}

impl NoteParties {
    /// Published notes for everyone signed in; drafts for any linked cluster's managers and
    /// analysts.
    pub fn can_view(&self, p: &Principal) -> bool {
        self.status == NoteStatus::Published || self.clusters.iter().any(|c| p.writes_notes_for(*c))
    }

    /// A note speaks for every cluster it is linked to, so it is written by someone who
    /// manages all of them (or an admin).
    pub fn can_edit(&self, p: &Principal) -> bool {
        can_write_for(p, &self.clusters)
    }
}

/// Whether `p` may write a note linked to exactly these clusters.
pub fn can_write_for(p: &Principal, clusters: &[Uuid]) -> bool {
    p.writes_notes_everywhere()
        || (!clusters.is_empty() && clusters.iter().all(|c| p.writes_notes_for(*c)))
}
