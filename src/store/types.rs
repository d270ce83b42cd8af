//! The domain's enums and the ids as diesel values: each enum is kept in a TEXT column under
//! its `as_str` name and read back with its `parse`, each id is a UUID kept as TEXT and read
//! back as a [`Uuid`], here and nowhere else, so rows carry the enums and ids themselves.
//! An unknown stored name, or a stored id that is not a UUID, is a deserialisation error.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Nullable, Text};
use diesel::sqlite::Sqlite;
use uuid::Uuid;

use super::MultiBackend;

/// Maps each named enum (with `as_str(self) -> &'static str` and
/// `parse(&str) -> Option<Self>`) to a TEXT column.
macro_rules! text_enum {
    ($($ty:path),* $(,)?) => {$(
        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self.as_str()));
                Ok(IsNull::No)
            }
        }

        // The multi-connection hands some statements (batch inserts, `eq_any`) to the
        // connection's own backend, which then needs the value's own `ToSql`.
        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                ToSql::<Text, Pg>::to_sql(self.as_str(), out)
            }
        }

        impl ToSql<Text, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                ToSql::<Text, Sqlite>::to_sql(self.as_str(), out)
            }
        }

        impl ToSql<Nullable<Text>, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                ToSql::<Text, MultiBackend>::to_sql(self, out)
            }
        }

        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
                <$ty>::parse(&text).ok_or_else(|| {
                    format!(
                        "unknown {} stored: {text:?}",
                        stringify!($ty)
                    )
                    .into()
                })
            }
        }

        impl Queryable<Text, MultiBackend> for $ty {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl AsExpression<Text> for $ty {
            type Expression = Bound<Text, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Text> for &'a $ty {
            type Expression = Bound<Text, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl AsExpression<Nullable<Text>> for $ty {
            type Expression = Bound<Nullable<Text>, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Nullable<Text>> for &'a $ty {
            type Expression = Bound<Nullable<Text>, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
    )*};
}

text_enum!(
    crate::domain::access::Role,
    crate::domain::member::SizeClass,
    crate::domain::event::EventStatus,
    crate::domain::registration::RegistrationStatus,
    crate::domain::agenda::ItemKind,
    crate::domain::partnership::RequestKind,
    crate::domain::partnership::RequestStatus,
    crate::domain::partnership::MeetingStatus,
    crate::domain::matchmaking::MeetingRequestStatus,
    crate::domain::matchmaking::MeetingOutcome,
    crate::domain::trade::NoteStatus,
    crate::domain::trade::Flow,
    crate::domain::trade::Scale,
    crate::domain::mail::MailKind,
    crate::domain::mail::Language,
    crate::domain::mail::MailStatus,
);

// Ids are read as `Uuid`. Only reading can be typed: the orphan rule allows these impls
// (`MultiBackend` is ours) but not `AsExpression<Text>` or `ToSql<Text, Pg | Sqlite>` for
// `Uuid` (all foreign), so filters and inserts bind the id's text, `id.to_string()`: the
// hyphenated lower-case form that `store::new_id` stores, so text comparisons (cursors)
// order as before.
impl FromSql<Text, MultiBackend> for Uuid {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        Uuid::parse_str(&text).map_err(|e| format!("stored id {text:?} is not a UUID: {e}").into())
    }
}

impl Queryable<Text, MultiBackend> for Uuid {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sql_types::{Nullable, Text};
    use uuid::Uuid;

    use crate::store::{DbConn, Error};

    fn conn() -> DbConn {
        DbConn::Sqlite(SqliteConnection::establish(":memory:").unwrap())
    }

    #[test]
    fn stored_ids_are_read_as_uuids() {
        let mut conn = conn();
        let id = crate::store::new_uuid();
        let read: Uuid = diesel::select(sql::<Text>(&format!("'{id}'")))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(read, id);
        let none: Option<Uuid> = diesel::select(sql::<Nullable<Text>>("NULL"))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn a_stored_id_that_is_not_a_uuid_is_an_internal_error() {
        let mut conn = conn();
        let e = diesel::select(sql::<Text>("'not-a-uuid'"))
            .get_result::<Uuid>(&mut conn)
            .unwrap_err();
        match Error::from(e) {
            Error::Internal(message) => assert!(message.contains("not-a-uuid"), "{message}"),
            other => panic!("expected an internal error, got {other:?}"),
        }
    }
}
