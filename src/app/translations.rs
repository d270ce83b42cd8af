//! Translations of a member company's profile and of an event, written one language at a
//! time through the edit pipeline (`app::edit`): whoever may edit the object may translate it,
//! under the same lock, precondition and announcement as an edit. One pipeline serves both:
//! each kind of object says, as a [`Translated`], how it is loaded, who may edit it, where its
//! translations are and how they are stored.

use std::marker::PhantomData;

use uuid::Uuid;

use crate::app::edit::Editable;
use crate::app::{events, members};
use crate::domain::access::Principal;
use crate::domain::translation::{EventTranslations, Language, MemberTranslations, Translations};
use crate::error::{AppError, AppResult};
use crate::store::events::{self as event_store, EventRecord};
use crate::store::members::{self as member_store, MemberRow};
use crate::store::{Db, DbConn, Locked};

/// An object whose text is translated.
pub trait Translated: Send + 'static {
    type Row: Send + 'static;
    type Translations: Translations + Send;
    /// The table locked while a translation is written (that of the object's edits).
    const TABLE: Locked;
    /// How the object is named in "… has no translation into de".
    const WHAT: &'static str;

    fn load(conn: &mut DbConn, caller: &Principal, id: &Uuid) -> AppResult<Self::Row>;
    /// Whoever may edit the object (and when it may be edited).
    fn authorize(caller: &Principal, row: &Self::Row) -> AppResult<()>;
    fn translations(row: &Self::Row) -> &Self::Translations;
    fn original_language(row: &Self::Row) -> Option<Language>;
    /// Stores `next` as the object's translations (version-checked, announced like an edit).
    fn store(conn: &mut DbConn, row: &Self::Row, next: &Self::Translations)
    -> AppResult<Self::Row>;
}

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

pub type FieldsOf<T> = <<T as Translated>::Translations as Translations>::Fields;

/// Writes or removes the translation of object `id` of kind `T` into `lang`; `precondition`
/// sees the current translation (`None`: there is none). Returns the object as stored.
pub async fn write<T: Translated>(
    db: &Db,
    caller: Principal,
    id: Uuid,
    lang: Language,
    precondition: impl FnOnce(Option<&FieldsOf<T>>) -> AppResult<()> + Send + 'static,
    change: Change<FieldsOf<T>>,
) -> AppResult<T::Row>
where
    FieldsOf<T>: Send,
{
    crate::app::edit::update::<InLanguage<T>, _, _>(
        db,
        caller,
        Key { id, lang },
        move |(row, lang): &(T::Row, Language)| precondition(T::translations(row).get(*lang)),
        move |_| Ok(change),
    )
    .await
    .map(|(row, _)| row)
}

/// The edit pipeline's view of one language of a `T`.
struct InLanguage<T>(PhantomData<T>);

impl<T: Translated> Editable for InLanguage<T>
where
    FieldsOf<T>: Send,
{
    type Key = Key;
    type Row = (T::Row, Language);
    type Change = Change<FieldsOf<T>>;
    const TABLE: Locked = T::TABLE;

    fn load(conn: &mut DbConn, caller: &Principal, key: &Key) -> AppResult<Self::Row> {
        Ok((T::load(conn, caller, &key.id)?, key.lang))
    }

    fn authorize(caller: &Principal, (row, _): &Self::Row) -> AppResult<()> {
        T::authorize(caller, row)
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        (row, lang): &Self::Row,
        change: Self::Change,
    ) -> AppResult<Self::Row> {
        let current = T::translations(row);
        let next = match change {
            Change::Put(fields) => current.with(*lang, fields, T::original_language(row))?,
            Change::Delete => current.without(*lang).ok_or_else(|| {
                AppError::NotFound(format!(
                    "{} has no translation into {}",
                    T::WHAT,
                    lang.as_str()
                ))
            })?,
        };
        Ok((T::store(conn, row, &next)?, *lang))
    }
}

/// A member company's profile (its editors, its cluster's managers: whoever may edit it).
pub struct Member;

impl Translated for Member {
    type Row = MemberRow;
    type Translations = MemberTranslations;
    const TABLE: Locked = Locked::Members;
    const WHAT: &'static str = "this member company";

    fn load(conn: &mut DbConn, caller: &Principal, id: &Uuid) -> AppResult<MemberRow> {
        members::Member::load(conn, caller, id)
    }

    fn authorize(caller: &Principal, row: &MemberRow) -> AppResult<()> {
        members::Member::authorize(caller, row)
    }

    fn translations(row: &MemberRow) -> &MemberTranslations {
        &row.translations
    }

    fn original_language(row: &MemberRow) -> Option<Language> {
        row.original_language
    }

    fn store(
        conn: &mut DbConn,
        row: &MemberRow,
        next: &MemberTranslations,
    ) -> AppResult<MemberRow> {
        Ok(member_store::set_translations(conn, row, next)?)
    }
}

/// An event (the host cluster's managers, while the event may be edited).
pub struct Event;

impl Translated for Event {
    type Row = EventRecord;
    type Translations = EventTranslations;
    const TABLE: Locked = Locked::Events;
    const WHAT: &'static str = "this event";

    fn load(conn: &mut DbConn, caller: &Principal, id: &Uuid) -> AppResult<EventRecord> {
        events::Event::load(conn, caller, id)
    }

    fn authorize(caller: &Principal, row: &EventRecord) -> AppResult<()> {
        events::Event::authorize(caller, row)?;
        let status = row.row.status;
        if !status.is_editable() {
            return Err(AppError::conflict(format!(
                "a {} event cannot be edited",
                status.as_str()
            )));
        }
        Ok(())
    }

    fn translations(row: &EventRecord) -> &EventTranslations {
        &row.row.translations
    }

    fn original_language(row: &EventRecord) -> Option<Language> {
        row.row.original_language
    }

    fn store(
        conn: &mut DbConn,
        row: &EventRecord,
        next: &EventTranslations,
    ) -> AppResult<EventRecord> {
        Ok(event_store::set_translations(conn, row, next)?)
    }
}
