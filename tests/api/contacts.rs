//! Contact people: private to their company's editors, cluster managers and admins.

use serde_json::json;

use crate::common::Resp;
use crate::db_test;

db_test!(async fn an_editor_manages_their_contacts(app) {
    let w = app.world().await;
    let base = format!("/api/v1/members/{}/contacts", w.aviometal);
    let resp = app.post(&base).token(&w.buffetto.token).json(json!({
        "name": "Giulia D’Andrea",
        "role": "Sales",
        "email": "Giulia@Aviometal.example",
        "phone": "+39 0332 000 000",
        "languages": ["it", "fr"],
        "share_consent": false
    })).send().await.expect(201);
    let c = resp.json();
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(resp.header("location").unwrap(), format!("{base}/{id}"));
    assert_eq!(c["name"], "Giulia D’Andrea");
    assert_eq!(c["email"], "giulia@aviometal.example");
    assert_eq!(c["member_id"], w.aviometal.to_string());

    let list = app.get(&base).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let consenting = app.get(&format!("{base}?share_consent=true")).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(consenting["items"].as_array().unwrap().len(), 1);

    let etag = app.get(&format!("{base}/{id}")).token(&w.buffetto.token).send().await.expect(200).header("etag").unwrap();
    let patched = app.patch(&format!("{base}/{id}")).token(&w.buffetto.token).header("if-match", &etag)
        .json(json!({"share_consent": true, "phone": null})).send().await.expect(200).json();
    assert_eq!(patched["share_consent"], true);
    assert_eq!(patched["phone"], serde_json::Value::Null);
    app.patch(&format!("{base}/{id}")).token(&w.buffetto.token).header("if-match", &etag)
        .json(json!({"share_consent": false})).send().await.problem(412);

    app.put(&format!("{base}/{id}")).token(&w.buffetto.token)
        .json(json!({"name": "Giulia D’Andrea", "languages": ["it"]})).send().await.expect(200);
    app.delete(&format!("{base}/{id}")).token(&w.buffetto.token).send().await.expect(204);
    app.get(&format!("{base}/{id}")).token(&w.buffetto.token).send().await.problem(404);
});

db_test!(async fn contact_rules_are_validated(app) {
    let w = app.world().await;
    let base = format!("/api/v1/members/{}/contacts", w.aviometal);
    let p = app.post(&base).token(&w.buffetto.token).json(json!({
        "name": "", "email": "nope", "phone": "call me", "languages": ["ITA"]
    })).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["email", "languages", "name", "name", "phone"]);
});

db_test!(async fn a_contact_is_only_reachable_through_its_own_company(app) {
    let w = app.world().await;
    // Buffetto edits Aviometal; Rossi belongs to Soliani Emc. Reaching her through the
    // Aviometal path must not work.
    let wrong_path = format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.rossi_contact);
    app.get(&wrong_path).token(&w.buffetto.token).send().await.problem(404);
    app.patch(&wrong_path).token(&w.buffetto.token).json(json!({"share_consent": true})).send().await.problem(404);
    app.delete(&wrong_path).token(&w.buffetto.token).send().await.problem(404);
    let rossi = app.get(&format!("/api/v1/members/{}/contacts/{}", w.soliani, w.rossi_contact))
        .token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(rossi["share_consent"], false, "untouched");
});
