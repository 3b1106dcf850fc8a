//! Two-factor sign-in's records against a real (in-memory) SurrealDB: the set-up, codes that
//! work once, recovery codes, and the pending sign-in that expires.

use crate::support::{count, db, email_to, operator, operator_user};
use app::server::{
    db::Database,
    store::{
        accounts::Acting,
        two_factor::{self, NewCodes, TwoFactorError},
    },
};
use std::time::Duration;
use surrealdb::types::RecordId;

fn acting<'a>(organization: &'a RecordId, user: &'a RecordId) -> Acting<'a> {
    Acting {
        organization,
        user,
        name: "Min-jun Oh",
        address: None,
    }
}

/// `user` with two-factor sign-in set up (secret "pending") at step 100, and recovery codes
/// "h1" … "h3" (their hashes, as the store sees them).
async fn set_up(db: &Database, organization: &RecordId, user: &RecordId) {
    two_factor::begin(db, user, "pending").await.unwrap();
    let codes = NewCodes {
        hashes: vec!["h1".into(), "h2".into(), "h3".into()],
        sealed: "sealed codes".into(),
    };
    let email = email_to("admin@operator.example", "on".into());
    two_factor::confirm(
        db,
        acting(organization, user),
        "pending",
        100,
        codes,
        &email,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn confirming_needs_the_set_up_the_page_showed() {
    let db = db().await;
    let organization = operator(&db).await;
    let user = operator_user(&db, "admin@operator.example", &["program_admin"]).await;
    two_factor::begin(&db, &user, "first").await.unwrap();
    // started again elsewhere: the first page's confirmation is refused
    two_factor::begin(&db, &user, "second").await.unwrap();
    let email = email_to("admin@operator.example", "on".into());
    let codes = NewCodes {
        hashes: Vec::new(),
        sealed: "x".into(),
    };
    let refused =
        two_factor::confirm(&db, acting(&organization, &user), "first", 7, codes, &email).await;
    assert!(
        matches!(refused, Err(TwoFactorError::SetupChanged)),
        "{refused:?}"
    );
    assert_eq!(count(&db, "SELECT id FROM outbox").await, 0);

    set_up(&db, &organization, &user).await;
    let stored = two_factor::stored(&db, &user).await.unwrap().unwrap();
    assert_eq!(stored.secret.as_deref(), Some("pending"));
    assert_eq!(stored.pending_secret, None);
    assert_eq!(stored.last_step, Some(100));
    assert_eq!(stored.recovery_left, 3);
    assert!(stored.set_up_at.is_some());
    assert_eq!(
        count(
            &db,
            "SELECT id FROM org_audit_event WHERE action = 'two_factor.set_up'"
        )
        .await,
        1
    );
    assert_eq!(count(&db, "SELECT id FROM outbox").await, 1);
    // the codes to show are there once
    assert_eq!(
        two_factor::take_codes_to_show(&db, &user)
            .await
            .unwrap()
            .as_deref(),
        Some("sealed codes")
    );
    assert_eq!(
        two_factor::take_codes_to_show(&db, &user).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn a_step_is_accepted_once_and_never_an_older_one() {
    let db = db().await;
    let organization = operator(&db).await;
    let user = operator_user(&db, "admin@operator.example", &["program_admin"]).await;
    // no secret, no step
    assert!(matches!(
        two_factor::use_step(&db, &user, 5).await,
        Err(TwoFactorError::CodeUsed)
    ));
    set_up(&db, &organization, &user).await;
    for used in [99, 100] {
        let refused = two_factor::use_step(&db, &user, used).await;
        assert!(matches!(refused, Err(TwoFactorError::CodeUsed)), "{used}");
    }
    two_factor::use_step(&db, &user, 101).await.unwrap();
    assert!(matches!(
        two_factor::use_step(&db, &user, 101).await,
        Err(TwoFactorError::CodeUsed)
    ));
}

#[tokio::test]
async fn recovery_codes_work_once_and_a_new_set_replaces_the_old() {
    let db = db().await;
    let organization = operator(&db).await;
    let user = operator_user(&db, "admin@operator.example", &["program_admin"]).await;
    set_up(&db, &organization, &user).await;
    let email = email_to("admin@operator.example", "used".into());
    let me = acting(&organization, &user);
    two_factor::use_recovery_code(&db, me, "h2", &email)
        .await
        .unwrap();
    let again = two_factor::use_recovery_code(&db, me, "h2", &email).await;
    assert!(matches!(again, Err(TwoFactorError::RecoveryUnknown)));
    let unknown = two_factor::use_recovery_code(&db, me, "nope", &email).await;
    assert!(matches!(unknown, Err(TwoFactorError::RecoveryUnknown)));
    assert_eq!(
        two_factor::stored(&db, &user)
            .await
            .unwrap()
            .unwrap()
            .recovery_left,
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT id FROM org_audit_event WHERE action = 'two_factor.recovery_used'"
        )
        .await,
        1
    );

    let new_set = || NewCodes {
        hashes: vec!["n1".into()],
        sealed: "new".into(),
    };
    let codes = new_set();
    two_factor::renew_recovery_codes(&db, me, codes, &email)
        .await
        .unwrap();
    let old = two_factor::use_recovery_code(&db, me, "h1", &email).await;
    assert!(matches!(old, Err(TwoFactorError::RecoveryUnknown)));
    two_factor::use_recovery_code(&db, me, "n1", &email)
        .await
        .unwrap();

    two_factor::turn_off(&db, me, &email).await.unwrap();
    let stored = two_factor::stored(&db, &user).await.unwrap().unwrap();
    assert_eq!((stored.secret, stored.recovery_left), (None, 0));
    assert!(matches!(
        two_factor::turn_off(&db, me, &email).await,
        Err(TwoFactorError::NotOn)
    ));
    let codes = new_set();
    let renewed = two_factor::renew_recovery_codes(&db, me, codes, &email).await;
    assert!(matches!(renewed, Err(TwoFactorError::NotOn)));
}

#[tokio::test]
async fn the_pending_sign_in_expires() {
    let db = db().await;
    let user = operator_user(&db, "admin@operator.example", &["program_admin"]).await;
    let live = two_factor::start_sign_in(&db, &user, "/review", Duration::from_secs(300))
        .await
        .unwrap();
    let found = two_factor::pending_sign_in(&db, &live)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.user, found.next.as_str()), (user.clone(), "/review"));
    assert!(
        two_factor::pending_sign_in(&db, "other")
            .await
            .unwrap()
            .is_none()
    );

    let expired = two_factor::start_sign_in(&db, &user, "", Duration::ZERO)
        .await
        .unwrap();
    assert!(
        two_factor::pending_sign_in(&db, &expired)
            .await
            .unwrap()
            .is_none()
    );
    // ended: gone
    two_factor::end_sign_in(&db, &found.id).await.unwrap();
    assert!(
        two_factor::pending_sign_in(&db, &live)
            .await
            .unwrap()
            .is_none()
    );
}
