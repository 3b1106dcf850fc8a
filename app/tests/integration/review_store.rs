//! Reviewing applications against a real (in-memory) SurrealDB: claims, decisions, the audit
//! trail, and what an approval creates.

use crate::support::*;
use app::{
    domain::application::Status,
    server::{
        db::{Database, execute},
        store::{
            enrollment,
            review::{self, Actor, Provisioning, ReviewError},
            users,
        },
    },
};
use surrealdb::types::RecordId;

async fn reviewer(db: &Database, email: &str) -> RecordId {
    operator_user(db, email, &["reviewer"]).await
}

/// A submitted application.
async fn submitted(db: &Database, work_email: &str) -> RecordId {
    let (_, application) = filled(db, work_email).await;
    assert!(
        enrollment::submit(db, &application, submission())
            .await
            .unwrap()
    );
    application
}

fn mail(to: &str) -> app::server::store::outbox::Email {
    email_to(to, "decision".into())
}

fn provisioning<'a>(
    domain: &'a str,
    email: &'a app::server::store::outbox::Email,
) -> Provisioning<'a> {
    Provisioning {
        tenant_domain: domain,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        temporary_password_lifetime: std::time::Duration::from_secs(3600),
        email,
    }
}

#[tokio::test]
async fn a_claimed_application_is_decided_by_its_holder_only() {
    let db = db().await;
    let ana = reviewer(&db, "ana@operator.example").await;
    let bo = reviewer(&db, "bo@operator.example").await;
    let (ana, bo) = (
        Actor {
            user: &ana,
            name: "Ana",
        },
        Actor {
            user: &bo,
            name: "Bo",
        },
    );
    let application = submitted(&db, "ji@contoso.example").await;

    review::claim(&db, &application, ana).await.unwrap();
    assert!(matches!(
        review::claim(&db, &application, bo).await,
        Err(ReviewError::ClaimedBy { by }) if by == "ana"
    ));
    assert!(matches!(
        review::reject(
            &db,
            &application,
            bo,
            "other",
            "No.",
            &mail("ji@contoso.example")
        )
        .await,
        Err(ReviewError::ClaimedBy { .. })
    ));

    let before = count(&db, "SELECT VALUE id FROM outbox").await;
    review::request_information(
        &db,
        &application,
        ana,
        &["bank"],
        "Please upload a bank letter.",
        &mail("ji@contoso.example"),
    )
    .await
    .unwrap();
    assert_eq!(count(&db, "SELECT VALUE id FROM outbox").await, before + 1);
    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert_eq!(record.status(), Status::MoreInformationNeeded);

    // the applicant fixes the bank details (the same business saved again is no change) and
    // resubmits; the holder takes it again, nobody else can
    enrollment::save_business(&db, &application, berlin_business())
        .await
        .unwrap();
    enrollment::save_bank(&db, &application, "v1.sealed-again", "•••• 2051", "iban")
        .await
        .unwrap();
    assert!(
        enrollment::submit(&db, &application, submission())
            .await
            .unwrap()
    );
    assert!(matches!(
        review::claim(&db, &application, bo).await,
        Err(ReviewError::ClaimedBy { .. })
    ));
    review::claim(&db, &application, ana).await.unwrap();

    review::reject(
        &db,
        &application,
        ana,
        "bank_not_verifiable",
        "The bank letter does not match.",
        &mail("ji@contoso.example"),
    )
    .await
    .unwrap();
    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert_eq!(record.status(), Status::Rejected);
    // decided is decided
    assert!(matches!(
        review::request_information(&db, &application, ana, &["bank"], "x", &mail("x@y.example")).await,
        Err(ReviewError::WrongStatus { status, decided_by: Some(by) }) if status == "rejected" && by == "ana"
    ));

    let history: Vec<String> = review::history(&db, &application)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.actor_name, e.action))
        .collect();
    assert_eq!(
        history,
        [
            "Hanna Schmidt submit",
            "Ana claim",
            "Ana request_information",
            "Hanna Schmidt edit",
            "Hanna Schmidt resubmit",
            "Ana claim",
            "Ana reject"
        ]
    );
    let edit = review::history(&db, &application).await.unwrap();
    assert_eq!(edit[3].detail, "bank");
}

