//! Trade-statistics notes: the article's figures and what the service computes on them
//! (exact decimals, scales, null reasons, the stated-change check), validation, access,
//! If-Match, filters, the series and the CSV export read back with Python's csv module.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp};
use crate::db_test;

/// The Lombard aircraft balance of the article, with fields replaced by `changes`.
pub fn figure(changes: Value) -> Value {
    let mut f = json!({
        "reporter_area": "IT-25", "reporter_area_name": "Lombardia",
        "partner_area": "CH",
        "product": "aircraft", "hs_code": "88", "flow": "balance",
        "period_start": "2017-01", "period_end": "2017-09",
        "comparison_period_start": "2016-01", "comparison_period_end": "2016-09",
        "value": "15810575", "comparison_value": "3332674",
        "currency": "EUR", "scale": "units",
        "stated_change_pct": "151"
    });
    for (key, value) in changes.as_object().unwrap() {
        if value.is_null() && !key.starts_with("comparison_") {
            f.as_object_mut().unwrap().remove(key);
        } else {
            f[key] = value.clone();
        }
    }
    f
}

pub fn note(clusters: &[Uuid], figures: Vec<Value>) -> Value {
    json!({
        "title": "Aircraft trade, Lombardy and Switzerland",
        "narrative": "Figures from the article on the *first* Cluster2Cluster day.",
        "source": {"publisher": "Article on the first Cluster2Cluster event", "url": "https://news.example/c2c", "date": "2017-11-30"},
        "language": "en",
        "cluster_ids": clusters,
        "figures": figures
    })
}

/// The article's figures (values, units and stated changes as printed), plus a share with an
/// illustrative total.
pub fn article_figures() -> Vec<Value> {
    vec![
        figure(json!({})),
        figure(
            json!({"reporter_area": "IT-VA", "reporter_area_name": "Provincia di Varese",
            "value": "6932268", "comparison_value": "-78436", "comparison_scale": "thousands",
            "stated_change_pct": "168"}),
        ),
        figure(
            json!({"flow": "export", "value": "27.6", "comparison_value": null,
            "scale": "millions", "stated_change_pct": "200"}),
        ),
        figure(
            json!({"flow": "export", "reporter_area": "IT-VA", "value": "17.6",
            "comparison_value": null, "scale": "millions", "stated_change_pct": "200"}),
        ),
        figure(
            json!({"flow": "export", "product": "aerospace", "hs_code": null, "value": "27.6",
            "comparison_value": null, "comparison_period_start": null, "comparison_period_end": null,
            "scale": "millions", "stated_change_pct": null, "total_value": "49.286"}),
        ),
    ]
}

pub async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    app.post("/api/v1/trade-notes")
        .token(token)
        .json(body)
        .send()
        .await
        .expect(201)
        .json()
}

