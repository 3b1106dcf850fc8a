//! A partner organization's employees against a real (in-memory) SurrealDB: roles with a
//! version check, the last global admin, deactivation, and the organization's audit log.

use crate::support::*;
use app::server::{
    auth::password::PasswordHash,
    db::{Database, execute},
    store::{
        accounts::{self, Acting, AuditFilter, MemberError, NewEmployee},
        sessions::{self, SessionPolicy},
    },
};
use surrealdb::types::RecordId;

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

async fn organization(db: &Database, key: &str) -> RecordId {
    let id = RecordId::new("organization", key);
    execute(
        db.query("CREATE $id CONTENT { name: $key, kind: 'partner', created_at: time::now() }")
            .bind("id", id.clone())
            .bind("key", key.to_owned()),
    )
    .await
    .unwrap();
    id
}

/// Adds a user with `roles` to `organization`, acting as nobody in particular.
async fn employee(db: &Database, organization: &RecordId, email: &str, roles: &[&str]) -> RecordId {
    let system = RecordId::new("user", "system");
    let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
    accounts::add(
        db,
        Acting {
            organization,
            user: &system,
            name: "System",
            address: None,
        },
        &NewEmployee {
            email,
            display_name: email.split('@').next().unwrap(),
            roles: &roles,
            password_hash: &PasswordHash::from_stored(HASH.into()),
            temporary_for: DAY,
        },
        &email_to(email, "welcome".into()),
    )
    .await
    .unwrap()
}

fn acting<'a>(organization: &'a RecordId, user: &'a RecordId, name: &'a str) -> Acting<'a> {
    Acting {
        organization,
        user,
        name,
        address: Some("192.0.2.7"),
    }
}

async fn version(db: &Database, organization: &RecordId, user: &RecordId) -> i64 {
    accounts::get(db, organization, user)
        .await
        .unwrap()
        .unwrap()
        .version
}

