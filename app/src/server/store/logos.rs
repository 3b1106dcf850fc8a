//! Partner logos: the PNG bytes (see [`crate::server::logo`]), the one the business profile
//! draft shows, and the directory entry's copy made at publication. A logo neither shows is
//! deleted in the transaction that stops using it.

use crate::server::{
    db::{Database, DbError, execute, record_key, run_change},
    logo::Logo,
    store::accounts::{AUDIT, Acting, audit},
};
use surrealdb::types::{Bytes, RecordId};

/// The statement, inside a transaction on `$organization`, that deletes the organization's
/// logos that neither its draft nor its directory entry shows.
pub const DROP_UNUSED_LOGOS: &str = "DELETE logo WHERE organization = $organization
    AND name NOT IN [
        (SELECT VALUE logo FROM ONLY type::record('profile_logo', record::id($organization))),
        (SELECT VALUE logo FROM ONLY type::record('directory_entry', record::id($organization)))
    ];";

fn profile_logo(organization: &RecordId) -> RecordId {
    RecordId::new("profile_logo", record_key(organization))
}

/// Stores `logo` called `name` and makes it the draft's logo.
pub async fn set(
    db: &Database,
    acting: Acting<'_>,
    name: &str,
    logo: &Logo,
) -> Result<(), DbError> {
    run_change(
        || {
            audit(
                db.query(format!(
                    "BEGIN TRANSACTION;
                     IF (SELECT VALUE id FROM ONLY $logo) = NONE {{
                         CREATE $logo CONTENT {{
                             organization: $organization, name: $name, png: $png,
                             width: $width, height: $height, created_at: time::now()
                         }};
                     }};
                     UPSERT $profile_logo CONTENT {{
                         organization: $organization, logo: $name, updated_at: time::now()
                     }};
                     {DROP_UNUSED_LOGOS}
                     {AUDIT}
                     COMMIT TRANSACTION;"
                ))
                .bind("logo", RecordId::new("logo", name))
                .bind("profile_logo", profile_logo(acting.organization))
                .bind("name", name.to_owned())
                .bind("png", Bytes::from(logo.png.clone()))
                .bind("width", i64::from(logo.width))
                .bind("height", i64::from(logo.height)),
                acting,
                "business_profile.logo",
                "business_profile",
                &format!("{}×{}", logo.width, logo.height),
            )
        },
        |_| None::<DbError>,
    )
    .await
    .map(drop)
}

/// Takes the logo off the draft (the directory keeps its copy until the next publication).
pub async fn remove(db: &Database, acting: Acting<'_>) -> Result<(), DbError> {
    run_change(
        || {
            audit(
                db.query(format!(
                    "BEGIN TRANSACTION;
                     DELETE $profile_logo;
                     {DROP_UNUSED_LOGOS}
                     {AUDIT}
                     COMMIT TRANSACTION;"
                ))
                .bind("profile_logo", profile_logo(acting.organization)),
                acting,
                "business_profile.logo_removed",
                "business_profile",
                "",
            )
        },
        |_| None::<DbError>,
    )
    .await
    .map(drop)
}

/// The draft's logo, by name.
pub async fn of_draft(db: &Database, organization: &RecordId) -> Result<Option<String>, DbError> {
    db.query("SELECT VALUE logo FROM ONLY $profile_logo")
        .bind("profile_logo", profile_logo(organization))
        .rows()
        .await
}

/// The PNG bytes of the logo called `name`.
pub async fn png(db: &Database, name: &str) -> Result<Option<Vec<u8>>, DbError> {
    let mut results = execute(
        db.query("SELECT VALUE png FROM ONLY $logo")
            .bind("logo", RecordId::new("logo", name)),
    )
    .await?;
    Ok(results
        .take::<Option<Bytes>>(0)?
        .map(|bytes| bytes.into_inner().to_vec()))
}
