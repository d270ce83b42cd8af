//! `sort` on lists: allow-listed fields, both directions, stable with cursors, and cursors
//! that only continue the order they were issued for.

use serde_json::{Value, json};

use crate::common::world::member_input;
use crate::common::{Resp, TestApp};
use crate::db_test;
use crate::events::{create_event, event_body};

/// Every item of a list, following `next_cursor` pages of two.
async fn all_pages(app: &TestApp, token: &str, path_and_query: &str, field: &str) -> Vec<String> {
    pages_after(app, token, path_and_query, None, field).await
}

async fn pages_after(
    app: &TestApp,
    token: &str,
    path_and_query: &str,
    cursor: Option<&str>,
    field: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut url = match cursor {
        Some(c) => format!("{path_and_query}&limit=2&cursor={c}"),
        None => format!("{path_and_query}&limit=2"),
    };
    loop {
        let body = app.get(&url).token(token).send().await.expect(200).json();
        for item in body["items"].as_array().unwrap() {
            out.push(item[field].as_str().unwrap().to_owned());
        }
        match body["next_cursor"].as_str() {
            Some(next) => url = format!("{path_and_query}&limit=2&cursor={next}"),
            None => return out,
        }
    }
}

const NAMES: [&str; 7] = [
    "zeta sortprobe",
    "Äbi sortprobe",
    "abc sortprobe",
    "Abc sortprobe",
    "Ölwerk sortprobe",
    "1st sortprobe",
    "alpha sortprobe",
];

db_test!(async fn members_sort_by_name_ignoring_case_and_accents_in_both_directions(app) {
    let w = app.world().await;
    let mut ids = std::collections::HashMap::new();
    for name in NAMES {
        let m = app.post("/api/v1/members").token(&w.paola.token)
            .json(member_input(w.lombardy, name, "IT", "Milano")).send().await.expect(201).json();
        ids.insert(name, m["id"].as_str().unwrap().to_owned());
    }
    let list = "/api/v1/members?q=sortprobe";
    // "abc" and "Abc" fold alike: creation order decides, reversed when descending.
    let ascending = ["1st sortprobe", "abc sortprobe", "Abc sortprobe", "Äbi sortprobe", "alpha sortprobe",
        "Ölwerk sortprobe", "zeta sortprobe"];
    assert_eq!(all_pages(&app, &w.paola.token, &format!("{list}&sort=legal_name"), "legal_name").await, ascending);
    let mut descending = ascending;
    descending.reverse();
    assert_eq!(all_pages(&app, &w.paola.token, &format!("{list}&sort=-legal_name"), "legal_name").await, descending);
    // The default stays creation order.
    assert_eq!(all_pages(&app, &w.paola.token, list, "legal_name").await, NAMES);
    assert_eq!(all_pages(&app, &w.paola.token, &format!("{list}&sort=-created_at"), "legal_name").await,
        NAMES.iter().rev().copied().collect::<Vec<_>>());

    // The last edited first.
    let url = format!("/api/v1/members/{}", ids["Äbi sortprobe"]);
    app.patch(&url).token(&w.paola.token).json(json!({"city": "Como"})).send().await.expect(200);
    let by_update = all_pages(&app, &w.paola.token, &format!("{list}&sort=-updated_at"), "legal_name").await;
    assert_eq!(by_update[0], "Äbi sortprobe");
    assert_eq!(by_update.len(), NAMES.len());

    // A renamed company moves; a cursor keeps its place while rows change around it.
    let url = format!("/api/v1/members/{}", ids["zeta sortprobe"]);
    app.patch(&url).token(&w.paola.token).json(json!({"legal_name": "Aardvark sortprobe"})).send().await.expect(200);
    let first = app.get(&format!("{list}&sort=legal_name&limit=3")).token(&w.paola.token).send().await.expect(200).json();
    let shown: Vec<&str> = first["items"].as_array().unwrap().iter().map(|m| m["legal_name"].as_str().unwrap()).collect();
    assert_eq!(shown, ["1st sortprobe", "Aardvark sortprobe", "abc sortprobe"]);
    // Added before the cursor: not shown again and nothing skipped after it.
    app.post("/api/v1/members").token(&w.paola.token)
        .json(member_input(w.lombardy, "Aaa sortprobe", "IT", "Milano")).send().await.expect(201);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = pages_after(&app, &w.paola.token, &format!("{list}&sort=legal_name"), Some(cursor), "legal_name").await;
    assert_eq!(rest, ["Abc sortprobe", "Äbi sortprobe", "alpha sortprobe", "Ölwerk sortprobe"]);

    // A cursor continues only the order it was issued for.
    let p = app.get(&format!("{list}&sort=-legal_name&cursor={cursor}")).token(&w.paola.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["cursor"]);
    let p = app.get(&format!("{list}&cursor={cursor}")).token(&w.paola.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["cursor"]);
    // Only allow-listed fields.
    for bad in ["password_hash", "name", "--legal_name", "legal_name,id"] {
        let p = app.get(&format!("{list}&sort={bad}")).token(&w.paola.token).send().await.problem(400);
        assert_eq!(Resp::error_fields(&p), vec!["sort"], "{bad}");
        assert!(p.to_string().contains("legal_name, -legal_name"), "{p}");
    }
});

