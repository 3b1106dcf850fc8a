//! Business profiles and the public directory through the whole HTTP stack
//! (`Router::oneshot`): who edits and publishes, what the directory finds (English and Korean
//! text, filters, pages), and the server-rendered pages.

use crate::support::{self, *};
use app::server::store::accounts::{self, AuditFilter};
use axum::http::StatusCode;

#[tokio::test]
async fn only_profile_admins_edit_and_only_approved_accounts_publish() {
    let (app, db) = app().await;
    let hanbit = approved(&db, 4821937, "Hanbit Cloud", "indirect_provider").await;
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
    by(&app, &sales)
        .forbidden("load_business_profile", "")
        .await;
    by(&app, &sales)
        .forbidden("save_business_profile", &profile_form(0, "x", ""))
        .await;

    // an empty draft can be saved, but not published: each missing thing at its field
    by(&app, &editor)
        .ok("save_business_profile", "version=0")
        .await;
    let body = by(&app, &editor)
        .invalid("publish_business_profile", "version=1")
        .await;
    assert_codes(
        &body,
        &[
            "description.empty",
            "regions.empty",
            "offer.empty",
            "lead_email.empty",
        ],
    );

    // bad input: at its field, what was typed comes back, the saved draft stays
    let body = by(&app, &editor)
        .invalid(
            "save_business_profile",
            &profile_form(
                1,
                "We move you to the cloud",
                "&regions=KR%2C+Atlantis&products%5Bmainframes%5D=on",
            ),
        )
        .await;
    assert!(
        body.contains("regions.unknown") && body.contains("choice.unknown"),
        "{body}"
    );
    assert!(
        body.contains("Atlantis") && body.contains("We move you to the cloud"),
        "{body}"
    );

    // a stale version is refused
    let body = by(&app, &editor)
        .conflict("save_business_profile", &profile_form(0, "Old page", ""))
        .await;
    assert!(body.contains("business_profile.changed"), "{body}");

    let description = "한빛클라우드는 서울에서 중소기업의 클라우드 전환을 돕습니다. We migrate \
                       Korean small businesses to Azure.";
    by(&app, &editor)
        .ok(
            "save_business_profile",
            &profile_form(
                1,
                description,
                "&accepting_resellers=on&support_hours=Mon-Fri+9-18+KST",
            ),
        )
        .await;
    // saved is not published
    let (_, page) = search(&app, "").await;
    assert!(names(&page).is_empty(), "{page}");
    by(&app, &editor)
        .ok("publish_business_profile", "version=2")
        .await;
    let (_, page) = search(&app, "").await;
    assert_eq!(names(&page), ["Hanbit Cloud"]);

    // a draft change shows only once published again
    let (status, _) = by(&app, &editor)
        .call(
            "save_business_profile",
            &profile_form(2, "Changed but not published", ""),
        )
        .await;
    assert!(status.is_success());
    let (_, body) = get(&app, "/directory/hanbit-cloud-4821937").await;
    assert!(body.contains("서울에서") && !body.contains("Changed but not published"));
    let body = by(&app, &editor).reply("load_business_profile", "").await;
    assert!(body.contains("\"unpublished_changes\":true"), "{body}");

    // the unapproved account cannot publish
    by(&app, &waiting_admin)
        .ok("save_business_profile", &profile_form(0, "Waiting", ""))
        .await;
    let body = by(&app, &waiting_admin)
        .conflict("publish_business_profile", "version=1")
        .await;
    assert!(body.contains("account.not_approved"), "{body}");

    // taken out of the directory: gone from search and its page, the draft kept
    let (status, _) = by(&app, &editor)
        .call("unpublish_business_profile", "")
        .await;
    assert!(status.is_success());
    let (_, page) = search(&app, "").await;
    assert!(names(&page).is_empty());
    let (status, _) = get(&app, "/directory/hanbit-cloud-4821937").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = by(&app, &editor).reply("load_business_profile", "").await;
    assert!(body.contains("Changed but not published"), "{body}");

    let log = accounts::audit_log(&db, &hanbit, &AuditFilter::default(), 20)
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

/// A multipart form with one file field `logo` (and nothing else when `bytes` is None).
fn logo_upload(
    session: &str,
    bytes: Option<&[u8]>,
    accept: &str,
) -> axum::http::Request<axum::body::Body> {
    let boundary = "----csp-portal-test-boundary";
    let mut body = Vec::new();
    match bytes {
        Some(bytes) => {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; \
                     filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        None => body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n")
                .as_bytes(),
        ),
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    axum::http::Request::post(support::server_fn_path("upload_logo"))
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(axum::http::header::ACCEPT, accept)
        .header(
            axum::http::header::REFERER,
            "http://127.0.0.1:3000/account/business-profile",
        )
        .header(axum::http::header::COOKIE, format!("csp_session={session}"))
        .body(axum::body::Body::from(body))
        .unwrap()
}

fn picture(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 200])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

/// The logo's address in a JSON answer.
fn logo_of(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    value["logo"].as_str().map(str::to_owned)
}

#[tokio::test]
async fn logos_are_uploaded_resized_published_and_served() {
    let (app, db) = app().await;
    let hanbit = approved(&db, 4821950, "Hanbit Cloud", "indirect_provider").await;
    let editor = member(
        &db,
        &hanbit,
        "editor@hanbit.example",
        &["business_profile_admin"],
    )
    .await;
    let sales = member(&db, &hanbit, "sales@hanbit.example", &["sales_agent"]).await;
    let json = "application/json";

    // only the business profile admin (or a global admin) uploads
    let wide = picture(1200, 400, image::ImageFormat::Png);
    let (status, _, _) =
        support::send(&app, logo_upload(&sales, Some(&wide), json), "upload").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) =
        support::send(&app, logo_upload("nobody", Some(&wide), json), "upload").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // what is not a PNG or JPEG, too large, or missing is refused at the field
    for (bytes, code) in [
        (
            Some(b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec()),
            "logo.not_image",
        ),
        (
            Some(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec()),
            "logo.not_image",
        ),
        (Some(vec![0u8; 2 * 1024 * 1024 + 1]), "logo.too_large"),
        (None, "logo.missing"),
    ] {
        let (status, _, body) =
            support::send(&app, logo_upload(&editor, bytes.as_deref(), json), code).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {body}");
        assert!(body.contains(code), "{code}: {body}");
    }

    // a logo before the first save of the profile: resized to 300 pixels, written as PNG
    let (status, _, body) =
        support::send(&app, logo_upload(&editor, Some(&wide), json), "upload").await;
    assert!(status.is_success(), "{body}");
    let body = by(&app, &editor).reply("load_business_profile", "").await;
    let first = logo_of(&body).expect("the draft has a logo");
    assert!(
        first.starts_with("/logos/") && first.ends_with(".png"),
        "{first}"
    );
    let request = axum::http::Request::get(&first)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let png = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let served = image::load_from_memory(&png).unwrap();
    assert_eq!((served.width(), served.height()), (300, 100));

    // a save of the form keeps it; publishing shows it in the directory
    by(&app, &editor)
        .ok(
            "save_business_profile",
            &profile_form(
                0,
                "We move Korean firms to Azure.",
                "&accepting_resellers=on",
            ),
        )
        .await;
    let body = by(&app, &editor).reply("load_business_profile", "").await;
    assert_eq!(logo_of(&body).as_deref(), Some(first.as_str()));
    by(&app, &editor)
        .ok("publish_business_profile", "version=1")
        .await;
    let (_, page) = search(&app, "").await;
    assert_eq!(page["cards"][0]["logo"].as_str(), Some(first.as_str()));
    let (_, html) = get(&app, "/directory/hanbit-cloud-4821950").await;
    assert!(
        html.contains(&first) && html.contains("Hanbit Cloud logo"),
        "{html}"
    );

    // a new logo (a JPEG, without JavaScript): the directory keeps the old one until published
    let jpeg = picture(150, 90, image::ImageFormat::Jpeg);
    let (status, headers, _) = support::send(
        &app,
        logo_upload(&editor, Some(&jpeg), "text/html"),
        "upload",
    )
    .await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers["location"], "/account/business-profile?done=logo");
    let body = by(&app, &editor).reply("load_business_profile", "").await;
    let second = logo_of(&body).unwrap();
    assert_ne!(second, first);
    assert!(body.contains("\"unpublished_changes\":true"), "{body}");
    assert_eq!(get(&app, &first).await.0, StatusCode::OK);
    by(&app, &editor)
        .ok("publish_business_profile", "version=1")
        .await;
    let (_, page) = search(&app, "").await;
    assert_eq!(page["cards"][0]["logo"].as_str(), Some(second.as_str()));
    // the first is used by nothing now, and is gone
    assert_eq!(get(&app, &first).await.0, StatusCode::NOT_FOUND);
    let (status, body) = get(&app, &second).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // without JavaScript a refusal comes back in the address, for the editor to show
    let (status, headers, _) = support::send(
        &app,
        logo_upload(&editor, Some(b"not a picture"), "text/html"),
        "upload",
    )
    .await;
    assert_eq!(status, StatusCode::FOUND);
    let location = headers["location"].to_str().unwrap();
    assert!(
        location.contains("/account/business-profile?__path=") && location.contains("__err="),
        "{location}"
    );

    // removing it, then publishing, takes it off the directory and deletes it
    by(&app, &editor).ok("remove_logo", "").await;
    let body = by(&app, &editor).reply("load_business_profile", "").await;
    assert_eq!(logo_of(&body), None);
    by(&app, &editor)
        .ok("publish_business_profile", "version=1")
        .await;
    let (_, page) = search(&app, "").await;
    assert!(page["cards"][0]["logo"].is_null(), "{page}");
    assert_eq!(get(&app, &second).await.0, StatusCode::NOT_FOUND);
    for bad in ["/logos/../../etc/passwd", "/logos/abc.png", "/logos/x.svg"] {
        assert_eq!(get(&app, bad).await.0, StatusCode::NOT_FOUND, "{bad}");
    }

    // the audit log names each change
    let log = accounts::audit_log(&db, &hanbit, &AuditFilter::default(), 50)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "business_profile.logo")
            .count(),
        2,
        "{actions:?}"
    );
    assert!(
        actions.contains(&"business_profile.logo_removed"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn entries_published_before_filter_terms_get_them_from_the_migration() {
    use app::{
        domain::business_profile::{
            language_term, model_term, product_term, region_term, size_term,
        },
        server::db::execute,
    };
    let (app, db) = app().await;
    // an entry as publishing wrote it before: without the terms
    execute(db.query(
        "CREATE directory_entry:p4821960 CONTENT {
             organization: organization:p4821960, slug: 'old-timer-4821960', program_id: 4821960,
             name: 'Old Timer', model: 'indirect_provider', country: 'KR', description: 'Cloud help',
             website: '', industries: [], services: [], products: ['azure', 'copilot'],
             regions: ['KR', 'JP'], languages: ['ko'], customer_sizes: ['small', 'enterprise'],
             locations: [], lead_name: 'Lead', lead_email: 'lead@old.example',
             accepting_resellers: true, support_hours: '', search_text: 'Old Timer\nCloud help',
             sort_name: 'old timer', published_at: time::now()
         };",
    ))
    .await
    .unwrap();
    let (status, page) = search(&app, "q=cloud&region=KR").await;
    assert_eq!(status, StatusCode::OK);
    assert!(names(&page).is_empty(), "{page}");
    for _ in 0..2 {
        // running it again changes nothing
        execute(db.query(include_str!(
            "../../../app/migrations/0014_directory_filter_terms.surql"
        )))
        .await
        .unwrap();
    }
    let mut results =
        execute(db.query("SELECT VALUE search_text FROM ONLY directory_entry:p4821960"))
            .await
            .unwrap();
    let text: Option<String> = results.take(0).unwrap();
    let expected: Vec<String> = [
        model_term("indirect_provider"),
        region_term("KR"),
        region_term("JP"),
        product_term("azure"),
        product_term("copilot"),
        language_term("ko"),
        size_term("small"),
        size_term("enterprise"),
    ]
    .into_iter()
    .map(Option::unwrap)
    .collect();
    assert_eq!(
        text.as_deref(),
        Some(format!("Old Timer\nCloud help\n{}", expected.join(" ")).as_str())
    );
    let (_, page) = search(
        &app,
        "q=cloud&region=KR&size=enterprise&model=indirect_provider",
    )
    .await;
    assert_eq!(names(&page), ["Old Timer"]);
    let (_, page) = search(&app, "q=cloud&region=US").await;
    assert!(names(&page).is_empty(), "{page}");
}

#[tokio::test]
async fn every_server_sees_each_publication_at_its_next_request() {
    let (app, db) = app().await;
    let other = support::second_server(&db);
    published(
        &app,
        &db,
        4821970,
        "Bravo Cloud",
        "indirect_provider",
        "Azure help",
        "",
    )
    .await;
    // both servers have read the directory once
    for server in [&app, &other] {
        let (_, page) = search(server, "region=KR").await;
        assert_eq!(names(&page), ["Bravo Cloud"]);
    }
    // a publication through the first server: the second lists it, in name order
    published(
        &app,
        &db,
        4821971,
        "Alpha Cloud",
        "indirect_provider",
        "Azure help",
        "",
    )
    .await;
    let (_, page) = search(&other, "region=KR&model=indirect_provider").await;
    assert_eq!(names(&page), ["Alpha Cloud", "Bravo Cloud"]);
    // a change that takes it out of a filter, and an unpublication
    by(
        &app,
        &support::session_of(&db, "admin@p4821971.example").await,
    )
    .ok(
        "save_business_profile",
        &profile_form(1, "Azure help", "&regions=US"),
    )
    .await;
    let (status, _) = by(
        &app,
        &support::session_of(&db, "admin@p4821971.example").await,
    )
    .call("publish_business_profile", "version=2")
    .await;
    assert!(status.is_success());
    let (_, page) = search(&other, "region=KR").await;
    assert_eq!(names(&page), ["Bravo Cloud"]);
    let (_, page) = search(&other, "region=US").await;
    assert_eq!(names(&page), ["Alpha Cloud"]);
    let (status, _) = by(
        &other,
        &support::session_of(&db, "admin@p4821970.example").await,
    )
    .call("unpublish_business_profile", "")
    .await;
    assert!(status.is_success());
    for server in [&app, &other] {
        let (_, page) = search(server, "").await;
        assert_eq!(names(&page), ["Alpha Cloud"]);
    }
    // a server that fell further behind than the kept changes reads everything again
    app::server::db::execute(db.query("UPDATE directory_state:log SET seq += 20000"))
        .await
        .unwrap();
    let (_, page) = search(&other, "").await;
    assert_eq!(names(&page), ["Alpha Cloud"]);
}
