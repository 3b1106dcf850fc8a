//! A partner organization's own profile, legal name requests, billing profile, audit log and
//! its CSV export, and deactivation, through the whole HTTP stack (`Router::oneshot`).

use crate::support::{
    assert_codes, by, download, member, memory_database, operator, server_with_key,
};
use app::server::{
    db::{Database, execute, record_key},
    store::{
        accounts::{self, AuditFilter},
        profiles,
    },
    surrealdb::types::RecordId,
};
use axum::{
    Router,
    http::{StatusCode, header},
};

struct World {
    app: Router,
    db: Database,
    key: app::server::crypto::FieldKey,
    ours: RecordId,
    theirs: RecordId,
    operator: RecordId,
}

async fn world() -> World {
    let db = memory_database().await;
    let key = app::server::crypto::FieldKey::generate().0;
    let operator = operator(&db).await;
    let ours = partner(&db, "p1000001", "Fabrikam GmbH").await;
    let theirs = partner(&db, "p1000002", "Contoso AG").await;
    World {
        app: server_with_key(&db, key.clone()),
        db,
        key,
        ours,
        theirs,
        operator,
    }
}

/// A German partner organization, as approval leaves it.
async fn partner(db: &Database, key: &str, name: &str) -> RecordId {
    let id = RecordId::new("organization", key);
    execute(
        db.query(
            "CREATE $id CONTENT {
                 name: $name, kind: 'partner', country: 'DE', model: 'direct_bill',
                 address_line1: 'Friedrichstraße 123', city: 'Berlin', postal_code: '10117',
                 phone: '+49301234567', contact_name: 'Hanna Schmidt',
                 contact_email: 'hanna@fabrikam.example', created_at: time::now()
             };
             CREATE billing_profile CONTENT {
                 organization: $id, bank_sealed: 'sealed', sealed_for: 'application:x',
                 bank_masked: '•••• 3000', bank_kind: 'iban', created_at: time::now()
             };",
        )
        .bind("id", id.clone())
        .bind("name", name.to_owned()),
    )
    .await
    .unwrap();
    id
}

const PROFILE: &str = "line1=Jungfernstieg+1&city=Hamburg&postal_code=20354&phone=040+1234567\
    &website=fabrikam.example&contact_name=Jonas+Weber&contact_email=jonas%40fabrikam.example";

#[tokio::test]
async fn the_profile_is_checked_versioned_and_audited() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    let account = member(&w.db, &w.ours, "ida@fabrikam.example", &["account_admin"]).await;

    let body = by(&w.app, &account)
        .answers("load_organization_profile", "", StatusCode::OK)
        .await;
    assert!(
        body.contains("Fabrikam GmbH") && body.contains("\"version\":1"),
        "{body}"
    );

    // bad input: every problem at its field, what was typed sent back, nothing saved
    let body = by(&w.app, &account)
        .invalid(
            "save_organization_profile",
            "version=1&line1=&city=Hamburg&postal_code=2035&phone=12&contact_name=&contact_email=x",
        )
        .await;
    assert_codes(
        &body,
        &[
            "address.line1_empty",
            "postal_code.format",
            "contact_email",
            "name.empty",
        ],
    );
    assert!(body.contains("Hamburg"), "{body}");
    let profile = profiles::get(&w.db, &w.ours).await.unwrap().unwrap();
    assert_eq!(profile.city.as_deref(), Some("Berlin"));

    // saved: normalized, recorded field by field
    by(&w.app, &account)
        .ok("save_organization_profile", &format!("version=1&{PROFILE}"))
        .await;
    let profile = profiles::get(&w.db, &w.ours).await.unwrap().unwrap();
    assert_eq!(profile.city.as_deref(), Some("Hamburg"));
    assert_eq!(profile.phone.as_deref(), Some("+49401234567"));
    assert_eq!(profile.website.as_deref(), Some("https://fabrikam.example"));
    assert_eq!(
        profile.contact_email.as_deref(),
        Some("jonas@fabrikam.example")
    );
    assert_eq!(profile.version, 2);

    // the global admin, still on version 1, is told someone else saved: nothing overwritten
    let body = by(&w.app, &admin)
        .conflict(
            "save_organization_profile",
            &format!("version=1&{}", PROFILE.replace("Hamburg", "Bremen")),
        )
        .await;
    assert!(body.contains("profile.changed"), "{body}");
    let profile = profiles::get(&w.db, &w.ours).await.unwrap().unwrap();
    assert_eq!(profile.city.as_deref(), Some("Hamburg"));

    let log = accounts::audit_log(&w.db, &w.ours, &AuditFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].action, "org_profile.change");
    assert_eq!(log[0].actor_name, "ida");
    for field in [
        "address_line1",
        "city",
        "postal_code",
        "phone",
        "website",
        "contact_name",
    ] {
        assert!(log[0].detail.contains(field), "{field}: {}", log[0].detail);
    }
    // the other organization was not touched
    let theirs = profiles::get(&w.db, &w.theirs).await.unwrap().unwrap();
    assert_eq!(theirs.city.as_deref(), Some("Berlin"));
}