fn computed(note: &Value, i: usize) -> &Value {
    &note["figures"][i]["computed"]
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

db_test!(async fn the_article_figures_are_computed_and_the_wrong_ones_flagged(app) {
    let w = app.world().await;
    let resp = app.post("/api/v1/trade-notes").token(&w.paola.token)
        .json(note(&[w.lombardy], article_figures())).send().await.expect(201);
    let n = resp.json();
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/trade-notes/{}", n["id"].as_str().unwrap()));
    for key in ["id", "title", "narrative", "source", "language", "cluster_ids", "event_ids", "status", "figures"] {
        assert!(n.get(key).is_some(), "contract field {key}");
    }
    assert_eq!(n["status"], "draft");
    assert_eq!(n["source"], json!({"publisher": "Article on the first Cluster2Cluster event", "url": "https://news.example/c2c", "date": "2017-11-30"}));
    assert_eq!(n["author_id"], w.paola.id.to_string());

    // Lombardy: +3,332,674 → +15,810,575 is +374.41 %, not the +151 % the article states.
    let f = &n["figures"][0];
    assert_eq!(f["reporter_area_kind"], "region");
    assert_eq!(f["partner_area_kind"], "country");
    assert_eq!(f["value"], "15810575");
    assert_eq!(f["comparison_scale"], "units", "defaults to scale");
    assert_eq!(f["computed"], json!({
        "value_base": "15810575", "comparison_value_base": "3332674", "change_abs": "12477901",
        "change_pct": "374.41", "change_pct_null_reason": null, "ratio": "4.7441",
        "share_pct": null, "stated_change_mismatch": true
    }));
    // Varese: −78,436 thousand → 6,932,268: no percentage of a negative base.
    assert_eq!(computed(&n, 1), &json!({
        "value_base": "6932268", "comparison_value_base": "-78436000", "change_abs": "85368268",
        "change_pct": null, "change_pct_null_reason": "comparison_negative", "ratio": null,
        "share_pct": null, "stated_change_mismatch": true
    }));
    assert_eq!(n["figures"][1]["comparison_value"], "-78436", "stored as printed");
    assert_eq!(n["figures"][1]["comparison_scale"], "thousands");
    // Exports "almost tripled": no 2016 value, so nothing to check.
    assert_eq!(computed(&n, 2), &json!({
        "value_base": "27600000", "comparison_value_base": null, "change_abs": null,
        "change_pct": null, "change_pct_null_reason": "no_comparison", "ratio": null,
        "share_pct": null, "stated_change_mismatch": null
    }));
    assert_eq!(computed(&n, 3)["value_base"], "17600000");
    // Lombardy's share of Italy's aerospace exports to Switzerland.
    assert_eq!(computed(&n, 4)["share_pct"], "56.00");
    assert!(n["figures"][4]["comparison_period_start"].is_null());

    // The same on a fresh read, with an ETag and 304.
    let id = n["id"].as_str().unwrap();
    let read = app.get(&format!("/api/v1/trade-notes/{id}")).token(&w.paola.token).send().await.expect(200);
    assert_eq!(read.json(), n);
    let etag = read.header("etag").unwrap();
    app.get(&format!("/api/v1/trade-notes/{id}")).token(&w.paola.token)
        .header("if-none-match", &etag).send().await.expect(304);
});

db_test!(async fn billions_scales_and_negative_balances_stay_exact(app) {
    let w = app.world().await;
    let n = create(&app, &w.paola.token, note(&[w.lombardy], vec![
        // Billions in thousands, a thousandth of a thousand apart.
        figure(json!({"value": "45678901234.567", "comparison_value": "45678901234.566", "scale": "thousands", "stated_change_pct": null})),
        // The largest amounts accepted, against the smallest comparison.
        figure(json!({"value": "999999999999999.999", "scale": "millions", "comparison_value": "0.001", "comparison_scale": "units", "stated_change_pct": null})),
        // From a surplus to a deficit, written with leading zeros, a plus sign and a trailing zero.
        figure(json!({"value": "-050.50", "comparison_value": "+101", "scale": "millions", "stated_change_pct": "-150"})),
        // Negative zero and cents.
        figure(json!({"value": "-0", "comparison_value": "0.125", "stated_change_pct": null})),
    ])).await;
    assert_eq!(computed(&n, 0)["value_base"], "45678901234567");
    assert_eq!(computed(&n, 0)["change_abs"], "1");
    assert_eq!(computed(&n, 0)["change_pct"], "0.00");
    assert_eq!(computed(&n, 0)["ratio"], "1.0000");
    assert_eq!(computed(&n, 1)["value_base"], "999999999999999999000");
    assert_eq!(computed(&n, 1)["change_abs"], "999999999999999998999.999");
    assert_eq!(computed(&n, 1)["ratio"], "999999999999999999000000.0000");
    let f = &n["figures"][2];
    assert_eq!(f["value"], "-50.5");
    assert_eq!(f["comparison_value"], "101");
    assert_eq!(f["stated_change_pct"], "-150");
    assert_eq!(f["computed"]["value_base"], "-50500000");
    assert_eq!(f["computed"]["change_abs"], "-151500000");
    assert_eq!(f["computed"]["change_pct"], "-150.00");
    assert_eq!(f["computed"]["ratio"], "-0.5000");
    assert_eq!(f["computed"]["stated_change_mismatch"], false);
    assert_eq!(n["figures"][3]["value"], "0");
    assert_eq!(computed(&n, 3)["change_pct"], "-100.00");
    // What was stored reads back identically on this backend.
    let id = n["id"].as_str().unwrap();
    let read = app.get(&format!("/api/v1/trade-notes/{id}")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(read["figures"], n["figures"]);
});

db_test!(async fn every_null_reason_is_named(app) {
    let w = app.world().await;
    let n = create(&app, &w.paola.token, note(&[w.lombardy], vec![
        figure(json!({"comparison_value": "0", "stated_change_pct": "100"})),
        figure(json!({"comparison_value": "-1", "stated_change_pct": null})),
        figure(json!({"comparison_value": null, "stated_change_pct": "151"})),
    ])).await;
    let reasons: Vec<&Value> = (0..3).map(|i| &computed(&n, i)["change_pct_null_reason"]).collect();
    assert_eq!(reasons, [&json!("comparison_zero"), &json!("comparison_negative"), &json!("no_comparison")]);
    for i in 0..3 {
        assert!(computed(&n, i)["change_pct"].is_null());
        assert!(computed(&n, i)["ratio"].is_null());
    }
    assert_eq!(computed(&n, 0)["change_abs"], "15810575");
    assert_eq!(computed(&n, 0)["stated_change_mismatch"], true, "a percentage of nothing");
    assert_eq!(computed(&n, 1)["change_abs"], "15810576");
    assert!(computed(&n, 1)["stated_change_mismatch"].is_null(), "nothing stated");
    assert!(computed(&n, 2)["change_abs"].is_null());
    assert!(computed(&n, 2)["stated_change_mismatch"].is_null(), "nothing to check against");
});

db_test!(async fn codes_periods_and_amounts_are_validated(app) {
    let w = app.world().await;
    let post = |body: Value| app.post("/api/v1/trade-notes").token(&w.paola.token).json(body).send();
    let p = post(note(&[w.lombardy], vec![
        figure(json!({"period_end": "2016-12"})),
        figure(json!({"currency": "EURO"})),
        figure(json!({"currency": "ABC", "reporter_area": "Lombardia", "partner_area": "XX"})),
        figure(json!({"comparison_period_end": "2016-06"})),
        figure(json!({"comparison_period_start": "2016-06", "comparison_period_end": "2017-02"})),
        figure(json!({"hs_code": "8", "flow": "export", "value": "-5"})),
        figure(json!({"comparison_period_start": null, "comparison_period_end": null})),
        figure(json!({"partner_area": "IT-25"})),
        figure(json!({"reporter_area": "ITC41", "partner_area": "CH-NW", "total_value": "1"})),
    ])).await.problem(422);
    assert_eq!(Resp::error_fields(&p), [
        "figures[0].period_end",
        "figures[1].currency",
        "figures[2].reporter_area", "figures[2].partner_area", "figures[2].currency",
        "figures[3].comparison_period_end",
        "figures[4].comparison_period_start",
        "figures[5].hs_code", "figures[5].value",
        "figures[6].comparison_period_start",
        "figures[7].partner_area",
        "figures[8].total_value",
    ], "{p}");
    let message = |field: &str| p["errors"].as_array().unwrap().iter()
        .find(|e| e["field"] == field).unwrap()["message"].as_str().unwrap().to_owned();
    assert!(message("figures[0].period_end").contains("before period_start"));
    assert!(message("figures[1].currency").contains("ISO 4217"));
    assert!(message("figures[3].comparison_period_end").contains("9 months, not 6"));

    // Shapes serde refuses, each with its path.
    for (changes, field, words) in [
        (json!({"value": 15810575}), "figures[0].value", "written as a string"),
        (json!({"value": "15,810,575"}), "figures[0].value", "decimal number"),
        (json!({"value": "1e6"}), "figures[0].value", "decimal number"),
        (json!({"value": "0.0001"}), "figures[0].value", "3 digits"),
        (json!({"value": "1234567890123456"}), "figures[0].value", "15 digits"),
        (json!({"stated_change_pct": "151%"}), "figures[0].stated_change_pct", "decimal number"),
        (json!({"period_start": "2017-13"}), "figures[0].period_start", "YYYY-MM"),
        (json!({"period_start": "Jan 2017"}), "figures[0].period_start", "YYYY-MM"),
        (json!({"flow": "re-export"}), "figures[0].flow", "unknown variant"),
        (json!({"scale": "billions"}), "figures[0].scale", "unknown variant"),
    ] {
        let p = post(note(&[w.lombardy], vec![figure(changes.clone())])).await.problem(422);
        assert_eq!(Resp::error_fields(&p), [field], "{changes}: {p}");
        assert!(p["errors"][0]["message"].as_str().unwrap().contains(words), "{changes}: {p}");
    }
    // The comparison keys are required, even when null.
    let mut f = figure(json!({}));
    f.as_object_mut().unwrap().remove("comparison_value");
    let p = post(note(&[w.lombardy], vec![f])).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["figures[0].comparison_value"]);
    assert_eq!(p["errors"][0]["message"], "is required");

    // The note itself.
    let mut body = note(&[w.lombardy, w.lombardy], vec![]);
    body["language"] = json!("Italian");
    body["source"]["url"] = json!("ftp://example.org/x");
    let p = post(body).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["figures", "language", "source.url"]);
    let p = post(note(&[w.lombardy, w.lombardy], vec![figure(json!({}))])).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["cluster_ids[1]"]);
    let p = post(note(&[], vec![figure(json!({}))])).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["cluster_ids"]);
    // Unknown clusters and events (an admin may link any cluster).
    let mut body = note(&[w.lombardy, Uuid::now_v7()], vec![figure(json!({}))]);
    body["event_ids"] = json!([Uuid::now_v7()]);
    let p = app.post("/api/v1/trade-notes").token(&w.admin.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["cluster_ids[1]", "event_ids[0]"]);

    // Nothing was written.
    let list = app.get("/api/v1/trade-notes").token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(list["items"], json!([]));
});

