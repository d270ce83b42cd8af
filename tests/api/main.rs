//! Integration tests: the real HTTP application on SQLite and on PostgreSQL.
//! One test binary keeps linking fast; each `db_test!` runs on both backends.

mod common;

#[global_allocator]
static ALLOCATOR: common::alloc::Counting = common::alloc::Counting;

mod access;
mod accounts;
mod agenda;
mod agenda_languages;
mod analyst;
mod audit;
mod auth;
mod calendar_feed;
mod calendars;
mod catalogue;
mod changes;
mod check_in;
mod cli;
mod clients;
mod clusters;
mod co_organisers;
mod contacts;
mod coverage;
mod crm;
mod demo;
mod errors;
mod events;
mod excel;
mod exports;
mod files;
mod gdpr;
mod health;
mod idempotency;
mod instances;
mod invitations;
mod languages;
mod lint;
mod logs;
mod machines;
mod mail;
mod matchmaking;
mod members;
mod noop;
mod openapi;
mod outcome_figures;
mod outcomes;
mod partnerships;
mod people_schedule;
mod portal;
mod public_events;
mod registration_files;
mod registration_flow;
mod reliability;
mod removal;
mod schedule;
mod security;
mod sorting;
mod survey;
mod sweep;
mod trade_notes;
mod translations;
mod users;
mod write_sweep;
