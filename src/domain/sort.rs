//! Sorted lists that still page by cursor: a `sort` parameter names one allow-listed field,
//! `-` in front for descending; the row id breaks ties, so (field, id) is a total order and
//! a cursor that carries both resumes exactly after the last row shown, whatever was
//! inserted or changed in between.
//!
//! The default order (creation, ascending) keeps the cursor of old: the bare row id. Other
//! orders put the sort token, the last value and the id in the cursor key, and a cursor is
//! only accepted back with the sort it was issued for.

use std::fmt::Debug;

/// The fields a list may be sorted by: the name clients write, and the variant.
pub trait SortField: Copy + Eq + Debug + 'static {
    /// Every allowed field by its name in the `sort` parameter. The first is the default.
    const FIELDS: &'static [(&'static str, Self)];
    /// What the cursor carries for this field.
    fn kind(self) -> ValueKind;
}

/// The sort values a cursor may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Creation order: the id alone (time-ordered UUIDs).
    Id,
    /// A [`name_key`].
    NameKey,
    /// A timestamp as written by [`time_value`].
    Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<F> {
    pub field: F,
    pub descending: bool,
}

/// Where the previous page ended: the sort value of its last row (empty for creation
/// order, which the id alone decides) and that row's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub value: String,
    pub id: String,
}

const SEP: char = '\u{1f}';

impl<F: SortField> Sort<F> {
    /// The default order: the first allowed field, ascending.
    pub fn default_order() -> Sort<F> {
        Sort {
            field: F::FIELDS[0].1,
            descending: false,
        }
    }

    /// `name` or `-name`; `None` gives the default. The error lists what is allowed.
    pub fn parse(text: Option<&str>) -> Result<Sort<F>, String> {
        let Some(text) = text else {
            return Ok(Sort::default_order());
        };
        let (descending, name) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        F::FIELDS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, field)| Sort { field, descending })
            .ok_or_else(|| format!("must be one of {}", Self::allowed().join(", ")))
    }

    /// Every value the parameter accepts, for messages and the contract.
    pub fn allowed() -> Vec<String> {
        F::FIELDS
            .iter()
            .flat_map(|(n, _)| [n.to_string(), format!("-{n}")])
            .collect()
    }

    pub fn name(&self) -> &'static str {
        F::FIELDS
            .iter()
            .find(|(_, f)| *f == self.field)
            .map(|(n, _)| *n)
            .expect("a parsed field is in FIELDS")
    }

    fn token(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.name())
    }

    fn is_default(&self) -> bool {
        *self == Sort::default_order()
    }

    /// The cursor key for a row with this sort value and id.
    pub fn key(&self, value: &str, id: &str) -> String {
        if self.is_default() {
            id.to_owned()
        } else {
            format!("{}{SEP}{value}{SEP}{id}", self.token())
        }
    }

    /// Reads back a cursor key for this sort and checks that it is one this service wrote:
    /// a UUID id and a value of the field's kind.
    pub fn read_cursor(&self, key: &str) -> Result<After, String> {
        let after = self.after(key)?;
        let ok = uuid::Uuid::parse_str(&after.id).is_ok()
            && match self.field.kind() {
                ValueKind::Id => true,
                ValueKind::NameKey => after.value.bytes().all(|b| b.is_ascii_hexdigit()),
                ValueKind::Time => parse_time_value(&after.value).is_some(),
            };
        if ok {
            Ok(after)
        } else {
            Err("is not a cursor this service issued; start without one".into())
        }
    }

    /// Reads back a key made by [`Sort::key`] for the same sort; `Err` explains why not.
    pub fn after(&self, key: &str) -> Result<After, String> {
        if self.is_default() {
            return if key.contains(SEP) {
                Err("was issued for another sort order; start without a cursor".into())
            } else {
                Ok(After {
                    value: String::new(),
                    id: key.to_owned(),
                })
            };
        }
        let mut parts = key.split(SEP);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(token), Some(value), Some(id), None) if token == self.token() => Ok(After {
                value: value.to_owned(),
                id: id.to_owned(),
            }),
            _ => Err(format!(
                "was not issued for sort={}; start without a cursor",
                self.token()
            )),
        }
    }
}

