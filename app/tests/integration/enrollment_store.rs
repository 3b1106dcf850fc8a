//! Program IDs and CSP applications against a real (in-memory) SurrealDB.

use crate::support::*;
use app::{
    domain::{application::Status, bank, program_id::ProgramId},
    server::{
        crypto::FieldKey,
        db::execute,
        store::{
            enrollment::{self, ChangeError, Started},
            program_members, program_settings,
            sessions::SessionPolicy,
        },
    },
};
use std::time::Duration;
use surrealdb::types::RecordId;

#[tokio::test]
async fn joining_issues_random_seven_digit_ids_and_queues_the_email() {
    let db = db().await;
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(member(&db, "KR").await);
    }
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "never the same ID twice");
    // not a counter: consecutive IDs are not neighbours
    assert!(
        ids.windows(2)
            .any(|w| w[0].get().abs_diff(w[1].get()) > 1000)
    );
    let found = program_members::find(&db, ids[0]).await.unwrap().unwrap();
    assert_eq!(found.program_id(), Some(ids[0]));
    assert_eq!(found.country, "KR");
    assert!(found.is_active());
    let mut results = execute(
        db.query("SELECT VALUE text FROM outbox WHERE text CONTAINS $id")
            .bind("id", ids[0].to_string()),
    )
    .await
    .unwrap();
    let texts: Vec<String> = results.take(0).unwrap();
    assert_eq!(texts.len(), 1, "the ID is e-mailed with the join");

    assert!(
        program_members::set_status(&db, ids[0], false)
            .await
            .unwrap()
    );
    assert!(
        !program_members::find(&db, ids[0])
            .await
            .unwrap()
            .unwrap()
            .is_active()
    );
    let unused = (1_000_000..).find_map(|n| ProgramId::from_u32(n).filter(|id| !ids.contains(id)));
    assert!(
        !program_members::set_status(&db, unused.unwrap(), true)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn one_open_application_per_program_id() {
    let db = db().await;
    let id = member(&db, "DE").await;
    let (first, token) = start(&db, id, "ji@contoso.example").await;
    assert_eq!(first, Started::New);
    assert!(token.is_some());
    // the same e-mail again: a new link to the same application
    let (again, _) = start(&db, id, "ji@contoso.example").await;
    assert_eq!(again, Started::Resumed);
    // someone else, while the first link is alive
    let (other, token) = start(&db, id, "mallory@contoso.example").await;
    assert_eq!(other, Started::OpenWithAnotherEmail);
    assert_eq!(token, None, "no e-mail goes to the other address");
    let mut results = execute(
        db.query("SELECT VALUE id FROM application WHERE program_id = $id")
            .bind("id", i64::from(id.get())),
    )
    .await
    .unwrap();
    assert_eq!(results.take::<Vec<RecordId>>(0).unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_starts_for_one_program_id_create_one_application() {
    let db = db().await;
    let id = member(&db, "DE").await;
    let mut tasks = Vec::new();
    for n in 0..16 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let email = format!("person{n}@contoso.example");
            enrollment::start(&db, id, &email, DAY, |t, _| email_to(&email, t.to_owned())).await
        }));
    }
    let mut new = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(Started::New) => new += 1,
            Ok(_) => {}
            // a write conflict between the racing transactions is a refusal too
            Err(error) => assert!(
                app::server::db::is_retryable_conflict(match &error {
                    app::server::db::DbError::Query(e) => e,
                    other => panic!("{other}"),
                }),
                "{error}"
            ),
        }
    }
    assert_eq!(new, 1);
    let mut results = execute(db.query("SELECT VALUE id FROM application"))
        .await
        .unwrap();
    let all: Vec<RecordId> = results.take(0).unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn a_link_opens_the_application_once_and_proves_the_email() {
    let db = db().await;
    let id = member(&db, "DE").await;
    let (_, token) = start(&db, id, "ji@contoso.example").await;
    let token = token.unwrap();
    let session = enrollment::open_with_link(&db, &token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(enrollment::open_with_link(&db, &token).await.unwrap(), None);
    assert_eq!(
        enrollment::open_with_link(&db, "made-up").await.unwrap(),
        None
    );
    let application = enrollment::session_application(&db, &session, SessionPolicy::default())
        .await
        .unwrap()
        .unwrap();
    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert!(record.email_verified);
    assert_eq!(record.status(), Status::Draft);
    assert_eq!(record.work_email, "ji@contoso.example");
    assert_eq!(record.submitted, None);
    // an expired session reaches nothing
    let expired = SessionPolicy {
        idle: Duration::ZERO,
        absolute: Duration::ZERO,
        step_up: Duration::ZERO,
    };
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        enrollment::session_application(&db, &session, expired)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn steps_save_in_order_and_submission_happens_once() {
    let db = db().await;
    let id = member(&db, "DE").await;
    let application = opened(&db, id, "ji@contoso.example").await;
    // the bank step before the business step is refused
    assert!(matches!(
        enrollment::save_bank(&db, &application, "x", "y", "iban").await,
        Err(ChangeError::NotEditable)
    ));
    let before = enrollment::version(&db, &application)
        .await
        .unwrap()
        .unwrap();
    fill_every_step(&db, &application, id).await;
    let after = enrollment::version(&db, &application)
        .await
        .unwrap()
        .unwrap();
    assert!(after > before, "every saved step moves the version on");

    assert!(
        enrollment::submit(&db, &application, submission())
            .await
            .unwrap()
    );
    assert!(
        !enrollment::submit(&db, &application, submission())
            .await
            .unwrap(),
        "a second submit changes nothing"
    );
    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert_eq!(record.status(), Status::Submitted);
    assert!(record.submitted.is_some());
    assert_eq!(record.expected_decision_on.as_deref(), Some("2026-12-01"));
    // frozen once submitted
    assert!(matches!(
        enrollment::save_model(&db, &application, "direct_bill", &[]).await,
        Err(ChangeError::NotEditable)
    ));
}

#[tokio::test]
async fn concurrent_submissions_submit_once() {
    let db = db().await;
    let (_, application) = filled(&db, "ji@contoso.example").await;
    let version = enrollment::version(&db, &application)
        .await
        .unwrap()
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let db = db.clone();
        let application = application.clone();
        tasks.push(tokio::spawn(async move {
            enrollment::submit(&db, &application, submission()).await
        }));
    }
    let mut did = 0;
    for task in tasks {
        // every one succeeds; one of them did it
        if task
            .await
            .unwrap()
            .expect("a concurrent submit is not an error")
        {
            did += 1;
        }
    }
    assert_eq!(did, 1);
    assert_eq!(
        enrollment::version(&db, &application).await.unwrap(),
        Some(version + 1)
    );
}

#[tokio::test]
async fn a_decided_application_frees_its_program_id() {
    let db = db().await;
    let (id, application) = filled(&db, "ji@contoso.example").await;
    enrollment::submit(&db, &application, submission())
        .await
        .unwrap();
    let (blocked, _) = start(&db, id, "other@contoso.example").await;
    assert_eq!(blocked, Started::OpenWithAnotherEmail);
    enrollment::set_status(&db, &application, Status::InReview)
        .await
        .unwrap();
    enrollment::set_status(&db, &application, Status::Rejected)
        .await
        .unwrap();
    let (fresh, _) = start(&db, id, "other@contoso.example").await;
    assert_eq!(fresh, Started::New);
}

#[tokio::test]
async fn moving_to_another_program_id_moves_its_lock() {
    let db = db().await;
    let first = member(&db, "DE").await;
    let second = member(&db, "DE").await;
    let taken = member(&db, "DE").await;
    let application = opened(&db, first, "ji@contoso.example").await;
    let _other = opened(&db, taken, "mo@contoso.example").await;
    assert!(matches!(
        enrollment::save_program_id(&db, &application, first, taken, "DE").await,
        Err(ChangeError::ProgramIdTaken)
    ));
    enrollment::save_program_id(&db, &application, first, second, "DE")
        .await
        .unwrap();
    // the first program ID is free again, the second is not
    assert_eq!(
        start(&db, first, "new@contoso.example").await.0,
        Started::New
    );
    assert_eq!(
        start(&db, second, "new@contoso.example").await.0,
        Started::OpenWithAnotherEmail
    );
}

#[tokio::test]
async fn the_bank_account_is_stored_sealed_and_comes_back_masked() {
    let db = db().await;
    let id = member(&db, "DE").await;
    let application = opened(&db, id, "ji@contoso.example").await;
    enrollment::save_program_id(&db, &application, id, id, "DE")
        .await
        .unwrap();
    enrollment::save_business(&db, &application, berlin_business())
        .await
        .unwrap();
    let details = bank::validate(
        "DE",
        &bank::BankInput {
            holder: "Contoso Ltd".into(),
            iban: "DE89 3704 0044 0532 0130 00".into(),
            bic: "COBADEFFXXX".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let (key, _) = FieldKey::generate();
    let context = enrollment::seal_context(&application);
    let sealed = key.seal(&serde_json::to_vec(&details).unwrap(), &context);
    enrollment::save_bank(&db, &application, &sealed, &details.masked(), "iban")
        .await
        .unwrap();

    // the raw record holds neither the IBAN nor the account number
    let mut results = execute(
        db.query("RETURN <string> (SELECT * FROM ONLY $application)")
            .bind("application", application.clone()),
    )
    .await
    .unwrap();
    let raw: String = results.take::<Option<String>>(0).unwrap().unwrap();
    assert!(!raw.contains("DE89370400440532013000"), "{raw}");
    assert!(!raw.contains("0532013000"), "{raw}");
    assert!(raw.contains("•••• 3000"));

    let record = enrollment::get(&db, &application).await.unwrap().unwrap();
    assert_eq!(record.bank_masked.as_deref(), Some("•••• 3000"));
    let opened = key
        .open(record.bank_sealed.as_deref().unwrap(), &context)
        .unwrap();
    let back: bank::BankDetails = serde_json::from_slice(&opened).unwrap();
    assert_eq!(back, details);
}

#[tokio::test]
async fn settings_have_defaults_and_criteria_can_be_edited() {
    let db = db().await;
    assert_eq!(program_settings::review_days(&db).await.unwrap(), 5);
    program_settings::set_review_days(&db, 10).await.unwrap();
    assert_eq!(program_settings::review_days(&db).await.unwrap(), 10);
    let seeded = program_settings::criteria(&db).await.unwrap();
    assert!(seeded.len() >= 3);
    program_settings::add_criterion(&db, "A new one", "새 기준")
        .await
        .unwrap();
    let criteria = program_settings::criteria(&db).await.unwrap();
    assert_eq!(criteria.len(), seeded.len() + 1);
    assert_eq!(criteria.last().unwrap().text_en, "A new one");
    let key = criteria[0].key();
    assert!(
        program_settings::update_criterion(&db, &key, "Reworded", "바꾼 문구")
            .await
            .unwrap()
    );
    assert!(program_settings::retire_criterion(&db, &key).await.unwrap());
    assert!(!program_settings::retire_criterion(&db, &key).await.unwrap());
    assert!(
        !program_settings::update_criterion(&db, &key, "x", "y")
            .await
            .unwrap()
    );
    let left = program_settings::criteria(&db).await.unwrap();
    assert!(left.iter().all(|c| c.key() != key));
}

#[tokio::test]
async fn the_operator_adds_and_removes_free_mail_domains() {
    let db = db().await;
    let admin = RecordId::new("user", "admin");
    assert!(
        program_settings::add_free_mail_domain(&db, "freemail.example", &admin)
            .await
            .unwrap()
    );
    assert!(
        !program_settings::add_free_mail_domain(&db, "freemail.example", &admin)
            .await
            .unwrap(),
        "listed twice"
    );
    program_settings::add_free_mail_domain(&db, "another.example", &admin)
        .await
        .unwrap();
    assert_eq!(
        program_settings::free_mail_additions(&db).await.unwrap(),
        ["another.example", "freemail.example"]
    );
    assert!(
        program_settings::remove_free_mail_domain(&db, "freemail.example")
            .await
            .unwrap()
    );
    assert!(
        !program_settings::remove_free_mail_domain(&db, "freemail.example")
            .await
            .unwrap()
    );
    assert_eq!(
        program_settings::free_mail_additions(&db).await.unwrap(),
        ["another.example"]
    );
}
