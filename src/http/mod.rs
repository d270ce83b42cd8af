//! The HTTP API under `/api/v1`: one module per resource, thin handlers that check access,
//! call the domain and the store, and answer through [`respond`].

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
pub mod companies;
pub mod contacts;
pub mod events;
pub mod extract;
pub mod feed;
pub mod files;
pub mod health;
pub mod idempotency;
pub mod invitations;
pub mod mail;
pub mod matchmaking;
pub mod meetings;
pub mod members;
pub mod middleware;
pub mod negotiate;
pub mod partnerships;
pub mod principal;
pub mod problem;
pub mod problem_types;
pub mod public;
pub mod registration_flow;
pub mod registrations;
pub mod respond;
pub mod stats;
pub mod suggestions;
pub mod survey;
pub mod sync;
pub mod trade_notes;
pub mod translations;
pub mod users;
pub mod webhooks;

use serde::{Deserialize, Deserializer};
use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts every `/api/v1` operation. Each is registered with `.service`, which is what lets
/// utoipa-actix-web put it into the OpenAPI document: routes and contract cannot drift apart.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::get_me)
        .service(auth::export_me)
        .service(auth::change_password)
        .service(auth::update_me)
        .service(accounts::request_password_reset)
        .service(accounts::confirm_password_reset)
        .service(accounts::request_email_change)
        .service(accounts::confirm_email_change)
        .service(calendar_feed::create_calendar_feed)
        .service(calendar_feed::get_calendar_feed)
        .service(calendar_feed::delete_calendar_feed)
        .service(calendar_feed::get_calendar_feed_ics)
        .service(mail::get_my_notifications)
        .service(mail::put_my_notifications)
        .service(mail::get_unsubscribe)
        .service(mail::post_unsubscribe)
        .service(mail::list_mail)
        .service(mail::get_mail)
        .service(mail::retry_mail)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::delete_user)
        .service(users::list_role_grants)
        .service(users::grant_role)
        .service(users::get_role_grant)
        .service(users::revoke_role)
        // `accept` before `/invitations/{id}`.
        .service(invitations::accept_invitation)
        .service(invitations::create_invitation)
        .service(invitations::list_invitations)
        .service(invitations::get_invitation)
        .service(invitations::revoke_invitation)
        .service(invitations::create_event_invitation)
        .service(invitations::list_event_invitations)
        .service(invitations::revoke_event_invitation)
        .service(invitations::list_member_event_invitations)
        .service(clusters::list_clusters)
        .service(clusters::create_cluster)
        .service(clusters::get_cluster)
        .service(clusters::replace_cluster)
        .service(clusters::update_cluster)
        .service(clusters::delete_cluster)
        .service(feed::list_member_changes)
        .service(feed::list_contact_changes)
        .service(feed::list_changes)
        .service(audit::list_audit_log)
        .service(members::list_members)
        .service(members::create_member)
        .service(members::get_member)
        .service(members::replace_member)
        .service(members::update_member)
        .service(members::delete_member)
        .service(members::restore_member)
        .service(translations::get_member_translation)
        .service(translations::put_member_translation)
        .service(translations::delete_member_translation)
        .service(contacts::list_contacts)
        .service(contacts::create_contact)
        .service(contacts::get_contact)
        .service(contacts::replace_contact)
        .service(contacts::update_contact)
        .service(contacts::delete_contact)
        .service(contacts::export_contact)
        .service(contacts::erase_contact)
        .service(catalogue::get_cluster_catalogue)
        .service(catalogue::get_cluster_catalogue_csv)
        .service(catalogue::get_cluster_catalogue_vcf)
        .service(catalogue::get_cluster_catalogue_xlsx)
        .service(companies::get_cluster_companies)
        .service(events::list_events)
        .service(events::create_event)
        .service(events::get_event)
        .service(events::replace_event)
        .service(events::update_event)
        .service(events::delete_event)
        .service(events::publish_event)
        .service(events::close_event)
        .service(events::cancel_event)
        .service(translations::get_event_translation)
        .service(translations::put_event_translation)
        .service(translations::delete_event_translation)
        .service(stats::get_event_stats)
        .service(stats::get_event_stats_csv)
        .service(stats::get_event_stats_xlsx)
        .service(registrations::list_registrations)
        .service(registrations::get_registrations_csv)
        .service(registrations::get_registrations_xlsx)
        .service(registrations::create_registration)
        .service(registrations::get_registration)
        .service(registrations::update_registration)
        .service(registrations::cancel_registration)
        .service(registration_flow::approve_registration)
        .service(registration_flow::decline_registration)
        .service(check_ins::create_check_in_batch)
        .service(check_ins::create_check_in)
        .service(check_ins::list_check_ins)
        .service(check_ins::delete_check_in)
        .service(badges::get_badges)
        .service(badges::get_badges_csv)
        .service(badges::get_badges_xlsx)
        .service(agenda::get_agenda)
        .service(agenda::get_agenda_ics)
        .service(agenda::generate_agenda)
        .service(agenda::create_agenda_item)
        .service(agenda::get_agenda_item)
        .service(agenda::update_agenda_item)
        .service(agenda::delete_agenda_item)
        .service(survey::get_survey)
        .service(survey::put_survey)
        .service(survey::create_survey_response)
        .service(survey::get_my_survey_response)
        .service(survey::get_survey_results)
        .service(survey::get_survey_results_csv)
        .service(catalogue::get_event_catalogue)
        .service(catalogue::get_event_catalogue_csv)
        .service(catalogue::get_event_catalogue_vcf)
        .service(catalogue::get_event_catalogue_xlsx)
        .service(companies::get_event_companies)
        .service(matchmaking::get_matchmaking_settings)
        .service(matchmaking::put_matchmaking_settings)
        .service(matchmaking::list_meeting_sessions)
        .service(matchmaking::create_meeting_session)
        .service(matchmaking::delete_meeting_session)
        .service(matchmaking::list_meeting_requests)
        .service(matchmaking::create_meeting_request)
        .service(matchmaking::get_meeting_request)
        .service(matchmaking::put_meeting_outcome)
        .service(matchmaking::list_meeting_outcomes)
        .service(matchmaking::put_video_link)
        .service(matchmaking::delete_video_link)
        .service(matchmaking::accept_meeting_request)
        .service(matchmaking::decline_meeting_request)
        .service(matchmaking::cancel_meeting_request)
        .service(matchmaking::lock_meeting_request)
        .service(matchmaking::unlock_meeting_request)
        .service(matchmaking::put_meeting_attendees)
        .service(matchmaking::get_blocked_slots)
        .service(matchmaking::put_blocked_slots)
        .service(matchmaking::get_personal_schedule)
        .service(matchmaking::get_personal_schedule_ics)
        .service(matchmaking::get_my_schedule)
        .service(matchmaking::get_my_schedule_ics)
        .service(public::list_public_events)
        .service(public::get_public_event)
        .service(public::put_public_page)
        .service(co_organisers::list_co_organisers)
        .service(co_organisers::put_co_organiser)
        .service(co_organisers::delete_co_organiser)
        .service(public::delete_public_page)
        .service(matchmaking::create_schedule_run)
        .service(matchmaking::list_schedule_runs)
        .service(matchmaking::get_schedule_run)
        .service(matchmaking::publish_schedule_run)
        .service(suggestions::get_registration_suggestions)
        .service(suggestions::get_member_suggestions)
        .service(partnerships::list_partnership_requests)
        .service(partnerships::list_partnership_requests_csv)
        .service(partnerships::create_partnership_request)
        .service(partnerships::get_partnership_request)
        .service(partnerships::get_partnership_request_history)
        .service(partnerships::accept_partnership_request)
        .service(partnerships::decline_partnership_request)
        .service(partnerships::withdraw_partnership_request)
        .service(partnerships::conclude_partnership_request)
        .service(partnerships::close_partnership_request)
        .service(partnerships::get_cluster_partnership_stats)
        .service(meetings::list_meetings)
        .service(meetings::create_meeting)
        // Before `{meeting_id}`, which would take `<id>.ics` for an id.
        .service(meetings::get_meeting_ics)
        .service(meetings::get_meeting)
        .service(meetings::update_meeting)
        .service(sync::sync_members)
        .service(api_keys::create_api_key)
        .service(api_keys::list_api_keys)
        .service(api_keys::get_api_key)
        .service(api_keys::revoke_api_key)
        .service(webhooks::create_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::get_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::list_deliveries)
        .service(webhooks::retry_delivery)
        .service(trade_notes::list_trade_notes)
        .service(trade_notes::create_trade_note)
        // Before `/trade-notes/{id}`, which would otherwise take these names for ids.
        .service(trade_notes::list_trade_figures)
        .service(trade_notes::list_trade_figures_csv)
        .service(trade_notes::list_trade_figures_xlsx)
        .service(trade_notes::get_trade_series)
        .service(trade_notes::get_trade_note)
        .service(trade_notes::replace_trade_note)
        .service(trade_notes::update_trade_note)
        .service(trade_notes::delete_trade_note);
}

/// Copies each field a PATCH body sent onto the full input it is applied to.
macro_rules! apply_patch {
    ($patch:expr, $base:expr; $($field:ident),* $(,)?) => {
        $( if let Some(value) = $patch.$field { $base.$field = value; } )*
    };
}
pub(crate) use apply_patch;

/// Tells "absent" (`None`) from "null" (`Some(None)`) in PATCH bodies.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// For PATCH fields that cannot be cleared: absent means "unchanged", `null` is an error
/// (422 naming the field) rather than being silently ignored.
pub fn present<'de, T, D>(de: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    match Option::<T>::deserialize(de)? {
        Some(value) => Ok(Some(value)),
        None => Err(serde::de::Error::custom(
            "must not be null; leave the field out to keep its value",
        )),
    }
}

/// Trimming of input text (in the domain; re-exported for the handlers).
pub use crate::domain::text::{trimmed, trimmed_opt};

/// Lists kept in TEXT columns as JSON (now in the store; re-exported for the handlers).
pub use crate::store::json::{from_json_text, to_json_text};