/// A key under which folded names sort the same on every backend and collation: the hex
/// digits of the folded text's bytes (digits and `a`–`f` are ordered alike by SQLite's
/// binary order and by every PostgreSQL collation), cut to a bounded prefix so that it fits
/// in a cursor. Names that share the prefix are ordered by id.
pub fn name_key(name: &str) -> String {
    const MAX_BYTES: usize = 48;
    let folded = super::text::fold(name.trim());
    let mut end = folded.len().min(MAX_BYTES);
    while !folded.is_char_boundary(end) {
        end -= 1;
    }
    folded.as_bytes()[..end]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A timestamp as a sort value: the full precision, in a form that parses back.
pub fn time_value(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
}

pub fn parse_time_value(value: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum F {
        Created,
        Name,
    }
    impl SortField for F {
        const FIELDS: &'static [(&'static str, F)] =
            &[("created_at", F::Created), ("name", F::Name)];
        fn kind(self) -> ValueKind {
            match self {
                F::Created => ValueKind::Id,
                F::Name => ValueKind::NameKey,
            }
        }
    }

    #[test]
    fn parses_allowed_fields_and_refuses_others() {
        assert_eq!(Sort::<F>::parse(None).unwrap(), Sort::default_order());
        assert_eq!(
            Sort::<F>::parse(Some("-name")).unwrap(),
            Sort {
                field: F::Name,
                descending: true
            }
        );
        let err = Sort::<F>::parse(Some("password_hash")).unwrap_err();
        assert!(
            err.contains("created_at, -created_at, name, -name"),
            "{err}"
        );
        assert!(Sort::<F>::parse(Some("--name")).is_err());
        assert!(Sort::<F>::parse(Some("")).is_err());
    }

    #[test]
    fn cursor_keys_round_trip_only_for_their_sort() {
        let by_name = Sort::<F>::parse(Some("-name")).unwrap();
        let key = by_name.key("6162", "0193-id");
        assert_eq!(
            by_name.after(&key).unwrap(),
            After {
                value: "6162".into(),
                id: "0193-id".into()
            }
        );
        // Only well-formed values come back through `read_cursor`.
        let id = "01938a5e-0000-7000-8000-000000000001";
        assert!(by_name.read_cursor(&by_name.key("6162", id)).is_ok());
        assert!(
            by_name
                .read_cursor(&by_name.key("6162", "0193-id"))
                .is_err()
        );
        assert!(by_name.read_cursor(&by_name.key("' OR 1=1", id)).is_err());
        let by_name_asc = Sort::<F>::parse(Some("name")).unwrap();
        assert!(by_name_asc.after(&key).is_err());
        // The default order keeps the old cursors (a bare id) and refuses sorted ones.
        let default = Sort::<F>::default_order();
        assert_eq!(default.key("", "0193-id"), "0193-id");
        assert_eq!(default.after("0193-id").unwrap().id, "0193-id");
        assert!(default.after(&key).is_err());
    }

    #[test]
    fn name_keys_order_like_folded_names_and_stay_short() {
        let mut names = [
            "Zeta SA", "alpha", "Äbi AG", "abc", "abc def", "Ölwerk", "1st",
        ];
        names.sort_by_key(|n| name_key(n));
        assert_eq!(
            names,
            [
                "1st", "abc", "abc def", "Äbi AG", "alpha", "Ölwerk", "Zeta SA"
            ]
        );
        let long = "Ä".repeat(100);
        let k = name_key(&long);
        assert!(k.len() <= 96 && k.len().is_multiple_of(2));
        assert!(k.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn time_values_round_trip_with_their_precision() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_nano_opt(20, 1, 2, 123_456_789)
            .unwrap();
        assert_eq!(parse_time_value(&time_value(t)), Some(t));
        let whole = t.with_nanosecond(0).unwrap();
        assert_eq!(parse_time_value(&time_value(whole)), Some(whole));
    }
    use chrono::Timelike;
}
