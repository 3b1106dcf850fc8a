//! Indirect resellers and providers through the whole HTTP stack: provider matching, requests,
//! answers, ends, one open relationship per pair, e-mails and both audit logs.

use crate::support::*;
use app::server::{
    db::{Database, execute, record_key},
    store::accounts::{self, AuditFilter},
    surrealdb::types::RecordId,
};
use axum::http::StatusCode;

async fn relationship_of(db: &Database, reseller: &RecordId) -> String {
    let mut results = execute(
        db.query(
            "SELECT VALUE id FROM reseller_relationship WHERE reseller = $r
             ORDER BY requested_at DESC LIMIT 1",
        )
        .bind("r", reseller.clone()),
    )
    .await
    .unwrap();
    let ids: Vec<RecordId> = results.take(0).unwrap();
    record_key(&ids[0])
}

#[tokio::test]
async fn a_reseller_finds_requests_and_works_with_a_provider() {
    let (app, db) = app().await;
    // providers: a good fit, a weaker one, one that takes no resellers
    published_provider(
        &app,
        &db,
        "Azure and Microsoft 365 for Korean resellers.",
        "&accepting_resellers=on&products%5Bcopilot%5D=on",
    )
    .await;
    published(
        &app,
        &db,
        3000002,
        "Tokyo Cloud Supply",
        "indirect_provider",
        "Japanese resellers.",
        "&accepting_resellers=on&regions=JP&languages%5Bja%5D=on",
    )
    .await;
    published(
        &app,
        &db,
        3000003,
        "Full House Distribution",
        "indirect_provider",
        "We are full.",
        "",
    )
    .await;
    let provider = RecordId::new("organization", "p3000001");
    let agent = member(&db, &provider, "agent@p3000001.example", &["admin_agent"]).await;
    let provider_sales = member(&db, &provider, "sales@p3000001.example", &["sales_agent"]).await;

    // the reseller, with a business profile saying what it needs
    let reseller = approved(&db, 4000001, "Adatum Retail IT", "indirect_reseller").await;
    let admin = member(&db, &reseller, "admin@adatum.example", &["global_admin"]).await;
    let sales = member(&db, &reseller, "sales@adatum.example", &["sales_agent"]).await;
    by(&app, &admin)
        .ok(
            "save_business_profile",
            &profile_form(0, "We sell to shops.", "&products%5Bcopilot%5D=on"),
        )
        .await;

    // ranked matches with their reasons; the full provider is not among them
    let body = by(&app, &admin)
        .answers("find_providers", "", StatusCode::OK)
        .await;
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    let matches = found["matches"].as_array().unwrap();
    let names: Vec<&str> = matches
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Hanbit Distribution", "Tokyo Cloud Supply"]);
    assert_eq!(found["from_profile"], true);
    assert_eq!(matches[0]["score"], 100);
    assert_eq!(
        matches[0]["fit"]["parts"]["products"]["shared"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert!(matches[1]["score"].as_u64().unwrap() < 100);
    // only those who handle relationships, and only indirect resellers
    by(&app, &sales).forbidden("find_providers", "").await;
    let direct = approved(&db, 5000001, "Direct Co", "direct_bill").await;
    let direct_admin = member(&db, &direct, "admin@direct.example", &["global_admin"]).await;
    let body = by(&app, &direct_admin).conflict("find_providers", "").await;
    assert!(body.contains("relationship.wrong_model"), "{body}");

    // a request: the provider's handlers are e-mailed, not its sales agent
    by(&app, &admin)
        .ok(
            "request_provider",
            "provider=hanbit-distribution-3000001&message=We+sell+Copilot+to+shops",
        )
        .await;
    assert_eq!(
        subjects(&db, "admin@p3000001.example").await,
        ["A reseller asks for a relationship / 리셀러 관계 요청"]
    );
    assert_eq!(subjects(&db, "agent@p3000001.example").await.len(), 1);
    assert!(subjects(&db, "sales@p3000001.example").await.is_empty());
    // one open relationship per pair; a provider that takes no resellers gets no requests
    let body = by(&app, &admin)
        .conflict("request_provider", "provider=hanbit-distribution-3000001")
        .await;
    assert!(body.contains("relationship.already_open"), "{body}");
    let body = by(&app, &admin)
        .conflict(
            "request_provider",
            "provider=full-house-distribution-3000003",
        )
        .await;
    assert!(body.contains("relationship.not_accepting"), "{body}");

    // the provider sees the request; its sales agent may not answer
    let body = by(&app, &agent)
        .answers("list_relationships", "", StatusCode::OK)
        .await;
    assert!(
        body.contains("\"as_provider\":true")
            && body.contains("Adatum Retail IT")
            && body.contains("\"status\":\"requested\""),
        "{body}"
    );
    let id = relationship_of(&db, &reseller).await;
    by(&app, &provider_sales)
        .forbidden("answer_relationship", &format!("id={id}&decision=accept"))
        .await;
    // the reseller cannot answer its own request
    by(&app, &admin)
        .conflict("answer_relationship", &format!("id={id}&decision=accept"))
        .await;

    // declined (a reason is needed), then asked again, then accepted
    let body = by(&app, &agent)
        .invalid(
            "answer_relationship",
            &format!("id={id}&decision=decline&message="),
        )
        .await;
    assert!(body.contains("relationship.reason_empty"), "{body}");
    by(&app, &agent)
        .ok(
            "answer_relationship",
            &format!("id={id}&decision=decline&message=Send+your+reseller+agreement+first"),
        )
        .await;
    assert!(
        subjects(&db, "admin@adatum.example")
            .await
            .iter()
            .any(|s| s.contains("declined"))
    );
    by(&app, &admin)
        .ok(
            "request_provider",
            "provider=hanbit-distribution-3000001&message=Agreement+signed",
        )
        .await;
    let id = relationship_of(&db, &reseller).await;
    by(&app, &agent)
        .ok(
            "answer_relationship",
            &format!("id={id}&decision=accept&message=Welcome"),
        )
        .await;

    // both sides see it; matching counts the provider's reseller and shows it as theirs
    let body = by(&app, &admin).reply("list_relationships", "").await;
    assert!(
        body.contains("\"as_provider\":false")
            && body.contains("Hanbit Distribution")
            && body.contains("\"status\":\"active\"")
            && body.contains("\"status\":\"declined\""),
        "{body}"
    );
    let body = by(&app, &admin).reply("find_providers", "").await;
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    let hanbit = &found["matches"][0];
    assert_eq!(hanbit["name"], "Hanbit Distribution");
    assert_eq!(hanbit["open"], "active");
    assert_eq!(hanbit["fit"]["resellers"], 1);
    by(&app, &admin)
        .conflict("request_provider", "provider=hanbit-distribution-3000001")
        .await;

    // the provider ends it: the reseller is told, with the reason; the pair is free again
    by(&app, &agent)
        .ok(
            "end_relationship",
            &format!("id={id}&reason=We+stop+serving+retail"),
        )
        .await;
    let told = subjects(&db, "admin@adatum.example").await;
    assert_eq!(told.last().unwrap(), "Relationship ended / 관계 종료");
    let body = by(&app, &admin).reply("list_relationships", "").await;
    assert!(
        body.contains("\"status\":\"ended\"")
            && body.contains("We stop serving retail")
            && body.contains("\"ended_by\":\"provider\""),
        "{body}"
    );
    by(&app, &agent)
        .not_found("end_relationship", &format!("id={id}"))
        .await;
    // another organization's relationship is not found
    by(&app, &direct_admin)
        .conflict("end_relationship", &format!("id={id}"))
        .await;

    // both audit logs have it
    let reseller_log = accounts::audit_log(&db, &reseller, &AuditFilter::default(), 50)
        .await
        .unwrap();
    let provider_log = accounts::audit_log(&db, &provider, &AuditFilter::default(), 50)
        .await
        .unwrap();
    for log in [&reseller_log, &provider_log] {
        let actions: Vec<&str> = log
            .iter()
            .map(|e| e.action.as_str())
            .filter(|a| a.starts_with("relationship."))
            .collect();
        assert_eq!(
            actions,
            [
                "relationship.end",
                "relationship.accept",
                "relationship.request",
                "relationship.decline",
                "relationship.request"
            ]
        );
    }
}

#[tokio::test]
async fn two_requests_at_the_same_moment_open_one_relationship() {
    let (app, db) = app().await;
    published_provider(&app, &db, "Azure.", "&accepting_resellers=on").await;
    let reseller = approved(&db, 4000001, "Adatum", "indirect_reseller").await;
    let first = member(&db, &reseller, "one@adatum.example", &["global_admin"]).await;
    let second = member(&db, &reseller, "two@adatum.example", &["admin_agent"]).await;
    let form = "provider=hanbit-distribution-3000001";
    let (a, b) = tokio::join!(
        call(&app, "request_provider", &first, form),
        call(&app, "request_provider", &second, form)
    );
    let statuses = [a.0, b.0];
    assert_eq!(
        statuses.iter().filter(|s| s.is_success()).count(),
        1,
        "{a:?} {b:?}"
    );
    assert!(statuses.contains(&StatusCode::CONFLICT), "{a:?} {b:?}");
    let mut results = execute(db.query("SELECT VALUE id FROM reseller_relationship"))
        .await
        .unwrap();
    assert_eq!(results.take::<Vec<RecordId>>(0).unwrap().len(), 1);
}

#[tokio::test]
async fn a_reseller_whose_countries_no_provider_serves_still_sees_providers() {
    let (app, db) = app().await;
    published_provider(&app, &db, "Azure.", "&accepting_resellers=on").await;
    // a German reseller without a business profile: its country is all the ranking knows
    let reseller = partner(
        &db,
        4000001,
        "Adatum",
        "indirect_reseller",
        "DE",
        "approved",
    )
    .await;
    let admin = member(&db, &reseller, "admin@adatum.example", &["global_admin"]).await;
    let body = by(&app, &admin)
        .answers("find_providers", "", StatusCode::OK)
        .await;
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(found["from_profile"], false);
    assert_eq!(found["matches"][0]["name"], "Hanbit Distribution");
    assert_eq!(
        found["matches"][0]["fit"]["parts"]["regions"]["shared"],
        serde_json::json!([])
    );
}
