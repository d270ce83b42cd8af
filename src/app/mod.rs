//! Use cases: one function per operation of the service, free of HTTP. Each takes one
//! database checkout (through [`tx`]), calls the domain's rules and authorisation, and
//! stores through `crate::store`. The HTTP layer, the demo data and the generator call these.

pub mod accounts;
pub mod agenda;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod badges;
pub mod calendar_feed;
pub mod catalogue;
pub mod check_ins;
pub mod clusters;
pub mod co_organisers;
pub mod contacts;
pub mod edit;
pub mod events;
pub mod feed;
pub mod gdpr;
pub mod health;
pub mod idempotency;
pub mod invitations;
pub mod mail;
pub mod matchmaking;
pub mod meetings;
pub mod members;
pub mod partnerships;
pub mod public_events;
pub mod registration_flow;
pub mod registrations;
pub mod removal;
pub mod stats;
pub mod suggest_index;
pub mod suggestions;
pub mod survey;
pub mod sync;
pub mod trade_notes;
pub mod translations;
pub mod tx;
pub mod users;
pub mod webhooks;
