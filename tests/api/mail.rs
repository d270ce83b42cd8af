//! E-mail: the outbox written with each change and sent over real SMTP (an aiosmtpd server
//! started by the test), read back with a real MIME parser; each recipient's language and
//! time zone; the `.ics` of a published schedule; retries and failures shown to admins;
//! one-click unsubscribe; hostile names; the admins-only outbox; reminders queued once.

use std::time::Duration;

use serde_json::{Value, json};

use cluster2cluster::workers::mail::{DEFAULT_FROM, Mailer, MailerSettings};

use crate::common::smtp::{Parsed, SmtpSink};
use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::register;
use crate::matchmaking::{ask, day, path, three_slots};

/// A mailer of this test's database sending to `sink`: a refused mail is tried three times,
/// one second apart and then two.
pub(crate) fn mailer(app: &TestApp, sink: &SmtpSink) -> Mailer {
    Mailer::new(
        app.db().clone(),
        &MailerSettings {
            smtp_url: Some(sink.url()),
            from: DEFAULT_FROM.into(),
            retry_base: Duration::from_secs(1),
            max_attempts: 3,
        },
    )
    .unwrap()
}

/// The outbox as the admin lists it, with filters (`kind=…&to=…`).
pub(crate) async fn outbox(app: &TestApp, w: &World, query: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/admin/mail?limit=500&{query}"))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json()["items"]
        .as_array()
        .unwrap()
        .clone()
}

/// The one message the sink received for `to` whose subject starts with `subject`.
pub(crate) fn received(sink: &SmtpSink, to: &str, subject: &str) -> Parsed {
    let found: Vec<Parsed> = sink
        .to(to)
        .iter()
        .map(|m| m.parse())
        .filter(|p| p.subject.starts_with(subject))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one message to {to} starting {subject:?}; subjects there: {:?}",
        sink.to(to)
            .iter()
            .map(|m| m.parse().subject)
            .collect::<Vec<_>>()
    );
    found.into_iter().next().unwrap()
}

