//! What storage can answer when it fails, in storage terms; the layers above decide what a
//! client is told.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No row with this key (or none visible in this state).
    #[error("not found: {0}")]
    NotFound(String),
    /// A unique or referential constraint refused the change, or a concurrent transaction
    /// got there first. `existing_id`: the row that holds the unique value, when known.
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        existing_id: Option<String>,
    },
    /// A version-checked write found a newer version than the one it was given.
    #[error("stale: {0}")]
    Stale(String),
    /// The database is unreachable, busy beyond the wait, or the pool is exhausted: worth
    /// retrying shortly.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a bug or a broken row.
    #[error("internal: {0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound(what.into())
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Error::Conflict {
            detail: detail.into(),
            existing_id: None,
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Error::Internal(cause.to_string())
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as Diesel};
        match e {
            Diesel::NotFound => Error::NotFound("no such object".into()),
            Diesel::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Error::conflict("an object with the same unique value already exists")
            }
            Diesel::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => Error::conflict(
                "the object is referenced by, or refers to, an object that does not allow this change",
            ),
            Diesel::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                Error::Unavailable(info.message().to_owned())
            }
            Diesel::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Error::conflict("a concurrent change got there first; retry the request")
            }
            other => {
                // SQLite reports a writer that waited longer than busy_timeout as a plain
                // error; it is contention, not a bug, so the client may retry.
                // A PostgreSQL server that went away shows up as an unclassified error on the
                // connection in use: also a reason to retry, not a bug.
                let text = other.to_string();
                let lost = [
                    "database is locked",
                    "database is busy",
                    "server closed the connection",
                    "no connection to the server",
                    "connection to server",
                    "terminating connection",
                    "could not receive data",
                    "could not send data",
                    "SSL SYSCALL error",
                ];
                if lost.iter().any(|needle| text.contains(needle)) {
                    Error::Unavailable(text)
                } else {
                    Error::Internal(text)
                }
            }
        }
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::Unavailable(e.to_string())
    }
}
