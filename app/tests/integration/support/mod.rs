//! What the store tests of enrollment and review share: a database, program IDs, opened and
//! filled-in applications.
#![allow(dead_code)]

use app::domain::{address::Address, program_id::ProgramId};
use app::server::{
    db::{Database, DatabaseUrl, StorageLimits},
    store::{
        enrollment::{self, Business, Started, Submission},
        outbox::Email,
        program_members::{self, NewMember},
        sessions::SessionPolicy,
        users,
    },
};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use surrealdb::types::RecordId;

pub const DAY: Duration = Duration::from_secs(24 * 60 * 60);

pub async fn db() -> Database {
    Database::open(&DatabaseUrl::Memory, StorageLimits::default())
        .await
        .unwrap()
}

/// An application of a German member with every step filled in (work e-mail `work_email`),
/// not submitted yet.
pub async fn filled(db: &Database, work_email: &str) -> (ProgramId, RecordId) {
    let id = member(db, "DE").await;
    let application = opened(db, id, work_email).await;
    fill_every_step(db, &application, id).await;
    (id, application)
}

/// How many records `sql` (a `SELECT VALUE id …`) finds.
pub async fn count(db: &Database, sql: &str) -> usize {
    let mut results = app::server::db::execute(db.query(sql)).await.unwrap();
    results.take::<Vec<RecordId>>(0).unwrap().len()
}

pub fn email_to(recipient: &str, text: String) -> Email {
    Email {
        recipient: recipient.to_owned(),
        subject: "test".into(),
        text,
        html: String::new(),
    }
}

pub async fn member(db: &Database, country: &str) -> ProgramId {
    program_members::join(
        db,
        NewMember {
            legal_name: "Contoso Ltd",
            country,
            contact_email: "contact@contoso.example",
        },
        |id| {
            email_to(
                "contact@contoso.example",
                format!("Your program ID is {id}."),
            )
        },
    )
    .await
    .unwrap()
}

/// Starts an application and returns what happened and the e-mailed link token.
pub async fn start(db: &Database, id: ProgramId, work_email: &str) -> (Started, Option<String>) {
    let token = Arc::new(Mutex::new(None));
    let seen = token.clone();
    let started = enrollment::start(db, id, work_email, DAY, move |t, _| {
        *seen.lock().unwrap() = Some(t.to_owned());
        email_to(work_email, format!("link {t}"))
    })
    .await
    .unwrap();
    let token = token.lock().unwrap().clone();
    (started, token)
}

/// A verified application and its applicant session's application id.
pub async fn opened(db: &Database, id: ProgramId, work_email: &str) -> RecordId {
    let (started, token) = start(db, id, work_email).await;
    assert_eq!(started, Started::New);
    let session = enrollment::open_with_link(db, &token.unwrap())
        .await
        .unwrap()
        .expect("the link opens the application");
    enrollment::session_application(db, &session, SessionPolicy::default())
        .await
        .unwrap()
        .expect("the session reaches the application")
}

pub async fn fill_every_step(db: &Database, application: &RecordId, id: ProgramId) {
    enrollment::save_program_id(db, application, id, id, "DE")
        .await
        .unwrap();
    enrollment::save_business(db, application, berlin_business())
        .await
        .unwrap();
    enrollment::save_bank(db, application, "v1.sealed", "•••• 3000", "iban")
        .await
        .unwrap();
    enrollment::save_model(db, application, "indirect_reseller", &[])
        .await
        .unwrap();
}

static BERLIN: std::sync::LazyLock<Address> = std::sync::LazyLock::new(|| Address {
    line1: "Friedrichstraße 123".into(),
    line2: String::new(),
    city: "Berlin".into(),
    region: String::new(),
    postal_code: "10117".into(),
    country: "DE".into(),
});

pub fn berlin_business() -> Business<'static> {
    Business {
        legal_name: "Contoso Ltd",
        address: &BERLIN,
        phone: "+49301234567",
        website: "",
    }
}

pub fn submission() -> Submission<'static> {
    Submission {
        signer_name: "Hanna Schmidt",
        signer_title: "Managing Director",
        expected_decision_on: "2026-12-01",
        criteria_snapshot: &[],
    }
}

/// The program operator's organization (created the first time).
pub async fn operator(db: &Database) -> RecordId {
    users::ensure_operator_organization(db, "Program operator")
        .await
        .unwrap()
}

/// A user of the program operator's organization with `roles` (password "a long enough
/// password"), named after the e-mail's local part.
pub async fn operator_user(db: &Database, email: &str, roles: &[&str]) -> RecordId {
    let operator = operator(db).await;
    let hash = app::server::auth::password::Hasher::new(1)
        .hash("a long enough password".into())
        .await
        .unwrap();
    users::create(
        db,
        users::NewUser {
            organization: &operator,
            email,
            display_name: email.split('@').next().unwrap(),
            roles,
            password_hash: &hash,
            must_change_password: false,
        },
    )
    .await
    .unwrap()
}