db_test!(async fn a_meeting_request_mails_the_recipient_in_their_language(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    // Anna reads her mail in German; her times are Swiss.
    let me = app.patch("/api/v1/me").token(&w.anna.token)
        .json(json!({"language": "de", "time_zone": "Europe/Zurich"})).send().await.expect(200).json();
    assert_eq!((me["language"].as_str(), me["time_zone"].as_str()), (Some("de"), Some("Europe/Zurich")));
    let d = day(&app, &w).await;
    // Soliani brings a colleague who did not consent to sharing her details.
    let soliani = format!("/api/v1/events/{}/registrations/{}", d.event, d.soliani);
    app.patch(&soliani).token(&w.ivano.token)
        .json(json!({"attendee_contact_ids": [w.soliani_contact, w.rossi_contact]})).send().await.expect(200);
    ask(&app, &w.ivano.token, &d, &d.soliani, &d.helvetic).await.expect(201);
    // Queued with the request, in the same transaction; nothing sent yet.
    let queued = outbox(&app, &w, "kind=meeting_request_received").await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!((queued[0]["to_address"].as_str(), queued[0]["status"].as_str(), queued[0]["language"].as_str()),
        (Some("anna@helvetic.example"), Some("pending"), Some("de")));

    let sent = mailer(&app, &sink).send_due().await.unwrap();
    assert!(sent >= 4, "three registration confirmations and the request: {sent}");
    let mail = received(&sink, "anna@helvetic.example", "Terminanfrage");
    assert_eq!(mail.subject, "Terminanfrage von Soliani Emc: Cluster2Cluster Nidwalden");
    assert_eq!(mail.to, ["anna@helvetic.example"]);
    assert_eq!(mail.content_language.as_deref(), Some("de"));
    assert_eq!(mail.root_type, "multipart/alternative");
    assert!(mail.text.starts_with("Guten Tag anna@helvetic.example\n"), "{}", mail.text);
    assert!(mail.text.contains("Soliani Emc bittet Helvetic Aero Services AG um ein 1:1-Treffen bei Cluster2Cluster Nidwalden."), "{}", mail.text);
    assert!(mail.text.contains("> Three minutes were not enough"), "{}", mail.text);
    // The contact rule: Anna sees Soliani's consenting attendee, not the other one.
    assert!(mail.text.contains("Für Soliani Emc nehmen teil:\n- Ivano Soliani (Manager)\n"), "{}", mail.text);
    assert!(!mail.text.contains("Chiara Rossi") && !mail.html.contains("Chiara Rossi"));
    assert!(mail.html.contains("<li>Ivano Soliani (Manager)</li>"), "{}", mail.html);
    let request_link = format!("http://localhost:8080/events/{}/meeting-requests/", d.event);
    assert!(mail.text.contains(&request_link) && mail.html.contains(&format!("href=\"{request_link}")));
    // RFC 8058 one-click unsubscribe.
    let unsubscribe = mail.list_unsubscribe.clone().unwrap();
    assert!(unsubscribe.starts_with("<http://localhost:8080/api/v1/unsubscribe?token=") && unsubscribe.ends_with('>'), "{unsubscribe}");
    assert_eq!(mail.list_unsubscribe_post.as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(mail.message_id.ends_with("@localhost"), "{}", mail.message_id);
    // The English confirmation to Ivano, with the event's time in his zone (the default).
    let confirmation = received(&sink, "ivano@soliani.example", "Registration confirmed");
    assert_eq!(confirmation.content_language.as_deref(), Some("en"));
    assert!(confirmation.text.contains("The event begins on 14 May 2030, 09:00 (CEST) at Stans venue, Stans."), "{}", confirmation.text);

    // The admins see it sent.
    let sent_list = outbox(&app, &w, "kind=meeting_request_received&to=ANNA@helvetic.example").await;
    assert_eq!(sent_list[0]["status"], "sent");
    assert_eq!(sent_list[0]["attempts"], 1);
    assert!(sent_list[0]["sent_at"].is_string() && sent_list[0]["next_attempt_at"].is_null());

    // Anna accepts: Soliani's editor learns it (in English); Anna herself gets nothing.
    let requests = app.get(&path(&d, "meeting-requests")).token(&w.anna.token).send().await.expect(200).json();
    let rid = requests["items"][0]["id"].as_str().unwrap().to_owned();
    app.post(&path(&d, &format!("meeting-requests/{rid}/accept"))).token(&w.anna.token).send().await.expect(200);
    mailer(&app, &sink).send_due().await.unwrap();
    let accepted = received(&sink, "ivano@soliani.example", "Helvetic Aero Services AG accepted");
    assert!(accepted.text.contains("Helvetic Aero Services AG accepted the meeting request of Soliani Emc at Cluster2Cluster Nidwalden."), "{}", accepted.text);
    assert_eq!(sink.to("anna@helvetic.example").len(), 2, "the confirmation and the request");
});

db_test!(async fn the_schedule_mail_carries_each_companys_ics(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let Some(python) = crate::common::python() else { return };
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 4).await;
    for (token, from, to) in [(&w.buffetto.token, &d.aviometal, &d.helvetic), (&w.ivano.token, &d.soliani, &d.helvetic)] {
        let r = ask(&app, token, &d, from, to).await.expect(201).json();
        let id = r["id"].as_str().unwrap();
        app.post(&path(&d, &format!("meeting-requests/{id}/accept"))).token(&w.anna.token).send().await.expect(200);
    }
    let run = app.post(&path(&d, "schedule-runs")).token(&w.roland.token).send().await.expect(201).json();
    let run = run["id"].as_str().unwrap();
    app.post(&path(&d, &format!("schedule-runs/{run}/publish"))).token(&w.roland.token).send().await.expect(200);
    assert_eq!(outbox(&app, &w, "kind=schedule_published").await.len(), 3, "one per registered company's editor");
    mailer(&app, &sink).send_due().await.unwrap();

    let anna = received(&sink, "anna@helvetic.example", "Your meeting schedule");
    assert_eq!(anna.root_type, "multipart/mixed");
    assert!(anna.text.contains("Helvetic Aero Services AG has 2 meetings; the first begins on 14 May 2030, 1"), "{}", anna.text);
    assert!(anna.text.contains("(CEST). The attached calendar file (.ics) holds them all."), "{}", anna.text);
    assert_eq!(anna.attachments.len(), 1, "{:?}", anna.attachments);
    let (name, content_type, ics) = &anna.attachments[0];
    assert_eq!(name, "meetings.ics");
    assert!(content_type.starts_with("text/calendar") && content_type.contains("method=PUBLISH"), "{content_type}");
    // A real iCalendar parser reads the attachment: Anna's two meetings.
    let summary = crate::common::run_python(&python, "
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
assert cal.get('method') == 'PUBLISH'
for e in cal.walk('VEVENT'):
    print(e.get('dtstart').dt.isoformat(), e.get('summary'))
", ics.as_bytes());
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 2, "{summary}");
    assert!(summary.contains("B2B meeting: Aviometal") && summary.contains("B2B meeting: Soliani Emc"), "{summary}");
    // The same calendar as the schedule's own iCalendar export (but the time it was written).
    let export = app.get(&path(&d, &format!("registrations/{}/schedule?format=ics", d.helvetic))).token(&w.anna.token).send().await.expect(200).text();
    let no_stamp = |s: &str| s.lines().filter(|l| !l.starts_with("DTSTAMP")).collect::<Vec<_>>().join("\n");
    assert_eq!(no_stamp(ics), no_stamp(&export));
    let buffetto = received(&sink, "buffetto@aviometal.example", "Your meeting schedule");
    assert!(buffetto.text.contains("Aviometal has 1 meeting, on 14 May 2030, 1"), "{}", buffetto.text);
    assert_eq!(buffetto.attachments.len(), 1);
});

