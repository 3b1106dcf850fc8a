//! Business profiles and the public directory through the whole HTTP stack
//! (`Router::oneshot`): who edits and publishes, what the directory finds (English and Korean
//! text, filters, pages), and the server-rendered pages.

mod support;

use app::server::store::members::{self, AuditFilter};
use axum::http::StatusCode;
use support::{app, call, get, member, names, partner, profile_form, published, search};

#[tokio::test]
async fn only_profile_admins_edit_and_only_approved_accounts_publish() {
    let (app, db) = app().await;
    let hanbit = partner(
        &db,
        4821937,
        "Hanbit Cloud",
        "indirect_provider",
        "KR",
        "approved",
    )
    .await;
    let waiting = partner(&db, 4821938, "Waiting Co", "direct_bill", "KR", "in_review").await;
    let editor = member(
        &db,
        &hanbit,
        "editor@hanbit.example",
        &["business_profile_admin"],
    )
    .await;
    let sales = member(&db, &hanbit, "sales@hanbit.example", &["sales_agent"]).await;
    let waiting_admin = member(&db, &waiting, "admin@waiting.example", &["global_admin"]).await;

    // only the business profile admin (or a global admin) edits
    let (status, _) = call(&app, "load_business_profile", &sales, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        "save_business_profile",
        &sales,
        &profile_form(0, "x", ""),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // an empty draft can be saved, but not published: each missing thing at its field
    let (status, body) = call(&app, "save_business_profile", &editor, "version=0").await;
    assert!(status.is_success(), "{body}");
    let (status, body) = call(&app, "publish_business_profile", &editor, "version=1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for code in [
        "description.empty",
        "regions.empty",
        "offer.empty",
        "lead_email.empty",
    ] {
        assert!(body.contains(code), "{code}: {body}");
    }

    // bad input: at its field, what was typed comes back, the saved draft stays
    let (status, body) = call(
        &app,
        "save_business_profile",
        &editor,
        &profile_form(
            1,
            "We move you to the cloud",
            "&regions=KR%2C+Atlantis&products%5Bmainframes%5D=on",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("regions.unknown") && body.contains("choice.unknown"),
        "{body}"
    );
    assert!(
        body.contains("Atlantis") && body.contains("We move you to the cloud"),
        "{body}"
    );

    // a stale version is refused
    let (status, body) = call(
        &app,
        "save_business_profile",
        &editor,
        &profile_form(0, "Old page", ""),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("business_profile.changed"), "{body}");

    let description = "한빛클라우드는 서울에서 중소기업의 클라우드 전환을 돕습니다. We migrate \
                       Korean small businesses to Azure.";
    let (status, body) = call(
        &app,
        "save_business_profile",
        &editor,
        &profile_form(
            1,
            description,
            "&accepting_resellers=on&support_hours=Mon-Fri+9-18+KST",
        ),
    )
    .await;
    assert!(status.is_success(), "{body}");
    // saved is not published
    let (_, page) = search(&app, "").await;
    assert!(names(&page).is_empty(), "{page}");
    let (status, body) = call(&app, "publish_business_profile", &editor, "version=2").await;
    assert!(status.is_success(), "{body}");
    let (_, page) = search(&app, "").await;
    assert_eq!(names(&page), ["Hanbit Cloud"]);

    // a draft change shows only once published again
    let (status, _) = call(
        &app,
        "save_business_profile",
        &editor,
        &profile_form(2, "Changed but not published", ""),
    )
    .await;
    assert!(status.is_success());
    let (_, body) = get(&app, "/directory/hanbit-cloud-4821937").await;
    assert!(body.contains("서울에서") && !body.contains("Changed but not published"));
    let (_, body) = call(&app, "load_business_profile", &editor, "").await;
    assert!(body.contains("\"unpublished_changes\":true"), "{body}");

    // the unapproved account cannot publish
    let (status, body) = call(
        &app,
        "save_business_profile",
        &waiting_admin,
        &profile_form(0, "Waiting", ""),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = call(
        &app,
        "publish_business_profile",
        &waiting_admin,
        "version=1",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("account.not_approved"), "{body}");

    // taken out of the directory: gone from search and its page, the draft kept
    let (status, _) = call(&app, "unpublish_business_profile", &editor, "").await;
    assert!(status.is_success());
    let (_, page) = search(&app, "").await;
    assert!(names(&page).is_empty());
    let (status, _) = get(&app, "/directory/hanbit-cloud-4821937").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = call(&app, "load_business_profile", &editor, "").await;
    assert!(body.contains("Changed but not published"), "{body}");

    let log = members::audit_log(&db, &hanbit, &AuditFilter::default(), 20)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "business_profile.unpublish",
            "business_profile.save",
            "business_profile.publish",
            "business_profile.save",
            "business_profile.save"
        ]
    );
}

#[tokio::test]
async fn the_directory_finds_english_and_korean_words_and_filters() {
    let (app, db) = app().await;
    published(
        &app,
        &db,
        1000001,
        "Hanbit Cloud",
        "indirect_provider",
        "서울에서 중소기업의 클라우드 전환을 돕습니다.",
        "&products%5Bdynamics_365%5D=on",
    )
    .await;
    published(
        &app,
        &db,
        1000002,
        "Contoso Migrations",
        "direct_bill",
        "Cloud-first migrations for retailers in Busan.",
        "&regions=KR%2C+US&languages%5Bja%5D=on",
    )
    .await;
    published(
        &app,
        &db,
        1000003,
        "Fabrikam Security 7",
        "indirect_reseller",
        "Security reviews and managed detection, 24/7.",
        "&customer_sizes%5Benterprise%5D=on",
    )
    .await;

    // words: English by their beginnings, Korean with particles attached
    let (status, page) = search(&app, "q=cloud").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let mut found = names(&page);
    found.sort();
    assert_eq!(found, ["Contoso Migrations", "Hanbit Cloud"]);
    // every word must be found
    let (_, page) = search(&app, "q=cloud-first").await;
    assert_eq!(names(&page), ["Contoso Migrations"]);
    let (_, page) = search(&app, "q=%EC%84%9C%EC%9A%B8").await; // 서울
    assert_eq!(names(&page), ["Hanbit Cloud"]);
    let (_, page) = search(&app, "q=%ED%81%B4%EB%9D%BC%EC%9A%B0%EB%93%9C").await; // 클라우드
    assert_eq!(names(&page), ["Hanbit Cloud"]);
    // by the beginnings of words: "retail" finds "retailers"
    let (_, page) = search(&app, "q=retail").await;
    assert_eq!(names(&page), ["Contoso Migrations"]);
    let (_, page) = search(&app, "q=busan+retailers").await;
    assert_eq!(names(&page), ["Contoso Migrations"]);
    // the country's names count too
    let (_, page) = search(&app, "q=united+states").await;
    assert_eq!(names(&page), ["Contoso Migrations"]);
    // names with numbers, and numbers alone
    let (_, page) = search(&app, "q=Fabrikam+Security+7").await;
    assert_eq!(names(&page), ["Fabrikam Security 7"]);
    let (_, page) = search(&app, "q=7").await;
    assert!(names(&page).is_empty());
    let (_, page) = search(&app, "q=1000003").await;
    assert!(
        names(&page).is_empty(),
        "the program ID is not in the text: {page}"
    );
    let (_, page) = search(&app, "q=24%2F7").await;
    assert_eq!(names(&page), ["Fabrikam Security 7"]);
    let (_, page) = search(&app, "q=nothing+like+this").await;
    assert!(names(&page).is_empty());

    // filters, alone and with words; by name when not searching
    let (_, page) = search(&app, "").await;
    assert_eq!(
        names(&page),
        ["Contoso Migrations", "Fabrikam Security 7", "Hanbit Cloud"]
    );
    let (_, page) = search(&app, "model=indirect_provider").await;
    assert_eq!(names(&page), ["Hanbit Cloud"]);
    let (_, page) = search(&app, "region=us").await;
    assert_eq!(names(&page), ["Contoso Migrations"]);
    let (_, page) = search(&app, "product=dynamics_365").await;
    assert_eq!(names(&page), ["Hanbit Cloud"]);
    let (_, page) = search(&app, "language=ja").await;
    assert_eq!(names(&page), ["Contoso Migrations"]);
    let (_, page) = search(&app, "size=enterprise&q=security").await;
    assert_eq!(names(&page), ["Fabrikam Security 7"]);
    let (_, page) = search(&app, "size=enterprise&q=cloud").await;
    assert!(names(&page).is_empty());
    let (status, _) = search(&app, "product=mainframes").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // the pages, rendered on the server: results, a partner's page with its title and summary
    let (status, body) = get(&app, "/directory?q=cloud").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Contoso Migrations") && !body.contains("Fabrikam Security"));
    assert!(
        body.contains("href=\"/directory/contoso-migrations-1000002\""),
        "{body}"
    );
    let (status, body) = get(&app, "/directory/hanbit-cloud-1000001").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<title>Hanbit Cloud · Partner directory · CSP Portal</title>"),
        "{body}"
    );
    assert!(
        body.contains("name=\"description\" content=\"서울에서 중소기업의"),
        "{body}"
    );
    let (status, body) = get(&app, "/directory/nobody-42").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("not in the directory"), "{body}");
}

#[tokio::test]
async fn the_directory_pages_twenty_at_a_time() {
    let (app, db) = app().await;
    for n in 0..23 {
        published(
            &app,
            &db,
            2000000 + n,
            &format!("Partner {n:02}"),
            "direct_bill",
            "Cloud services.",
            "",
        )
        .await;
    }
    let (_, page) = search(&app, "").await;
    assert_eq!(names(&page).len(), 20);
    assert_eq!(page["more"], true);
    assert_eq!(names(&page)[0], "Partner 00");
    let (_, page) = search(&app, "page=1").await;
    assert_eq!(names(&page), ["Partner 20", "Partner 21", "Partner 22"]);
    assert_eq!(page["more"], false);
    let (_, body) = get(&app, "/directory?page=2").await;
    assert!(
        body.contains("Partner 22") && body.contains("rel=\"prev\""),
        "{body}"
    );
}
