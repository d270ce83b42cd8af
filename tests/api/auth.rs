//! Log-in, tokens and their abuse: expiry, tampering, `alg: none`, refresh-token reuse.

use base64::Engine;
use serde_json::json;

use crate::common::{PASSWORD, Resp, TestApp};
use crate::db_test;

async fn login(app: &crate::common::TestApp, email: &str, password: &str) -> Resp {
    app.post("/api/v1/auth/login")
        .json(json!({"email": email, "password": password}))
        .send()
        .await
}

db_test!(async fn login_returns_tokens_that_open_me(app) {
    let w = app.world().await;
    let body = login(&app, "PAOLA@lombardia.example", PASSWORD).await.expect(200).json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().unwrap().len() >= 40);
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(access.split('.').count(), 3, "a JWT");

    let me = app.get("/api/v1/me").token(access).send().await.expect(200).json();
    assert_eq!(me["id"], w.paola.id.to_string());
    assert_eq!(me["email"], "paola@lombardia.example");
    assert_eq!(me["roles"][0]["role"], "cluster_manager");
    assert_eq!(me["roles"][0]["cluster_id"], w.lombardy.to_string());
    assert!(me.get("password_hash").is_none());
});

db_test!(async fn unknown_email_and_wrong_password_get_the_same_answer(app) {
    app.world().await;
    let wrong = login(&app, "paola@lombardia.example", "not the password").await.problem(401);
    let unknown = login(&app, "nobody-here@example.org", PASSWORD).await.problem(401);
    assert_eq!(wrong, unknown);
});

db_test!(async fn refresh_rotates_and_reuse_revokes_the_family(app) {
    app.world().await;
    let first = login(&app, "ivano@soliani.example", PASSWORD).await.expect(200).json();
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();

    let second = app.post("/api/v1/auth/refresh").json(json!({"refresh_token": r1})).send().await.expect(200).json();
    let r2 = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    app.get("/api/v1/me").token(second["access_token"].as_str().unwrap()).send().await.expect(200);

    // Within 30 s of its rotation, r1 answers the same pair again (two tabs, a lost answer).
    let again = app.post("/api/v1/auth/refresh").json(json!({"refresh_token": r1})).send().await.expect(200).json();
    assert_eq!(again, second, "the same successor pair, byte for byte");

    // Later, presenting r1 is theft or a bug, and kills r2 as well.
    age_used_tokens(&app, 31).await;
    let reuse = app.post("/api/v1/auth/refresh").json(json!({"refresh_token": r1})).send().await.problem(401);
    assert!(reuse["detail"].as_str().unwrap().contains("already used"));
    app.post("/api/v1/auth/refresh").json(json!({"refresh_token": r2})).send().await.problem(401);

    // Another login is another family and still works.
    let other = login(&app, "ivano@soliani.example", PASSWORD).await.expect(200).json();
    app.post("/api/v1/auth/refresh")
        .json(json!({"refresh_token": other["refresh_token"]}))
        .send().await.expect(200);
});

