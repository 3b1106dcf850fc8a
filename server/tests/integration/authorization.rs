//! The authorization matrix, generated from `domain::roles`: every server function that reads
//! or changes an organization's data × every role (and none) × a thing of the caller's own
//! organization vs. another organization's. And the gate's census: each server function's
//! source opens exactly one door of `api::gate`, so none is unclassified.

use crate::support::{member, user_with_session, without_two_factor};
use app::server::surrealdb::types::RecordId;
use app::{
    api::gate::ORGANIZATION_FUNCTIONS,
    domain::roles::{Role, allows},
    server::{
        db::{Database, execute, record_key},
        store::accounts,
    },
};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn endpoint_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The doors of `api::gate` a server function can open to get the request's services.
const DOORS: &[&str] = &[
    "public",
    "applicant",
    "visitor",
    "own_account",
    "securing",
    "pending_sign_in",
    "signed_in",
    "member",
    "customer",
    "staff",
];

/// Each server function's endpoint and body, read from the sources of `app/src/api`.
fn server_function_sources() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/api");
    let mut files = vec![root];
    let mut functions = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("the api folder") {
                files.push(entry.expect("an entry").path());
            }
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        for (at, _) in text.match_indices("#[server(") {
            let attribute = &text[at..text[at..].find('\n').map_or(text.len(), |n| at + n)];
            // a function's attribute names its endpoint (every server function here has one:
            // the test below finds each registered path's source by it); an argument's
            // attribute (`#[server(default)]`) does not
            let Some(endpoint) = attribute
                .split("endpoint = \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
            else {
                continue;
            };
            let start = at + text[at..].find("async fn").expect("the function");
            let indent = text[..start]
                .rsplit('\n')
                .next()
                .map_or(0, |line| line.len() - line.trim_start().len());
            let end = format!("\n{}}}\n", " ".repeat(indent));
            let body_end = text[start..].find(&end).map_or(text.len(), |n| start + n);
            functions.push((endpoint.to_owned(), text[start..body_end].to_owned()));
        }
    }
    functions
}

/// The doors a body opens, with what follows the door's name up to its closing parenthesis.
fn doors_opened(body: &str) -> Vec<(&'static str, String)> {
    let mut opened = Vec::new();
    for door in DOORS {
        let call = format!("gate::{door}(");
        for (at, _) in body.match_indices(&call) {
            let rest = &body[at + call.len()..];
            let argument = rest.split(')').next().unwrap_or_default();
            opened.push((*door, argument.trim().to_owned()));
        }
    }
    opened
}

#[test]
fn every_server_function_opens_one_door_of_the_gate() {
    let sources = server_function_sources();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let endpoint = endpoint_of(path);
        let matches: Vec<_> = sources.iter().filter(|(e, _)| e == endpoint).collect();
        assert_eq!(
            matches.len(),
            1,
            "{endpoint}: its source is not in app/src/api"
        );
        let doors = doors_opened(&matches[0].1);
        assert_eq!(
            doors.len(),
            1,
            "{endpoint}: a server function opens exactly one door of api::gate (gate::public() \
             for one anyone may call), found {doors:?}"
        );
        let (door, argument) = &doors[0];
        let listed = ORGANIZATION_FUNCTIONS.iter().find(|(e, _)| *e == endpoint);
        match (*door, listed) {
            ("member" | "customer", Some((_, permission))) => assert!(
                argument.ends_with(&format!("Permission::{permission:?}")),
                "{endpoint}: asks for {argument}, ORGANIZATION_FUNCTIONS says {permission:?}"
            ),
            ("member" | "customer", None) => panic!(
                "{endpoint}: touches an organization's data: add it to ORGANIZATION_FUNCTIONS"
            ),
            (_, Some(_)) => panic!("{endpoint}: listed as an organization's, opens gate::{door}"),
            (_, None) => {}
        }
    }
}

#[test]
fn the_source_reader_finds_each_kind_of_door() {
    let sources = server_function_sources();
    let door_of = |endpoint: &str| {
        let (_, body) = sources.iter().find(|(e, _)| e == endpoint).expect(endpoint);
        doors_opened(body)[0].0
    };
    assert_eq!(door_of("sign_in"), "public");
    assert_eq!(door_of("my_application"), "applicant");
    assert_eq!(door_of("who_am_i"), "visitor");
    assert_eq!(door_of("change_password"), "own_account");
    assert_eq!(door_of("load_partner_home"), "signed_in");
    assert_eq!(door_of("list_members"), "member");
    assert_eq!(door_of("load_my_partners"), "customer");
    assert_eq!(door_of("review_queue"), "staff");
    // a nested module's function (one argument per form field) is read to its end
    assert_eq!(door_of("save_business_step"), "applicant");
    assert_eq!(
        doors_opened("gate::public()?; gate::member(Permission::UsersView)"),
        [
            ("public", String::new()),
            ("member", "Permission::UsersView".into())
        ]
    );
}

