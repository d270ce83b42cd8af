//! The domain's enums as diesel values: each is kept in a TEXT column under its `as_str` name
//! and read back with its `parse`, here and nowhere else, so rows carry the enums themselves.
//! An unknown stored name is a deserialisation error.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Nullable, Text};
use diesel::sqlite::Sqlite;

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
    crate::domain::agenda::ItemKind,
    crate::domain::partnership::RequestKind,
    crate::domain::partnership::RequestStatus,
    crate::domain::partnership::MeetingStatus,
    crate::domain::matchmaking::MeetingRequestStatus,
    crate::domain::trade::NoteStatus,
    crate::domain::trade::Flow,
    crate::domain::trade::Scale,
    crate::domain::mail::MailKind,
    crate::domain::mail::Language,
    crate::domain::mail::MailStatus,
);