db_test!(async fn managers_of_every_linked_cluster_write_and_drafts_stay_with_them(app) {
    let w = app.world().await;
    let url = |n: &Value| format!("/api/v1/trade-notes/{}", n["id"].as_str().unwrap());
    // Editors and other clusters' managers cannot write for Lombardy.
    for token in [&w.ivano.token, &w.roland.token, &w.nobody.token] {
        app.post("/api/v1/trade-notes").token(token).json(note(&[w.lombardy], vec![figure(json!({}))]))
            .send().await.problem(403);
    }
    // Paola speaks for Lombardy only, not for both clusters.
    app.post("/api/v1/trade-notes").token(&w.paola.token).json(note(&[w.lombardy, w.swiss], vec![figure(json!({}))]))
        .send().await.problem(403);
    let draft = create(&app, &w.paola.token, note(&[w.lombardy], vec![figure(json!({}))])).await;
    let joint = create(&app, &w.admin.token, note(&[w.lombardy, w.swiss], vec![figure(json!({}))])).await;

    // A draft is "not found" outside its cluster's managers.
    app.get(&url(&draft)).token(&w.roland.token).send().await.problem(404);
    app.get(&url(&draft)).token(&w.ivano.token).send().await.problem(404);
    app.get(&url(&draft)).token(&w.admin.token).send().await.expect(200);
    // The joint draft is visible to both managers, but only an admin may change it.
    app.get(&url(&joint)).token(&w.roland.token).send().await.expect(200);
    app.patch(&url(&joint)).token(&w.paola.token).json(json!({"title": "Mine now"})).send().await.problem(403);
    app.delete(&url(&joint)).token(&w.roland.token).send().await.problem(403);
    let list = |token: String| {
        let app = &app;
        async move { ids(&app.get("/api/v1/trade-notes").token(&token).send().await.expect(200).json()) }
    };
    assert_eq!(list(w.nobody.token.clone()).await, Vec::<String>::new());
    assert_eq!(list(w.roland.token.clone()).await, [joint["id"].as_str().unwrap()]);
    assert_eq!(list(w.paola.token.clone()).await.len(), 2);

    // Publishing makes it visible to everyone signed in, read-only.
    let etag = app.get(&url(&draft)).token(&w.paola.token).send().await.header("etag").unwrap();
    let published = app.patch(&url(&draft)).token(&w.paola.token).header("if-match", &etag)
        .json(json!({"status": "published"})).send().await.expect(200).json();
    assert_eq!(published["status"], "published");
    app.get(&url(&draft)).token(&w.ivano.token).send().await.expect(200);
    assert_eq!(list(w.nobody.token.clone()).await, [draft["id"].as_str().unwrap()]);
    app.patch(&url(&draft)).token(&w.roland.token).json(json!({"title": "x"})).send().await.problem(403);
    app.put(&url(&draft)).token(&w.ivano.token).json(note(&[w.lombardy], vec![figure(json!({}))])).send().await.problem(403);
    // Paola cannot hand her note to the Swiss cluster either.
    app.patch(&url(&draft)).token(&w.paola.token).json(json!({"cluster_ids": [w.lombardy, w.swiss]})).send().await.problem(403);
    // Nor link a draft event she cannot see (the Swiss cluster meets another one).
    let bavaria = app.post("/api/v1/clusters").token(&w.admin.token).json(json!({
        "name": "Bavaria Aerospace", "slug": "bavaria-aerospace", "country": "DE", "sector": "aerospace"
    })).send().await.expect(201).json();
    let event = crate::events::create_event(&app, &w, json!({
        "title": "Swiss–Bavarian day", "host_cluster_id": w.swiss, "guest_cluster_ids": [bavaria["id"]],
        "starts_at": "2030-05-14T09:00:00+02:00", "ends_at": "2030-05-14T17:30:00+02:00",
        "time_zone": "Europe/Zurich", "venue": {"name": "Stans", "city": "Stans", "country": "CH"}, "capacity": 40
    })).await;
    let p = app.patch(&url(&draft)).token(&w.paola.token).json(json!({"event_ids": [event["id"]]})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["event_ids[0]"]);
    let published_event = crate::events::published_event(&app, &w).await;
    let linked = app.patch(&url(&draft)).token(&w.paola.token).json(json!({"event_ids": [published_event]})).send().await.expect(200).json();
    assert_eq!(linked["event_ids"], json!([published_event.to_string()]));
});

