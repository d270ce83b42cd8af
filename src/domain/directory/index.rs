//! The index: every active company, and the statistics kept as companies come and go.

use std::collections::HashMap;

use uuid::Uuid;

use super::dictionary::Interner;
use super::document::{Df, Doc};
use crate::domain::matching::Profile;

/// The directory, prepared: every active company, and the statistics of the collection.
#[derive(Debug, Default)]
pub struct DirectoryIndex {
    pub(super) interner: Interner,
    /// The companies in id order (the order candidates are ranked in on ties).
    pub(super) docs: std::collections::BTreeMap<Uuid, Doc>,
    pub(super) all: Df,
    pub(super) by_cluster: HashMap<Uuid, Df>,
    /// The change-feed position the index reflects (set by whoever keeps it up to date).
    pub seq: i64,
}

impl DirectoryIndex {
    pub fn new() -> DirectoryIndex {
        DirectoryIndex::default()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Adds a company, or replaces what is known of it.
    pub fn upsert(&mut self, id: Uuid, profile: &Profile) {
        self.remove(id);
        let doc = Doc::of(&mut self.interner, profile);
        self.all.add(&doc, 1);
        self.by_cluster.entry(doc.cluster).or_default().add(&doc, 1);
        self.docs.insert(id, doc);
    }

    /// Forgets a company (removed, or gone).
    pub fn remove(&mut self, id: Uuid) {
        if let Some(doc) = self.docs.remove(&id) {
            self.all.add(&doc, -1);
            if let Some(df) = self.by_cluster.get_mut(&doc.cluster) {
                df.add(&doc, -1);
                if df.docs == 0 {
                    self.by_cluster.remove(&doc.cluster);
                }
            }
        }
    }
}
