//! Customer relationships through the whole HTTP stack: requests with an e-mailed link, the
//! one-CSP-tenant rule at request and at acceptance, acceptance (a new customer organization, or
//! an existing partner's corporate tenant), the billing connection, expiry, resend, revoke,
//! duplicates, ends and both audit logs.

use crate::support::{self, *};
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
    let direct = approved(&db, 5000001, "Fabrikam Direct", "direct_bill").await;
    tenant(&db, &direct, "fabrikam.csp.example", "csp").await;
    let sales = member(&db, &direct, "sales@fabrikam.example", &["sales_agent"]).await;
    let agent = member(&db, &direct, "agent@fabrikam.example", &["admin_agent"]).await;
    let billing = member(&db, &direct, "billing@fabrikam.example", &["billing_admin"]).await;
    let provider = approved(&db, 5000002, "Hanbit Distribution", "indirect_provider").await;
    tenant(&db, &provider, "hanbit.csp.example", "csp").await;
    let provider_admin = member(&db, &provider, "admin@hanbit.example", &["global_admin"]).await;

    // the provider registers a corporate tenant for its own purchases
    by(&app, &provider_admin)
        .ok("add_tenant", "domain=Hanbit-Corp.Example.")
        .await;
    let body = by(&app, &provider_admin).reply("list_tenants", "").await;
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
    let body = by(&app, &provider_admin)
        .invalid("add_tenant", "domain=fabrikam.csp.example")
        .await;
    assert_eq!(field_codes(&body), ["domain=tenant.taken"]);
    let body = by(&app, &provider_admin)
        .reply("add_tenant", "domain=not+a+domain")
        .await;
    assert_eq!(field_codes(&body), ["domain=tenant_domain.invalid"]);

    // bad input, each at its field
    let body = by(&app, &sales)
        .invalid(
            "request_customer",
            "customer_name=&domain=x&admin_email=nope",
        )
        .await;
    assert_eq!(
        field_codes(&body),
        [
            "customer_name=customer.name_empty",
            "domain=tenant_domain.invalid",
            "admin_email=email.malformed"
        ]
    );

    // the one-CSP-tenant rule: another partner's CSP tenant is refused, its corporate tenant is not
    let body = by(&app, &sales)
        .invalid(
            "request_customer",
            &request_form("Hanbit", "hanbit.csp.example", "admin@hanbit.example"),
        )
        .await;
    assert_eq!(field_codes(&body), ["domain=customer.csp_tenant"]);
    // nor its own tenant
    let body = by(&app, &sales)
        .reply(
            "request_customer",
            &request_form("Us", "fabrikam.csp.example", "sales@fabrikam.example"),
        )
        .await;
    assert_eq!(field_codes(&body), ["domain=customer.own_tenant"]);

    // a new customer
    by(&app, &sales)
        .ok(
            "request_customer",
            &request_form("Contoso", "contoso.example", "Ji-woo.Park@Contoso.example"),
        )
        .await;
    assert_eq!(
        subjects(&db, "ji-woo.park@contoso.example").await,
        ["Fabrikam Direct asks to be your cloud solution provider / CSP 파트너 관계 요청"]
    );
    let token = token_for(&db, "ji-woo.park@contoso.example").await;
    // a second request for the same tenant while one waits
    let body = by(&app, &agent)
        .invalid(
            "request_customer",
            &request_form("Contoso", "contoso.example", "other@contoso.example"),
        )
        .await;
    assert_eq!(field_codes(&body), ["domain=customer.already_pending"]);

    // the link: who asks, who bills
    let body = by(&app, "")
        .answers("load_invitation", &format!("token={token}"), StatusCode::OK)
        .await;
    let invitation = json(&body);
    assert_eq!(invitation["state"], "pending");
    assert_eq!(invitation["partner"], "Fabrikam Direct");
    assert_eq!(invitation["billing_party"], "Fabrikam Direct");
    assert_eq!(invitation["has_account"], false);
    by(&app, "")
        .answers(
            "load_invitation",
            "token=nonsense",
            StatusCode::UNAUTHORIZED,
        )
        .await;

    // acceptance checks what the admin typed
    let body = by(&app, "")
        .invalid(
            "accept_invitation",
            &format!("token={token}&organization_name=&name=&password=short&password_again=short"),
        )
        .await;
    assert_eq!(
        field_codes(&body),
        [
            "organization_name=customer.name_empty",
            "name=name.empty",
            "password=password.too_short"
        ]
    );
    let (status, body) = by(&app, "")
        .call("accept_invitation", &format!("token={token}&{NEW_ADMIN}"))
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
    let body = by(&app, "")
        .conflict("accept_invitation", &format!("token={token}&{NEW_ADMIN}"))
        .await;
    assert!(body.contains("invitation.active"), "{body}");

    // both sides see it active with the billing party
    let body = by(&app, &sales).reply("load_customers", "").await;
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
    let body = by(&app, &customer_admin)
        .answers("load_my_partners", "", StatusCode::OK)
        .await;
    let mine = json(&body);
    assert_eq!(mine[0]["partner"], "Fabrikam Direct");
    assert_eq!(mine[0]["state"], "active");
    // a customer's admin is no partner: partner functions refuse them
    by(&app, &customer_admin)
        .forbidden("load_customers", "")
        .await;
    by(&app, &customer_admin)
        .forbidden("list_members", "")
        .await;
    // a second relationship with an active tenant
    let body = by(&app, &sales)
        .reply(
            "request_customer",
            &request_form("Contoso", "contoso.example", "ji-woo.park@contoso.example"),
        )
        .await;
    assert_eq!(field_codes(&body), ["domain=customer.already_active"]);

    // the provider's corporate tenant: its global admin signs in to accept
    by(&app, &sales)
        .ok(
            "request_customer",
            &request_form(
                "Hanbit corporate",
                "hanbit-corp.example",
                "admin@hanbit.example",
            ),
        )
        .await;
    let corporate = token_for(&db, "admin@hanbit.example").await;
    let body = by(&app, &provider_admin)
        .reply("load_invitation", &format!("token={corporate}"))
        .await;
    assert_eq!(json(&body)["has_account"], true);
    assert_eq!(json(&body)["signed_in"], true);
    let body = by(&app, "")
        .forbidden("accept_invitation", &format!("token={corporate}"))
        .await;
    assert!(body.contains("invitation.sign_in"), "{body}");
    let (status, body) = by(&app, &provider_admin)
        .call("accept_invitation", &format!("token={corporate}"))
        .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let body = by(&app, &provider_admin)
        .reply("load_my_partners", "")
        .await;
    assert_eq!(json(&body)[0]["partner"], "Fabrikam Direct");
    assert_eq!(json(&body)[0]["domain"], "hanbit-corp.example");

    // the billing admin's view: both customers billed to the partner
    let body = by(&app, &billing)
        .answers("load_billed_customers", "", StatusCode::OK)
        .await;
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
    by(&app, &sales)
        .forbidden("end_customer_relationship", &format!("id={key}"))
        .await;
    by(&app, &agent)
        .ok("end_customer_relationship", &format!("id={key}"))
        .await;
    let body = by(&app, &billing).reply("load_billed_customers", "").await;
    assert_eq!(json(&body).as_array().unwrap().len(), 1);
    let log = accounts::audit_log(&db, &direct, &AuditFilter::default(), 100)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in ["customer.request", "customer.accepted", "customer.end"] {
        assert!(actions.contains(&action), "{action}: {actions:?}");
    }
    // the customer ends the other one from its side
    let body = by(&app, &customer_admin)
        .reply("load_my_partners", "")
        .await;
    let key = json(&body)[0]["key"].as_str().unwrap().to_owned();
    by(&app, &customer_admin)
        .ok("end_partner_relationship", &format!("id={key}"))
        .await;
    let body = by(&app, &billing).reply("load_billed_customers", "").await;
    assert!(json(&body).as_array().unwrap().is_empty(), "{body}");
    // the partner may ask again once it ended
    by(&app, &sales)
        .ok(
            "request_customer",
            &request_form("Contoso", "contoso.example", "ji-woo.park@contoso.example"),
        )
        .await;
}

