//! Reviewing applications through the HTTP stack.

use crate::support::router::*;
use axum::http::{StatusCode, header};

#[tokio::test]
async fn reviewers_act_on_applications_and_partner_users_cannot_read_any() {
    use crate::support::{operator, user_with_session};
    let (app, db) = app().await;
    let operator = operator(&db).await;
    let partner = app::server::surrealdb::types::RecordId::new("organization", "p1234567");
    app::server::db::execute(
        db.query("CREATE $partner CONTENT { name: 'Fabrikam', kind: 'partner', created_at: time::now() }")
            .bind("partner", partner.clone()),
    )
    .await
    .unwrap();
    let mut sessions_of = Vec::new();
    for (organization, email, roles) in [
        (&operator, "reviewer@operator.example", &["reviewer"][..]),
        (&partner, "admin@fabrikam.example", &["global_admin"][..]),
        // a partner cannot make itself a reviewer: the role counts only in the operator
        (&partner, "sneaky@fabrikam.example", &["reviewer"][..]),
        (&operator, "other@operator.example", &["reviewer"][..]),
    ] {
        sessions_of.push(
            user_with_session(&db, organization, email, email, roles, false)
                .await
                .1,
        );
    }

    // a submitted application
    let (id, session) = applicant(&db, "DE", "ji@contoso.example").await;
    fill_every_step(&app, &session, &id).await;
    applicant_ok(
        &app,
        &session,
        "submit_application",
        "signer_name=Ji+Park&signer_title=CEO&accept=on",
    )
    .await;
    let application = application_of(&db, &session).await;
    let key = app::server::db::record_key(&application);

    let (status, body) = call_with(&app, "review_queue", Some(&sessions_of[0]), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains(&key) && body.contains("Contoso Ltd"),
        "{body}"
    );

    for cookie in [&sessions_of[1], &sessions_of[2]] {
        for (endpoint, form) in [
            ("review_queue", String::new()),
            ("application_for_review", format!("id={key}")),
            ("claim_application", format!("id={key}")),
            ("approve_application", format!("id={key}&message=")),
            ("reveal_bank_number", format!("id={key}")),
            ("reassign_application", format!("id={key}&to=x")),
            ("add_free_mail_domain", "domain=freemail.example".to_owned()),
        ] {
            let (status, body) = call_with(&app, endpoint, Some(cookie), &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {body}");
            assert!(!body.contains("Contoso"), "{endpoint} leaked: {body}");
        }
        // the pages say who may see them, with the status the server functions give
        let cookie = format!("csp_session={cookie}");
        for path in ["/review".to_owned(), format!("/review/{key}")] {
            let (status, _, body) = get(&app, &path, &[("cookie", cookie.as_str())]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
            assert!(
                body.contains(
                    "Only the program&#39;s reviewers and program admins can see applications."
                ) || body.contains(
                    "Only the program's reviewers and program admins can see applications."
                ),
                "{path}: {body}"
            );
            assert!(!body.contains("Contoso"), "{path} leaked: {body}");
        }
    }
    let reviewer = format!("csp_session={}", sessions_of[0]);
    let (status, _, body) = get(&app, "/review", &[("cookie", reviewer.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Contoso Ltd"), "{body}");
    let (status, _) = call_as_applicant(&app, "review_queue", Some(&session), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // the reviewer claims and sees the application, masked
    let (status, body) = call_with(
        &app,
        "claim_application",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = call_with(
        &app,
        "application_for_review",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("\"mine\":true"), "{body}");
    assert!(
        body.contains("•••• 3000") && !body.contains("0532013000"),
        "{body}"
    );
    assert!(body.contains("\"action\":\"claim\""), "{body}");

    // the full number: to its holder only, and each reveal is in the history
    let (status, body) = call_with(
        &app,
        "reveal_bank_number",
        Some(&sessions_of[3]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(!body.contains("0532"), "{body}");
    // reassigning is for program admins
    let (status, _) = call_with(
        &app,
        "reassign_application",
        Some(&sessions_of[0]),
        &format!("id={key}&to=x"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call_with(
        &app,
        "reveal_bank_number",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("DE89 3704 0044 0532 0130 00"), "{body}");
    // ten minutes after signing in, a reveal asks for a fresh code first
    crate::two_factor::stale(&db, &sessions_of[0]).await;
    let (status, body) = call_with(
        &app,
        "reveal_bank_number",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("proof.required") && !body.contains("0532"),
        "{body}"
    );
    app::server::db::execute(db.query("UPDATE session SET proved_at = time::now()"))
        .await
        .unwrap();
    let (_, body) = call_with(
        &app,
        "application_for_review",
        Some(&sessions_of[3]),
        &format!("id={key}"),
    )
    .await;
    assert!(body.contains("\"action\":\"reveal_bank\""), "{body}");
    assert!(!body.contains("0532"), "{body}");

    // without JavaScript: the form post redirects to the page with a one-time grant (not the
    // number) in its address, and the page shows the number once
    let cookie = format!("csp_session={}", sessions_of[0]);
    let response = form_post_without_js(
        &app,
        "reveal_bank_number",
        &[(header::COOKIE, cookie.as_str())],
        &format!("id={key}"),
    )
    .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        location.starts_with(&format!("/review/{key}?reveal=")) && !location.contains("0532"),
        "{location}"
    );
    let other = format!("csp_session={}", sessions_of[3]);
    let (status, _, page) = get(&app, &location, &[("cookie", &other)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("0532"), "the grant is its reviewer's only");
    let (status, _, page) = get(&app, &location, &[("cookie", &cookie)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("DE89 3704 0044 0532 0130 00"),
        "the number is shown once"
    );
    let (_, _, page) = get(&app, &location, &[("cookie", &cookie)]).await;
    assert!(!page.contains("0532"), "the grant works once");
    // an application that does not exist, or a key that cannot be one
    for key in ["nothere", "../../etc"] {
        let (status, _) = call_with(
            &app,
            "application_for_review",
            Some(&sessions_of[0]),
            &format!("id={key}"),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{key}");
    }
}
