//! Background work of an instance: webhook delivery, mail, and the purge of removed members.

pub mod mail;
pub mod purge;
pub mod webhooks;
