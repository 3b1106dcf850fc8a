//! Users and sessions against a real (in-memory) SurrealDB.

use crate::support::{db, operator, operator_user};
use app::server::{
    auth::{
        password::Hasher,
        token::{new_token, token_hash},
    },
    db::{Database, execute},
    store::{
        sessions::{self, SessionPolicy},
        users::{self, CreateUserError, NewUser},
    },
};
use surrealdb::types::RecordId;

async fn someone(db: &Database, email: &str) -> RecordId {
    operator_user(db, email, &["program_admin"]).await
}

#[tokio::test]
async fn e_mail_is_unique_whatever_its_case() {
    let db = db().await;
    let id = someone(&db, "Min.Ji@Example.com").await;
    let found = users::find_by_email(&db, "  min.ji@EXAMPLE.com ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, id);
    assert_eq!(found.email, "min.ji@example.com");
    assert!(found.is_active());
    assert!(found.password_hash().is_some());

    let operator = operator(&db).await;
    let hash = Hasher::new(1)
        .hash("another long password".into())
        .await
        .unwrap();
    let again = users::create(
        &db,
        NewUser {
            organization: &operator,
            email: "MIN.JI@example.com",
            display_name: "Impostor",
            roles: &[],
            password_hash: &hash,
            must_change_password: true,
        },
    )
    .await;
    assert!(
        matches!(again, Err(CreateUserError::EmailTaken)),
        "{again:?}"
    );
}

#[tokio::test]
async fn the_operator_organization_is_created_once() {
    let db = db().await;
    let first = users::ensure_operator_organization(&db, "Program operator")
        .await
        .unwrap();
    let second = users::ensure_operator_organization(&db, "Program operator")
        .await
        .unwrap();
    assert_eq!(first, second);
    let mut results = db
        .query("SELECT count() AS n FROM organization GROUP ALL")
        .await
        .unwrap();
    let count: Option<i64> = results.take((0, "n")).unwrap();
    assert_eq!(count, Some(1));
}

#[tokio::test]
async fn a_session_finds_its_user_and_stores_only_a_hash() {
    let db = db().await;
    let user = someone(&db, "staff@example.com").await;
    let token = sessions::create(&db, &user).await.unwrap();

    let session = sessions::find(&db, &token, SessionPolicy::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.user, user);
    assert_eq!(session.email, "staff@example.com");
    assert_eq!(session.roles, vec!["program_admin".to_owned()]);
    assert!(session.active);
    assert!(!session.must_change_password);

    let stored: Vec<String> = db
        .query("SELECT VALUE token_hash FROM session")
        .rows()
        .await
        .unwrap();
    assert_eq!(stored, vec![token_hash(&token)]);
    assert!(!stored[0].contains(&token));

    assert!(
        sessions::find(&db, "not-a-session", SessionPolicy::default())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn sign_out_ends_one_session_and_everywhere_ends_all() {
    let db = db().await;
    let user = someone(&db, "staff@example.com").await;
    let laptop = sessions::create(&db, &user).await.unwrap();
    let phone = sessions::create(&db, &user).await.unwrap();
    let tablet = sessions::create(&db, &user).await.unwrap();

    sessions::delete(&db, &laptop).await.unwrap();
    let policy = SessionPolicy::default();
    assert!(
        sessions::find(&db, &laptop, policy)
            .await
            .unwrap()
            .is_none()
    );
    assert!(sessions::find(&db, &phone, policy).await.unwrap().is_some());

    sessions::delete_all_for_user(&db, &user).await.unwrap();
    assert!(sessions::find(&db, &phone, policy).await.unwrap().is_none());
    assert!(
        sessions::find(&db, &tablet, policy)
            .await
            .unwrap()
            .is_none()
    );
}

/// Moves a session's clock back instead of waiting.
async fn age(db: &Database, token: &str, field: &str, minutes: i64) {
    execute(
        db.query(format!("UPDATE session SET {field} = time::now() - duration::from_mins($m) WHERE token_hash = $h"))
            .bind("m", minutes)
            .bind("h", token_hash(token)),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions() {
    let db = db().await;
    let user = someone(&db, "staff@example.com").await;
    let policy = SessionPolicy::default(); // 30 min idle, 12 h absolute

    let token = sessions::create(&db, &user).await.unwrap();
    age(&db, &token, "last_seen_at", 29).await;
    assert!(
        sessions::find(&db, &token, policy).await.unwrap().is_some(),
        "29 minutes idle is fine"
    );
    // ... and using it reset the idle clock
    age(&db, &token, "last_seen_at", 31).await;
    assert!(
        sessions::find(&db, &token, policy).await.unwrap().is_none(),
        "31 minutes idle ends it"
    );
    // the expired session is gone, not just refused
    let mut results = db
        .query("SELECT count() AS n FROM session GROUP ALL")
        .await
        .unwrap();
    assert_eq!(
        results.take::<Option<i64>>((0, "n")).unwrap().unwrap_or(0),
        0
    );

    // created_at is read-only, so these sessions are made as if signed in hours ago
    for (minutes_ago, lives) in [(11 * 60, true), (12 * 60 + 1, false)] {
        let token = new_token();
        execute(
            db.query(
                "CREATE session CONTENT { user: $user, token_hash: $h, \
                 created_at: time::now() - duration::from_mins($m), last_seen_at: time::now() }",
            )
            .bind("user", user.clone())
            .bind("h", token_hash(&token))
            .bind("m", minutes_ago),
        )
        .await
        .unwrap();
        assert_eq!(
            sessions::find(&db, &token, policy).await.unwrap().is_some(),
            lives,
            "signed in {minutes_ago} minutes ago, just used"
        );
    }
}

#[tokio::test]
async fn a_deactivated_user_is_reported_inactive() {
    let db = db().await;
    let user = someone(&db, "staff@example.com").await;
    let token = sessions::create(&db, &user).await.unwrap();
    execute(
        db.query("UPDATE $user SET status = 'deactivated'")
            .bind("user", user.clone()),
    )
    .await
    .unwrap();
    let session = sessions::find(&db, &token, SessionPolicy::default())
        .await
        .unwrap()
        .unwrap();
    assert!(!session.active);
}

mod throttle {
    use super::db;
    use app::{
        domain::throttle::{ACCOUNT_MAX_DELAY, FREE_FAILURES},
        server::store::throttle,
    };

    #[tokio::test]
    async fn failures_past_the_free_ones_block_the_key_and_success_clears_it() {
        let db = db().await;
        let account = "account:minji@example.com".to_owned();
        let address = "address:192.0.2.7".to_owned();
        let keys = vec![account.clone(), address.clone()];
        assert_eq!(throttle::wait_seconds(&db, &keys).await.unwrap(), 0);

        for _ in 0..FREE_FAILURES {
            throttle::record_failure(&db, &account, FREE_FAILURES, ACCOUNT_MAX_DELAY)
                .await
                .unwrap();
        }
        assert_eq!(
            throttle::wait_seconds(&db, &keys).await.unwrap(),
            1,
            "the fourth try waits a second"
        );
        for _ in 0..5 {
            throttle::record_failure(&db, &account, FREE_FAILURES, ACCOUNT_MAX_DELAY)
                .await
                .unwrap();
        }
        let wait = throttle::wait_seconds(&db, &keys).await.unwrap();
        assert!(
            (31..=32).contains(&wait),
            "doubled five more times: {wait} s"
        );
        // another account from another address is not affected
        let other = vec![
            "account:someone@example.com".to_owned(),
            "address:198.51.100.1".to_owned(),
        ];
        assert_eq!(throttle::wait_seconds(&db, &other).await.unwrap(), 0);

        throttle::clear(&db, &account).await.unwrap();
        assert_eq!(throttle::wait_seconds(&db, &keys).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn the_delay_never_passes_its_cap() {
        let db = db().await;
        let account = "account:target@example.com".to_owned();
        for _ in 0..40 {
            throttle::record_failure(&db, &account, FREE_FAILURES, ACCOUNT_MAX_DELAY)
                .await
                .unwrap();
        }
        let wait = throttle::wait_seconds(&db, &[account]).await.unwrap();
        assert!(
            wait <= ACCOUNT_MAX_DELAY.as_secs() && wait >= ACCOUNT_MAX_DELAY.as_secs() - 1,
            "{wait}"
        );
    }
}

mod invitations {
    use super::{db, operator, someone};
    use app::server::{
        auth::password::Hasher,
        db::Database,
        store::{
            outbox::Email,
            users::{self, CreateUserError, NewUser},
        },
    };
    use std::time::Duration;

    async fn outbox_recipients(db: &Database) -> Vec<String> {
        db.query("SELECT VALUE recipient FROM outbox")
            .rows()
            .await
            .unwrap()
    }

    fn mail(to: &str) -> Email {
        Email {
            recipient: to.into(),
            subject: "Your account".into(),
            text: "t".into(),
            html: "h".into(),
        }
    }

    #[tokio::test]
    async fn the_user_and_their_e_mail_are_written_together_or_not_at_all() {
        let db = db().await;
        someone(&db, "taken@operator.example").await;
        let operator = operator(&db).await;
        let hash = Hasher::new(1)
            .hash("Xk7m-Pq3R-t9Wz-Hn4c".into())
            .await
            .unwrap();
        let new_user = |email: &'static str| NewUser {
            organization: &operator,
            email,
            display_name: "Reviewer",
            roles: &["reviewer"],
            password_hash: &hash,
            must_change_password: true,
        };

        users::invite(
            &db,
            new_user("new@operator.example"),
            Duration::from_secs(3600),
            &mail("new@operator.example"),
        )
        .await
        .unwrap();
        assert_eq!(
            outbox_recipients(&db).await,
            vec!["new@operator.example".to_owned()]
        );
        let user = users::find_by_email(&db, "new@operator.example")
            .await
            .unwrap()
            .unwrap();
        assert!(user.must_change_password);
        assert!(!user.temporary_expired);

        // a failed creation (the e-mail is taken) leaves no message behind
        let failed = users::invite(
            &db,
            new_user("TAKEN@operator.example"),
            Duration::from_secs(3600),
            &mail("taken@operator.example"),
        )
        .await;
        assert!(
            matches!(failed, Err(CreateUserError::EmailTaken)),
            "{failed:?}"
        );
        assert_eq!(
            outbox_recipients(&db).await,
            vec!["new@operator.example".to_owned()]
        );
    }

    #[tokio::test]
    async fn a_temporary_password_expires_with_time_or_after_one_use() {
        let db = db().await;
        let operator = operator(&db).await;
        let hash = Hasher::new(1)
            .hash("Xk7m-Pq3R-t9Wz-Hn4c".into())
            .await
            .unwrap();
        users::invite(
            &db,
            NewUser {
                organization: &operator,
                email: "short@operator.example",
                display_name: "Reviewer",
                roles: &["reviewer"],
                password_hash: &hash,
                must_change_password: true,
            },
            Duration::from_secs(0),
            &mail("short@operator.example"),
        )
        .await
        .unwrap();
        let user = users::find_by_email(&db, "short@operator.example")
            .await
            .unwrap()
            .unwrap();
        assert!(user.temporary_expired, "a zero lifetime has passed");

        let fresh = someone(&db, "fresh@operator.example").await;
        users::use_up_temporary_password(&db, &fresh).await.unwrap();
        let user = users::find_by_email(&db, "fresh@operator.example")
            .await
            .unwrap()
            .unwrap();
        assert!(user.temporary_expired, "used once");
    }
}

mod staff_actions {
    use super::{db, operator, someone};
    use app::server::{
        auth::password::Hasher,
        db::Database,
        store::{
            outbox::Email,
            sessions::{self, SessionPolicy},
            users::{self, AdminActionError},
        },
    };
    use std::time::Duration;
    use surrealdb::types::RecordId;

    async fn outbox_count(db: &Database) -> usize {
        db.query("SELECT VALUE recipient FROM outbox")
            .rows::<Vec<String>>()
            .await
            .unwrap()
            .len()
    }

    async fn other_organization(db: &Database) -> RecordId {
        let created: Option<RecordId> = db
            .query(
                "CREATE ONLY organization:partner CONTENT {
                     kind: 'partner', name: 'P', created_at: time::now()
                 } RETURN VALUE id",
            )
            .rows()
            .await
            .unwrap();
        created.unwrap()
    }

    fn mail(to: &str) -> Email {
        Email {
            recipient: to.into(),
            subject: "A new temporary password".into(),
            text: "t".into(),
            html: "h".into(),
        }
    }

    #[tokio::test]
    async fn deactivation_ends_every_session_at_once_and_reactivation_lets_them_back() {
        let db = db().await;
        let user = someone(&db, "reviewer@operator.example").await;
        let operator = operator(&db).await;
        let phone = sessions::create(&db, &user).await.unwrap();
        let laptop = sessions::create(&db, &user).await.unwrap();

        users::set_active(&db, &operator, &user, false)
            .await
            .unwrap();
        for token in [&phone, &laptop] {
            assert!(
                sessions::find(&db, token, SessionPolicy::default())
                    .await
                    .unwrap()
                    .is_none(),
                "the session was deleted"
            );
        }
        assert!(!users::get(&db, &user).await.unwrap().unwrap().is_active());

        users::set_active(&db, &operator, &user, true)
            .await
            .unwrap();
        assert!(users::get(&db, &user).await.unwrap().unwrap().is_active());
    }

    #[tokio::test]
    async fn an_admin_cannot_reach_another_organization_s_users() {
        let db = db().await;
        let user = someone(&db, "reviewer@operator.example").await;
        let partner = other_organization(&db).await;
        let result = users::set_active(&db, &partner, &user, false).await;
        assert!(
            matches!(result, Err(AdminActionError::NotFound)),
            "{result:?}"
        );
        assert!(users::get(&db, &user).await.unwrap().unwrap().is_active());
        let nobody = RecordId::new("user", "nobody");
        let operator = operator(&db).await;
        let result = users::set_active(&db, &operator, &nobody, true).await;
        assert!(
            matches!(result, Err(AdminActionError::NotFound)),
            "{result:?}"
        );
        // a failed action creates nothing
        assert!(users::get(&db, &nobody).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_new_temporary_password_replaces_the_old_one_ends_sessions_and_queues_its_e_mail() {
        let db = db().await;
        let user = someone(&db, "reviewer@operator.example").await;
        let operator = operator(&db).await;
        let session = sessions::create(&db, &user).await.unwrap();
        let hasher = Hasher::new(1);
        let temporary = "Ab3d-Ef4h-Jk5m-Np6q".to_owned();
        let hash = hasher.hash(temporary.clone()).await.unwrap();

        users::reissue_temporary_password(
            &db,
            &operator,
            &user,
            &hash,
            Duration::from_secs(3600),
            &mail("reviewer@operator.example"),
        )
        .await
        .unwrap();
        let record = users::find_by_email(&db, "reviewer@operator.example")
            .await
            .unwrap()
            .unwrap();
        assert!(record.must_change_password);
        assert!(!record.temporary_expired);
        assert!(
            hasher
                .verify(temporary, record.password_hash().as_ref())
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(
                    "a long enough password".into(),
                    record.password_hash().as_ref()
                )
                .await
                .unwrap(),
            "the old password no longer works"
        );
        assert!(
            sessions::find(&db, &session, SessionPolicy::default())
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(outbox_count(&db).await, 1);

        // not for a deactivated account, and then no e-mail either
        users::set_active(&db, &operator, &user, false)
            .await
            .unwrap();
        let result = users::reissue_temporary_password(
            &db,
            &operator,
            &user,
            &hash,
            Duration::from_secs(3600),
            &mail("reviewer@operator.example"),
        )
        .await;
        assert!(
            matches!(result, Err(AdminActionError::NotFound)),
            "{result:?}"
        );
        assert_eq!(outbox_count(&db).await, 1);
    }
}