#[tokio::test]
async fn a_legal_name_changes_only_when_the_operator_approves() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    let program_admin = member(
        &w.db,
        &w.operator,
        "minjun@operator.example",
        &["program_admin"],
    )
    .await;
    let reviewer = member(&w.db, &w.operator, "ji@operator.example", &["reviewer"]).await;

    let body = by(&w.app, &admin)
        .invalid(
            "request_legal_name_change",
            "requested_name=fabrikam+gmbh&reason=x",
        )
        .await;
    assert!(body.contains("legal_name.same"), "{body}");
    let body = by(&w.app, &admin)
        .invalid(
            "request_legal_name_change",
            "requested_name=Fabrikam+Holding+GmbH&reason=",
        )
        .await;
    assert!(body.contains("reason.empty"), "{body}");

    by(&w.app, &admin)
        .ok(
            "request_legal_name_change",
            "requested_name=Fabrikam+Holding+GmbH&reason=Renamed+on+1+March",
        )
        .await;
    let body = by(&w.app, &admin)
        .conflict(
            "request_legal_name_change",
            "requested_name=Fabrikam+Other+GmbH&reason=Again",
        )
        .await;
    assert!(body.contains("legal_name.request_pending"), "{body}");

    // the partner sees the request; the name is unchanged
    let body = by(&w.app, &admin)
        .reply("load_organization_profile", "")
        .await;
    assert!(
        body.contains("\"name\":\"Fabrikam GmbH\"") && body.contains("\"status\":\"pending\""),
        "{body}"
    );

    // only the operator's program admins decide
    for session in [&admin, &reviewer] {
        by(&w.app, session)
            .forbidden("list_legal_name_requests", "")
            .await;
        by(&w.app, session)
            .forbidden("decide_legal_name_request", "id=x&decision=approve")
            .await;
    }
    let body = by(&w.app, &program_admin)
        .answers("list_legal_name_requests", "", StatusCode::OK)
        .await;
    let request = profiles::latest_name_request(&w.db, &w.ours)
        .await
        .unwrap()
        .unwrap();
    let id = record_key(&request.id);
    assert!(
        body.contains(&id) && body.contains("Renamed on 1 March"),
        "{body}"
    );

    // a decline needs a note; declined, the name stays and the requester is told why
    let body = by(&w.app, &program_admin)
        .invalid(
            "decide_legal_name_request",
            &format!("id={id}&decision=decline&note="),
        )
        .await;
    assert!(
        body.contains("decision.note_empty") && body.contains(&id),
        "{body}"
    );
    by(&w.app, &program_admin)
        .ok(
            "decide_legal_name_request",
            &format!("id={id}&decision=decline&note=Send+the+register+extract"),
        )
        .await;
    by(&w.app, &program_admin)
        .conflict(
            "decide_legal_name_request",
            &format!("id={id}&decision=approve"),
        )
        .await;
    assert_eq!(
        profiles::get(&w.db, &w.ours).await.unwrap().unwrap().name,
        "Fabrikam GmbH"
    );

    // asked again, approved: renamed, e-mailed, in the partner's audit log
    by(&w.app, &admin)
        .ok(
            "request_legal_name_change",
            "requested_name=Fabrikam+Holding+GmbH&reason=Register+extract+attached",
        )
        .await;
    let request = profiles::latest_name_request(&w.db, &w.ours)
        .await
        .unwrap()
        .unwrap();
    by(&w.app, &program_admin)
        .ok(
            "decide_legal_name_request",
            &format!("id={}&decision=approve", record_key(&request.id)),
        )
        .await;
    assert_eq!(
        profiles::get(&w.db, &w.ours).await.unwrap().unwrap().name,
        "Fabrikam Holding GmbH"
    );
    let mut results = execute(w.db.query(
        "SELECT VALUE subject FROM outbox WHERE recipient = 'hanna@fabrikam.example'
         ORDER BY subject",
    ))
    .await
    .unwrap();
    let subjects: Vec<String> = results.take(0).unwrap();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(
        subjects.iter().any(|s| s.contains("approved")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s.contains("declined")),
        "{subjects:?}"
    );
    let log = accounts::audit_log(&w.db, &w.ours, &AuditFilter::default(), 10)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "legal_name.approved",
            "legal_name.request",
            "legal_name.declined",
            "legal_name.request"
        ]
    );
    assert_eq!(log[0].actor_name, "minjun");
}

