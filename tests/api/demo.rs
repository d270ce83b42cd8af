//! The demo data loads on both backends, follows the article, and works through the API.

use serde_json::json;

use crate::db_test;

db_test!(async fn demo_data_is_the_first_cluster2cluster_day(app) {
    let db = app.db().clone();
    let logins = actix_web::web::block(move || cluster2cluster::demo::load(&mut db.get().unwrap()))
        .await.unwrap().unwrap().expect("an empty database gets the demo");
    assert!(logins.iter().any(|l| l.email.starts_with("paola.margnini@")));
    // A second load leaves the data alone.
    let db = app.db().clone();
    let again = actix_web::web::block(move || cluster2cluster::demo::load(&mut db.get().unwrap())).await.unwrap().unwrap();
    assert!(again.is_none());

    let login = app.post("/api/v1/auth/login")
        .json(json!({"email": "paola.margnini@lombardia-aerospace.example", "password": cluster2cluster::demo::DEMO_PASSWORD}))
        .send().await.expect(200).json();
    let token = login["access_token"].as_str().unwrap();
    let clusters = app.get("/api/v1/clusters").token(token).send().await.expect(200).json();
    let names: Vec<&str> = clusters["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Lombardia Aerospace Cluster", "Swiss Aerospace Cluster"]);

    let events = app.get("/api/v1/events?status=closed").token(token).send().await.expect(200).json();
    let day = &events["items"][0];
    assert_eq!(day["venue"]["region"], "CH-NW");
    assert_eq!(day["time_zone"], "Europe/Zurich");
    assert_eq!(day["pitch_minutes"], 3);
    assert!(day["transport"].as_str().unwrap().contains("Bus from Lombardy"));
    assert_eq!(day["media_links"].as_array().unwrap().len(), 3);
    let id = day["id"].as_str().unwrap();
    let stats = app.get(&format!("/api/v1/events/{id}/stats")).token(token).send().await.expect(200).json();
    assert_eq!(stats["attendees"], 22, "22 entrepreneurs registered");
    assert_eq!(stats["checked_in_attendees"], 19, "three never came: their badges were not scanned");
    assert_eq!(stats["checked_in_companies"], 19);
    assert_eq!(stats["pitches"], 22);
    // The day's survey: six of the 22 answered; its results are the host's.
    let roland = app.post("/api/v1/auth/login")
        .json(json!({"email": "roland.hengartner@swiss-aerospace.example", "password": cluster2cluster::demo::DEMO_PASSWORD}))
        .send().await.expect(200).json()["access_token"].as_str().unwrap().to_owned();
    let survey = app.get(&format!("/api/v1/events/{id}/survey/results")).token(&roland).send().await.expect(200).json();
    assert_eq!((survey["responses"].clone(), survey["invited"].clone()), (json!(6), json!(22)));
    assert_eq!((survey["questions"][0]["mean"].clone(), survey["questions"][1]["mean"].clone()), (json!(4.33), json!(4.17)));
    assert_eq!(survey["questions"][2]["options"], json!([{"option": "yes", "count": 5}, {"option": "maybe", "count": 1}, {"option": "no", "count": 0}]));
    app.get(&format!("/api/v1/events/{id}/survey/results")).token(token).send().await.problem(403);
    assert_eq!(stats["requests"], 4);
    assert_eq!(stats["requests_accepted"], 2);
    assert_eq!(stats["meetings_agreed"], 2, "follow-up meetings with Swiss companies were agreed");
    // The outcome per cluster pair, exactly as README shows it.
    let csv = app.get(&format!("/api/v1/events/{id}/stats?format=csv")).token(token).send().await.expect(200).text();
    let readme = include_str!("../../README.md").replace("\r\n", "\n");
    assert!(readme.contains(&format!("```text\n{}```", csv.replace("\r\n", "\n"))), "README shows another answer than {csv}");
    assert!(csv.contains("Lombardia Aerospace Cluster,Swiss Aerospace Cluster,30,28,28,24,"), "{csv}");
    let agenda = app.get(&format!("/api/v1/events/{id}/agenda")).token(token).send().await.expect(200).json();
    assert_eq!(agenda["items"][1]["title"], "Introduction: Swiss Aerospace Cluster");
    // The day's public page, as README shows it: no token.
    assert_eq!(day["public_slug"], "cluster2cluster-nidwalden-2017-11-07");
    let public = app.get("/api/v1/public/events/cluster2cluster-nidwalden-2017-11-07").send().await.expect(200).json();
    assert_eq!(public["agenda"], agenda);
    assert_eq!(public["companies"].as_array().unwrap().len(), 22);
    assert_eq!(agenda["items"][3]["duration_minutes"], 3);
    let catalogue = app.get(&format!("/api/v1/events/{id}/catalogue?limit=500")).token(token).send().await.expect(200).json();
    let entries = catalogue["items"].as_array().unwrap();
    assert_eq!(entries.len(), 22);
    let text = catalogue.to_string();
    assert!(text.contains("Ivano Soliani") && text.contains("Massimo Buffetto") && text.contains("Zürich Avionik"));
    assert!(!text.contains("Chiara Rossi") && !text.contains("Silvia Ferrari"), "no consent, not in the catalogue");
    // `attended` is what the check-ins at the door recorded: most came, not all.
    let registered = app.get(&format!("/api/v1/events/{id}/registrations?limit=500")).token(token).send().await.expect(200).json();
    let attendees: Vec<&serde_json::Value> = registered["items"].as_array().unwrap().iter()
        .flat_map(|r| r["attendees"].as_array().unwrap().iter().map(|a| &a["id"]))
        .collect();
    let attended: Vec<bool> = entries.iter()
        .flat_map(|e| e["contacts"].as_array().unwrap().iter())
        .filter(|c| attendees.contains(&&c["id"]))
        .map(|c| c["attended"].as_bool().unwrap())
        .collect();
    assert!(attended.len() >= 10, "{attended:?}");
    assert!(attended.iter().any(|a| *a) && attended.iter().any(|a| !*a), "{attended:?}");

    // The article's trade figures: one published note for both clusters and the day, read
    // here by a company editor.
    let login = app.post("/api/v1/auth/login")
        .json(json!({"email": "ivano.soliani@soliani-emc.example", "password": cluster2cluster::demo::DEMO_PASSWORD}))
        .send().await.expect(200).json();
    let editor = login["access_token"].as_str().unwrap();
    // The networking hour as B2B meetings: a published schedule, and Soliani's own part of it.
    let runs = app.get(&format!("/api/v1/events/{id}/schedule-runs")).token(token).send().await.expect(200).json();
    assert_eq!(runs["items"][0]["status"], "published");
    let figures = &runs["items"][0]["figures"];
    assert!(figures["scheduled"].as_u64().unwrap() >= 10 && figures["mutual_scheduled"].as_u64().unwrap() > 0, "{figures}");
    let mine = app.get(&format!("/api/v1/events/{id}/registrations")).token(editor).send().await.expect(200).json();
    let rid = mine["items"][0]["id"].as_str().unwrap();
    let schedule = app.get(&format!("/api/v1/events/{id}/registrations/{rid}/schedule")).token(editor).send().await.expect(200).json();
    let meetings = schedule["meetings"].as_array().unwrap();
    assert!(!meetings.is_empty());
    assert!(meetings.iter().all(|m| m["table"].as_u64().unwrap() >= 1 && m["starts_at"].as_str().unwrap().starts_with("2017-11-23T1")));
    let notes = app.get(&format!("/api/v1/trade-notes?event_id={id}")).token(editor).send().await.expect(200).json();
    assert_eq!(notes["items"].as_array().unwrap().len(), 1);
    let note = &notes["items"][0];
    assert_eq!(note["status"], "published");
    assert_eq!(note["cluster_ids"], json!([cluster_id_named(&clusters, "Lombardia Aerospace Cluster"), cluster_id_named(&clusters, "Swiss Aerospace Cluster")]));
    let figures = note["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 4);
    let lombardy = &figures[0];
    assert_eq!((lombardy["reporter_area"].as_str(), lombardy["partner_area"].as_str()), (Some("IT-25"), Some("CH")));
    assert_eq!(lombardy["stated_change_pct"], "151");
    assert_eq!(lombardy["computed"]["change_pct"], "374.41", "+3,332,674 → +15,810,575");
    assert_eq!(lombardy["computed"]["stated_change_mismatch"], true);
    let varese = &figures[1];
    assert_eq!(varese["reporter_area"], "IT-VA");
    assert_eq!(varese["comparison_scale"], "thousands", "as printed");
    assert_eq!(varese["computed"]["comparison_value_base"], "-78436000");
    assert_eq!(varese["computed"]["change_pct_null_reason"], "comparison_negative");
    assert_eq!(varese["computed"]["stated_change_mismatch"], true, "+168 % from a negative base");
    assert_eq!(figures[2]["computed"]["value_base"], "27600000");
    assert_eq!(figures[3]["computed"]["value_base"], "17600000");
    assert_eq!(figures[3]["computed"]["change_pct_null_reason"], "no_comparison");
    // The outbox shows every kind of mail the service sends, for the demo admin to read.
    let admin = app.post("/api/v1/auth/login")
        .json(json!({"email": "admin@cluster2cluster.example", "password": cluster2cluster::demo::DEMO_PASSWORD}))
        .send().await.expect(200).json();
    let admin = admin["access_token"].as_str().unwrap();
    let outbox = app.get("/api/v1/admin/mail?limit=500").token(admin).send().await.expect(200).json();
    let mails = outbox["items"].as_array().unwrap();
    let mut kinds: Vec<&str> = mails.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), 13, "{kinds:?}");
    assert!(mails.iter().all(|m| m["status"] == "pending"), "no SMTP server: all waiting");
    let german = mails.iter().find(|m| m["kind"] == "meeting_request_received" && m["language"] == "de").expect("a German mail");
    assert!(german["subject"].as_str().unwrap().starts_with("Terminanfrage von "), "{german}");
    let schedule = mails.iter().find(|m| m["kind"] == "schedule_published" && m["language"] == "it" && m["attachment_name"] == "meetings.ics").expect("an Italian schedule with its .ics");
    let schedule = app.get(&format!("/api/v1/admin/mail/{}", schedule["id"].as_str().unwrap())).token(admin).send().await.expect(200).json();
    assert!(schedule["subject"].as_str().unwrap().starts_with("Il Suo programma di incontri per "));
    assert!(schedule["attachment"].as_str().unwrap().starts_with("BEGIN:VCALENDAR"));
    app.get("/api/v1/admin/mail").token(token).send().await.problem(403);
    let series = app.get("/api/v1/trade-notes/series?reporter_area=IT-25&partner_area=CH&hs_code=88&flow=balance")
        .token(editor).send().await.expect(200).json();
    let points: Vec<(&str, &str)> = series["points"].as_array().unwrap().iter()
        .map(|p| (p["period_start"].as_str().unwrap(), p["value_base"].as_str().unwrap())).collect();
    assert_eq!(points, [("2016-01", "3332674"), ("2017-01", "15810575")]);
});

fn cluster_id_named(clusters: &serde_json::Value, name: &str) -> String {
    clusters["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
