//! Writers for the non-JSON formats: CSV (RFC 4180: catalogues, trade figures), vCard 4.0 (RFC 6350) and iCalendar
//! (RFC 5545). Pure functions over domain values, so that each is unit tested and the HTTP
//! layer only streams their output.

pub mod csv;
pub mod figures;
pub mod ical;
pub mod vcard;