fn roles(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

#[tokio::test]
async fn the_last_active_global_admin_cannot_be_removed_or_deactivated() {
    let db = db().await;
    let org = organization(&db, "p1111111").await;
    let ana = employee(&db, &org, "ana@fabrikam.example", &["global_admin"]).await;
    let me = acting(&org, &ana, "Ana");

    let v = version(&db, &org, &ana).await;
    assert!(matches!(
        accounts::set_roles(
            &db,
            me,
            &ana,
            "ana@fabrikam.example",
            &roles(&["account_admin"]),
            v,
            ""
        )
        .await,
        Err(MemberError::LastGlobalAdmin)
    ));
    assert!(matches!(
        accounts::set_active(&db, me, &ana, "ana@fabrikam.example", false).await,
        Err(MemberError::LastGlobalAdmin)
    ));
    assert!(
        accounts::get(&db, &org, &ana)
            .await
            .unwrap()
            .unwrap()
            .is_global_admin()
    );

    // with a second one, either can go, but not both at the same moment
    let bo = employee(&db, &org, "bo@fabrikam.example", &["global_admin"]).await;
    let (va, vb) = (
        version(&db, &org, &ana).await,
        version(&db, &org, &bo).await,
    );
    let bo_acting = acting(&org, &bo, "Bo");
    let none = roles(&[]);
    let (first, second) = tokio::join!(
        accounts::set_roles(&db, me, &bo, "bo@fabrikam.example", &none, vb, ""),
        accounts::set_roles(&db, bo_acting, &ana, "ana@fabrikam.example", &none, va, ""),
    );
    let outcomes = [first.is_ok(), second.is_ok()];
    assert_eq!(
        outcomes.iter().filter(|ok| **ok).count(),
        1,
        "{first:?} {second:?}"
    );
    let admins = accounts::list(&db, &org)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.is_global_admin() && m.is_active())
        .count();
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn concurrent_role_edits_one_is_told_someone_else_changed_it() {
    let db = db().await;
    let org = organization(&db, "p2222222").await;
    let ana = employee(&db, &org, "ana@fabrikam.example", &["global_admin"]).await;
    let bo = employee(&db, &org, "bo@fabrikam.example", &["user_management_admin"]).await;
    let cy = employee(&db, &org, "cy@fabrikam.example", &[]).await;
    let v = version(&db, &org, &cy).await;
    let (sales, billing) = (roles(&["sales_agent"]), roles(&["billing_admin"]));
    let (first, second) = tokio::join!(
        accounts::set_roles(&db, acting(&org, &ana, "Ana"), &cy, "cy", &sales, v, ""),
        accounts::set_roles(&db, acting(&org, &bo, "Bo"), &cy, "cy", &billing, v, ""),
    );
    let changed = [&first, &second]
        .iter()
        .filter(|r| matches!(r, Err(MemberError::Changed)))
        .count();
    assert_eq!(changed, 1, "{first:?} {second:?}");
    assert_eq!([&first, &second].iter().filter(|r| r.is_ok()).count(), 1);
    let now = accounts::get(&db, &org, &cy).await.unwrap().unwrap();
    assert_eq!(now.version, v + 1);
    assert!(now.roles == ["sales_agent"] || now.roles == ["billing_admin"]);
    // a stale version is refused later too
    assert!(matches!(
        accounts::set_roles(
            &db,
            acting(&org, &ana, "Ana"),
            &cy,
            "cy",
            &roles(&[]),
            v,
            ""
        )
        .await,
        Err(MemberError::Changed)
    ));
}

#[tokio::test]
async fn deactivation_ends_sessions_at_once_and_other_organizations_are_out_of_reach() {
    let db = db().await;
    let org = organization(&db, "p3333333").await;
    let other = organization(&db, "p4444444").await;
    let ana = employee(&db, &org, "ana@fabrikam.example", &["global_admin"]).await;
    let cy = employee(&db, &org, "cy@fabrikam.example", &["sales_agent"]).await;
    let stranger = employee(&db, &other, "eve@contoso.example", &["global_admin"]).await;
    let session = sessions::create(&db, &cy).await.unwrap();
    assert!(
        sessions::find(&db, &session, SessionPolicy::default())
            .await
            .unwrap()
            .is_some()
    );
    accounts::set_active(&db, acting(&org, &ana, "Ana"), &cy, "cy", false)
        .await
        .unwrap();
    assert!(
        sessions::find(&db, &session, SessionPolicy::default())
            .await
            .unwrap()
            .is_none(),
        "the session ended with the deactivation"
    );

    // the other organization's global admin reaches nobody here, and sees nobody
    let eve = acting(&other, &stranger, "Eve");
    assert!(matches!(
        accounts::set_active(&db, eve, &cy, "cy", true).await,
        Err(MemberError::NotFound)
    ));
    assert!(matches!(
        accounts::set_roles(&db, eve, &ana, "ana", &roles(&[]), 1, "").await,
        Err(MemberError::NotFound)
    ));
    assert!(accounts::get(&db, &other, &ana).await.unwrap().is_none());
    assert_eq!(accounts::list(&db, &other).await.unwrap().len(), 1);
    assert!(
        !accounts::get(&db, &org, &cy)
            .await
            .unwrap()
            .unwrap()
            .is_active()
    );
}

#[tokio::test]
async fn every_change_is_in_the_audit_log_which_cannot_be_changed() {
    let db = db().await;
    let org = organization(&db, "p5555555").await;
    let ana = employee(&db, &org, "ana@fabrikam.example", &["global_admin"]).await;
    let cy = employee(&db, &org, "cy@fabrikam.example", &[]).await;
    let me = acting(&org, &ana, "Ana");
    let v = version(&db, &org, &cy).await;
    accounts::set_roles(
        &db,
        me,
        &cy,
        "cy@fabrikam.example",
        &roles(&["sales_agent"]),
        v,
        "+ sales_agent",
    )
    .await
    .unwrap();
    accounts::reissue_temporary_password(
        &db,
        me,
        &cy,
        "cy@fabrikam.example",
        &PasswordHash::from_stored(HASH.into()),
        DAY,
        &email_to("cy@fabrikam.example", "new password".into()),
    )
    .await
    .unwrap();
    // an e-mail that exists already: nothing is created, recorded or sent
    let outbox_before = count(&db, "SELECT VALUE id FROM outbox").await;
    let taken = accounts::add(
        &db,
        me,
        &NewEmployee {
            email: "CY@fabrikam.example",
            display_name: "Cy again",
            roles: &[],
            password_hash: &PasswordHash::from_stored(HASH.into()),
            temporary_for: DAY,
        },
        &email_to("cy@fabrikam.example", "welcome".into()),
    )
    .await;
    assert!(matches!(taken, Err(MemberError::EmailTaken)));
    assert_eq!(
        count(&db, "SELECT VALUE id FROM outbox").await,
        outbox_before
    );

    let log = accounts::audit_log(&db, &org, &AuditFilter::default(), 100)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "user.password_reissued",
            "roles.change",
            "user.add",
            "user.add"
        ],
        "newest first"
    );
    assert_eq!(log[1].actor_name, "Ana");
    assert_eq!(log[1].target, "cy@fabrikam.example");
    assert_eq!(log[1].detail, "+ sales_agent");
    assert_eq!(log[1].address.as_deref(), Some("192.0.2.7"));
    let only_roles = accounts::audit_log(
        &db,
        &org,
        &AuditFilter {
            action: Some("roles.change".into()),
            ..Default::default()
        },
        100,
    )
    .await
    .unwrap();
    assert_eq!(only_roles.len(), 1);
    let by_ana = accounts::audit_log(
        &db,
        &org,
        &AuditFilter {
            actor: Some(ana.clone()),
            ..Default::default()
        },
        100,
    )
    .await
    .unwrap();
    assert_eq!(by_ana.len(), 2);

    assert!(
        execute(db.query("UPDATE org_audit_event SET detail = 'x'"))
            .await
            .is_err()
    );
    assert!(execute(db.query("DELETE org_audit_event")).await.is_err());
    assert_eq!(
        accounts::audit_log(&db, &org, &AuditFilter::default(), 100)
            .await
            .unwrap()
            .len(),
        4
    );
}
