//! The dictionary: stems and folded tags interned as ids, and a request's overlay of new words.

use std::collections::HashMap;

/// Interned strings: stems and folded tags become `u32`s.
#[derive(Debug, Default)]
pub(super) struct Interner {
    ids: HashMap<Box<str>, u32>,
}

/// Gives ids to strings.
pub(super) trait Ids {
    fn id(&mut self, s: &str) -> u32;
}

impl Ids for Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.into(), id);
        id
    }
}

/// The index's dictionary, read-only, with the few new words of one request numbered after
/// it: such words belong to no indexed company.
pub(super) struct Overlay<'a> {
    pub(super) base: &'a Interner,
    pub(super) extra: HashMap<Box<str>, u32>,
}

impl Ids for Overlay<'_> {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.base.ids.get(s) {
            return id;
        }
        let next = (self.base.ids.len() + self.extra.len()) as u32;
        *self.extra.entry(s.into()).or_insert(next)
    }
}

impl Overlay<'_> {
    pub(super) fn get(&self, s: &str) -> Option<u32> {
        self.base.ids.get(s).or_else(|| self.extra.get(s)).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.base.ids.len() + self.extra.len()
    }
}
