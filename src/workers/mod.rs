//! Background work of an instance: webhook delivery and the purge of removed members.

pub mod purge;
pub mod webhooks;