db_test!(async fn a_refused_mail_is_retried_then_shown_failed_to_admins(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    // A second editor of Aviometal whose mail server refuses every mail.
    let editor = cluster2cluster::domain::access::Grant {
        role: cluster2cluster::domain::access::Role::MemberEditor,
        scope: cluster2cluster::domain::access::Scope::Member { member_id: w.aviometal, cluster_id: w.lombardy },
    };
    app.person("refuse.me@aviometal.example", &[editor]);
    let event = crate::events::published_event(&app, &w).await;
    register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201);
    let mailer = mailer(&app, &sink);
    let started = std::time::Instant::now();
    let failed = loop {
        mailer.send_due().await.unwrap();
        let failed = outbox(&app, &w, "status=failed").await;
        if !failed.is_empty() || started.elapsed() > Duration::from_secs(30) {
            break failed;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(failed.len(), 1, "{failed:?}");
    let mail = &failed[0];
    assert_eq!(mail["to_address"], "refuse.me@aviometal.example");
    assert_eq!(mail["attempts"], 3, "tried three times");
    let error = mail["last_error"].as_str().unwrap();
    assert!(error.contains("550") && error.contains("recipient refused by the test sink"), "the server's answer: {error}");
    assert!(started.elapsed() >= Duration::from_secs(3), "waits of 1 s and 2 s between the attempts");
    // The other editor's mail went out once.
    assert_eq!(sink.to("buffetto@aviometal.example").len(), 1);
    assert!(sink.to("refuse.me@aviometal.example").is_empty());

    // The whole message, for the admin.
    let id = mail["id"].as_str().unwrap();
    let full = app.get(&format!("/api/v1/admin/mail/{id}")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(full["kind"], "registration_confirmed");
    assert!(full["text_body"].as_str().unwrap().contains("Aviometal is registered for Cluster2Cluster Nidwalden."));
    assert!(full["html_body"].as_str().unwrap().starts_with("<!DOCTYPE html>"));
    assert!(full["unsubscribe_url"].as_str().unwrap().contains("/api/v1/unsubscribe?token="));

    // A retry gives it one more attempt (refused again), a sent mail is not sent twice.
    let retried = app.post(&format!("/api/v1/admin/mail/{id}/retry")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(retried["status"], "pending");
    mailer.send_due().await.unwrap();
    let again = app.get(&format!("/api/v1/admin/mail/{id}")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!((again["status"].as_str(), again["attempts"].as_u64()), (Some("failed"), Some(4)));
    let sent = outbox(&app, &w, "status=sent").await;
    let sent_id = sent[0]["id"].as_str().unwrap();
    app.post(&format!("/api/v1/admin/mail/{sent_id}/retry")).token(&w.admin.token).send().await.problem(409);
    app.get(&format!("/api/v1/admin/mail/{}", uuid::Uuid::now_v7())).token(&w.admin.token).send().await.problem(404);
    assert!(outbox(&app, &w, "status=pending").await.is_empty());
});

db_test!(async fn one_click_unsubscribe_stops_that_kind_of_mail(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.helvetic).await.expect(201);
    let mails = outbox(&app, &w, "kind=meeting_request_received&to=anna@helvetic.example").await;
    let id = mails[0]["id"].as_str().unwrap();
    let full = app.get(&format!("/api/v1/admin/mail/{id}")).token(&w.admin.token).send().await.expect(200).json();
    let url = full["unsubscribe_url"].as_str().unwrap();
    let local = url.strip_prefix("http://localhost:8080").unwrap().to_owned();

    // Opening the link shows the question and changes nothing (scanners open links).
    let page = app.get(&local).send().await.expect(200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.header("content-security-policy").unwrap().contains("form-action 'self'"));
    assert!(page.text().contains("Stop e-mails about meeting requests received?") && page.text().contains("<form method=\"post\">"), "{}", page.text());
    let settings = app.get("/api/v1/me/notifications").token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(settings["muted"], json!([]));
    // The one-click POST, without a login, as a mail client sends it; twice is no error.
    for _ in 0..2 {
        let done = app.post(&local).body("application/x-www-form-urlencoded", "List-Unsubscribe=One-Click").send().await.expect(200).json();
        assert_eq!(done, json!({"kind": "meeting_request_received", "receive": false}));
    }
    let page = app.post(&local).header("accept", "text/html").send().await.expect(200);
    assert!(page.text().contains("Done: you no longer receive e-mails about meeting requests received."), "{}", page.text());
    let settings = app.get("/api/v1/me/notifications").token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(settings["muted"], json!(["meeting_request_received"]));
    let kinds = settings["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 15);
    assert!(kinds.contains(&json!({"kind": "meeting_request_received", "receive": false, "can_mute": true})));
    assert!(kinds.contains(&json!({"kind": "password_reset", "receive": true, "can_mute": false})));

    // The next request to Helvetic mails nobody there; other kinds still reach Anna.
    ask(&app, &w.ivano.token, &d, &d.soliani, &d.helvetic).await.expect(201);
    assert_eq!(outbox(&app, &w, "kind=meeting_request_received&to=anna@helvetic.example").await.len(), 1);
    let event = crate::events::published_event(&app, &w).await;
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    assert_eq!(outbox(&app, &w, "kind=registration_confirmed&to=anna@helvetic.example").await.len(), 2);

    // Forged and tampered links are refused; the token names one person and one kind.
    let tampered = local.replace("meeting_request_received", "event_reminder");
    app.post(&tampered).send().await.problem(400);
    app.get("/api/v1/unsubscribe?token=nonsense").send().await.problem(400);
    app.post("/api/v1/unsubscribe").send().await.problem(400);

    // The settings page turns it on again; mail about the account cannot be turned off.
    let back = app.put("/api/v1/me/notifications").token(&w.anna.token).json(json!({"muted": ["event_reminder"]})).send().await.expect(200).json();
    assert_eq!(back["muted"], json!(["event_reminder"]));
    let p = app.put("/api/v1/me/notifications").token(&w.anna.token).json(json!({"muted": ["schedule_published", "password_reset"]})).send().await.problem(422);
    assert_eq!(crate::common::Resp::error_fields(&p), ["muted[1]"]);
    app.put("/api/v1/me/notifications").token(&w.anna.token).json(json!({"muted": ["no_such_kind"]})).send().await.problem(422);
    ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.soliani).await.expect(201);
    assert_eq!(outbox(&app, &w, "kind=meeting_request_received&to=ivano@soliani.example").await.len(), 1);
});

db_test!(async fn hostile_names_are_escaped_and_cannot_add_headers(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    // A company name as a careless import could store it: markup and a line break that
    // tries to add a header.
    let hostile = "Evil <script>alert(1)</script> & Co\r\nBcc: victim@example.org";
    {
        use diesel::prelude::*;
        use cluster2cluster::store::schema::members;
        let mut conn = app.db().get().unwrap();
        diesel::update(members::table.find(w.soliani.to_string()))
            .set(members::legal_name.eq(hostile))
            .execute(&mut *conn)
            .unwrap();
    }
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.aviometal, "subject": "<b>Joint</b> offer", "kind": "co_development",
        "message": "<img src=x onerror=alert(1)>"
    })).send().await.expect(201);
    mailer(&app, &sink).send_due().await.unwrap();
    let all = sink.messages();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].rcpt_tos, ["buffetto@aviometal.example"], "no recipient was added");
    let mail = all[0].parse();
    assert!(!mail.header_names.iter().any(|h| h == "bcc"), "{:?}", mail.header_names);
    assert_eq!(mail.subject, "Partnership request from Evil <script>alert(1)</script> & Co Bcc: victim@example.org: <b>Joint</b> offer");
    assert!(mail.html.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co Bcc: victim@example.org"), "{}", mail.html);
    assert!(mail.html.contains("&lt;img src=x onerror=alert(1)&gt;") && mail.html.contains("&lt;b&gt;Joint&lt;/b&gt;"));
    assert!(!mail.html.contains("<script") && !mail.html.contains("<img") && !mail.html.contains("<b>"), "{}", mail.html);
    assert!(mail.text.contains("Evil <script>alert(1)</script> & Co Bcc: victim@example.org sent Aviometal a partnership request"), "{}", mail.text);
    // The raw message has no line that starts a Bcc header.
    let raw = String::from_utf8_lossy(&all[0].raw).to_string();
    assert!(!raw.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{raw}");
});