db_test!(async fn events_sort_by_start_in_both_directions_across_pages(app) {
    let w = app.world().await;
    let starts = ["2031-03-01", "2030-01-15", "2032-07-09", "2030-01-15", "2029-12-31"];
    let mut made = Vec::new();
    for (i, day) in starts.iter().enumerate() {
        let mut body = event_body(&w);
        body["title"] = json!(format!("sortprobe {i}"));
        body["starts_at"] = json!(format!("{day}T09:00:00+01:00"));
        body["ends_at"] = json!(format!("{day}T17:00:00+01:00"));
        body["registration_deadline"] = Value::Null;
        made.push(create_event(&app, &w, body).await);
    }
    let list = format!("/api/v1/events?cluster_id={}&status=draft", w.swiss);
    let titles = all_pages(&app, &w.roland.token, &format!("{list}&sort=starts_at"), "title").await;
    let probes: Vec<&str> = titles.iter().filter(|t| t.starts_with("sortprobe")).map(String::as_str).collect();
    // Same start (1 and 3): creation order.
    assert_eq!(probes, ["sortprobe 4", "sortprobe 1", "sortprobe 3", "sortprobe 0", "sortprobe 2"]);
    let titles = all_pages(&app, &w.roland.token, &format!("{list}&sort=-starts_at"), "title").await;
    let probes: Vec<&str> = titles.iter().filter(|t| t.starts_with("sortprobe")).map(String::as_str).collect();
    assert_eq!(probes, ["sortprobe 2", "sortprobe 0", "sortprobe 3", "sortprobe 1", "sortprobe 4"]);
    // A time in a cursor is checked like the rest of it.
    let forged = base64_url(&format!("v1:starts_at\u{1f}yesterday\u{1f}{}", made[0]["id"].as_str().unwrap()));
    let p = app.get(&format!("{list}&sort=starts_at&cursor={forged}")).token(&w.roland.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["cursor"]);
    let p = app.get(&format!("{list}&sort=title")).token(&w.roland.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["sort"]);
});

db_test!(async fn names_written_before_sort_keys_get_theirs_at_start_up(app) {
    let w = app.world().await;
    use cluster2cluster::store::schema::members;
    use diesel::prelude::*;
    app.db().run(|conn| {
        diesel::update(members::table).set(members::name_key.eq(None::<String>)).execute(conn)?;
        Ok(())
    }).await.unwrap();
    let mut conn = app.db().get().unwrap();
    cluster2cluster::store::run_migrations(&mut conn).unwrap();
    drop(conn);
    let missing: i64 = app.db().run(|conn| {
        Ok(members::table.filter(members::name_key.is_null()).count().get_result(conn)?)
    }).await.unwrap();
    assert_eq!(missing, 0);
    let names = all_pages(&app, &w.paola.token, "/api/v1/members?sort=legal_name", "legal_name").await;
    let mut expected = names.clone();
    expected.sort_by_key(|n| cluster2cluster::domain::text::fold(n));
    assert!(names.len() >= 3);
    assert_eq!(names, expected);
});

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

db_test!(async fn partnership_requests_sort_by_creation_or_last_change_across_pages(app) {
    let w = app.world().await;
    // The requests made here: those created from now on.
    let since = (chrono::Utc::now() - chrono::Duration::seconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut ids = Vec::new();
    for (token, from, to) in [
        (&w.ivano.token, w.soliani, w.aviometal),
        (&w.ivano.token, w.soliani, w.helvetic),
        (&w.buffetto.token, w.aviometal, w.soliani),
        (&w.buffetto.token, w.aviometal, w.helvetic),
    ] {
        let r = app.post("/api/v1/partnership-requests").token(token)
            .json(json!({"from_member_id": from, "to_member_id": to, "subject": "Sorting", "kind": "supply"}))
            .send().await.expect(201).json();
        ids.push(r["id"].as_str().unwrap().to_owned());
    }
    // The first one changes last: it moves to the end of the last-change order.
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.post(&format!("/api/v1/partnership-requests/{}/accept", ids[0])).token(&w.buffetto.token).send().await.expect(200);

    let list = format!("/api/v1/partnership-requests?from={since}");
    let created = all_pages(&app, &w.admin.token, &format!("{list}&sort=created_at"), "id").await;
    assert_eq!(created, ids, "creation order, as without sort");
    assert_eq!(all_pages(&app, &w.admin.token, &list, "id").await, ids);
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(all_pages(&app, &w.admin.token, &format!("{list}&sort=-created_at"), "id").await, newest_first);
    let changed = all_pages(&app, &w.admin.token, &format!("{list}&sort=updated_at"), "id").await;
    assert_eq!(changed, [ids[1].clone(), ids[2].clone(), ids[3].clone(), ids[0].clone()], "the accepted request last");
    let recent = all_pages(&app, &w.admin.token, &format!("{list}&sort=-updated_at"), "id").await;
    assert_eq!(recent[0], ids[0], "the accepted request first");
    assert_eq!(recent.len(), 4);
    // Each caller still sees only their own: Helvetic's editor the two sent to Helvetic.
    let anna = all_pages(&app, &w.anna.token, &format!("{list}&sort=-updated_at"), "id").await;
    assert_eq!(anna, [ids[3].clone(), ids[1].clone()]);

    // The CSV page follows the same order; a cursor holds only for its own order.
    let csv = app.get(&format!("/api/v1/partnership-requests.csv?from={since}&sort=-created_at"))
        .token(&w.admin.token).send().await.expect(200).text();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(rows[0].starts_with(&ids[3]) && rows[3].starts_with(&ids[0]), "{csv}");
    let page = app.get(&format!("{list}&sort=updated_at&limit=2")).token(&w.admin.token).send().await.expect(200).json();
    let cursor = page["next_cursor"].as_str().unwrap();
    let p = app.get(&format!("{list}&sort=created_at&cursor={cursor}")).token(&w.admin.token).send().await.problem(400);
    assert!(p.to_string().contains("cursor"), "{p}");
    let p = app.get(&format!("{list}&sort=subject")).token(&w.admin.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), ["sort"], "{p}");
});