/// A partner organization in the US, with its billing profile.
async fn organization(db: &Database, key: &str) -> RecordId {
    let id = RecordId::new("organization", key);
    execute(
        db.query(
            "CREATE $id CONTENT {
                 name: $key, kind: 'partner', country: 'US', model: 'direct_bill',
                 address_line1: '1 Main St', city: 'Seattle', region: 'WA',
                 postal_code: '98101', phone: '+12064567890', created_at: time::now()
             };
             CREATE billing_profile CONTENT {
                 organization: $id, bank_sealed: 'x', sealed_for: 'x',
                 bank_masked: '•••• 6789', bank_kind: 'domestic', created_at: time::now()
             };",
        )
        .bind("id", id.clone())
        .bind("key", key.to_owned()),
    )
    .await
    .unwrap();
    id
}

async fn post(app: &Router, endpoint: &str, session: &str, form: &str) -> (StatusCode, String) {
    let path = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .find(|path| endpoint_of(path) == endpoint)
        .unwrap();
    // the logo upload is a file form: its one field here is not a file
    let (content_type, body) = if endpoint == "upload_logo" {
        (
            "multipart/form-data; boundary=b0undary".to_owned(),
            "--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--b0undary--\r\n"
                .to_owned(),
        )
    } else {
        (
            "application/x-www-form-urlencoded".to_owned(),
            form.to_owned(),
        )
    };
    let response = app
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::CONTENT_TYPE, content_type)
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, format!("csp_session={session}"))
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The form that calls `endpoint` on `target` (a user), changing nothing that matters to the
/// rest of the test: a no-op role edit, a reactivation of an active user, a new password.
fn form(endpoint: &str, target: &str, n: usize) -> String {
    match endpoint {
        "list_members" => String::new(),
        "add_member" => format!("display_name=New+{n}&email=new{n}%40fabrikam.example"),
        "set_member_roles" => format!("id={target}&version=0&roles%5Bsales_agent%5D=on"),
        "set_member_active" => format!("id={target}&active=true"),
        "reissue_member_password" => format!("id={target}"),
        "load_organization_profile" | "load_billing_profile" | "load_audit_log" => String::new(),
        "save_organization_profile" => format!(
            "version={n}&line1=1+Main+St&city=Seattle&region=WA&postal_code=98101\
             &phone=%2B12064567890&contact_name=Ana&contact_email=ana%40fabrikam.example"
        ),
        "request_legal_name_change" => format!("requested_name=Fabrikam+{n}&reason=Renamed"),
        "load_business_profile" | "unpublish_business_profile" => String::new(),
        "upload_logo" | "remove_logo" => String::new(),
        "find_providers" | "list_relationships" => String::new(),
        "request_provider" => "provider=nobody-1&message=Hello".to_owned(),
        "answer_relationship" => "id=x&decision=accept".to_owned(),
        "end_relationship" => "id=x".to_owned(),
        "load_referrals" => String::new(),
        "answer_referral" => "id=x&decision=accept".to_owned(),
        "forward_referral" => "id=x&reseller=p1".to_owned(),
        "save_business_profile" => format!("version=0&description=Profile+{n}"),
        "publish_business_profile" => "version=1".to_owned(),
        "replace_bank_details" => {
            "holder=Fabrikam&account_number=123456789&routing_code=021000021".to_owned()
        }
        "list_tenants" | "load_customers" | "load_billed_customers" | "load_my_partners" => {
            String::new()
        }
        "add_tenant" => format!("domain=tenant{n}.example"),
        "request_customer" => format!(
            "customer_name=Customer+{n}&domain=customer{n}.example\
             &admin_email=admin%40customer{n}.example"
        ),
        "resend_customer_invitation"
        | "revoke_customer_invitation"
        | "end_customer_relationship"
        | "end_partner_relationship" => "id=x".to_owned(),
        "reset_member_two_factor" => format!("id={target}"),
        other => panic!("no form for {other}: add one here"),
    }
}

