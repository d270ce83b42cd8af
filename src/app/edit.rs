//! The one pipeline every "change an object" operation runs: lock → load → authorise →
//! precondition (the caller's version) → change → rules → store, in one write transaction.
//! A resource says how each step is done by implementing [`Editable`]; the order is fixed
//! here, once.

use uuid::Uuid;

use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::store::{Db, DbConn, lock_for_update};

/// How an object is addressed, and which row of its table the pipeline locks.
pub trait Key: Send + 'static {
    fn lock_id(&self) -> String;
}

impl Key for Uuid {
    fn lock_id(&self) -> String {
        self.to_string()
    }
}

/// An object reached through its parent (`parent`, `id`): a contact person through their
/// company. The object's own row is locked.
#[derive(Debug, Clone, Copy)]
pub struct Child {
    pub parent: Uuid,
    pub id: Uuid,
}

impl Key for Child {
    fn lock_id(&self) -> String {
        self.id.to_string()
    }
}

/// An object that clients change as a whole (PUT) or in part (PATCH).
pub trait Editable: 'static {
    type Key: Key;
    /// The stored object.
    type Row: Send + 'static;
    /// What the caller wants it to become (already parsed and validated as input).
    type Change: Send + 'static;
    /// The table whose row is locked for the transaction (PostgreSQL; SQLite's write
    /// transaction already serialises writers).
    const TABLE: crate::store::Locked;

    /// Loads the object. Objects reached through a parent check the caller's right on the
    /// parent here first, so that ids cannot hop from one parent to another; objects the
    /// caller may not even see answer "not found" here.
    fn load(conn: &mut DbConn, caller: &Principal, key: &Self::Key) -> AppResult<Self::Row>;
    /// May `caller` change this object at all?
    fn authorize(caller: &Principal, row: &Self::Row) -> AppResult<()>;
    /// Rules about the change itself (fields only some roles may set, fields fixed once set).
    fn check(_caller: &Principal, _row: &Self::Row, _change: &Self::Change) -> AppResult<()> {
        Ok(())
    }
    /// Stores the change (and announces it: change feed, webhooks) and returns the new row.
    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        row: &Self::Row,
        change: Self::Change,
    ) -> AppResult<Self::Row>;
}

/// An object that clients remove.
pub trait Removable: Editable {
    /// May `caller` remove it? (Often fewer people than may edit it.)
    fn authorize_removal(caller: &Principal, row: &Self::Row) -> AppResult<()>;
    fn remove(conn: &mut DbConn, row: &Self::Row) -> AppResult<()>;
}

/// Runs the pipeline for object `key` of `R`. `precondition` sees the current row (the HTTP
/// layer checks `If-Match` against its ETag there); `change` turns the current row into the
/// wanted change (a PUT ignores it, a PATCH merges into it).
pub async fn update<R, P, C>(
    db: &Db,
    caller: Principal,
    key: R::Key,
    precondition: P,
    change: C,
) -> AppResult<R::Row>
where
    R: Editable,
    P: FnOnce(&R::Row) -> AppResult<()> + Send + 'static,
    C: FnOnce(&R::Row) -> AppResult<R::Change> + Send + 'static,
{
    db.write(move |conn| {
        lock_for_update(conn, R::TABLE, &key.lock_id())?;
        let row = R::load(conn, &caller, &key)?;
        R::authorize(&caller, &row)?;
        precondition(&row)?;
        let wanted = change(&row)?;
        R::check(&caller, &row, &wanted)?;
        R::store(conn, &caller, &row, wanted)
    })
    .await
}

/// The same pipeline for removing object `key`.
pub async fn delete<R, P>(db: &Db, caller: Principal, key: R::Key, precondition: P) -> AppResult<()>
where
    R: Removable,
    P: FnOnce(&R::Row) -> AppResult<()> + Send + 'static,
{
    db.write(move |conn| {
        lock_for_update(conn, R::TABLE, &key.lock_id())?;
        let row = R::load(conn, &caller, &key)?;
        R::authorize_removal(&caller, &row)?;
        precondition(&row)?;
        R::remove(conn, &row)
    })
    .await
}
