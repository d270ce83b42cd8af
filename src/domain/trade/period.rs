//! Calendar months (`YYYY-MM`) and the periods a figure covers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, `YYYY-MM` on the wire and in the database (so that text order is time
/// order on both backends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1900..=2999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// `2017-09`; years 1900 to 2999.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// Months since year 0, to count and compare spans.
    fn index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "must be a month written YYYY-MM, such as 2017-09 (got {text:?})"
            ))
        })
    }
}

/// Months from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Month,
    pub end: Month,
}

impl Period {
    /// `None` when the period ends before it starts.
    pub fn new(start: Month, end: Month) -> Option<Period> {
        (end >= start).then_some(Period { start, end })
    }

    pub fn months(&self) -> i32 {
        self.end.index() - self.start.index() + 1
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}