db_test!(async fn put_patch_and_delete_honour_if_match_and_write_all_or_nothing(app) {
    let w = app.world().await;
    let n = create(&app, &w.paola.token, note(&[w.lombardy], article_figures())).await;
    let url = format!("/api/v1/trade-notes/{}", n["id"].as_str().unwrap());
    let etag = app.get(&url).token(&w.paola.token).send().await.header("etag").unwrap();

    app.patch(&url).token(&w.paola.token).header("if-match", "\"stale\"").json(json!({"title": "x"})).send().await.problem(412);
    // A change to nothing keeps the ETag (and the figures' ids).
    let same = app.patch(&url).token(&w.paola.token).header("if-match", &etag)
        .json(json!({"title": n["title"], "figures": article_figures()})).send().await.expect(200);
    assert_eq!(same.header("etag").unwrap(), etag);
    assert_eq!(same.json()["figures"][0]["id"], n["figures"][0]["id"]);
    // PATCH with a new figure list replaces it whole.
    let patched = app.patch(&url).token(&w.paola.token).header("if-match", &etag)
        .json(json!({"figures": [figure(json!({"stated_change_pct": "374"}))]})).send().await.expect(200);
    let new_etag = patched.header("etag").unwrap();
    assert_ne!(new_etag, etag);
    let patched = patched.json();
    assert_eq!(patched["figures"].as_array().unwrap().len(), 1);
    assert_eq!(computed(&patched, 0)["stated_change_mismatch"], false, "374 is within a point of 374.41");
    assert_eq!(patched["title"], n["title"]);
    // The old ETag no longer works.
    app.put(&url).token(&w.paola.token).header("if-match", &etag).json(note(&[w.lombardy], article_figures())).send().await.problem(412);
    // A PUT that breaks a rule changes nothing.
    let p = app.put(&url).token(&w.paola.token).json(note(&[w.lombardy], vec![figure(json!({})), figure(json!({"currency": "XXX"}))])).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["figures[1].currency"]);
    let p = app.patch(&url).token(&w.paola.token).json(json!({"title": null})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["title"]);
    let read = app.get(&url).token(&w.paola.token).send().await;
    assert_eq!(read.header("etag").unwrap(), new_etag);
    // PUT replaces everything.
    let mut body = note(&[w.lombardy], vec![figure(json!({"flow": "import", "value": "100", "comparison_value": "50", "stated_change_pct": null}))]);
    body["status"] = json!("published");
    body["narrative"] = json!("");
    let put = app.put(&url).token(&w.paola.token).header("if-match", &new_etag).json(body).send().await.expect(200).json();
    assert_eq!(put["status"], "published");
    assert_eq!(put["narrative"], "");
    assert_eq!(computed(&put, 0)["change_pct"], "100.00");
    // Delete: stale ETag refused, then gone with its figures.
    app.delete(&url).token(&w.paola.token).header("if-match", &new_etag).send().await.problem(412);
    app.delete(&url).token(&w.paola.token).send().await.expect(204);
    app.get(&url).token(&w.paola.token).send().await.problem(404);
    let figures = app.get("/api/v1/trade-notes/figures").token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(figures["items"], json!([]));
});