#[tokio::test]
async fn bank_details_are_replaced_sealed_and_announced() {
    let w = world().await;
    let _admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    let billing = member(
        &w.db,
        &w.ours,
        "soo-ah@fabrikam.example",
        &["billing_admin"],
    )
    .await;
    let _sales = member(&w.db, &w.ours, "ji@fabrikam.example", &["sales_agent"]).await;
    let _theirs = member(&w.db, &w.theirs, "boss@contoso.example", &["global_admin"]).await;

    let body = by(&w.app, &billing)
        .answers("load_billing_profile", "", StatusCode::OK)
        .await;
    assert!(
        body.contains("•••• 3000") && body.contains("\"may_replace\":true"),
        "{body}"
    );

    // a bad IBAN: at its field, and neither it nor the account number comes back
    let body = by(&w.app, &billing)
        .invalid(
            "replace_bank_details",
            "holder=Fabrikam&iban=DE02120300000000202052&bic=BYLADEM1001",
        )
        .await;
    assert!(
        body.contains("iban.checksum") && !body.contains("202052"),
        "{body}"
    );

    let body = by(&w.app, &billing)
        .ok(
            "replace_bank_details",
            "holder=Fabrikam+Holding&iban=DE02+1203+0000+0000+2020+51&bic=BYLADEM1001",
        )
        .await;
    assert!(!body.contains("202051"), "{body}");

    // stored sealed for the organization, masked for the pages
    let mut results = execute(
        w.db.query("SELECT VALUE bank_sealed FROM billing_profile WHERE organization = $o")
            .bind("o", w.ours.clone()),
    )
    .await
    .unwrap();
    let sealed: Vec<String> = results.take(0).unwrap();
    assert!(!sealed[0].contains("202051"));
    let plain = w
        .key
        .open(&sealed[0], &profiles::billing_seal_context(&w.ours))
        .unwrap();
    assert!(
        String::from_utf8(plain)
            .unwrap()
            .contains("DE02120300000000202051")
    );
    let shown = profiles::billing(&w.db, &w.ours).await.unwrap().unwrap();
    assert_eq!(shown.bank_masked, "•••• 2051");
    assert_eq!(shown.updated_by_name.as_deref(), Some("soo-ah"));

    // the global and billing admins are told; nobody else; never the number
    let mut results = execute(w.db.query(
        "SELECT recipient, text FROM outbox WHERE subject CONTAINS 'Bank details changed'
         ORDER BY recipient",
    ))
    .await
    .unwrap();
    let notices: Vec<serde_json::Value> = results.take(0).unwrap();
    let recipients: Vec<&str> = notices
        .iter()
        .map(|n| n["recipient"].as_str().unwrap())
        .collect();
    assert_eq!(
        recipients,
        ["hanna@fabrikam.example", "soo-ah@fabrikam.example"]
    );
    assert!(
        notices
            .iter()
            .all(|n| !n["text"].as_str().unwrap().contains("202051")
                && n["text"].as_str().unwrap().contains("2051"))
    );
    let log = accounts::audit_log(&w.db, &w.ours, &AuditFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(log[0].action, "bank.replace");
    assert_eq!(log[0].detail, "•••• 3000 → •••• 2051");
    // the other organization's bank details did not change
    let theirs = profiles::billing(&w.db, &w.theirs).await.unwrap().unwrap();
    assert_eq!(theirs.bank_masked, "•••• 3000");
}

#[tokio::test]
async fn the_audit_log_is_exported_as_csv_to_global_admins_only() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    let account = member(&w.db, &w.ours, "ida@fabrikam.example", &["account_admin"]).await;
    let theirs = member(&w.db, &w.theirs, "boss@contoso.example", &["global_admin"]).await;
    let (status, _) = by(&w.app, &account)
        .call("save_organization_profile", &format!("version=1&{PROFILE}"))
        .await;
    assert!(status.is_success());
    let (status, _) = by(&w.app, &theirs)
        .call(
            "save_organization_profile",
            &format!("version=1&{}", PROFILE.replace("fabrikam", "contoso")),
        )
        .await;
    assert!(status.is_success());

    let (status, headers, body) = download(
        &w.app,
        "/account/audit.csv?action=org_profile.change",
        Some(&admin),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"audit-log-")
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}time_utc,user,action,target,detail,address"
    );
    assert_eq!(lines.len(), 2, "{body}");
    assert!(
        lines[1].contains(",ida,org_profile.change,organization_profile,"),
        "{body}"
    );
    assert!(!body.contains("contoso"), "{body}");

    // the page and its export have the same filters; the page reads the same entries
    let body = by(&w.app, &admin)
        .answers(
            "load_audit_log",
            "action=org_profile.change",
            StatusCode::OK,
        )
        .await;
    assert!(
        body.contains("org_profile.change") && !body.contains("contoso"),
        "{body}"
    );
    by(&w.app, &admin)
        .invalid("load_audit_log", "action=drop_table")
        .await;

    // an account admin may change the profile, but not read the log
    let (status, _, _) = download(&w.app, "/account/audit.csv", Some(&account)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    by(&w.app, &account).forbidden("load_audit_log", "").await;
    // signed out: to the sign-in page
    let (status, headers, _) = download(&w.app, "/account/audit.csv", None).await;
    assert!(status.is_redirection());
    assert_eq!(headers[header::LOCATION], "/sign-in");
    // a filter that is not one
    let (status, _, _) = download(&w.app, "/account/audit.csv?action=x", Some(&admin)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn deactivation_ends_the_users_sessions_at_once() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    let account = member(&w.db, &w.ours, "ida@fabrikam.example", &["account_admin"]).await;
    by(&w.app, &account)
        .answers("load_organization_profile", "", StatusCode::OK)
        .await;

    let ida = accounts::list(&w.db, &w.ours)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.email == "ida@fabrikam.example")
        .unwrap();
    by(&w.app, &admin)
        .ok(
            "set_member_active",
            &format!("id={}&active=false", record_key(&ida.id)),
        )
        .await;

    // the very next request of the deactivated user is refused, page and function alike
    by(&w.app, &account)
        .answers("load_organization_profile", "", StatusCode::UNAUTHORIZED)
        .await;
    let (status, _, body) = download(&w.app, "/account/organization", Some(&account)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("Fabrikam GmbH"), "{body}");
    let (status, _, _) = download(&w.app, "/account/audit.csv", Some(&account)).await;
    assert!(status.is_redirection());
}

