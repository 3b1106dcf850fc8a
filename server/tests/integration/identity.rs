//! Identity through the HTTP stack: who may call what, signed out, deactivated or with a
//! password change pending.

use crate::support::router::*;
use axum::http::StatusCode;

#[tokio::test]
async fn server_functions_refuse_strangers_deactivated_users_and_pending_password_changes() {
    use crate::support::{operator, user_with_session};
    let (app, db) = app().await;
    let operator = operator(&db).await;
    let mut tokens = Vec::new();
    for (email, roles, must_change) in [
        ("admin@operator.example", &["program_admin"][..], false),
        ("reviewer@operator.example", &["reviewer"][..], false),
        ("pending@operator.example", &["program_admin"][..], true),
        ("gone@operator.example", &["program_admin"][..], false),
    ] {
        tokens.push(user_with_session(&db, &operator, email, email, roles, must_change).await);
    }
    app::server::db::execute(
        db.query("UPDATE $user SET status = 'deactivated'")
            .bind("user", tokens[3].0.clone()),
    )
    .await
    .unwrap();

    let (status, body) = call(&app, "list_staff", Some(&tokens[0].1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("reviewer@operator.example"), "{body}");

    // the program admin's enrollment pages answer the program admin only
    for (endpoint, form) in [
        ("list_program_ids", "search="),
        ("load_enrollment_settings", ""),
        ("save_review_days", "review_days=7"),
        ("set_program_id_status", "program_id=1234567&active=false"),
    ] {
        for (cookie, expected) in [
            (None, "Unauthenticated"),
            (Some(tokens[2].1.as_str()), "PasswordChangeRequired"),
            (Some(tokens[1].1.as_str()), "Forbidden"),
        ] {
            let (status, body) = call_with(&app, endpoint, cookie, form).await;
            assert_ne!(status, StatusCode::OK, "{endpoint} {cookie:?}: {body}");
            assert!(body.contains(expected), "{endpoint} {cookie:?}: {body}");
        }
    }
    let (status, body) = call_with(
        &app,
        "save_review_days",
        Some(&tokens[0].1),
        "review_days=0",
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("review_days.range"), "{body}");

    for (cookie, expected) in [
        (None, "Unauthenticated"),
        (Some("not-a-session"), "Unauthenticated"),
        (Some(tokens[3].1.as_str()), "Unauthenticated"),
        (Some(tokens[2].1.as_str()), "PasswordChangeRequired"),
        (Some(tokens[1].1.as_str()), "Forbidden"),
    ] {
        let (status, body) = call(&app, "list_staff", cookie).await;
        assert_ne!(status, StatusCode::OK, "{cookie:?}: {body}");
        assert!(
            body.contains(expected),
            "{cookie:?}: expected {expected}, got {body}"
        );
        assert!(
            !body.contains("@operator.example"),
            "{cookie:?} leaked the list: {body}"
        );
    }
}