db_test!(async fn notes_and_figures_filter_by_pair_product_flow_period_cluster_and_event(app) {
    let w = app.world().await;
    let event = crate::events::published_event(&app, &w).await;
    let published = |mut body: Value| { body["status"] = json!("published"); body };
    let a = create(&app, &w.paola.token, published(note(&[w.lombardy], vec![figure(json!({}))]))).await;
    let mut body = published(note(&[w.lombardy], vec![figure(json!({"reporter_area": "CH", "partner_area": "IT-25",
        "product": "AIRCRAFT ", "flow": "import", "period_start": "2018-01", "period_end": "2018-12",
        "comparison_period_start": null, "comparison_period_end": null, "comparison_value": null, "stated_change_pct": null}))]));
    body["event_ids"] = json!([event]);
    let b = create(&app, &w.paola.token, body).await;
    let c = create(&app, &w.paola.token, published(note(&[w.lombardy], vec![figure(json!({"reporter_area": "ITC41",
        "product": "Aircraft", "hs_code": "8802", "flow": "export", "value": "17.6", "scale": "millions", "comparison_value": null}))]))).await;
    let d = create(&app, &w.roland.token, published(note(&[w.swiss], vec![figure(json!({"reporter_area": "DE", "partner_area": "CH",
        "product": "machinery", "hs_code": "84", "flow": "export"}))]))).await;
    // A draft of the Swiss cluster, invisible to Lombardy's people.
    create(&app, &w.roland.token, note(&[w.swiss], vec![figure(json!({"reporter_area": "CH", "partner_area": "IT-25"}))])).await;
    let id = |n: &Value| n["id"].as_str().unwrap().to_owned();
    let (a, b, c, d) = (id(&a), id(&b), id(&c), id(&d));

    let (swiss, event) = (format!("cluster_id={}", w.swiss), format!("event_id={event}"));
    for (query, expected) in [
        ("", vec![&a, &b, &c, &d]),
        ("reporter_area=IT-25&partner_area=CH", vec![&a, &b]),
        ("reporter_area=CH&partner_area=IT-25", vec![&a, &b]),
        ("reporter_area=CH", vec![&a, &b, &c, &d]),
        ("partner_area=ITC41", vec![&c]),
        ("product=aircraft", vec![&a, &b, &c]),
        ("product=A%C3%8FRCRAFT", vec![&a, &b, &c]),
        ("hs_code=88", vec![&a, &b, &c]),
        ("hs_code=8802", vec![&c]),
        ("flow=export", vec![&c, &d]),
        ("flow=export&product=aircraft", vec![&c]),
        ("from=2018-01", vec![&b]),
        ("from=2017-01&to=2017-12", vec![&a, &c, &d]),
        ("to=2016-12", vec![]),
        (&swiss, vec![&d]),
        (&event, vec![&b]),
        ("status=draft", vec![]),
    ] {
        let list = app.get(&format!("/api/v1/trade-notes?{query}")).token(&w.ivano.token).send().await.expect(200).json();
        let expected: Vec<String> = expected.into_iter().cloned().collect();
        assert_eq!(ids(&list), expected, "{query}");
    }
    // The notes answer with all their figures; the figure list with only the matching ones.
    let figures = app.get("/api/v1/trade-notes/figures?reporter_area=IT-25&partner_area=CH&limit=1")
        .token(&w.ivano.token).send().await.expect(200);
    let link = figures.header("link").unwrap();
    let first = figures.json();
    assert_eq!(first["items"][0]["note_id"], a.as_str());
    assert_eq!(first["items"][0]["note_title"], "Aircraft trade, Lombardy and Switzerland");
    assert_eq!(first["items"][0]["computed"]["change_pct"], "374.41");
    assert!(link.contains("rel=\"next\""), "{link}");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("/api/v1/trade-notes/figures?reporter_area=IT-25&partner_area=CH&limit=1&cursor={cursor}"))
        .token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(second["items"][0]["note_id"], b.as_str());
    assert_eq!(second["items"][0]["flow"], "import");
    assert_eq!(second["items"][0]["product"], "AIRCRAFT", "spacing tidied, spelling kept");
    assert!(second["next_cursor"].is_null());
    // Roland sees his draft's figure too.
    let all = app.get("/api/v1/trade-notes/figures?reporter_area=CH&partner_area=IT-25").token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(all["items"].as_array().unwrap().len(), 3);

    for (query, field) in [
        ("reporter_area=Lombardia", "reporter_area"),
        ("partner_area=ch", "partner_area"),
        ("hs_code=8", "hs_code"),
        ("hs_code=88%25", "hs_code"),
        ("from=2017-13", "from"),
        ("from=2018-01&to=2017-01", "to"),
        ("flow=transit", "flow"),
        ("status=archived", "status"),
        ("region=IT-25", "region"),
    ] {
        for path in ["/api/v1/trade-notes", "/api/v1/trade-notes/figures"] {
            let p = app.get(&format!("{path}?{query}")).token(&w.ivano.token).send().await.problem(400);
            assert_eq!(Resp::error_fields(&p), [field], "{path}?{query}: {p}");
        }
    }
});