db_test!(async fn the_outbox_is_for_admins_only(app) {
    let w = app.world().await;
    let event = crate::events::published_event(&app, &w).await;
    register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201);
    let mails = outbox(&app, &w, "").await;
    assert_eq!(mails.len(), 1);
    let id = mails[0]["id"].as_str().unwrap();
    let key = app.post("/api/v1/api-keys").token(&w.paola.token).json(json!({
        "name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:read", "events:read"]
    })).send().await.expect(201).json()["secret"].as_str().unwrap().to_owned();
    for (who, token) in [("cluster manager", &w.paola.token), ("other manager", &w.roland.token), ("editor", &w.buffetto.token), ("no role", &w.nobody.token), ("API key", &key)] {
        for (method, url) in [("GET", "/api/v1/admin/mail".to_owned()), ("GET", format!("/api/v1/admin/mail/{id}")), ("POST", format!("/api/v1/admin/mail/{id}/retry"))] {
            let m = actix_web::http::Method::from_bytes(method.as_bytes()).unwrap();
            app.request(m, &url).token(token).send().await.problem(403);
            let _ = who;
        }
    }
    app.get("/api/v1/admin/mail").send().await.problem(401);
    app.get(&format!("/api/v1/admin/mail/{id}")).token(&w.admin.token).send().await.expect(200);
    // A pending mail stays as it is queued.
    let same = app.post(&format!("/api/v1/admin/mail/{id}/retry")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(same["status"], "pending");
    assert_eq!(outbox(&app, &w, "status=pending&kind=registration_confirmed&to=buffetto@aviometal.example").await.len(), 1);
    assert!(outbox(&app, &w, "status=sent").await.is_empty());
    app.get("/api/v1/admin/mail?status=unknown").token(&w.admin.token).send().await.problem(400);
});

