//! The outcome figures of a day, per ordered cluster pair with names: B2B meetings requested,
//! scheduled, held (both companies checked in, or a side said it took place) and how they went;
//! partnership requests by status; as JSON and CSV. Partnership requests as CSV too.

use serde_json::{Value, json};

use crate::check_in::code_of;
use crate::db_test;
use crate::matchmaking::{ask, day, path, three_slots};
use crate::outcomes::the_day_is_over;

const LOMBARDY: &str = "Lombardia Aerospace Cluster";
const SWISS: &str = "Swiss Aerospace Cluster";

fn pair<'a>(stats: &'a Value, from: &str, to: &str) -> &'a Value {
    stats["pair_outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["from_cluster_name"] == from && p["to_cluster_name"] == to)
        .unwrap_or_else(|| panic!("no pair {from} → {to}: {stats}"))
}

db_test!(async fn outcome_figures_count_what_the_day_produced_per_cluster_pair(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 4).await;
    // Two Lombard companies ask the Swiss one; one more request is declined.
    let a = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.helvetic).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    let s = ask(&app, &w.ivano.token, &d, &d.soliani, &d.helvetic).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    let declined = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.soliani).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    for id in [&a, &s] {
        app.post(&path(&d, &format!("meeting-requests/{id}/accept"))).token(&w.anna.token).send().await.expect(200);
    }
    app.post(&path(&d, &format!("meeting-requests/{declined}/decline"))).token(&w.ivano.token).send().await.expect(200);
    let run = app.post(&path(&d, "schedule-runs")).token(&w.roland.token).send().await.expect(201).json();
    app.post(&path(&d, &format!("schedule-runs/{}/publish", run["id"].as_str().unwrap()))).token(&w.roland.token).send().await.expect(200);
    // Aviometal's and Helvetic's people came; Soliani's did not check in.
    for contact in [w.buffetto_contact, w.keller_contact] {
        let code = code_of(&app, &w, d.event, contact).await;
        app.post(&path(&d, "check-ins")).token(&w.roland.token).json(json!({"code": code})).send().await.expect(201);
    }
    // A partnership request born on the day, concluded; another pending, with a hostile subject.
    let request = |from: uuid::Uuid, to: uuid::Uuid, subject: &str| json!({
        "from_member_id": from, "to_member_id": to, "event_id": d.event, "subject": subject, "kind": "supply"});
    let concluded = app.post("/api/v1/partnership-requests").token(&w.buffetto.token)
        .json(request(w.aviometal, w.helvetic, "Door frames")).send().await.expect(201).json()["id"].as_str().unwrap().to_owned();
    for (token, action) in [(&w.anna.token, "accept"), (&w.buffetto.token, "conclude")] {
        app.post(&format!("/api/v1/partnership-requests/{concluded}/{action}")).token(token).send().await.expect(200);
    }
    app.post("/api/v1/partnership-requests").token(&w.ivano.token)
        .json(request(w.soliani, w.helvetic, "=HYPERLINK(\"http://x.example\",\"EMC\")")).send().await.expect(201);

    let stats = |token: String| {
        let (app, url) = (&app, format!("/api/v1/events/{}/stats", d.event));
        async move { app.get(&url).token(&token).send().await.expect(200).json() }
    };
    let before = stats(w.roland.token.clone()).await;
    let ls = pair(&before, LOMBARDY, SWISS);
    assert_eq!(ls["from_cluster_id"], json!(w.lombardy.to_string()));
    assert_eq!((ls["meetings_requested"].clone(), ls["meetings_accepted"].clone(), ls["meetings_scheduled"].clone(), ls["meetings_held"].clone()),
        (json!(2), json!(2), json!(2), json!(1)), "held: only Aviometal–Helvetic, where both checked in");
    assert_eq!(ls["partnership_requests"], json!({"total": 2, "pending": 1, "accepted": 0, "declined": 0, "withdrawn": 0, "concluded": 1, "closed": 0}));
    assert_eq!(ls["mean_rating"], json!(null));
    // The declined request inside Lombardy is its own pair.
    let ll = pair(&before, LOMBARDY, LOMBARDY);
    assert_eq!((ll["meetings_requested"].clone(), ll["meetings_scheduled"].clone()), (json!(1), json!(0)));

    // Soliani says its meeting took place after all; Helvetic rates both.
    the_day_is_over(&app).await;
    let outcome = |id: &str, registration: &str| path(&d, &format!("meeting-requests/{id}/outcomes/{registration}"));
    app.put(&outcome(&s, &d.soliani)).token(&w.ivano.token).json(json!({"outcome": "no_fit", "rating": 2})).send().await.expect(201);
    app.put(&outcome(&a, &d.helvetic)).token(&w.anna.token).json(json!({"outcome": "follow_up_planned", "rating": 5})).send().await.expect(201);
    app.put(&outcome(&s, &d.helvetic)).token(&w.anna.token).json(json!({"outcome": "no_fit", "rating": 3})).send().await.expect(201);
    let after = stats(w.paola.token.clone()).await;
    let ls = pair(&after, LOMBARDY, SWISS);
    assert_eq!(ls["meetings_held"], 2);
    assert_eq!(ls["outcomes"], json!({"cooperation_possible": 0, "follow_up_planned": 1, "no_fit": 2, "did_not_take_place": 0}));
    assert_eq!(ls["mean_rating"], json!(3.33));
    // Outcomes and ratings per pair are the organisers'; the survey's figures the host's.
    let company = stats(w.buffetto.token.clone()).await;
    let theirs = pair(&company, LOMBARDY, SWISS);
    assert_eq!((theirs["outcomes"].clone(), theirs["mean_rating"].clone(), theirs["meetings_held"].clone()), (json!(null), json!(null), json!(2)));
    assert_eq!(after["survey"], json!(null));
    let host = stats(w.roland.token.clone()).await;
    assert_eq!(host["survey"]["responses"], 0);
    assert_eq!(host["survey"]["invited"], 3);

    // The same figures as CSV, one row per pair, read by Python's csv module.
    let csv = app.get(&format!("/api/v1/events/{}/stats?format=csv", d.event)).token(&w.roland.token).send().await.expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    if let Some(python) = crate::common::python() {
        let out = crate::common::run_python(&python, "import sys, csv, io, json\nprint(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline='')))))", csv.text().as_bytes());
        let rows: Value = serde_json::from_str(out.trim()).unwrap();
        let row = rows.as_array().unwrap().iter().find(|r| r["from_cluster"] == "Lombardia Aerospace Cluster" && r["to_cluster"] == "Swiss Aerospace Cluster").unwrap();
        assert_eq!((row["meetings_held"].as_str(), row["outcome_no_fit"].as_str(), row["mean_rating"].as_str(), row["requests_concluded"].as_str()),
            (Some("2"), Some("2"), Some("3.33"), Some("1")));

        // Partnership requests of the day as CSV, with names; the hostile subject stays text.
        let requests = app.get(&format!("/api/v1/partnership-requests?event_id={}&format=csv", d.event)).token(&w.anna.token).send().await.expect(200).text();
        let out = crate::common::run_python(&python, "import sys, csv, io, json\nprint(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline='')))))", requests.as_bytes());
        let rows: Value = serde_json::from_str(out.trim()).unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 2);
        let hostile = rows.iter().find(|r| r["from_company"] == "Soliani Emc").unwrap();
        assert_eq!(hostile["subject"], "'=HYPERLINK(\"http://x.example\",\"EMC\")");
        assert_eq!((hostile["to_company"].as_str(), hostile["to_cluster"].as_str(), hostile["status"].as_str()),
            (Some("Helvetic Aero Services AG"), Some("Swiss Aerospace Cluster"), Some("pending")));
    }
    // Paged like the JSON list.
    let first = app.get(&format!("/api/v1/partnership-requests?event_id={}&format=csv&limit=1", d.event)).token(&w.admin.token).send().await.expect(200);
    assert!(first.header("link").unwrap().contains("rel=\"next\""));
    assert_eq!(first.text().lines().count(), 2, "a header and one request");
});