db_test!(async fn the_series_joins_notes_and_mirrors_the_partner_side(app) {
    let w = app.world().await;
    let published = |mut body: Value| { body["status"] = json!("published"); body };
    // Lombardy's balance (2017 against 2016), and Switzerland's view of 2015.
    let lombard = create(&app, &w.paola.token, published(note(&[w.lombardy], vec![
        figure(json!({})),
        figure(json!({"flow": "export", "period_start": "2018-01", "period_end": "2018-09",
            "comparison_period_start": null, "comparison_period_end": null, "comparison_value": null,
            "value": "27.6", "scale": "millions", "stated_change_pct": null})),
    ]))).await;
    let swiss = create(&app, &w.roland.token, published(note(&[w.swiss], vec![
        figure(json!({"reporter_area": "CH", "partner_area": "IT-25", "product": "Aircraft", "period_start": "2015-01", "period_end": "2015-09",
            "comparison_period_start": null, "comparison_period_end": null, "comparison_value": null,
            "value": "-1000", "scale": "thousands", "stated_change_pct": null})),
        figure(json!({"reporter_area": "CH", "partner_area": "IT-25", "flow": "import", "period_start": "2019-01", "period_end": "2019-09",
            "comparison_period_start": null, "comparison_period_end": null, "comparison_value": null,
            "value": "30", "scale": "millions", "stated_change_pct": null})),
        // Another product and another pair stay out.
        figure(json!({"reporter_area": "CH", "partner_area": "IT-25", "product": "watches", "hs_code": "91"})),
        figure(json!({"reporter_area": "CH", "partner_area": "IT-VA"})),
    ]))).await;
    // A Lombard draft is in Paola's series only.
    create(&app, &w.paola.token, note(&[w.lombardy], vec![figure(json!({"period_start": "2020-01", "period_end": "2020-09",
        "comparison_period_start": "2019-01", "comparison_period_end": "2019-09"}))])).await;
    let note_id = |n: &Value| n["id"].as_str().unwrap().to_owned();
    let points = |token: String, query: &'static str| {
        let app = &app;
        async move {
            let s = app.get(&format!("/api/v1/trade-notes/series?{query}")).token(&token).send().await.expect(200).json();
            s["points"].as_array().unwrap().iter()
                .map(|p| (p["period_start"].as_str().unwrap().to_owned(), p["value_base"].as_str().unwrap().to_owned(),
                    p["role"].as_str().unwrap().to_owned(), p["orientation"].as_str().unwrap().to_owned(),
                    p["note_id"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        }
    };
    let p = |start: &str, value: &str, role: &str, orientation: &str, note: &Value| {
        (start.to_owned(), value.to_owned(), role.to_owned(), orientation.to_owned(), note_id(note))
    };
    let balance = points(w.nobody.token.clone(), "reporter_area=IT-25&partner_area=CH&product=aircraft&flow=balance").await;
    assert_eq!(balance, [
        p("2015-01", "1000000", "value", "mirrored", &swiss),
        p("2016-01", "3332674", "comparison", "as_reported", &lombard),
        p("2017-01", "15810575", "value", "as_reported", &lombard),
    ]);
    // Seen from Switzerland, the same balances negated.
    let from_ch = points(w.nobody.token.clone(), "reporter_area=CH&partner_area=IT-25&hs_code=88&flow=balance").await;
    assert_eq!(from_ch, [
        p("2015-01", "-1000000", "value", "as_reported", &swiss),
        p("2016-01", "-3332674", "comparison", "mirrored", &lombard),
        p("2017-01", "-15810575", "value", "mirrored", &lombard),
    ]);
    // Switzerland's imports from Lombardy are Lombardy's exports.
    let exports = points(w.nobody.token.clone(), "reporter_area=IT-25&partner_area=CH&product=aircraft&flow=export").await;
    assert_eq!(exports, [
        p("2018-01", "27600000", "value", "as_reported", &lombard),
        p("2019-01", "30000000", "value", "mirrored", &swiss),
    ]);
    assert_eq!(points(w.paola.token.clone(), "reporter_area=IT-25&partner_area=CH&product=aircraft&flow=balance").await.len(), 5);
    let s = app.get("/api/v1/trade-notes/series?reporter_area=IT-25&partner_area=CH&product=aircraft&flow=import&currency=CHF")
        .token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(s["points"], json!([]));
    assert_eq!(s["flow"], "import");

    for (query, field) in [
        ("reporter_area=IT-25&partner_area=CH&flow=balance", "product"),
        ("reporter_area=IT-25&partner_area=IT-25&product=aircraft&flow=balance", "partner_area"),
        ("reporter_area=IT-25&partner_area=CH&product=aircraft", "flow"),
        ("partner_area=CH&product=aircraft&flow=balance", "reporter_area"),
        ("reporter_area=IT-25&partner_area=CH&product=aircraft&flow=balance&currency=EURO", "currency"),
        ("reporter_area=IT-25&partner_area=CH&product=aircraft&flow=balance&from=2017-01", "from"),
    ] {
        let p = app.get(&format!("/api/v1/trade-notes/series?{query}")).token(&w.nobody.token).send().await.problem(400);
        assert_eq!(Resp::error_fields(&p), [field], "{query}: {p}");
    }
});

db_test!(async fn figures_export_as_csv_that_python_reads_back(app) {
    let w = app.world().await;
    let mut body = note(&[w.lombardy], article_figures());
    body["title"] = json!("Aircraft, \"almost tripled\"; Lombardy, Varese");
    body["status"] = json!("published");
    let n = create(&app, &w.paola.token, body).await;
    let resp = app.get("/api/v1/trade-notes/figures?format=csv&flow=balance").token(&w.nobody.token).send().await.expect(200);
    assert_eq!(resp.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert!(resp.header("content-disposition").unwrap().contains("trade-figures.csv"));
    let text = resp.text();
    assert!(text.starts_with("note_id,note_title,note_status,"));
    assert_eq!(text.matches("\r\n").count(), 3, "a header and two balance rows");
    // Negotiated from Accept too.
    let by_accept = app.get("/api/v1/trade-notes/figures?flow=balance").token(&w.nobody.token).header("accept", "text/csv").send().await.expect(200);
    assert_eq!(by_accept.text(), text);
    app.get("/api/v1/trade-notes/figures").token(&w.nobody.token).header("accept", "text/vcard").send().await.problem(406);
    app.get("/api/v1/trade-notes/figures?format=vcf").token(&w.nobody.token).send().await.problem(400);

    let Some(python) = crate::common::python() else { return };
    let rows = crate::common::run_python(&python, r#"
import csv, io, json, sys
rows = list(csv.DictReader(io.StringIO(sys.stdin.buffer.read().decode("utf-8"), newline="")))
print(json.dumps(rows, ensure_ascii=False))
"#, text.as_bytes());
    let rows: Value = serde_json::from_str(&rows).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    let lombardy = &rows[0];
    assert_eq!(lombardy["note_id"], n["id"]);
    assert_eq!(lombardy["note_title"], "Aircraft, \"almost tripled\"; Lombardy, Varese");
    assert_eq!(lombardy["figure_id"], n["figures"][0]["id"]);
    assert_eq!(lombardy["reporter_area"], "IT-25");
    assert_eq!(lombardy["reporter_area_name"], "Lombardia");
    assert_eq!(lombardy["partner_area_name"], "");
    assert_eq!(lombardy["period_start"], "2017-01");
    assert_eq!(lombardy["comparison_period_end"], "2016-09");
    assert_eq!(lombardy["value"], "15810575");
    assert_eq!(lombardy["change_abs"], "12477901");
    assert_eq!(lombardy["change_pct"], "374.41");
    assert_eq!(lombardy["ratio"], "4.7441");
    assert_eq!(lombardy["stated_change_pct"], "151");
    assert_eq!(lombardy["stated_change_mismatch"], "true");
    assert_eq!(lombardy["change_pct_null_reason"], "");
    let varese = &rows[1];
    assert_eq!(varese["reporter_area"], "IT-VA");
    assert_eq!(varese["comparison_scale"], "thousands");
    assert_eq!(varese["comparison_value"], "-78436");
    assert_eq!(varese["comparison_value_base"], "-78436000");
    assert_eq!(varese["change_pct"], "");
    assert_eq!(varese["change_pct_null_reason"], "comparison_negative");
    // Every column of the JSON answer's figure is in the CSV.
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for key in n["figures"][0].as_object().unwrap().keys().filter(|k| *k != "computed" && *k != "id" && !k.ends_with("_kind")) {
        assert!(header.contains(&key.as_str()), "{key}");
    }
    for key in n["figures"][0]["computed"].as_object().unwrap().keys() {
        assert!(header.contains(&key.as_str()), "{key}");
    }
});