#[tokio::test]
async fn every_role_gets_what_the_matrix_says_in_its_own_organization_and_nothing_elsewhere() {
    let (app, db) = crate::support::app().await;
    let ours = organization(&db, "p1000001").await;
    let theirs = organization(&db, "p1000002").await;
    member(&db, &ours, "owner@fabrikam.example", &["global_admin"]).await;
    member(&db, &theirs, "owner@contoso.example", &["global_admin"]).await;
    let target =
        |organization, email| user_with_session(&db, organization, email, "target", &[], false);
    let own_target = record_key(&target(&ours, "target@fabrikam.example").await.0);
    let other_target = record_key(&target(&theirs, "target@contoso.example").await.0);

    let mut callers: Vec<(Vec<Role>, String)> = Vec::new();
    for (index, roles) in Role::ALL
        .into_iter()
        .map(|r| vec![r])
        .chain([vec![]])
        .enumerate()
    {
        let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        let email = format!("caller{index}@fabrikam.example");
        callers.push((roles, member(&db, &ours, &email, &codes).await));
    }

    let mut n = 0;
    for (endpoint, permission) in ORGANIZATION_FUNCTIONS {
        for (roles, session) in &callers {
            let allowed = allows(roles, *permission);
            n += 1;
            let (status, body) =
                post(&app, endpoint, session, &form(endpoint, &own_target, n)).await;
            if allowed {
                assert_ne!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{endpoint} {roles:?}: {body}"
                );
                assert_ne!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{endpoint} {roles:?}: {body}"
                );
                assert_ne!(
                    status,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "{endpoint} {roles:?}: {body}"
                );
                assert!(
                    !body.contains("contoso") && !body.contains("p1000002"),
                    "{endpoint} {roles:?} read another organization: {body}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{endpoint} {roles:?}: {body}"
                );
                assert!(
                    !body.contains("fabrikam.example"),
                    "{endpoint} leaked: {body}"
                );
            }
            // another organization's user: refused by the role, or not found
            if endpoint.contains("member_") {
                n += 1;
                let (status, body) =
                    post(&app, endpoint, session, &form(endpoint, &other_target, n)).await;
                let expected = if allowed {
                    StatusCode::NOT_FOUND
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(status, expected, "{endpoint} {roles:?} elsewhere: {body}");
                assert!(!body.contains("contoso"), "{endpoint} leaked: {body}");
            }
        }
    }
    // nothing reached the other organization
    let theirs_now = accounts::list(&db, &theirs).await.unwrap();
    assert_eq!(theirs_now.len(), 2);
    assert!(theirs_now.iter().all(|m| m.is_active()));
    let log = accounts::audit_log(&db, &theirs, &Default::default(), 100)
        .await
        .unwrap();
    assert!(log.iter().all(|e| e.actor_name == "System"), "{log:?}");
    let mut results = execute(
        db.query(
            "SELECT VALUE name FROM ONLY $theirs;
             SELECT VALUE bank_masked FROM billing_profile WHERE organization = $theirs;
             SELECT VALUE id FROM legal_name_request WHERE organization = $theirs;",
        )
        .bind("theirs", theirs.clone()),
    )
    .await
    .unwrap();
    assert_eq!(
        results.take::<Option<String>>(0).unwrap().as_deref(),
        Some("p1000002")
    );
    assert_eq!(
        results.take::<Vec<String>>(1).unwrap(),
        vec!["•••• 6789".to_owned()]
    );
    assert!(results.take::<Vec<RecordId>>(2).unwrap().is_empty());
    // the allowed calls did reach their own organization
    let ours_log = accounts::audit_log(&db, &ours, &Default::default(), 1000)
        .await
        .unwrap();
    for action in ["legal_name.request", "bank.replace"] {
        assert!(
            ours_log.iter().any(|e| e.action == action),
            "{action}: {ours_log:?}"
        );
    }
}

/// Fields every function below takes from: each reads its own and ignores the others. The
/// gate refuses before any of them is looked at.
const ANY_FORM: &str = "id=x&display_name=X&email=x%40x.example&search=&domain=x.example&key=x\
    &review_days=5&program_id=1234567&active=true&permission=users.view&code=123456\
    &decision=accept&note=x&reason=x&text_en=x&text_ko=x&holder=x&account_number=1\
    &routing_code=021000021&version=0&provider=x&reseller=x&message=x";

/// Until they have set up two-factor sign-in, a user whose roles require it gets nothing from
/// any function for signed-in users: each refuses with "set up two-factor sign-in first". Only
/// the set-up itself (and the password change, sign-out, public pages) answers.
#[tokio::test]
async fn every_signed_in_function_waits_for_the_two_factor_set_up() {
    let (app, db) = crate::support::app().await;
    let ours = organization(&db, "p1000003").await;
    let operator = crate::support::operator(&db).await;
    let mut callers = Vec::new();
    for (organization, email, role) in [
        (&ours, "owner@fabrikam.example", "global_admin"),
        (&ours, "billing@fabrikam.example", "billing_admin"),
        (&operator, "admin@operator.example", "program_admin"),
        (&operator, "reviewer@operator.example", "reviewer"),
    ] {
        let (user, session) =
            user_with_session(&db, organization, email, role, &[role], false).await;
        without_two_factor(&db, &user).await;
        callers.push((role, session));
    }
    let sources = server_function_sources();
    let mut checked = 0;
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let endpoint = endpoint_of(path);
        let (_, body) = sources.iter().find(|(e, _)| e == endpoint).unwrap();
        let door = doors_opened(body)[0].0;
        if !["signed_in", "member", "customer", "staff"].contains(&door) {
            continue;
        }
        let form = if ORGANIZATION_FUNCTIONS.iter().any(|(e, _)| *e == endpoint) {
            form(endpoint, "x", 0)
        } else {
            ANY_FORM.to_owned()
        };
        for (role, session) in &callers {
            let (status, body) = post(&app, endpoint, session, &form).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{endpoint} as {role}: {body}"
            );
            assert!(
                body.contains("TwoFactorSetupRequired"),
                "{endpoint} as {role}: {body}"
            );
            checked += 1;
        }
    }
    assert!(checked > 4 * 50, "{checked}");
    // the security page and the set-up answer
    for (role, session) in &callers {
        for endpoint in ["load_security", "load_enrolment"] {
            let (status, body) = post(&app, endpoint, session, "").await;
            assert_eq!(status, StatusCode::OK, "{endpoint} as {role}: {body}");
        }
    }
}
