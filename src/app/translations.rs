//! Translations of a member company's profile and of an event, written one language at a
//! time through the edit pipeline (`app::edit`): whoever may edit the object may translate it,
//! under the same lock, precondition and announcement as an edit.

use uuid::Uuid;

use crate::app::edit::Editable;
use crate::app::{events, members};
use crate::domain::access::Principal;
use crate::domain::translation::{
    EventText, EventTranslations, Language, MemberText, MemberTranslations, Translations,
};
use crate::error::{AppError, AppResult};
use crate::store::DbConn;
use crate::store::events::{self as event_store, EventRecord};
use crate::store::members::{self as member_store, MemberRow};

/// One language of an object's translations: `(object id, language)`.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub id: Uuid,
    pub lang: Language,
}

impl crate::app::edit::Key for Key {
    fn lock_id(&self) -> String {
        self.id.to_string()
    }
}

/// What becomes of one language: its text written (replacing what was there) or removed.
pub enum Change<F> {
    Put(F),
    Delete,
}

/// `current` with `change` made to `lang`; removing a language that has no translation is
/// "not found".
fn changed<T: Translations>(
    current: &T,
    original: Option<Language>,
    lang: Language,
    change: Change<T::Fields>,
    what: &str,
) -> AppResult<T> {
    match change {
        Change::Put(fields) => Ok(current.with(lang, fields, original)?),
        Change::Delete => current.without(lang).ok_or_else(|| {
            AppError::NotFound(format!("{what} has no translation into {}", lang.as_str()))
        }),
    }
}

/// Writes or removes the translation of member `id` into `lang`; `precondition` sees the
/// current translation (`None`: there is none).
pub async fn member(
    db: &crate::store::Db,
    caller: Principal,
    id: Uuid,
    lang: Language,
    precondition: impl FnOnce(Option<&MemberText>) -> AppResult<()> + Send + 'static,
    change: Change<MemberText>,
) -> AppResult<MemberRow> {
    crate::app::edit::update::<MemberLanguage, _, _>(
        db,
        caller,
        Key { id, lang },
        move |row: &(MemberRow, Language)| precondition(row.0.translations.get(row.1)),
        move |_| Ok(change),
    )
    .await
    .map(|(row, _)| row)
}

/// A member's translations, with the language being written (its editors, its cluster's
/// managers: whoever may edit the profile).
struct MemberLanguage;

impl Editable for MemberLanguage {
    type Key = Key;
    type Row = (MemberRow, Language);
    type Change = Change<MemberText>;
    const TABLE: crate::store::Locked = crate::store::Locked::Members;

    fn load(conn: &mut DbConn, caller: &Principal, key: &Key) -> AppResult<(MemberRow, Language)> {
        Ok((members::Member::load(conn, caller, &key.id)?, key.lang))
    }

    fn authorize(caller: &Principal, row: &(MemberRow, Language)) -> AppResult<()> {
        members::Member::authorize(caller, &row.0)
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        (row, lang): &(MemberRow, Language),
        change: Change<MemberText>,
    ) -> AppResult<(MemberRow, Language)> {
        let next: MemberTranslations = changed(
            &row.translations,
            row.original_language,
            *lang,
            change,
            "this member company",
        )?;
        Ok((member_store::set_translations(conn, row, &next)?, *lang))
    }
}

/// Writes or removes the translation of event `id` into `lang` (the host cluster's managers,
/// while the event may be edited).
pub async fn event(
    db: &crate::store::Db,
    caller: Principal,
    id: Uuid,
    lang: Language,
    precondition: impl FnOnce(Option<&EventText>) -> AppResult<()> + Send + 'static,
    change: Change<EventText>,
) -> AppResult<EventRecord> {
    crate::app::edit::update::<EventLanguage, _, _>(
        db,
        caller,
        Key { id, lang },
        move |row: &(EventRecord, Language)| precondition(row.0.row.translations.get(row.1)),
        move |_| Ok(change),
    )
    .await
    .map(|(row, _)| row)
}

struct EventLanguage;

impl Editable for EventLanguage {
    type Key = Key;
    type Row = (EventRecord, Language);
    type Change = Change<EventText>;
    const TABLE: crate::store::Locked = crate::store::Locked::Events;

    fn load(
        conn: &mut DbConn,
        caller: &Principal,
        key: &Key,
    ) -> AppResult<(EventRecord, Language)> {
        Ok((events::Event::load(conn, caller, &key.id)?, key.lang))
    }

    fn authorize(caller: &Principal, row: &(EventRecord, Language)) -> AppResult<()> {
        events::Event::authorize(caller, &row.0)?;
        let status = row.0.row.status;
        if !status.is_editable() {
            return Err(AppError::conflict(format!(
                "a {} event cannot be edited",
                status.as_str()
            )));
        }
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        (row, lang): &(EventRecord, Language),
        change: Change<EventText>,
    ) -> AppResult<(EventRecord, Language)> {
        let next: EventTranslations = changed(
            &row.row.translations,
            row.row.original_language,
            *lang,
            change,
            "this event",
        )?;
        Ok((event_store::set_translations(conn, row, &next)?, *lang))
    }
}