#[tokio::test]
async fn the_users_page_lists_fifty_users_a_page() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    for n in 0..54 {
        member(&w.db, &w.ours, &format!("user{n:02}@fabrikam.example"), &[]).await;
    }
    let body = by(&w.app, &admin)
        .answers("list_members", "", StatusCode::OK)
        .await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total"], 55);
    assert_eq!(page["pages"], 2);
    assert_eq!(page["members"].as_array().unwrap().len(), 50);
    // the global admin first
    assert_eq!(page["members"][0]["email"], "hanna@fabrikam.example");

    let body = by(&w.app, &admin).reply("list_members", "page=1").await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["page"], 1);
    assert_eq!(page["members"].as_array().unwrap().len(), 5);
    assert_eq!(page["members"][4]["email"], "user53@fabrikam.example");
    // past the end: the last page
    let body = by(&w.app, &admin).reply("list_members", "page=9").await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["page"], 1);
    // a search counts only what it finds
    let body = by(&w.app, &admin)
        .reply("list_members", "search=user5")
        .await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total"], 4);
    assert_eq!(page["pages"], 1);

    // the page itself, rendered on the server (pages count from 1 in the address)
    let (status, _, html) = download(&w.app, "/account/users?page=2", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Page 2 of 2 (55 users)"), "{html}");
    assert!(html.contains("href=\"/account/users?page=1\""), "{html}");
    assert!(html.contains("user53@fabrikam.example"));
    assert!(!html.contains("user00@fabrikam.example"));
}

