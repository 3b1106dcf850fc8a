//! Customer referrals through the whole HTTP stack: the request from a directory page, the
//! confirmation link, the rate limit, the partner's inbox, passing one on to a reseller, and
//! the customer's e-mails at each step.

use crate::support::{self, *};
use app::server::{
    db::{Database, execute, record_key},
    surrealdb::types::RecordId,
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};

/// Calls a public server function (no session).
async fn call_public(app: &axum::Router, endpoint: &str, form: &str) -> (StatusCode, String) {
    let request = Request::post(server_fn_path(endpoint))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form.to_owned()))
        .unwrap();
    let (status, _, body) = send(app, request, endpoint).await;
    (status, body)
}

/// The newest message to `recipient`: (subject, text).
async fn last_mail(db: &Database, recipient: &str) -> (String, String) {
    let mut results = execute(
        db.query(
            "SELECT subject, text, created_at FROM outbox WHERE recipient = $r
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind("r", recipient.to_owned()),
    )
    .await
    .unwrap();
    let rows: Vec<serde_json::Value> = results.take(0).unwrap();
    let row = rows
        .first()
        .unwrap_or_else(|| panic!("no mail to {recipient}"));
    (
        row["subject"].as_str().unwrap().to_owned(),
        row["text"].as_str().unwrap().to_owned(),
    )
}

fn token_in(text: &str) -> String {
    text.split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

const REFERRAL: &str = "partner=hanbit-distribution-3000001&customer_name=Mina+Cho\
    &customer_company=Blue+Bakery&customer_email=mina%40bluebakery.example\
    &need=Move+our+12+mailboxes+to+Microsoft+365&size=small&region=KR";

#[tokio::test]
async fn a_customer_referral_is_confirmed_passed_on_and_accepted() {
    let (app, db) = app().await;
    published_provider(
        &app,
        &db,
        "Azure for Korean resellers.",
        "&accepting_resellers=on",
    )
    .await;
    let provider = RecordId::new("organization", "p3000001");
    let referrals_admin = member(
        &db,
        &provider,
        "leads@p3000001.example",
        &["referrals_admin"],
    )
    .await;
    let provider_sales = member(&db, &provider, "sales@p3000001.example", &["sales_agent"]).await;
    let provider_admin = support::session_of(&db, "admin@p3000001.example").await;

    // bad input: each problem at its field, what was typed comes back
    let (status, body) = call_public(
        &app,
        "send_referral",
        "partner=hanbit-distribution-3000001&customer_name=&customer_company=Blue+Bakery\
         &customer_email=mina&need=help&size=huge&region=XX",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_codes(
        &body,
        &[
            "name.empty",
            "email.malformed",
            "need.too_short",
            "size.choose",
            "country.unknown",
        ],
    );
    assert!(body.contains("Blue Bakery"), "{body}");
    let (status, _) = call_public(&app, "send_referral", "partner=nobody-1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // sent: only the customer hears of it until the address is confirmed
    let (status, body) = call_public(&app, "send_referral", REFERRAL).await;
    assert!(status.is_success(), "{body}");
    let (subject, text) = last_mail(&db, "mina@bluebakery.example").await;
    assert!(subject.starts_with("Confirm your request"), "{subject}");
    let body = by(&app, &referrals_admin)
        .answers("load_referrals", "", StatusCode::OK)
        .await;
    assert!(!body.contains("Blue Bakery"), "{body}");

    // confirmed once: the partner's referrals admins are told, the customer too
    let token = token_in(&text);
    let (status, body) = call_public(&app, "confirm_referral", &format!("token={token}")).await;
    assert!(status.is_success(), "{body}");
    let (status, _) = call_public(&app, "confirm_referral", &format!("token={token}")).await;
    assert!(status.is_client_error());
    assert_eq!(
        last_mail(&db, "leads@p3000001.example").await.0,
        "New customer referral / 새 고객 추천"
    );
    assert!(
        last_mail(&db, "mina@bluebakery.example")
            .await
            .0
            .starts_with("Your request was sent")
    );
    let body = by(&app, &referrals_admin).reply("load_referrals", "").await;
    assert!(
        body.contains("Blue Bakery") && body.contains("\"status\":\"new\""),
        "{body}"
    );
    by(&app, &provider_sales)
        .forbidden("load_referrals", "")
        .await;

    // the provider passes it to a reseller, which must be one of its active resellers
    let reseller = approved(&db, 4000001, "Adatum Retail IT", "indirect_reseller").await;
    let reseller_admin = member(&db, &reseller, "admin@adatum.example", &["global_admin"]).await;
    by(&app, &reseller_admin)
        .ok(
            "save_business_profile",
            &profile_form(0, "We help shops.", ""),
        )
        .await;
    let id = {
        let mut results = execute(db.query("SELECT VALUE id FROM referral"))
            .await
            .unwrap();
        record_key(&results.take::<Vec<RecordId>>(0).unwrap()[0])
    };
    let body = by(&app, &referrals_admin)
        .invalid("forward_referral", &format!("id={id}&reseller=p4000001"))
        .await;
    assert!(body.contains("referral.not_your_reseller"), "{body}");
    by(&app, &reseller_admin)
        .ok("request_provider", "provider=hanbit-distribution-3000001")
        .await;
    let relationship = {
        let mut results = execute(db.query("SELECT VALUE id FROM reseller_relationship"))
            .await
            .unwrap();
        record_key(&results.take::<Vec<RecordId>>(0).unwrap()[0])
    };
    by(&app, &provider_admin)
        .ok(
            "answer_relationship",
            &format!("id={relationship}&decision=accept"),
        )
        .await;
    by(&app, &referrals_admin)
        .ok("forward_referral", &format!("id={id}&reseller=p4000001"))
        .await;
    assert!(
        last_mail(&db, "mina@bluebakery.example")
            .await
            .1
            .contains("Adatum Retail IT")
    );
    assert!(
        last_mail(&db, "admin@adatum.example")
            .await
            .0
            .starts_with("A customer referral from your provider")
    );
    let body = by(&app, &referrals_admin).reply("load_referrals", "").await;
    assert!(
        body.contains("\"status\":\"forwarded\"") && body.contains("Adatum Retail IT"),
        "{body}"
    );

    // the reseller holds it now: a decline needs a reason; accepted, the customer gets its lead
    let body = by(&app, &reseller_admin).reply("load_referrals", "").await;
    assert!(
        body.contains("\"status\":\"new\"") && body.contains("Hanbit Distribution"),
        "{body}"
    );
    let body = by(&app, &reseller_admin)
        .invalid("answer_referral", &format!("id={id}&decision=decline"))
        .await;
    assert!(body.contains("referral.reason_empty"), "{body}");
    // the provider no longer holds it
    by(&app, &referrals_admin)
        .not_found("answer_referral", &format!("id={id}&decision=accept"))
        .await;
    by(&app, &reseller_admin)
        .ok(
            "answer_referral",
            &format!("id={id}&decision=accept&message=We+call+you+tomorrow"),
        )
        .await;
    let (subject, text) = last_mail(&db, "mina@bluebakery.example").await;
    assert!(
        subject.starts_with("Your request was accepted"),
        "{subject}"
    );
    assert!(
        text.contains("Ji-woo Park <leads@hanbit.example>")
            && text.contains("We call you tomorrow"),
        "{text}"
    );
}

#[tokio::test]
async fn one_sender_cannot_flood_a_partner_with_referrals() {
    let (app, db) = app().await;
    published_provider(&app, &db, "Azure.", "").await;
    for _ in 0..3 {
        let (status, body) = call_public(&app, "send_referral", REFERRAL).await;
        assert!(status.is_success(), "{body}");
    }
    let (status, body) = call_public(&app, "send_referral", REFERRAL).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // another e-mail address is not held up
    let (status, body) = call_public(
        &app,
        "send_referral",
        &REFERRAL.replace("mina%40", "jun%40"),
    )
    .await;
    assert!(status.is_success(), "{body}");

    // one network address: 5 an hour, whatever the e-mail addresses
    let from = |n: usize| {
        let mut request = Request::post(server_fn_path("send_referral"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(
                REFERRAL.replace("mina%40", &format!("user{n}%40")),
            ))
            .unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(
            "198.51.100.7:40000"
                .parse::<std::net::SocketAddr>()
                .unwrap(),
        ));
        request
    };
    for n in 0..5 {
        let (status, _, body) = send(&app, from(n), "send_referral").await;
        assert!(status.is_success(), "{n}: {body}");
    }
    let (status, _, _) = send(&app, from(5), "send_referral").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