#[tokio::test]
async fn links_expire_are_resent_and_revoked() {
    let (app, db) = app().await;
    let direct = approved(&db, 5100001, "Fabrikam Direct", "direct_bill").await;
    let sales = member(&db, &direct, "sales@fabrikam.example", &["sales_agent"]).await;
    let helpdesk = member(&db, &direct, "help@fabrikam.example", &["helpdesk_agent"]).await;
    by(&app, &sales)
        .ok(
            "request_customer",
            &request_form("Northwind", "northwind.example", "it@northwind.example"),
        )
        .await;
    let first = token_for(&db, "it@northwind.example").await;

    // the link's time is up
    execute(db.query("UPDATE customer_relationship SET expires_at = time::now() - 1m"))
        .await
        .unwrap();
    let body = by(&app, "")
        .reply("load_invitation", &format!("token={first}"))
        .await;
    assert_eq!(json(&body)["state"], "expired");
    let body = by(&app, "")
        .conflict("accept_invitation", &format!("token={first}&{NEW_ADMIN}"))
        .await;
    assert!(body.contains("invitation.expired"), "{body}");
    by(&app, "")
        .conflict("decline_invitation", &format!("token={first}"))
        .await;
    let body = by(&app, &sales).reply("load_customers", "").await;
    let key = json(&body)["customers"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(json(&body)["customers"][0]["state"], "expired");

    // a helpdesk agent may see customers but not send invitations
    by(&app, &helpdesk)
        .answers("load_customers", "", StatusCode::OK)
        .await;
    by(&app, &helpdesk)
        .forbidden("resend_customer_invitation", &format!("id={key}"))
        .await;

    // resend: a new link that works; the old one no longer does
    by(&app, &sales)
        .ok("resend_customer_invitation", &format!("id={key}"))
        .await;
    let second = token_for(&db, "it@northwind.example").await;
    assert_ne!(first, second);
    by(&app, "")
        .answers(
            "load_invitation",
            &format!("token={first}"),
            StatusCode::UNAUTHORIZED,
        )
        .await;
    let body = by(&app, "")
        .reply("load_invitation", &format!("token={second}"))
        .await;
    assert_eq!(json(&body)["state"], "pending");
    let body = by(&app, &sales).reply("load_customers", "").await;
    assert_eq!(json(&body)["customers"][0]["sent_count"], 2);

    // revoke: the link says so, and cannot be used
    by(&app, &helpdesk)
        .forbidden("revoke_customer_invitation", &format!("id={key}"))
        .await;
    by(&app, &sales)
        .ok("revoke_customer_invitation", &format!("id={key}"))
        .await;
    let body = by(&app, "")
        .reply("load_invitation", &format!("token={second}"))
        .await;
    assert_eq!(json(&body)["state"], "revoked");
    let body = by(&app, "")
        .conflict("accept_invitation", &format!("token={second}&{NEW_ADMIN}"))
        .await;
    assert!(body.contains("invitation.revoked"), "{body}");
    assert!(
        subjects(&db, "it@northwind.example")
            .await
            .contains(&"Request withdrawn / 요청 철회".to_owned())
    );
    // a revoked request is not resent; a new request may be made
    by(&app, &sales)
        .conflict("resend_customer_invitation", &format!("id={key}"))
        .await;
    by(&app, &sales)
        .ok(
            "request_customer",
            &request_form("Northwind", "northwind.example", "it@northwind.example"),
        )
        .await;

    // the customer declines the new one; the partner is told
    let third = token_for(&db, "it@northwind.example").await;
    let (status, body) = by(&app, "")
        .call("decline_invitation", &format!("token={third}"))
        .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let body = by(&app, "")
        .reply("load_invitation", &format!("token={third}"))
        .await;
    assert_eq!(json(&body)["state"], "declined");
    assert!(
        subjects(&db, "sales@fabrikam.example")
            .await
            .contains(&"Customer relationship declined / 고객 관계 거절".to_owned())
    );
    // another partner's request for the same tenant is its own matter
    let other = approved(&db, 5100002, "Tailspin Direct", "direct_bill").await;
    let other_sales = member(&db, &other, "sales@tailspin.example", &["sales_agent"]).await;
    by(&app, &other_sales)
        .ok(
            "request_customer",
            &request_form("Northwind", "northwind.example", "it@northwind.example"),
        )
        .await;
    // and one partner cannot touch the other's requests
    let body = by(&app, &other_sales).reply("load_customers", "").await;
    let theirs = json(&body)["customers"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    by(&app, &sales)
        .not_found("revoke_customer_invitation", &format!("id={theirs}"))
        .await;
}

#[tokio::test]
async fn an_indirect_resellers_customers_are_billed_by_its_provider() {
    let (app, db) = app().await;
    let reseller = approved(&db, 5200001, "Adatum Retail IT", "indirect_reseller").await;
    let sales = member(&db, &reseller, "sales@adatum.example", &["sales_agent"]).await;
    let provider = approved(&db, 5200002, "Hanbit Distribution", "indirect_provider").await;
    member(&db, &provider, "billing@hanbit.example", &["billing_admin"]).await;
    let provider_billing = support::session_of(&db, "billing@hanbit.example").await;

    // without a provider there is no one to bill its customers
    let body = by(&app, &sales)
        .invalid(
            "request_customer",
            &request_form("Litware", "litware.example", "it@litware.example"),
        )
        .await;
    assert_eq!(field_codes(&body), ["domain=customer.no_provider"]);
    let body = by(&app, &sales).reply("load_customers", "").await;
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
    let body = by(&app, &sales).reply("load_customers", "").await;
    assert_eq!(json(&body)["billing_party"], "Hanbit Distribution");
    assert_eq!(json(&body)["reseller"], true);
    by(&app, &sales)
        .ok(
            "request_customer",
            &request_form("Litware", "litware.example", "it@litware.example"),
        )
        .await;
    let token = token_for(&db, "it@litware.example").await;
    let body = by(&app, "")
        .reply("load_invitation", &format!("token={token}"))
        .await;
    assert_eq!(json(&body)["billing_party"], "Hanbit Distribution");
    assert_eq!(json(&body)["billed_by_partner"], false);
    let (status, body) = by(&app, "")
        .call("accept_invitation", &format!("token={token}&{NEW_ADMIN}"))
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
    let body = by(&app, &provider_billing)
        .reply("load_billed_customers", "")
        .await;
    let billed = json(&body);
    assert_eq!(billed[0]["customer"], "Contoso Ltd");
    assert_eq!(billed[0]["partner"], "Adatum Retail IT");
}