/// Moves every "used" mark of refresh tokens `secs` into the past (past the grace window).
async fn age_used_tokens(app: &TestApp, secs: i64) {
    use cluster2cluster::store::schema::refresh_tokens;
    use diesel::prelude::*;
    app.db()
        .run(move |conn| {
            let used: Vec<(String, chrono::NaiveDateTime)> = refresh_tokens::table
                .filter(refresh_tokens::used_at.is_not_null())
                .select((
                    refresh_tokens::id,
                    refresh_tokens::used_at.assume_not_null(),
                ))
                .load(conn)?;
            for (id, at) in used {
                diesel::update(refresh_tokens::table.find(id))
                    .set(refresh_tokens::used_at.eq(at - chrono::Duration::seconds(secs)))
                    .execute(conn)?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

db_test!(async fn concurrent_refreshes_with_one_token_rotate_once(app) {
    app.world().await;
    let first = login(&app, "ivano@soliani.example", PASSWORD).await.expect(200).json();
    let token = first["refresh_token"].as_str().unwrap().to_owned();
    // Two tabs (here six) refreshing at once with the same token: one rotation, and every
    // tab gets the same successor pair, which keeps working.
    let attempts = (0..6).map(|_| {
        app.post("/api/v1/auth/refresh").json(json!({"refresh_token": token})).send()
    });
    let results = futures::future::join_all(attempts).await;
    assert!(results.iter().all(|r| r.status == 200), "{:?}", results.iter().map(|r| r.status).collect::<Vec<_>>());
    let bodies: Vec<serde_json::Value> = results.iter().map(|r| r.json()).collect();
    assert!(bodies.iter().all(|b| *b == bodies[0]), "one successor pair");
    let next = bodies[0]["refresh_token"].as_str().unwrap();
    assert_ne!(next, token);
    app.get("/api/v1/me").token(bodies[0]["access_token"].as_str().unwrap()).send().await.expect(200);
    app.post("/api/v1/auth/refresh").json(json!({"refresh_token": next})).send().await.expect(200);
    use cluster2cluster::store::schema::refresh_tokens;
    use diesel::prelude::*;
    let rows: i64 = app.db().run(|conn| Ok(refresh_tokens::table.count().get_result(conn)?)).await.unwrap();
    assert_eq!(rows, 3, "the login's token, one successor, and the successor's successor");
});

db_test!(async fn logout_revokes_the_refresh_token(app) {
    app.world().await;
    let body = login(&app, "ivano@soliani.example", PASSWORD).await.expect(200).json();
    let refresh = body["refresh_token"].clone();
    app.post("/api/v1/auth/logout").json(json!({"refresh_token": refresh})).send().await.expect(204);
    app.post("/api/v1/auth/refresh").json(json!({"refresh_token": refresh})).send().await.problem(401);
    // Logging out twice is fine.
    app.post("/api/v1/auth/logout").json(json!({"refresh_token": refresh})).send().await.expect(204);
});

db_test!(async fn bad_tokens_are_refused(app) {
    let w = app.world().await;
    let expired = app.state.tokens.issue_access_at(w.paola.id, 1, chrono::Utc::now().timestamp() - 3600).unwrap();
    let p = app.get("/api/v1/me").token(&expired).send().await.problem(401);
    assert!(p["detail"].as_str().unwrap().contains("expired"));

    // Tampered payload: change the subject to another user, keep the signature.
    let parts: Vec<&str> = w.paola.token.split('.').collect();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["sub"] = json!(w.admin.id.to_string());
    let forged = format!("{}.{}.{}", parts[0], engine.encode(claims.to_string()), parts[2]);
    app.get("/api/v1/me").token(&forged).send().await.problem(401);

    // alg: none, no signature.
    let none = format!("{}.{}.", engine.encode(r#"{"alg":"none","typ":"JWT"}"#), engine.encode(claims.to_string()));
    app.get("/api/v1/me").token(&none).send().await.problem(401);

    // Signed with another secret.
    let other = cluster2cluster::auth::jwt::Tokens::new(b"some other secret of enough length!!", 900);
    let foreign = other.issue_access(w.admin.id, 1).unwrap();
    app.get("/api/v1/me").token(&foreign).send().await.problem(401);

    // Garbage, wrong scheme, missing header.
    app.get("/api/v1/me").token("not-a-jwt").send().await.problem(401);
    let basic = app.get("/api/v1/me").header("authorization", "Basic YWRtaW46YWRtaW4=").send().await;
    assert_eq!(basic.header("www-authenticate").as_deref(), Some("Bearer"));
    basic.problem(401);
    app.get("/api/v1/me").send().await.problem(401);
});

db_test!(async fn token_of_a_deleted_user_stops_working(app) {
    let w = app.world().await;
    app.get("/api/v1/me").token(&w.nobody.token).send().await.expect(200);
    app.delete(&format!("/api/v1/users/{}", w.nobody.id)).token(&w.admin.token).send().await.expect(204);
    app.get("/api/v1/me").token(&w.nobody.token).send().await.problem(401);
});

db_test!(async fn changing_the_password_needs_the_old_one_and_ends_sessions(app) {
    let w = app.world().await;
    let session = login(&app, "ivano@soliani.example", PASSWORD).await.expect(200).json();
    let p = app.post("/api/v1/me/password").token(&w.ivano.token)
        .json(json!({"current_password": "wrong", "new_password": "a much longer passphrase"}))
        .send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["current_password"]);
    let p = app.post("/api/v1/me/password").token(&w.ivano.token)
        .json(json!({"current_password": PASSWORD, "new_password": "password123"}))
        .send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["new_password"]);
    app.post("/api/v1/me/password").token(&w.ivano.token)
        .json(json!({"current_password": PASSWORD, "new_password": "a much longer passphrase"}))
        .send().await.expect(204);
    app.post("/api/v1/auth/refresh").json(json!({"refresh_token": session["refresh_token"]})).send().await.problem(401);
    login(&app, "ivano@soliani.example", PASSWORD).await.problem(401);
    login(&app, "ivano@soliani.example", "a much longer passphrase").await.expect(200);
    // Access tokens issued before the change end with it, on the directory reads too (they
    // confirm the caller inside their own database checkout).
    app.get("/api/v1/me").token(&w.ivano.token).send().await.problem(401);
    for path in [
        "/api/v1/members".to_owned(),
        format!("/api/v1/members/{}", w.aviometal),
        "/api/v1/clusters".to_owned(),
        format!("/api/v1/clusters/{}", w.lombardy),
    ] {
        app.get(&path).token(&w.ivano.token).send().await.problem(401);
        app.get(&path).token(&w.paola.token).send().await.expect(200);
    }
});

db_test!(async fn repeated_failures_throttle_the_account(app) {
    app.world().await;
    for _ in 0..10 {
        login(&app, "ivano@soliani.example", "guess guess guess").await.problem(401);
    }
    // The 11th attempt is refused before the password is even checked, the right one too.
    let resp = login(&app, "ivano@soliani.example", PASSWORD).await;
    let retry: u64 = resp.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    resp.problem(429);
    // Other accounts are not affected.
    login(&app, "paola@lombardia.example", PASSWORD).await.expect(200);
    // A success clears an account's count.
    for _ in 0..9 {
        login(&app, "anna@helvetic.example", "guess guess guess").await.problem(401);
    }
    login(&app, "anna@helvetic.example", PASSWORD).await.expect(200);
    login(&app, "anna@helvetic.example", "guess guess guess").await.problem(401);
    login(&app, "anna@helvetic.example", PASSWORD).await.expect(200);
});