db_test!(async fn people_set_their_language_and_time_zone(app) {
    let w = app.world().await;
    let me = app.get("/api/v1/me").token(&w.buffetto.token).send().await.expect(200);
    let body = me.json();
    assert_eq!((body["language"].as_str(), body["time_zone"].as_str()), (Some("en"), Some("Europe/Zurich")), "the defaults");
    let etag = me.header("etag").unwrap();
    let p = app.patch("/api/v1/me").token(&w.buffetto.token).json(json!({"language": "es"})).send().await.problem(422);
    assert_eq!(crate::common::Resp::error_fields(&p), ["language"]);
    let p = app.patch("/api/v1/me").token(&w.buffetto.token).json(json!({"time_zone": "Mars/Olympus_Mons"})).send().await.problem(422);
    assert_eq!(crate::common::Resp::error_fields(&p), ["time_zone"]);
    app.patch("/api/v1/me").token(&w.buffetto.token).json(json!({"language": null})).send().await.problem(422);
    let changed = app.patch("/api/v1/me").token(&w.buffetto.token).header("if-match", &etag)
        .json(json!({"language": "it", "time_zone": "Europe/Rome", "display_name": "Massimo Buffetto"})).send().await.expect(200).json();
    assert_eq!((changed["language"].as_str(), changed["time_zone"].as_str(), changed["display_name"].as_str()),
        (Some("it"), Some("Europe/Rome"), Some("Massimo Buffetto")));
    app.patch("/api/v1/me").token(&w.buffetto.token).header("if-match", &etag).json(json!({"language": "fr"})).send().await.problem(412);
    // The token still works: the account's version did not move.
    app.get("/api/v1/me").token(&w.buffetto.token).send().await.expect(200);
    // Italian mail, times in Rome.
    let event = crate::events::published_event(&app, &w).await;
    register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201);
    let mails = outbox(&app, &w, "to=buffetto@aviometal.example").await;
    let full = app.get(&format!("/api/v1/admin/mail/{}", mails[0]["id"].as_str().unwrap())).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(full["subject"], "Iscrizione confermata: Cluster2Cluster Nidwalden");
    assert!(full["text_body"].as_str().unwrap().starts_with("Buongiorno Massimo Buffetto,"));
    assert!(full["text_body"].as_str().unwrap().contains("L'evento inizia il 14/05/2030 alle 09:00 (CEST) presso Stans venue, Stans."), "{}", full["text_body"]);
    // API keys have no profile.
    let key = app.post("/api/v1/api-keys").token(&w.paola.token).json(json!({
        "name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:read"]
    })).send().await.expect(201).json()["secret"].as_str().unwrap().to_owned();
    app.patch("/api/v1/me").token(&key).json(json!({"language": "it"})).send().await.problem(403);
});