#[tokio::test]
async fn the_audit_trail_cannot_be_edited() {
    let db = db().await;
    let ana = reviewer(&db, "ana@operator.example").await;
    let application = submitted(&db, "ji@contoso.example").await;
    review::claim(
        &db,
        &application,
        Actor {
            user: &ana,
            name: "Ana",
        },
    )
    .await
    .unwrap();
    let result =
        execute(db.query("UPDATE audit_event SET detail = 'rewritten', action = 'nothing'")).await;
    assert!(result.is_err(), "an audit event was changed");
    let history = review::history(&db, &application).await.unwrap();
    assert_eq!(history[1].action, "claim");
    let deleted = execute(db.query("DELETE audit_event")).await;
    assert!(deleted.is_err(), "an audit event was deleted");
    assert_eq!(review::history(&db, &application).await.unwrap().len(), 2);
}

#[tokio::test]
async fn approval_provisions_one_of_everything() {
    let db = db().await;
    let ana_id = reviewer(&db, "ana@operator.example").await;
    let ana = Actor {
        user: &ana_id,
        name: "Ana",
    };
    let application = submitted(&db, "ji@contoso.example").await;
    review::claim(&db, &application, ana).await.unwrap();
    let outbox_before = count(&db, "SELECT VALUE id FROM outbox").await;
    let email = mail("ji@contoso.example");
    let organization = review::approve(
        &db,
        &application,
        ana,
        "Welcome.",
        &provisioning("contoso-ltd-1.csp.example", &email),
        "application:x",
    )
    .await
    .unwrap();

    assert_eq!(
        count(
            &db,
            "SELECT VALUE id FROM organization WHERE kind = 'partner'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&db, "SELECT VALUE id FROM tenant WHERE kind = 'csp'").await,
        1
    );
    assert_eq!(count(&db, "SELECT VALUE id FROM billing_profile").await, 1);
    assert_eq!(
        count(&db, "SELECT VALUE id FROM outbox").await,
        outbox_before + 1
    );
    let admin = users::find_by_email(&db, "ji@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.organization, organization);
    assert_eq!(admin.roles, ["global_admin"]);
    assert!(admin.must_change_password);
    assert_eq!(admin.display_name, "Hanna Schmidt");
    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert_eq!(record.status(), Status::Approved);
    assert_eq!(count(&db, "SELECT VALUE id FROM open_application").await, 0);
}

#[tokio::test]
async fn concurrent_approvals_one_wins() {
    let db = db().await;
    let ana_id = reviewer(&db, "ana@operator.example").await;
    let bo_id = reviewer(&db, "bo@operator.example").await;
    let application = submitted(&db, "ji@contoso.example").await;
    review::claim(
        &db,
        &application,
        Actor {
            user: &ana_id,
            name: "Ana",
        },
    )
    .await
    .unwrap();
    let mut tasks = Vec::new();
    for (n, who) in [&ana_id, &ana_id, &bo_id, &ana_id].into_iter().enumerate() {
        let (db, application, who) = (db.clone(), application.clone(), who.clone());
        tasks.push(tokio::spawn(async move {
            let email = mail("ji@contoso.example");
            let domain = format!("contoso-{n}.csp.example");
            review::approve(
                &db,
                &application,
                Actor {
                    user: &who,
                    name: "someone",
                },
                "Welcome.",
                &provisioning(&domain, &email),
                "application:x",
            )
            .await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(ReviewError::WrongStatus { decided_by, .. }) => {
                assert_eq!(decided_by.as_deref(), Some("ana"))
            }
            Err(ReviewError::ClaimedBy { by }) => assert_eq!(by, "ana"),
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(
        count(
            &db,
            "SELECT VALUE id FROM organization WHERE kind = 'partner'"
        )
        .await,
        1
    );
    assert_eq!(count(&db, "SELECT VALUE id FROM tenant").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT VALUE id FROM user WHERE 'global_admin' IN roles"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_failed_approval_creates_nothing() {
    let db = db().await;
    let ana_id = reviewer(&db, "ana@operator.example").await;
    let ana = Actor {
        user: &ana_id,
        name: "Ana",
    };
    // the work e-mail already belongs to a user: the global admin cannot be created
    let application = submitted(&db, "ana@operator.example").await;
    review::claim(&db, &application, ana).await.unwrap();
    let outbox_before = count(&db, "SELECT VALUE id FROM outbox").await;
    let email = mail("ana@operator.example");
    let result = review::approve(
        &db,
        &application,
        ana,
        "Welcome.",
        &provisioning("contoso.csp.example", &email),
        "application:x",
    )
    .await;
    assert!(matches!(result, Err(ReviewError::EmailTaken)), "{result:?}");
    assert_eq!(
        count(
            &db,
            "SELECT VALUE id FROM organization WHERE kind = 'partner'"
        )
        .await,
        0
    );
    assert_eq!(count(&db, "SELECT VALUE id FROM tenant").await, 0);
    assert_eq!(count(&db, "SELECT VALUE id FROM billing_profile").await, 0);
    assert_eq!(
        count(&db, "SELECT VALUE id FROM outbox").await,
        outbox_before
    );
    assert_eq!(
        count(
            &db,
            "SELECT VALUE id FROM audit_event WHERE action = 'approve'"
        )
        .await,
        0
    );
    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert_eq!(record.status(), Status::InReview);
}

#[tokio::test]
async fn the_queue_filters_pages_and_counts() {
    let db = db().await;
    let ana_id = reviewer(&db, "ana@operator.example").await;
    let mut submitted_ones = Vec::new();
    for n in 0..5 {
        submitted_ones.push(submitted(&db, &format!("p{n}@contoso.example")).await);
    }
    let draft_member = member(&db, "DE").await;
    let _draft = opened(&db, draft_member, "draft@contoso.example").await;
    review::claim(
        &db,
        &submitted_ones[0],
        Actor {
            user: &ana_id,
            name: "Ana",
        },
    )
    .await
    .unwrap();

    let start = review::QueueFrom::Start;
    let rows = |filter: review::QueueFilter| {
        let db = db.clone();
        async move {
            review::queue(&db, &filter, &review::QueueFrom::Start, 50)
                .await
                .unwrap()
                .rows
        }
    };
    let all = rows(review::QueueFilter::default()).await;
    assert_eq!(all.len(), 5, "drafts are not in the queue");
    assert_eq!(
        all[0].item.id,
        app::server::db::record_key(&submitted_ones[0]),
        "oldest first"
    );
    assert_eq!(all[0].item.claimed_by.as_deref(), Some("ana"));
    assert_eq!(all[0].item.status, "in_review");

    // pages of two, forward through both statuses and back again
    let mut seen = Vec::new();
    let mut from = start.clone();
    loop {
        let page = review::queue(&db, &review::QueueFilter::default(), &from, 2)
            .await
            .unwrap();
        seen.extend(
            page.rows
                .iter()
                .map(|r| RecordId::new("application", r.item.id.as_str())),
        );
        match (page.more, page.rows.last()) {
            (true, Some(last)) => from = review::QueueFrom::After(last.cursor()),
            _ => break,
        }
    }
    assert_eq!(seen, submitted_ones, "every application once, in order");
    let before_last = review::queue(
        &db,
        &review::QueueFilter::default(),
        &review::QueueFrom::Before(all[4].cursor()),
        2,
    )
    .await
    .unwrap();
    assert_eq!(
        before_last
            .rows
            .iter()
            .map(|r| RecordId::new("application", r.item.id.as_str()))
            .collect::<Vec<_>>(),
        submitted_ones[2..4].to_vec()
    );
    assert!(before_last.more);
    let cursor = all[2].cursor();
    assert_eq!(review::QueueCursor::decode(&cursor.encode()), Some(cursor));
    for bad in ["", "12", "x~abc", "12~", "12~a b", "12~../x"] {
        assert_eq!(review::QueueCursor::decode(bad), None, "{bad}");
    }

    let waiting = review::QueueFilter {
        status: Some("submitted".into()),
        ..Default::default()
    };
    assert_eq!(rows(waiting).await.len(), 4);
    let korean = review::QueueFilter {
        country: Some("KR".into()),
        ..Default::default()
    };
    assert!(rows(korean).await.is_empty());
    let resellers = review::QueueFilter {
        model: Some("indirect_reseller".into()),
        country: Some("DE".into()),
        older_than_days: Some(0),
        ..Default::default()
    };
    assert_eq!(rows(resellers).await.len(), 5);
    let old = review::QueueFilter {
        older_than_days: Some(3),
        ..Default::default()
    };
    assert!(rows(old).await.is_empty());

    let counts = review::counts(&db).await.unwrap();
    let of = |status: &str| {
        counts
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(of("submitted"), 4);
    assert_eq!(of("in_review"), 1);
    assert_eq!(of("draft"), 0, "drafts are not counted");
}

#[tokio::test]
async fn only_the_holder_reveals_the_bank_number_and_each_reveal_is_recorded() {
    let db = db().await;
    let ana_id = reviewer(&db, "ana@operator.example").await;
    let bo_id = reviewer(&db, "bo@operator.example").await;
    let ana = Actor {
        user: &ana_id,
        name: "Ana",
    };
    let bo = Actor {
        user: &bo_id,
        name: "Bo",
    };
    let application = submitted(&db, "ji@contoso.example").await;
    let lifetime = std::time::Duration::from_secs(60);
    // nobody holds it yet
    assert!(
        review::reveal_bank(&db, &application, ana, None, lifetime)
            .await
            .is_err()
    );
    review::claim(&db, &application, ana).await.unwrap();
    assert!(matches!(
        review::reveal_bank(&db, &application, bo, Some("grant-hash"), lifetime).await,
        Err(ReviewError::ClaimedBy { .. })
    ));
    assert_eq!(count(&db, "SELECT VALUE id FROM bank_reveal").await, 0);
    let sealed = review::reveal_bank(&db, &application, ana, Some("grant-hash"), lifetime)
        .await
        .unwrap();
    assert_eq!(sealed, "v1.sealed");
    // the grant works once, for its reviewer and application only
    assert!(
        !review::take_reveal_grant(&db, "grant-hash", &bo_id, &application)
            .await
            .unwrap()
    );
    assert!(
        review::take_reveal_grant(&db, "grant-hash", &ana_id, &application)
            .await
            .unwrap()
    );
    assert!(
        !review::take_reveal_grant(&db, "grant-hash", &ana_id, &application)
            .await
            .unwrap()
    );
    // an expired grant does nothing
    review::reveal_bank(
        &db,
        &application,
        ana,
        Some("short"),
        std::time::Duration::ZERO,
    )
    .await
    .unwrap();
    assert!(
        !review::take_reveal_grant(&db, "short", &ana_id, &application)
            .await
            .unwrap()
    );
    let reveals = review::history(&db, &application)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "reveal_bank")
        .map(|e| e.actor_name)
        .collect::<Vec<_>>();
    assert_eq!(reveals, ["Ana", "Ana"]);
}

#[tokio::test]
async fn a_program_admin_reassigns_an_undecided_application() {
    let db = db().await;
    let ana_id = reviewer(&db, "ana@operator.example").await;
    let bo_id = reviewer(&db, "bo@operator.example").await;
    let ana = Actor {
        user: &ana_id,
        name: "Ana",
    };
    let bo = Actor {
        user: &bo_id,
        name: "Bo",
    };
    let admin_id = reviewer(&db, "admin@operator.example").await;
    let admin = Actor {
        user: &admin_id,
        name: "Admin",
    };
    let application = submitted(&db, "ji@contoso.example").await;
    review::claim(&db, &application, ana).await.unwrap();
    review::reassign(&db, &application, admin, &bo_id, "Bo")
        .await
        .unwrap();
    // Bo decides now, Ana no longer can
    assert!(matches!(
        review::reject(&db, &application, ana, "other", "No.", &mail("ji@contoso.example")).await,
        Err(ReviewError::ClaimedBy { by }) if by == "bo"
    ));
    review::reject(
        &db,
        &application,
        bo,
        "other",
        "No.",
        &mail("ji@contoso.example"),
    )
    .await
    .unwrap();
    // decided applications stay with whoever decided them
    assert!(matches!(
        review::reassign(&db, &application, admin, &ana_id, "Ana").await,
        Err(ReviewError::WrongStatus { .. })
    ));
    let history = review::history(&db, &application).await.unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.actor_name == "Admin" && e.action == "reassign" && e.detail == "Bo")
    );
}

#[tokio::test]
async fn applications_submitted_at_the_same_moment_are_paged_once_each() {
    let db = db().await;
    let mut ids = Vec::new();
    for n in 0..4 {
        ids.push(submitted(&db, &format!("p{n}@contoso.example")).await);
    }
    execute(db.query(
        "UPDATE application SET submitted_at = d'2026-11-02T09:00:00Z' WHERE status = 'submitted'",
    ))
    .await
    .unwrap();
    let mut seen = Vec::new();
    let mut from = review::QueueFrom::Start;
    loop {
        let page = review::queue(&db, &review::QueueFilter::default(), &from, 1)
            .await
            .unwrap();
        seen.extend(
            page.rows
                .iter()
                .map(|r| RecordId::new("application", r.item.id.as_str())),
        );
        match (page.more, page.rows.last()) {
            (true, Some(last)) => from = review::QueueFrom::After(last.cursor()),
            _ => break,
        }
    }
    seen.sort_by_key(app::server::db::record_key);
    ids.sort_by_key(app::server::db::record_key);
    assert_eq!(seen, ids);
}
