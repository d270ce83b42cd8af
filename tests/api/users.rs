//! Accounts and role grants.

use serde_json::json;

use crate::common::{PASSWORD, Resp};
use crate::db_test;

db_test!(async fn admins_create_users_and_grant_roles(app) {
    let w = app.world().await;
    let resp = app.post("/api/v1/users").token(&w.admin.token).json(json!({
        "email": "Roland.Hengartner@Swiss.example", "password": "a bus from Lombardy", "display_name": "Roland Hengartner"
    })).send().await.expect(201);
    let user = resp.json();
    let id = user["id"].as_str().unwrap().to_owned();
    assert_eq!(user["email"], "roland.hengartner@swiss.example");
    assert_eq!(user["roles"], json!([]));
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/users/{id}"));

    let grant = app.post(&format!("/api/v1/users/{id}/roles")).token(&w.admin.token)
        .json(json!({"role": "cluster_manager", "cluster_id": w.swiss})).send().await.expect(201);
    let grant_id = grant.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(grant.header("location").unwrap(), format!("/api/v1/users/{id}/roles/{grant_id}"));
    app.get(&format!("/api/v1/users/{id}/roles/{grant_id}")).token(&w.admin.token).send().await.expect(200);
    let grants = app.get(&format!("/api/v1/users/{id}/roles")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(grants.as_array().unwrap().len(), 1);
    assert_eq!(grants[0]["role"], "cluster_manager");
    assert_eq!(grants[0]["cluster_id"], w.swiss.to_string());
    let p = app.post(&format!("/api/v1/users/{id}/roles")).token(&w.admin.token)
        .json(json!({"role": "cluster_manager", "cluster_id": w.swiss})).send().await.problem(409);
    assert_eq!(p["existing_id"], grant_id);

    // The new manager logs in and can edit the Swiss cluster at once.
    let login = app.post("/api/v1/auth/login").json(json!({"email": "roland.hengartner@swiss.example", "password": "a bus from Lombardy"})).send().await.expect(200).json();
    let token = login["access_token"].as_str().unwrap().to_owned();
    app.patch(&format!("/api/v1/clusters/{}", w.swiss)).token(&token).json(json!({"description": "Swiss aerospace"})).send().await.expect(200);

    // Revoking takes effect on the next request, with the same token.
    app.delete(&format!("/api/v1/users/{id}/roles/{grant_id}")).token(&w.admin.token).send().await.expect(204);
    app.patch(&format!("/api/v1/clusters/{}", w.swiss)).token(&token).json(json!({"description": "again"})).send().await.problem(403);

    let listed = app.get("/api/v1/users?email=hengartner").token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
});

db_test!(async fn weak_passwords_and_duplicates_are_refused(app) {
    let w = app.world().await;
    for (password, hint) in [("short", "at least"), ("password123456", "common"), ("aaaaaaaaaaaaaaaa", "different")] {
        let p = app.post("/api/v1/users").token(&w.admin.token).json(json!({
            "email": "weak@example.org", "password": password, "display_name": "Weak"
        })).send().await.problem(422);
        assert_eq!(Resp::error_fields(&p), vec!["password"]);
        assert!(p["errors"][0]["message"].as_str().unwrap().contains(hint), "{p}");
    }
    app.post("/api/v1/users").token(&w.admin.token).json(json!({
        "email": "PAOLA@lombardia.example", "password": PASSWORD, "display_name": "Twin"
    })).send().await.problem(409);
});

db_test!(async fn role_grants_must_fit_their_scope(app) {
    let w = app.world().await;
    let url = format!("/api/v1/users/{}/roles", w.nobody.id);
    for (body, field) in [
        (json!({"role": "cluster_manager"}), "cluster_id"),
        (json!({"role": "cluster_manager", "member_id": w.aviometal}), "cluster_id"),
        (json!({"role": "member_editor", "cluster_id": w.lombardy}), "member_id"),
        (json!({"role": "admin", "cluster_id": w.lombardy}), "role"),
        (json!({"role": "member_editor", "member_id": uuid::Uuid::new_v4()}), "member_id"),
        (json!({"role": "cluster_manager", "cluster_id": uuid::Uuid::new_v4()}), "cluster_id"),
    ] {
        let p = app.post(&url).token(&w.admin.token).json(body.clone()).send().await.problem(422);
        assert_eq!(Resp::error_fields(&p), vec![field], "{body}");
    }
    app.post(&url).token(&w.admin.token).json(json!({"role": "overlord"})).send().await.problem(422);
    app.post(&format!("/api/v1/users/{}/roles", uuid::Uuid::new_v4())).token(&w.admin.token)
        .json(json!({"role": "admin"})).send().await.problem(404);
});

db_test!(async fn managers_onboard_editors_for_their_own_members_only(app) {
    let w = app.world().await;
    let user = app.post("/api/v1/users").token(&w.paola.token).json(json!({
        "email": "new.editor@soliani.example", "password": "pitching in Nidwalden", "display_name": "New Editor"
    })).send().await.expect(201).json();
    let id = user["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/users/{id}/roles");
    // Not on another cluster's member, not a cluster role, not admin.
    app.post(&url).token(&w.paola.token).json(json!({"role": "member_editor", "member_id": w.helvetic})).send().await.problem(403);
    app.post(&url).token(&w.paola.token).json(json!({"role": "cluster_manager", "cluster_id": w.lombardy})).send().await.problem(403);
    app.post(&url).token(&w.paola.token).json(json!({"role": "admin"})).send().await.problem(403);
    let grant = app.post(&url).token(&w.paola.token).json(json!({"role": "member_editor", "member_id": w.soliani})).send().await.expect(201).json();
    assert_eq!(grant["cluster_id"], w.lombardy.to_string());

    // Paola now sees the account; Roland (another cluster) does not, nor can he revoke.
    app.get(&format!("/api/v1/users/{id}")).token(&w.paola.token).send().await.expect(200);
    app.get(&format!("/api/v1/users/{id}")).token(&w.roland.token).send().await.problem(404);
    let grant_url = format!("{url}/{}", grant["id"].as_str().unwrap());
    app.delete(&grant_url).token(&w.roland.token).send().await.problem(403);
    let listed = app.get("/api/v1/users").token(&w.roland.token).send().await.expect(200).json();
    let emails: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert_eq!(emails, vec!["roland@swiss.example", "anna@helvetic.example"]);
    app.delete(&grant_url).token(&w.paola.token).send().await.expect(204);

    // Anna edits a Swiss company: she is a stranger to Paola, who can neither see her nor
    // give her a role (that would show Paola her e-mail address): as if she did not exist.
    app.post(&format!("/api/v1/users/{}/roles", w.anna.id)).token(&w.paola.token)
        .json(json!({"role": "member_editor", "member_id": w.aviometal})).send().await.problem(404);
    app.get(&format!("/api/v1/users/{}", w.anna.id)).token(&w.paola.token).send().await.problem(404);
    // Once an admin gives her a Lombard company too, Paola sees Anna's Lombard grant only,
    // never what she does for the Swiss cluster.
    app.post(&format!("/api/v1/users/{}/roles", w.anna.id)).token(&w.admin.token)
        .json(json!({"role": "member_editor", "member_id": w.aviometal})).send().await.expect(201);
    let anna = app.get(&format!("/api/v1/users/{}", w.anna.id)).token(&w.paola.token).send().await.expect(200).json();
    let clusters: Vec<&str> = anna["roles"].as_array().unwrap().iter().map(|g| g["cluster_id"].as_str().unwrap()).collect();
    assert_eq!(clusters, vec![w.lombardy.to_string()]);
    let roles = app.get(&format!("/api/v1/users/{}/roles", w.anna.id)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(roles.as_array().unwrap().len(), 1);
    let own = app.get("/api/v1/me").token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(own["roles"].as_array().unwrap().len(), 2, "everyone sees all their own grants");

    // Editors and people without a role may not list or create accounts.
    app.get("/api/v1/users").token(&w.ivano.token).send().await.problem(403);
    app.post("/api/v1/users").token(&w.ivano.token).json(json!({
        "email": "x@example.org", "password": "pitching in Nidwalden", "display_name": "X"
    })).send().await.problem(403);
    // Everybody sees themselves.
    app.get(&format!("/api/v1/users/{}", w.nobody.id)).token(&w.nobody.token).send().await.expect(200);
    app.get(&format!("/api/v1/users/{}", w.paola.id)).token(&w.nobody.token).send().await.problem(404);
    // Only admins delete accounts, and not their own.
    app.delete(&format!("/api/v1/users/{id}")).token(&w.paola.token).send().await.problem(403);
    app.delete(&format!("/api/v1/users/{}", w.admin.id)).token(&w.admin.token).send().await.problem(409);
    // Nor may the last admin give up the role.
    let grant = &app.get(&format!("/api/v1/users/{}", w.admin.id)).token(&w.admin.token).send().await.expect(200).json()["roles"][0];
    app.delete(&format!("/api/v1/users/{}/roles/{}", w.admin.id, grant["id"].as_str().unwrap()))
        .token(&w.admin.token).send().await.problem(409);
});