#[tokio::test]
async fn the_audit_log_pages_from_the_newest() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    execute(
        w.db.query(
            "FOR $n IN 0..60 {
                 CREATE org_audit_event CONTENT {
                     organization: $o, actor: NONE, actor_name: 'System', action: 'user.add',
                     target: 'user' + <string> $n + '@fabrikam.example', detail: '',
                     address: NONE, at: time::now() - duration::from_secs(60 - $n)
                 };
             };",
        )
        .bind("o", w.ours.clone()),
    )
    .await
    .unwrap();
    let body = by(&w.app, &admin)
        .answers("load_audit_log", "", StatusCode::OK)
        .await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let lines = page["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 50);
    assert_eq!(lines[0]["target"], "user59@fabrikam.example");
    assert_eq!(lines[49]["target"], "user10@fabrikam.example");
    let older = page["older"].as_str().unwrap().to_owned();

    let body = by(&w.app, &admin)
        .answers(
            "load_audit_log",
            &format!("older={}", older.replace(':', "%3A").replace('+', "%2B")),
            StatusCode::OK,
        )
        .await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let lines = page["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[0]["target"], "user9@fabrikam.example");
    assert!(page["older"].is_null());

    // a page address that is not one is refused at its field, not a 500
    by(&w.app, &admin)
        .invalid("load_audit_log", "older=';DROP")
        .await;
}

#[tokio::test]
async fn a_user_management_admin_cannot_reach_global_admin_powers() {
    let w = world().await;
    let admin = member(&w.db, &w.ours, "hanna@fabrikam.example", &["global_admin"]).await;
    let manager = member(
        &w.db,
        &w.ours,
        "min-seo@fabrikam.example",
        &["user_management_admin"],
    )
    .await;
    member(&w.db, &w.ours, "ji@fabrikam.example", &["sales_agent"]).await;
    let key = |email: &'static str| {
        let db = w.db.clone();
        let ours = w.ours.clone();
        async move {
            let found = accounts::list(&db, &ours)
                .await
                .unwrap()
                .into_iter()
                .find(|m| m.email == email)
                .unwrap();
            (record_key(&found.id), found.version)
        }
    };
    let (hanna, hanna_version) = key("hanna@fabrikam.example").await;
    let (min_seo, min_seo_version) = key("min-seo@fabrikam.example").await;
    let (ji, ji_version) = key("ji@fabrikam.example").await;

    // grant global admin: refused, to a colleague and to a new employee
    let body = by(&w.app, &manager)
        .conflict(
            "set_member_roles",
            &format!("id={ji}&version={ji_version}&roles%5Bglobal_admin%5D=on"),
        )
        .await;
    assert!(body.contains("roles.global_admin_only"), "{body}");
    by(&w.app, &manager)
        .forbidden(
            "add_member",
            "display_name=New&email=new%40fabrikam.example&roles%5Bglobal_admin%5D=on",
        )
        .await;
    // raise their own privileges: refused
    let body = by(&w.app, &manager)
        .conflict(
            "set_member_roles",
            &format!(
                "id={min_seo}&version={min_seo_version}&roles%5Buser_management_admin%5D=on\
             &roles%5Bbilling_admin%5D=on"
            ),
        )
        .await;
    assert!(body.contains("roles.own_privileges"), "{body}");
    // a global admin's password, account or roles: refused
    for (endpoint, form) in [
        ("reissue_member_password", format!("id={hanna}")),
        ("set_member_active", format!("id={hanna}&active=false")),
    ] {
        let (status, body) = by(&w.app, &manager).call(endpoint, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {body}");
    }
    by(&w.app, &manager)
        .conflict(
            "set_member_roles",
            &format!("id={hanna}&version={hanna_version}&roles%5Bsales_agent%5D=on"),
        )
        .await;
    // what they may do, they can: give a colleague another role
    by(&w.app, &manager).ok("set_member_roles", &format!(
            "id={ji}&version={ji_version}&roles%5Bsales_agent%5D=on&roles%5Bhelpdesk_agent%5D=on"
        )).await;
    // and the only global admin cannot drop their own role
    let body = by(&w.app, &admin)
        .conflict(
            "set_member_roles",
            &format!("id={hanna}&version={hanna_version}&roles%5Bsales_agent%5D=on"),
        )
        .await;
    assert!(body.contains("roles.last_global_admin"), "{body}");
    let list = accounts::list(&w.db, &w.ours).await.unwrap();
    assert!(list.iter().filter(|m| m.is_global_admin()).count() == 1);
}
