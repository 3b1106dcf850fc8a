//! The operator's staff administration through the HTTP stack.

use crate::support::router::*;
use axum::{Router, http::StatusCode};

/// `session` deactivates (`active` false) or reactivates the staff member of page key `id`.
async fn set_active(app: &Router, session: &str, id: &str, active: bool) -> (StatusCode, String) {
    let form = format!("id={id}&active={active}");
    call_with(app, "set_staff_active", Some(session), &form).await
}

#[tokio::test]
async fn staff_actions_check_role_organization_and_self_on_the_server() {
    use crate::support::{operator, user_with_session};
    use app::server::store::users;
    let (app, db) = app().await;
    let operator = operator(&db).await;
    let mut people = Vec::new();
    for (email, roles) in [
        ("admin@operator.example", &["program_admin"][..]),
        ("reviewer@operator.example", &["reviewer"][..]),
    ] {
        people.push(user_with_session(&db, &operator, email, email, roles, false).await);
    }
    let (admin, admin_session) = (&people[0].0, people[0].1.as_str());
    let (reviewer, reviewer_session) = (&people[1].0, people[1].1.as_str());
    // the ids the staff page names people by
    let staff = users::list(&db, &operator).await.unwrap();
    let key = |user: &_| {
        let email = if user == admin {
            "admin@operator.example"
        } else {
            "reviewer@operator.example"
        };
        staff.iter().find(|s| s.email == email).unwrap().key.clone()
    };

    // a reviewer cannot deactivate anyone
    let (status, body) = set_active(&app, reviewer_session, &key(admin), false).await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("Forbidden"), "{body}");
    assert!(users::get(&db, admin).await.unwrap().unwrap().is_active());

    // nobody deactivates or re-invites themselves
    let (_, body) = set_active(&app, admin_session, &key(admin), false).await;
    assert!(body.contains("staff.not_yourself"), "{body}");
    let form = format!("id={}", key(admin));
    let (_, body) = call_with(
        &app,
        "reissue_temporary_password",
        Some(admin_session),
        &form,
    )
    .await;
    assert!(body.contains("staff.not_yourself"), "{body}");
    // ids that are not users of this organization are not found
    for id in ["nobody", "../etc", ""] {
        let (status, body) = set_active(&app, admin_session, id, false).await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("NotFound"), "{id}: {body}");
    }

    // the admin deactivates the reviewer: their session ends at once
    let (status, body) = set_active(&app, admin_session, &key(reviewer), false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = call(&app, "who_am_i", Some(reviewer_session)).await;
    assert_eq!(body, "null");
    // a new temporary password needs an active account
    let form = format!("id={}", key(reviewer));
    let reissue = || {
        call_with(
            &app,
            "reissue_temporary_password",
            Some(admin_session),
            &form,
        )
    };
    let (status, body) = reissue().await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("staff.reactivate_first"), "{body}");
    let (status, body) = set_active(&app, admin_session, &key(reviewer), true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = reissue().await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let record = users::get(&db, reviewer).await.unwrap().unwrap();
    assert!(record.is_active() && record.must_change_password);
}
