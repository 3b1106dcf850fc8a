//! The operator's staff administration through the HTTP stack.

use crate::support::router::*;
use axum::http::StatusCode;

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
    let form = format!("id={}", key(admin));
    let (status, body) = call_with(&app, "deactivate_staff", Some(reviewer_session), &form).await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("Forbidden"), "{body}");
    assert!(users::get(&db, admin).await.unwrap().unwrap().is_active());

    // nobody deactivates or re-invites themselves
    for endpoint in ["deactivate_staff", "reissue_temporary_password"] {
        let (status, body) = call_with(&app, endpoint, Some(admin_session), &form).await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("staff.not_yourself"), "{endpoint}: {body}");
    }
    // ids that are not users of this organization are not found
    for id in ["nobody", "../etc", ""] {
        let (status, body) = call_with(
            &app,
            "deactivate_staff",
            Some(admin_session),
            &format!("id={id}"),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("NotFound"), "{id}: {body}");
    }

    // the admin deactivates the reviewer: their session ends at once
    let form = format!("id={}", key(reviewer));
    let (status, body) = call_with(&app, "deactivate_staff", Some(admin_session), &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = call(&app, "who_am_i", Some(reviewer_session)).await;
    assert_eq!(body, "null");
    // a new temporary password needs an active account
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
    let (status, body) = call_with(&app, "reactivate_staff", Some(admin_session), &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = reissue().await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let record = users::get(&db, reviewer).await.unwrap().unwrap();
    assert!(record.is_active() && record.must_change_password);
}