db_test!(async fn event_reminders_are_queued_once_per_registration(app) {
    let w = app.world().await;
    // Tomorrow's event, and one in three days.
    let at = |hours: i64| (chrono::Utc::now() + chrono::Duration::hours(hours)).to_rfc3339();
    let mut ids = Vec::new();
    for starts in [12, 72] {
        let mut body = crate::events::event_body(&w);
        body["starts_at"] = json!(at(starts));
        body["ends_at"] = json!(at(starts + 8));
        body["registration_deadline"] = json!(at(starts - 1));
        let e = crate::events::create_event(&app, &w, body).await;
        let id: uuid::Uuid = e["id"].as_str().unwrap().parse().unwrap();
        app.post(&format!("/api/v1/events/{id}/publish")).token(&w.roland.token).send().await.expect(200);
        register(&app, &w.buffetto.token, id, w.aviometal, &[w.buffetto_contact]).await.expect(201);
        register(&app, &w.anna.token, id, w.helvetic, &[w.keller_contact]).await.expect(201);
        ids.push(id);
    }
    // Three instances look at the same moment.
    let now = cluster2cluster::store::now();
    let passes = (0..3).map(|_| {
        app.db().write(move |conn| cluster2cluster::app::mail::flows::event_reminders(conn, now))
    });
    let reminded: Vec<usize> = futures::future::join_all(passes).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(reminded.iter().sum::<usize>(), 2, "{reminded:?}");
    let again = app.db().write(move |conn| cluster2cluster::app::mail::flows::event_reminders(conn, now)).await.unwrap();
    assert_eq!(again, 0);
    let reminders = outbox(&app, &w, "kind=event_reminder").await;
    let mut to: Vec<&str> = reminders.iter().map(|m| m["to_address"].as_str().unwrap()).collect();
    to.sort();
    assert_eq!(to, ["anna@helvetic.example", "buffetto@aviometal.example"]);
    assert!(reminders.iter().all(|m| m["subject"].as_str().unwrap().starts_with("Tomorrow: Cluster2Cluster Nidwalden")));
    // Two days later, the second event's turn.
    let later = now + chrono::Duration::hours(60);
    let reminded = app.db().write(move |conn| cluster2cluster::app::mail::flows::event_reminders(conn, later)).await.unwrap();
    assert_eq!(reminded, 2);
    let _ = ids;
});
