//! The rules of the domain, free of HTTP and SQL so that they can be unit tested directly:
//! codes and their validity, who may do what, tag and text normalisation, pagination cursors,
//! trade-figure arithmetic.

pub mod access;
pub mod agenda;
pub mod api_key;
pub mod calendar_feed;
pub mod catalogue;
pub mod check_in;
pub mod cursor;
pub mod directory;
pub mod error;
pub mod event;
pub mod figures;
pub mod format;
pub mod geo;
pub mod i18n;
pub mod mail;
pub mod matching;
pub mod matchmaking;
pub mod member;
pub mod partnership;
pub mod password;
pub mod person_name;
pub mod registration;
pub mod schedule;
pub mod sort;
pub mod survey;
pub mod text;
pub mod throttle;
pub mod trade;
pub mod translation;

pub use error::{Error, FieldError};
