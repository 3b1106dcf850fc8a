//! Customer relationships through the whole HTTP stack: requests with an e-mailed link, the
//! one-CSP-tenant rule at request and at acceptance, acceptance (a new customer organization, or
//! an existing partner's corporate tenant), the billing connection, expiry, resend, revoke,
//! duplicates, ends and both audit logs.

use crate::support::{self, app, call, member, partner};
use app::server::{
    db::{Database, execute},
    store::accounts::{self, AuditFilter},
    surrealdb::types::RecordId,
};
use axum::http::StatusCode;

/// The token in the newest invitation link e-mailed to `recipient`.
async fn token_for(db: &Database, recipient: &str) -> String {
    let mut results = execute(
        db.query(
            "SELECT VALUE text FROM outbox WHERE recipient = $r AND text CONTAINS 'customer-invitation'
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind("r", recipient.to_owned()),
    )
    .await
    .unwrap();
    let texts: Vec<String> = results.take(0).unwrap();
    let text = texts.first().expect("an invitation e-mail");
    let start = text.find("token=").unwrap() + "token=".len();
    text[start..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .to_owned()
}

async fn subjects(db: &Database, recipient: &str) -> Vec<String> {
    let mut results = execute(
        db.query("SELECT VALUE subject FROM outbox WHERE recipient = $r ORDER BY created_at")
            .bind("r", recipient.to_owned()),
    )
    .await
    .unwrap();
    results.take(0).unwrap()
}

async fn tenant(db: &Database, organization: &RecordId, domain: &str, kind: &str) {
    execute(
        db.query(
            "CREATE tenant CONTENT { organization: $o, domain: $d, kind: $k, created_at: time::now() }",
        )
        .bind("o", organization.clone())
        .bind("d", domain.to_owned())
        .bind("k", kind.to_owned()),
    )
    .await
    .unwrap();
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

/// The field codes of a validation error.
fn field_codes(body: &str) -> Vec<String> {
    json(body)["Validation"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no validation error: {body}"))
        .iter()
        .map(|f| format!("{}={}", f[0].as_str().unwrap(), f[1].as_str().unwrap()))
        .collect()
}

fn request_form(name: &str, domain: &str, email: &str) -> String {
    format!(
        "customer_name={}&domain={domain}&admin_email={}",
        name.replace(' ', "+"),
        email.replace('@', "%40")
    )
}

const NEW_ADMIN: &str = "organization_name=Contoso+Ltd&name=Ji-woo+Park\
    &password=a+long+customer+passphrase&password_again=a+long+customer+passphrase";

#[tokio::test]
async fn a_direct_bill_partner_connects_customers_and_the_rule_holds() {
    let (app, db) = app().await;
    let direct = partner(
        &db,
        5000001,
        "Fabrikam Direct",
        "direct_bill",
        "KR",
        "approved",
    )
    .await;
    tenant(&db, &direct, "fabrikam.csp.example", "csp").await;
    let sales = member(&db, &direct, "sales@fabrikam.example", &["sales_agent"]).await;
    let agent = member(&db, &direct, "agent@fabrikam.example", &["admin_agent"]).await;
    let billing = member(&db, &direct, "billing@fabrikam.example", &["billing_admin"]).await;
    let provider = partner(
        &db,
        5000002,
        "Hanbit Distribution",
        "indirect_provider",
        "KR",
        "approved",
    )
    .await;
    tenant(&db, &provider, "hanbit.csp.example", "csp").await;
    let provider_admin = member(&db, &provider, "admin@hanbit.example", &["global_admin"]).await;

    // the provider registers a corporate tenant for its own purchases
    let (status, body) = call(
        &app,
        "add_tenant",
        &provider_admin,
        "domain=Hanbit-Corp.Example.",
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (_, body) = call(&app, "list_tenants", &provider_admin, "").await;
    let tenants = json(&body);
    let listed: Vec<(&str, &str)> = tenants["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["domain"].as_str().unwrap(), t["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("hanbit.csp.example", "csp"),
            ("hanbit-corp.example", "corporate")
        ]
    );
    // a domain another tenant has, and one that is not a domain
    let (status, body) = call(
        &app,
        "add_tenant",
        &provider_admin,
        "domain=fabrikam.csp.example",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_codes(&body), ["domain=tenant.taken"]);
    let (_, body) = call(&app, "add_tenant", &provider_admin, "domain=not+a+domain").await;
    assert_eq!(field_codes(&body), ["domain=tenant_domain.invalid"]);

    // bad input, each at its field
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        "customer_name=&domain=x&admin_email=nope",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_codes(&body),
        [
            "customer_name=customer.name_empty",
            "domain=tenant_domain.invalid",
            "admin_email=email.malformed"
        ]
    );

    // the one-CSP-tenant rule: another partner's CSP tenant is refused, its corporate tenant is not
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Hanbit", "hanbit.csp.example", "admin@hanbit.example"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_codes(&body), ["domain=customer.csp_tenant"]);
    // nor its own tenant
    let (_, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Us", "fabrikam.csp.example", "sales@fabrikam.example"),
    )
    .await;
    assert_eq!(field_codes(&body), ["domain=customer.own_tenant"]);

    // a new customer
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Contoso", "contoso.example", "Ji-woo.Park@Contoso.example"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    assert_eq!(
        subjects(&db, "ji-woo.park@contoso.example").await,
        ["Fabrikam Direct asks to be your cloud solution provider / CSP 파트너 관계 요청"]
    );
    let token = token_for(&db, "ji-woo.park@contoso.example").await;
    // a second request for the same tenant while one waits
    let (status, body) = call(
        &app,
        "request_customer",
        &agent,
        &request_form("Contoso", "contoso.example", "other@contoso.example"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_codes(&body), ["domain=customer.already_pending"]);

    // the link: who asks, who bills
    let (status, body) = call(&app, "load_invitation", "", &format!("token={token}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let invitation = json(&body);
    assert_eq!(invitation["state"], "pending");
    assert_eq!(invitation["partner"], "Fabrikam Direct");
    assert_eq!(invitation["billing_party"], "Fabrikam Direct");
    assert_eq!(invitation["has_account"], false);
    let (status, _) = call(&app, "load_invitation", "", "token=nonsense").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // acceptance checks what the admin typed
    let (status, body) = call(
        &app,
        "accept_invitation",
        "",
        &format!("token={token}&organization_name=&name=&password=short&password_again=short"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_codes(&body),
        [
            "organization_name=customer.name_empty",
            "name=name.empty",
            "password=password.too_short"
        ]
    );
    let (status, body) = call(
        &app,
        "accept_invitation",
        "",
        &format!("token={token}&{NEW_ADMIN}"),
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    // the organization, its admin and its tenant exist; the relationship is active
    let mut results = execute(db.query(
        "SELECT VALUE kind FROM organization WHERE name = 'Contoso Ltd';
         SELECT VALUE roles FROM user WHERE email = 'ji-woo.park@contoso.example';
         SELECT VALUE kind FROM tenant WHERE domain = 'contoso.example';",
    ))
    .await
    .unwrap();
    assert_eq!(results.take::<Vec<String>>(0).unwrap(), ["customer"]);
    assert_eq!(
        results.take::<Vec<Vec<String>>>(1).unwrap(),
        [vec!["global_admin".to_owned()]]
    );
    assert_eq!(results.take::<Vec<String>>(2).unwrap(), ["customer"]);
    assert!(
        subjects(&db, "sales@fabrikam.example")
            .await
            .contains(&"Customer relationship accepted / 고객 관계 수락".to_owned())
    );
    // the link is used
    let (status, body) = call(
        &app,
        "accept_invitation",
        "",
        &format!("token={token}&{NEW_ADMIN}"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("invitation.active"), "{body}");

    // both sides see it active with the billing party
    let (_, body) = call(&app, "load_customers", &sales, "").await;
    let customers = json(&body);
    let row = &customers["customers"][0];
    assert_eq!(row["customer"], "Contoso Ltd");
    assert_eq!(row["state"], "active");
    assert_eq!(row["billing_party"], "Fabrikam Direct");
    assert_eq!(row["age_days"], 0);
    assert_eq!(
        row["billing_contact"],
        "Ji-woo Park <ji-woo.park@contoso.example>"
    );
    assert_eq!(customers["may_request"], true);
    assert_eq!(customers["may_manage"], false);
    let customer_admin = support::session_of(&db, "ji-woo.park@contoso.example").await;
    let (status, body) = call(&app, "load_my_partners", &customer_admin, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mine = json(&body);
    assert_eq!(mine[0]["partner"], "Fabrikam Direct");
    assert_eq!(mine[0]["state"], "active");
    // a customer's admin is no partner: partner functions refuse them
    let (status, _) = call(&app, "load_customers", &customer_admin, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, "list_members", &customer_admin, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // a second relationship with an active tenant
    let (_, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Contoso", "contoso.example", "ji-woo.park@contoso.example"),
    )
    .await;
    assert_eq!(field_codes(&body), ["domain=customer.already_active"]);

    // the provider's corporate tenant: its global admin signs in to accept
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form(
            "Hanbit corporate",
            "hanbit-corp.example",
            "admin@hanbit.example",
        ),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let corporate = token_for(&db, "admin@hanbit.example").await;
    let (_, body) = call(
        &app,
        "load_invitation",
        &provider_admin,
        &format!("token={corporate}"),
    )
    .await;
    assert_eq!(json(&body)["has_account"], true);
    assert_eq!(json(&body)["signed_in"], true);
    let (status, body) = call(&app, "accept_invitation", "", &format!("token={corporate}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("invitation.sign_in"), "{body}");
    let (status, body) = call(
        &app,
        "accept_invitation",
        &provider_admin,
        &format!("token={corporate}"),
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, body) = call(&app, "load_my_partners", &provider_admin, "").await;
    assert_eq!(json(&body)[0]["partner"], "Fabrikam Direct");
    assert_eq!(json(&body)[0]["domain"], "hanbit-corp.example");

    // the billing admin's view: both customers billed to the partner
    let (status, body) = call(&app, "load_billed_customers", &billing, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut billed: Vec<String> = json(&body)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["domain"].as_str().unwrap().to_owned())
        .collect();
    billed.sort();
    assert_eq!(billed, ["contoso.example", "hanbit-corp.example"]);

    // ending: a sales agent may not, an admin agent may; billing stops
    let key = json(&body)[0]["key"].as_str().unwrap().to_owned();
    let (status, _) = call(
        &app,
        "end_customer_relationship",
        &sales,
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &app,
        "end_customer_relationship",
        &agent,
        &format!("id={key}"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (_, body) = call(&app, "load_billed_customers", &billing, "").await;
    assert_eq!(json(&body).as_array().unwrap().len(), 1);
    let log = accounts::audit_log(&db, &direct, &AuditFilter::default(), 100)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in ["customer.request", "customer.accepted", "customer.end"] {
        assert!(actions.contains(&action), "{action}: {actions:?}");
    }
    // the customer ends the other one from its side
    let (_, body) = call(&app, "load_my_partners", &customer_admin, "").await;
    let key = json(&body)[0]["key"].as_str().unwrap().to_owned();
    let (status, body) = call(
        &app,
        "end_partner_relationship",
        &customer_admin,
        &format!("id={key}"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (_, body) = call(&app, "load_billed_customers", &billing, "").await;
    assert!(json(&body).as_array().unwrap().is_empty(), "{body}");
    // the partner may ask again once it ended
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Contoso", "contoso.example", "ji-woo.park@contoso.example"),
    )
    .await;
    assert!(status.is_success(), "{body}");
}

#[tokio::test]
async fn links_expire_are_resent_and_revoked() {
    let (app, db) = app().await;
    let direct = partner(
        &db,
        5100001,
        "Fabrikam Direct",
        "direct_bill",
        "KR",
        "approved",
    )
    .await;
    let sales = member(&db, &direct, "sales@fabrikam.example", &["sales_agent"]).await;
    let helpdesk = member(&db, &direct, "help@fabrikam.example", &["helpdesk_agent"]).await;
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Northwind", "northwind.example", "it@northwind.example"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let first = token_for(&db, "it@northwind.example").await;

    // the link's time is up
    execute(db.query("UPDATE customer_relationship SET expires_at = time::now() - 1m"))
        .await
        .unwrap();
    let (_, body) = call(&app, "load_invitation", "", &format!("token={first}")).await;
    assert_eq!(json(&body)["state"], "expired");
    let (status, body) = call(
        &app,
        "accept_invitation",
        "",
        &format!("token={first}&{NEW_ADMIN}"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("invitation.expired"), "{body}");
    let (status, body) = call(&app, "decline_invitation", "", &format!("token={first}")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, body) = call(&app, "load_customers", &sales, "").await;
    let key = json(&body)["customers"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(json(&body)["customers"][0]["state"], "expired");

    // a helpdesk agent may see customers but not send invitations
    let (status, _) = call(&app, "load_customers", &helpdesk, "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        "resend_customer_invitation",
        &helpdesk,
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // resend: a new link that works; the old one no longer does
    let (status, body) = call(
        &app,
        "resend_customer_invitation",
        &sales,
        &format!("id={key}"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let second = token_for(&db, "it@northwind.example").await;
    assert_ne!(first, second);
    let (status, _) = call(&app, "load_invitation", "", &format!("token={first}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, body) = call(&app, "load_invitation", "", &format!("token={second}")).await;
    assert_eq!(json(&body)["state"], "pending");
    let (_, body) = call(&app, "load_customers", &sales, "").await;
    assert_eq!(json(&body)["customers"][0]["sent_count"], 2);

    // revoke: the link says so, and cannot be used
    let (status, _) = call(
        &app,
        "revoke_customer_invitation",
        &helpdesk,
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &app,
        "revoke_customer_invitation",
        &sales,
        &format!("id={key}"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (_, body) = call(&app, "load_invitation", "", &format!("token={second}")).await;
    assert_eq!(json(&body)["state"], "revoked");
    let (status, body) = call(
        &app,
        "accept_invitation",
        "",
        &format!("token={second}&{NEW_ADMIN}"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("invitation.revoked"), "{body}");
    assert!(
        subjects(&db, "it@northwind.example")
            .await
            .contains(&"Request withdrawn / 요청 철회".to_owned())
    );
    // a revoked request is not resent; a new request may be made
    let (status, _) = call(
        &app,
        "resend_customer_invitation",
        &sales,
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Northwind", "northwind.example", "it@northwind.example"),
    )
    .await;
    assert!(status.is_success(), "{body}");

    // the customer declines the new one; the partner is told
    let third = token_for(&db, "it@northwind.example").await;
    let (status, body) = call(&app, "decline_invitation", "", &format!("token={third}")).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, body) = call(&app, "load_invitation", "", &format!("token={third}")).await;
    assert_eq!(json(&body)["state"], "declined");
    assert!(
        subjects(&db, "sales@fabrikam.example")
            .await
            .contains(&"Customer relationship declined / 고객 관계 거절".to_owned())
    );
    // another partner's request for the same tenant is its own matter
    let other = partner(
        &db,
        5100002,
        "Tailspin Direct",
        "direct_bill",
        "KR",
        "approved",
    )
    .await;
    let other_sales = member(&db, &other, "sales@tailspin.example", &["sales_agent"]).await;
    let (status, body) = call(
        &app,
        "request_customer",
        &other_sales,
        &request_form("Northwind", "northwind.example", "it@northwind.example"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    // and one partner cannot touch the other's requests
    let (_, body) = call(&app, "load_customers", &other_sales, "").await;
    let theirs = json(&body)["customers"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = call(
        &app,
        "revoke_customer_invitation",
        &sales,
        &format!("id={theirs}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_indirect_resellers_customers_are_billed_by_its_provider() {
    let (app, db) = app().await;
    let reseller = partner(
        &db,
        5200001,
        "Adatum Retail IT",
        "indirect_reseller",
        "KR",
        "approved",
    )
    .await;
    let sales = member(&db, &reseller, "sales@adatum.example", &["sales_agent"]).await;
    let provider = partner(
        &db,
        5200002,
        "Hanbit Distribution",
        "indirect_provider",
        "KR",
        "approved",
    )
    .await;
    member(&db, &provider, "billing@hanbit.example", &["billing_admin"]).await;
    let provider_billing = support::session_of(&db, "billing@hanbit.example").await;

    // without a provider there is no one to bill its customers
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Litware", "litware.example", "it@litware.example"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_codes(&body), ["domain=customer.no_provider"]);
    let (_, body) = call(&app, "load_customers", &sales, "").await;
    assert_eq!(json(&body)["billing_party"], serde_json::Value::Null);

    execute(
        db.query(
            "CREATE reseller_relationship CONTENT {
                 reseller: $r, provider: $p, status: 'active', request_message: '',
                 requested_by_name: 'x', requested_at: time::now()
             }",
        )
        .bind("r", reseller.clone())
        .bind("p", provider.clone()),
    )
    .await
    .unwrap();
    let (_, body) = call(&app, "load_customers", &sales, "").await;
    assert_eq!(json(&body)["billing_party"], "Hanbit Distribution");
    assert_eq!(json(&body)["reseller"], true);
    let (status, body) = call(
        &app,
        "request_customer",
        &sales,
        &request_form("Litware", "litware.example", "it@litware.example"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let token = token_for(&db, "it@litware.example").await;
    let (_, body) = call(&app, "load_invitation", "", &format!("token={token}")).await;
    assert_eq!(json(&body)["billing_party"], "Hanbit Distribution");
    assert_eq!(json(&body)["billed_by_partner"], false);
    let (status, body) = call(
        &app,
        "accept_invitation",
        "",
        &format!("token={token}&{NEW_ADMIN}"),
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    // the provider's billing admin is told, and sees the customer billed to it
    assert!(
        subjects(&db, "billing@hanbit.example")
            .await
            .contains(&"A new customer is billed to you / 새 청구 고객".to_owned())
    );
    let (_, body) = call(&app, "load_billed_customers", &provider_billing, "").await;
    let billed = json(&body);
    assert_eq!(billed[0]["customer"], "Contoso Ltd");
    assert_eq!(billed[0]["partner"], "Adatum Retail IT");
}
