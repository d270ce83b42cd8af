//! The post-event survey: those who run the day define the questions, everyone who sees the
//! event reads them; each attendee (the signed-in person whose confirmed address is an
//! attendee's) answers once — a second answer, also a simultaneous one, is refused; answers
//! are checked per question; the organisers read exact, anonymous results as JSON and as
//! CSV (read back with Python's csv module).

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World, python, run_python};
use crate::db_test;
use crate::events::{published_event, register};

pub fn url(event: Uuid, rest: &str) -> String {
    format!("/api/v1/events/{event}/survey{rest}")
}

fn questions() -> Value {
    json!({"questions": [
        {"key": "overall", "kind": "scale", "prompt": "How useful was the day for your company?", "required": true},
        {"key": "again", "kind": "choice", "prompt": "Would you come again?", "options": ["yes", "maybe", "no"], "required": true},
        {"kind": "text", "prompt": "What should we change?"}
    ]})
}

fn at(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Moves the event so that it started an hour ago and ends in six (`ended_days_ago`: it
/// ended that many days ago instead).
async fn move_event(app: &TestApp, w: &World, event: Uuid, ended_days_ago: Option<i64>) {
    let now = Utc::now();
    let (starts, ends) = match ended_days_ago {
        None => (now - Duration::hours(1), now + Duration::hours(6)),
        Some(days) => (
            now - Duration::days(days) - Duration::hours(8),
            now - Duration::days(days),
        ),
    };
    app.patch(&format!("/api/v1/events/{event}"))
        .token(&w.roland.token)
        .json(json!({"starts_at": at(starts), "ends_at": at(ends), "registration_deadline": null}))
        .send()
        .await
        .expect(200);
}

/// A published day with Soliani (Ivano and Chiara Rossi), Helvetic (Anna Keller) and
/// Aviometal (Massimo Buffetto, whose contact address is not his account's) registered.
async fn day(app: &TestApp, w: &World) -> Uuid {
    let event = published_event(app, w).await;
    register(
        app,
        &w.ivano.token,
        event,
        w.soliani,
        &[w.soliani_contact, w.rossi_contact],
    )
    .await
    .expect(201);
    register(app, &w.anna.token, event, w.helvetic, &[w.keller_contact])
        .await
        .expect(201);
    register(
        app,
        &w.buffetto.token,
        event,
        w.aviometal,
        &[w.buffetto_contact],
    )
    .await
    .expect(201);
    event
}

/// [`day`], under way, with the survey defined.
pub async fn surveyed_day(app: &TestApp, w: &World) -> Uuid {
    let event = day(app, w).await;
    app.put(&url(event, ""))
        .token(&w.roland.token)
        .json(questions())
        .send()
        .await
        .expect(200);
    move_event(app, w, event, None).await;
    event
}

pub async fn answer(app: &TestApp, token: &str, event: Uuid, answers: Value) -> Resp {
    app.post(&url(event, "/responses"))
        .token(token)
        .json(json!({"answers": answers}))
        .send()
        .await
}

db_test!(async fn the_host_defines_the_survey_and_everyone_who_sees_the_event_reads_it(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let empty = app.get(&url(event, "")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(empty, json!({
        "event_id": event.to_string(), "questions": [],
        "opens_at": "2030-05-14T07:00:00Z", "closes_at": "2030-06-13T15:30:00Z"
    }), "answers from the start until 30 days after the end");
    // Only those who run the day define it: not the guest cluster's manager, nor editors.
    for token in [&w.paola.token, &w.buffetto.token, &w.anna.token, &w.nobody.token] {
        app.put(&url(event, "")).token(token).json(questions()).send().await.problem(403);
    }
    let put = app.put(&url(event, "")).token(&w.roland.token).json(questions()).send().await.expect(200);
    let survey = put.json();
    assert_eq!(survey["questions"], json!([
        {"key": "overall", "kind": "scale", "prompt": "How useful was the day for your company?", "required": true},
        {"key": "again", "kind": "choice", "prompt": "Would you come again?", "options": ["yes", "maybe", "no"], "required": true},
        {"key": "q3", "kind": "text", "prompt": "What should we change?", "required": false}
    ]), "a question without a key gets q<position>");
    let read = app.get(&url(event, "")).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(read.json(), survey);
    assert_eq!(read.header("etag"), put.header("etag"));
    // If-Match: a stale ETag is refused, the current one accepted; the same questions again
    // change nothing.
    let mut changed = questions();
    changed["questions"][0]["prompt"] = json!("How was the day?");
    app.put(&url(event, "")).token(&w.roland.token).header("if-match", &empty_etag(&app, &w).await)
        .json(changed.clone()).send().await.problem(412);
    let etag = put.header("etag").unwrap();
    let again = app.put(&url(event, "")).token(&w.roland.token).header("if-match", &etag).json(json!({"questions": survey["questions"]})).send().await.expect(200);
    assert_eq!((again.json(), again.header("etag")), (survey.clone(), Some(etag.clone())));
    let changed = app.put(&url(event, "")).token(&w.roland.token).header("if-match", &etag).json(changed).send().await.expect(200).json();
    assert_eq!(changed["questions"][0]["prompt"], "How was the day?");
    // An admin may too; a draft's survey is the organisers' only.
    app.put(&url(event, "")).token(&w.admin.token).json(questions()).send().await.expect(200);
    let draft = crate::events::create_event(&app, &w, crate::events::event_body(&w)).await;
    let draft: Uuid = draft["id"].as_str().unwrap().parse().unwrap();
    app.get(&url(draft, "")).token(&w.nobody.token).send().await.problem(404);
    app.get(&url(draft, "")).token(&w.paola.token).send().await.expect(200);
});

/// The ETag of some other event's empty survey: a real ETag that is not the current one.
async fn empty_etag(app: &TestApp, w: &World) -> String {
    let other = published_event(app, w).await;
    app.get(&url(other, ""))
        .token(&w.roland.token)
        .send()
        .await
        .expect(200)
        .header("etag")
        .unwrap()
}

db_test!(async fn survey_questions_are_validated_per_field(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let put = |body: Value| app.put(&url(event, "")).token(&w.roland.token).json(body).send();
    let p = put(json!({"questions": []})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["questions"]);
    let many: Vec<Value> = (0..21).map(|_| json!({"kind": "text", "prompt": "More?"})).collect();
    assert_eq!(Resp::error_fields(&put(json!({"questions": many})).await.problem(422)), ["questions"]);
    // Field rules.
    let p = put(json!({"questions": [
        {"kind": "text", "prompt": " "},
        {"kind": "choice", "prompt": "Which?", "options": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]},
        {"key": "", "kind": "scale", "prompt": "x".repeat(501)},
        {"kind": "choice", "prompt": "Which?", "options": ["a", "two\nlines"]}
    ]})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["questions[0].prompt", "questions[1].options", "questions[2].key", "questions[2].prompt", "questions[3].options"]);
    // Rules across fields.
    let p = put(json!({"questions": [
        {"key": "Overall", "kind": "scale", "prompt": "How was it?", "options": ["a", "b"]},
        {"key": "again", "kind": "choice", "prompt": "Again?", "options": ["yes"]},
        {"key": "again", "kind": "choice", "prompt": "Again?", "options": ["yes", "no", " yes"]},
        {"kind": "text", "prompt": "Why?", "options": []}
    ]})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["questions[0].key", "questions[0].options", "questions[1].options", "questions[2].key", "questions[2].options[2]"]);
    // Nothing was stored.
    assert_eq!(app.get(&url(event, "")).token(&w.roland.token).send().await.expect(200).json()["questions"], json!([]));
});

db_test!(async fn attendees_answer_once_and_the_results_are_exact(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    let chiara = app.person("chiara@soliani.example", &[]);
    // Ivano attends as Soliani's contact person with his address.
    let first = answer(&app, &w.ivano.token, event, json!({"overall": 5, "again": "yes", "q3": "  More time at the B2B tables  "})).await.expect(201);
    assert_eq!(first.header("location").unwrap(), format!("/api/v1/events/{event}/survey/responses/mine"));
    assert_eq!(first.json(), json!({"event_id": event.to_string(), "attendees": [{"contact_id": w.soliani_contact.to_string(), "answered": true}]}));
    let p = answer(&app, &w.ivano.token, event, json!({"overall": 1, "again": "no"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("answered this survey already"), "{p}");
    answer(&app, &w.anna.token, event, json!({"overall": 4, "again": "no"})).await.expect(201);
    answer(&app, &chiara.token, event, json!({"overall": 2, "again": "yes", "q3": "=HYPERLINK(\"http://x.example\")"})).await.expect(201);
    // Whose answer was which is kept nowhere: the results are counts, means and texts.
    let results = app.get(&url(event, "/results")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(results, json!({
        "event_id": event.to_string(), "responses": 3, "invited": 4,
        "questions": [
            {"key": "overall", "kind": "scale", "prompt": "How useful was the day for your company?", "answered": 3, "mean": 3.67, "distribution": [0, 1, 0, 1, 1]},
            {"key": "again", "kind": "choice", "prompt": "Would you come again?", "answered": 3, "mean": null,
             "options": [{"option": "yes", "count": 2}, {"option": "maybe", "count": 0}, {"option": "no", "count": 1}]},
            {"key": "q3", "kind": "text", "prompt": "What should we change?", "answered": 2, "mean": null,
             "answers": ["=HYPERLINK(\"http://x.example\")", "More time at the B2B tables"]}
        ]
    }));
    assert!(!results.to_string().contains(&w.soliani_contact.to_string()), "anonymous");
    // Each person's own status; somebody who attends as nobody has none.
    let mine = app.get(&url(event, "/responses/mine")).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(mine["attendees"], json!([{"contact_id": w.keller_contact.to_string(), "answered": true}]));
    let none = app.get(&url(event, "/responses/mine")).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(none["attendees"], json!([]));
    // The questions are fixed now; writing them back unchanged is still fine.
    let current = app.get(&url(event, "")).token(&w.roland.token).send().await.expect(200).json();
    let mut changed = current.clone();
    changed["questions"][1]["options"] = json!(["yes", "no"]);
    let p = app.put(&url(event, "")).token(&w.roland.token).json(json!({"questions": changed["questions"]})).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("once answers exist"), "{p}");
    app.put(&url(event, "")).token(&w.roland.token).json(json!({"questions": current["questions"]})).send().await.expect(200);
    // Whether a person answered is nobody's business but theirs: not in the export their
    // company and cluster read, and no audit entry names who sent an answer.
    let export = app.get(&format!("/api/v1/members/{}/contacts/{}/export", w.soliani, w.soliani_contact))
        .token(&w.ivano.token).send().await.expect(200).json();
    assert!(!export.to_string().contains("survey"), "{export}");
    let audit = app.get("/api/v1/audit-log?limit=500").token(&w.admin.token).send().await.expect(200).json();
    assert!(!audit.to_string().contains("/survey/responses"), "{audit}");
    // The figures other use cases build on.
    let db = app.db().clone();
    let summary = actix_web::web::block(move || {
        let mut conn = db.get().unwrap();
        cluster2cluster::app::survey::summary(&mut conn, event).unwrap()
    }).await.unwrap();
    assert_eq!((summary.responses, summary.invited), (3, 4));
    assert_eq!(summary.scale_means.len(), 1);
    assert_eq!((summary.scale_means[0].key.as_str(), summary.scale_means[0].answered, summary.scale_means[0].mean), ("overall", 3, Some(3.67)));
});

db_test!(async fn only_attendees_answer_and_only_those_who_run_the_day_read_results(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    let body = json!({"overall": 3, "again": "maybe"});
    // Buffetto edits Aviometal, but his account's address is not its attendee's; managers
    // and people without a role attend as nobody.
    for token in [&w.buffetto.token, &w.roland.token, &w.paola.token, &w.nobody.token, &w.admin.token] {
        answer(&app, token, event, body.clone()).await.problem(403);
    }
    // Nobody answers as somebody else, nor for a person they do not attend as.
    app.post(&url(event, "/responses")).token(&w.ivano.token)
        .json(json!({"attendee_contact_id": w.keller_contact, "answers": body})).send().await.problem(403);
    app.post(&url(event, "/responses")).token(&w.ivano.token)
        .json(json!({"attendee_contact_id": w.soliani_contact, "answers": body})).send().await.expect(201);
    // An account whose address nobody confirmed is nobody's attendee.
    {
        let db = app.db().clone();
        actix_web::web::block(move || {
            let mut conn = db.get().unwrap();
            cluster2cluster::store::users::insert(&mut conn, "chiara@soliani.example", crate::common::password_hash(), "Chiara").unwrap()
        }).await.unwrap();
    }
    let chiara = app.post("/api/v1/auth/login").json(json!({"email": "chiara@soliani.example", "password": crate::common::PASSWORD}))
        .send().await.expect(200).json()["access_token"].as_str().unwrap().to_owned();
    answer(&app, &chiara, event, body.clone()).await.problem(403);
    // Results: the host's managers and admins; not the guest cluster's manager, editors or
    // attendees.
    for token in [&w.paola.token, &w.buffetto.token, &w.ivano.token, &w.anna.token, &w.nobody.token] {
        app.get(&url(event, "/results")).token(token).send().await.problem(403);
    }
    let results = app.get(&url(event, "/results")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!((results["responses"].clone(), results["invited"].clone()), (json!(1), json!(4)));
    // API keys answer nothing, not even for their own cluster's events.
    let key = app.post("/api/v1/api-keys").token(&w.roland.token)
        .json(json!({"name": "Portal", "cluster_id": w.swiss, "scopes": ["events:read"]})).send().await.expect(201).json();
    let secret = key["secret"].as_str().unwrap().to_owned();
    answer(&app, &secret, event, body.clone()).await.problem(403);
    app.get(&url(event, "/responses/mine")).token(&secret).send().await.problem(403);
});

db_test!(async fn a_person_who_attends_as_two_contacts_answers_once_as_each(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    // Anna Keller also attends for Soliani, with the same address.
    let second = app.post(&format!("/api/v1/members/{}/contacts", w.soliani)).token(&w.ivano.token)
        .json(json!({"name": "Anna Keller", "email": "anna@helvetic.example", "share_consent": true}))
        .send().await.expect(201).json()["id"].as_str().unwrap().to_owned();
    let registration = app.get(&format!("/api/v1/events/{event}/registrations")).token(&w.ivano.token).send().await.expect(200).json()["items"]
        .as_array().unwrap().iter().find(|r| r["member_id"] == w.soliani.to_string()).unwrap()["id"].as_str().unwrap().to_owned();
    app.patch(&format!("/api/v1/events/{event}/registrations/{registration}")).token(&w.ivano.token)
        .json(json!({"attendee_contact_ids": [w.soliani_contact, w.rossi_contact, second]})).send().await.expect(200);
    let body = |contact: Option<&str>| {
        let mut b = json!({"answers": {"overall": 4, "again": "yes"}});
        if let Some(c) = contact {
            b["attendee_contact_id"] = json!(c);
        }
        b
    };
    let post = |b: Value| app.post(&url(event, "/responses")).token(&w.anna.token).json(b).send();
    let p = post(body(None)).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["attendee_contact_id"]);
    let keller = w.keller_contact.to_string();
    post(body(Some(&keller))).await.expect(201);
    post(body(Some(&keller))).await.problem(409);
    let both = post(body(Some(&second))).await.expect(201).json();
    let mut expected = vec![json!({"contact_id": keller, "answered": true}), json!({"contact_id": second, "answered": true})];
    expected.sort_by_key(|v| v["contact_id"].as_str().unwrap().to_owned());
    assert_eq!(both["attendees"], json!(expected));
    let results = app.get(&url(event, "/results")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!((results["responses"].clone(), results["invited"].clone()), (json!(2), json!(5)));
});

db_test!(async fn answers_are_validated_per_question(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    let p = answer(&app, &w.ivano.token, event, json!({"overall": 6, "again": "perhaps", "q3": 5, "extra": "x"})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["answers.overall", "answers.again", "answers.q3", "answers.extra"]);
    let p = answer(&app, &w.ivano.token, event, json!({"q3": "Nothing"})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["answers.overall", "answers.again"], "required questions");
    let p = answer(&app, &w.ivano.token, event, json!({"overall": 2.5, "again": "yes", "q3": "   "})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["answers.overall", "answers.q3"]);
    let p = answer(&app, &w.ivano.token, event, json!({"overall": 3, "again": "yes", "q3": "x".repeat(2001)})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["answers.q3"]);
    // A refused answer is no answer: the valid one is taken.
    answer(&app, &w.ivano.token, event, json!({"overall": 3, "again": "yes", "q3": null})).await.expect(201);
    let results = app.get(&url(event, "/results")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(results["responses"], 1);
    assert_eq!(results["questions"][2]["answered"], 0);
});

db_test!(async fn answers_are_taken_from_the_start_until_thirty_days_after_the_end(app) {
    let w = app.world().await;
    let event = day(&app, &w).await;
    let body = json!({"overall": 4, "again": "yes"});
    // No survey yet.
    move_event(&app, &w, event, None).await;
    let p = answer(&app, &w.ivano.token, event, body.clone()).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("no survey"), "{p}");
    app.put(&url(event, "")).token(&w.roland.token).json(questions()).send().await.expect(200);
    // Before the start.
    let later = Utc::now() + Duration::days(2);
    app.patch(&format!("/api/v1/events/{event}")).token(&w.roland.token)
        .json(json!({"starts_at": at(later), "ends_at": at(later + Duration::hours(8))})).send().await.expect(200);
    let p = answer(&app, &w.ivano.token, event, body.clone()).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("from the start of the event"), "{p}");
    // 31 days after the end: closed; 29 days after: open.
    move_event(&app, &w, event, Some(31)).await;
    let p = answer(&app, &w.ivano.token, event, body.clone()).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("30 days after the event"), "{p}");
    move_event(&app, &w, event, Some(29)).await;
    answer(&app, &w.ivano.token, event, body.clone()).await.expect(201);
    // A cancelled event takes none.
    app.post(&format!("/api/v1/events/{event}/cancel")).token(&w.roland.token).send().await.expect(200);
    let p = answer(&app, &w.anna.token, event, body).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("cancelled"), "{p}");
});

db_test!(async fn two_answers_of_one_attendee_at_once_one_is_taken(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    let (a, b) = futures::join!(
        answer(&app, &w.ivano.token, event, json!({"overall": 5, "again": "yes"})),
        answer(&app, &w.ivano.token, event, json!({"overall": 1, "again": "no"})),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{} / {}", a.text(), b.text());
    let results = app.get(&url(event, "/results")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(results["responses"], 1);
    assert_eq!(results["questions"][0]["answered"], 1);
});

const READ_CSV: &str = r#"
import csv, io, json, sys
rows = list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))
print(json.dumps(rows))
"#;

db_test!(async fn the_results_as_csv_read_back_with_a_real_parser(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    let hostile = "=HYPERLINK(\"http://attacker.example\",\"Click\"), \"quoted\"; semi\nsecond line\r\nthird";
    answer(&app, &w.ivano.token, event, json!({"overall": 5, "again": "yes", "q3": hostile})).await.expect(201);
    answer(&app, &w.anna.token, event, json!({"overall": 4, "again": "no", "q3": "Fine"})).await.expect(201);
    let resp = app.get(&url(event, "/results?format=csv")).token(&w.roland.token).send().await.expect(200);
    assert_eq!(resp.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    let by_accept = app.get(&url(event, "/results")).token(&w.roland.token).header("accept", "text/csv").send().await.expect(200);
    assert_eq!(by_accept.text(), resp.text());
    app.get(&url(event, "/results?format=csv")).token(&w.paola.token).send().await.problem(403);
    let Some(py) = python() else { return };
    let rows: Vec<Value> = serde_json::from_str(&run_python(&py, READ_CSV, resp.text().as_bytes())).unwrap();
    let cells: Vec<[String; 6]> = rows.iter().map(|r| ["question", "kind", "prompt", "answer", "count", "mean"]
        .map(|c| r[c].as_str().unwrap().to_owned())).collect();
    let prompt = "How useful was the day for your company?";
    let row = |q: &str, k: &str, p: &str, a: &str, n: &str, m: &str| [q, k, p, a, n, m].map(str::to_owned);
    assert_eq!(cells, vec![
        row("overall", "scale", prompt, "1", "0", "4.50"),
        row("overall", "scale", prompt, "2", "0", "4.50"),
        row("overall", "scale", prompt, "3", "0", "4.50"),
        row("overall", "scale", prompt, "4", "1", "4.50"),
        row("overall", "scale", prompt, "5", "1", "4.50"),
        row("again", "choice", "Would you come again?", "yes", "1", ""),
        row("again", "choice", "Would you come again?", "maybe", "0", ""),
        row("again", "choice", "Would you come again?", "no", "1", ""),
        // A formula is defused with a leading apostrophe; the text is otherwise intact.
        row("q3", "text", "What should we change?", &format!("'{hostile}"), "1", ""),
        row("q3", "text", "What should we change?", "Fine", "1", ""),
    ]);
});
