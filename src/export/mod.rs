//! Writers for the non-JSON formats: CSV (RFC 4180; contact catalogues and trade figures),
//! vCard 4.0 (RFC 6350) and iCalendar (RFC 5545). Pure functions over the values the JSON
//! answers carry, so that each is unit tested and the HTTP layer only streams their output.

pub mod csv;
pub mod figures;
pub mod ical;
pub mod vcard;
