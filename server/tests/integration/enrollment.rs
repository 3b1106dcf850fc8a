//! Enrollment through the HTTP stack: the applicant's session, the wizard's steps, bank
//! details, the live status stream.

use crate::support::router::*;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn applicants_reach_their_own_application_only() {
    let (app, db) = app().await;
    let (first_id, first) = applicant(&db, "DE", "ji@contoso.example").await;
    let (second_id, second) = applicant(&db, "KR", "mo@fabrikam.example").await;

    let (status, body) = call_as_applicant(&app, "my_application", Some(&first), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains(&first_id) && !body.contains(&second_id),
        "{body}"
    );
    let (_, body) = call_as_applicant(&app, "my_application", Some(&second), "").await;
    assert!(
        body.contains(&second_id) && !body.contains(&first_id),
        "{body}"
    );

    for session in [None, Some("made-up")] {
        let (status, body) = call_as_applicant(&app, "my_application", session, "").await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Unauthenticated"), "{body}");
        let (status, body) = call_as_applicant(
            &app,
            "save_program_id_step",
            session,
            &format!("program_id={first_id}&country=DE"),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Unauthenticated"), "{body}");
    }
    // a staff session is not an applicant session, and applicants are not program admins
    let (_, body) = call(&app, "my_application", Some(&first)).await;
    assert!(body.contains("Unauthenticated"), "{body}");
    let (_, body) = call_as_applicant(&app, "list_program_ids", Some(&first), "search=").await;
    assert!(body.contains("Unauthenticated"), "{body}");
}

#[tokio::test]
async fn bank_details_are_checked_sealed_and_never_sent_back_in_clear() {
    let (app, db) = app().await;
    let (id, session) = applicant(&db, "DE", "ji@contoso.example").await;
    let steps = [
        (
            "save_program_id_step",
            format!("program_id={id}&country=DE"),
        ),
        (
            "save_business_step",
            "legal_name=CONTOSO+LTD.&line1=Friedrichstra%C3%9Fe+1&line2=&city=Berlin&region=\
             &postal_code=10117&phone=030+1234567&website="
                .to_owned(),
        ),
    ];
    for (endpoint, form) in steps {
        let (status, body) = call_as_applicant(&app, endpoint, Some(&session), &form).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{endpoint}: {body}"
        );
    }
    // a wrong check digit: refused at the IBAN, and the IBAN is not echoed
    let (status, body) = call_as_applicant(
        &app,
        "save_bank_step",
        Some(&session),
        "holder=Contoso+Ltd&iban=DE88370400440532013000&bic=COBADEFFXXX",
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("iban.checksum"), "{body}");
    assert!(!body.contains("0532013000"), "{body}");
    assert!(body.contains("COBADEFFXXX"), "the BIC is kept: {body}");

    applicant_ok(
        &app,
        &session,
        "save_bank_step",
        "holder=Contoso+Ltd&iban=DE89+3704+0044+0532+0130+00&bic=COBADEFFXXX",
    )
    .await;
    let (_, body) = call_as_applicant(&app, "my_application", Some(&session), "").await;
    assert!(body.contains("•••• 3000"), "{body}");
    assert!(!body.contains("0532013000"), "{body}");
    assert!(
        !body.contains("v1."),
        "the sealed value stays on the server: {body}"
    );
}

#[tokio::test]
async fn a_status_change_through_the_store_reaches_an_open_status_stream_within_2_s() {
    use app::{domain::application::Status, server::store::enrollment};
    let (app, db) = app().await;
    let (_, session) = applicant(&db, "DE", "ji@contoso.example").await;
    let application = application_of(&db, &session).await;

    let refused = app
        .clone()
        .oneshot(
            Request::get("/application/events")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let response = app
        .clone()
        .oneshot(
            Request::get("/application/events")
                .header(header::COOKIE, format!("csp_application={session}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut body = response.into_body();
    let mut next_event = async || -> String {
        loop {
            let frame = body.frame().await.expect("the stream stays open").unwrap();
            if let Ok(data) = frame.into_data() {
                let text = String::from_utf8_lossy(&data).into_owned();
                if text.contains("event: change") {
                    return text;
                }
            }
        }
    };
    // at once: the version the page must show
    let first = tokio::time::timeout(std::time::Duration::from_secs(2), next_event())
        .await
        .expect("the current version comes at once");
    let version = enrollment::version(&db, &application)
        .await
        .unwrap()
        .unwrap();
    assert!(first.contains(&format!("data: {version}")), "{first}");

    enrollment::set_status(&db, &application, Status::Submitted)
        .await
        .unwrap();
    let change = tokio::time::timeout(std::time::Duration::from_secs(2), next_event())
        .await
        .expect("the change is announced within 2 s");
    assert!(
        change.contains(&format!("data: {}", version + 1)),
        "{change}"
    );
}

#[tokio::test]
async fn while_more_information_is_needed_other_sections_send_the_applicant_to_the_review() {
    use app::{domain::application::Status, server::store::enrollment};
    let (app, db) = app().await;
    let (id, session) = applicant(&db, "DE", "ji@contoso.example").await;
    fill_every_step(&app, &session, &id).await;
    let application = application_of(&db, &session).await;
    enrollment::set_status(&db, &application, Status::MoreInformationNeeded)
        .await
        .unwrap();
    app::server::db::execute(
        db.query("UPDATE $application SET sections_to_fix = ['bank']")
            .bind("application", application.clone()),
    )
    .await
    .unwrap();

    let cookie = format!("csp_application={session}");
    let headers = [
        ("cookie", cookie.as_str()),
        (
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ),
    ];
    let (status, _, body) = get(&app, "/application/business", &headers).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("section-locked"), "the page says why");
    assert!(
        !body.contains("name=\"legal_name\""),
        "no form that would be refused"
    );
    let (status, _, body) = get(&app, "/application/bank", &headers).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"iban\""), "the bank step opens");
    // and the server refuses the locked step too
    let (status, body) =
        call_as_applicant(&app, "save_model_step", Some(&session), "model=direct_bill").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("application.section_locked"), "{body}");
}
