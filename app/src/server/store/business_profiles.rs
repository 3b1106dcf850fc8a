//! Business profiles (the draft a partner edits) and the public directory (what publishing
//! copies the draft to). Every change is one transaction with its audit entry; every partner
//! function takes the organization.

use crate::server::directory_index::{
    Bits, DirectoryIndex, Filters, country_place, language_place, product_place, size_place,
};
use crate::{
    domain::business_profile::{
        Card, Profile, language_term, model_term, product_term, region_term, size_term,
    },
    server::{
        db::{Database, DbError, Thrown, execute, record_key, store_error},
        store::{
            accounts::{AUDIT, Acting, audit},
            logos::DROP_UNUSED_LOGOS,
        },
    },
};
use surrealdb::types::{RecordId, SurrealValue};

const PROFILE_FIELDS: &str = "description, website, industries, services, products, regions,
    languages, customer_sizes, locations, lead_name, lead_email, accepting_resellers,
    support_hours";

/// The draft and where the organization stands.
#[derive(Debug, Clone, SurrealValue)]
pub struct Draft {
    pub profile: Option<Profile>,
    /// 0 before the first save
    pub version: i64,
    /// RFC 3339
    pub updated_at: Option<String>,
    pub updated_by_name: Option<String>,
    /// RFC 3339, when the directory entry was written (none: not published)
    pub published_at: Option<String>,
    /// the application that made the organization a partner was approved
    pub approved: bool,
    pub name: String,
    pub model: Option<String>,
    pub country: Option<String>,
    pub program_id: Option<i64>,
    /// the draft's logo and the published one, by name
    pub logo: Option<String>,
    pub published_logo: Option<String>,
}

fn profile_key(organization: &RecordId) -> RecordId {
    RecordId::new("business_profile", record_key(organization))
}

fn entry_key(organization: &RecordId) -> RecordId {
    RecordId::new("directory_entry", record_key(organization))
}

/// The partner organization's draft and status (None for the operator or an unknown record).
pub async fn draft(db: &Database, organization: &RecordId) -> Result<Option<Draft>, DbError> {
    let mut results = execute(
        db.query(format!(
            "LET $draft = (SELECT {PROFILE_FIELDS} FROM ONLY $profile);
             LET $saved = (SELECT version, <string> updated_at AS updated_at, updated_by_name
                 FROM ONLY $profile);
             SELECT
                 $draft AS profile,
                 $saved.version ?? 0 AS version,
                 $saved.updated_at AS updated_at,
                 $saved.updated_by_name AS updated_by_name,
                 (SELECT VALUE <string> published_at FROM ONLY $entry) AS published_at,
                 application.status = 'approved' AS approved,
                 name, model, country, program_id,
                 (SELECT VALUE logo FROM ONLY $profile_logo) AS logo,
                 (SELECT VALUE logo FROM ONLY $entry) AS published_logo
             FROM ONLY $organization WHERE kind = 'partner';"
        ))
        .bind("organization", organization.clone())
        .bind(
            "profile_logo",
            RecordId::new("profile_logo", record_key(organization)),
        )
        .bind("profile", profile_key(organization))
        .bind("entry", entry_key(organization)),
    )
    .await?;
    Ok(results.take(2)?)
}

store_error!(
    /// What a change of a business profile can run into.
    BusinessProfileError {
        /// someone saved the draft since the page was loaded
        Changed = "changed_meanwhile" => "changed by someone else",
        /// the organization's application is not approved
        NotApproved = "not_approved" => "the account is not approved",
        /// no draft to publish
        NoDraft = "no_draft" => "nothing to publish",
    }
);

/// Saves the draft if nobody saved it since `expected_version` (0: there was none).
pub async fn save_draft(
    db: &Database,
    acting: Acting<'_>,
    profile: &Profile,
    expected_version: i64,
) -> Result<(), BusinessProfileError> {
    let stored = profile.clone();
    BusinessProfileError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $found = (SELECT VALUE version FROM ONLY $profile) ?? 0;
                 IF $found != $expected {{ THROW 'changed_meanwhile' }};
                 UPSERT $profile CONTENT object::extend($fields, {{
                     organization: $organization, version: $expected + 1,
                     updated_at: time::now(), updated_by_name: $actor_name
                 }});
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("profile", profile_key(acting.organization))
            .bind("expected", expected_version)
            .bind("fields", stored.clone()),
            acting,
            "business_profile.save",
            "business_profile",
            "",
        )
    })
    .await
    .map(drop)
}

/// What publishing adds to the draft: who the partner is, and the text search reads.
pub struct Publication<'a> {
    pub slug: &'a str,
    pub program_id: i64,
    pub name: &'a str,
    pub model: &'a str,
    pub country: &'a str,
    pub search_text: &'a str,
    pub sort_name: &'a str,
}

/// Publishes the draft at `version` (what the page showed): the directory entry becomes a copy
/// of it. Refused for an organization whose application is not approved.
pub async fn publish(
    db: &Database,
    acting: Acting<'_>,
    version: i64,
    publication: &Publication<'_>,
) -> Result<(), BusinessProfileError> {
    BusinessProfileError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE application.status FROM ONLY $organization) != 'approved' {{
                     THROW 'not_approved'
                 }};
                 LET $saved = (SELECT VALUE version FROM ONLY $profile);
                 IF $saved = NONE {{ THROW 'no_draft' }};
                 IF $saved != $version {{ THROW 'changed_meanwhile' }};
                 LET $draft = (SELECT {PROFILE_FIELDS} FROM ONLY $profile);
                 UPSERT $entry CONTENT object::extend($draft, {{
                     organization: $organization, slug: $slug, program_id: $program_id,
                     name: $name, model: $model, country: $country,
                     search_text: $search_text, sort_name: $sort_name,
                     resellers: count(SELECT VALUE id FROM reseller_relationship
                         WHERE provider = $organization AND status = 'active'),
                     logo: (SELECT VALUE logo FROM ONLY $profile_logo),
                     published_at: time::now()
                 }});
                 {DROP_UNUSED_LOGOS}
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("profile", profile_key(acting.organization))
            .bind("entry", entry_key(acting.organization))
            .bind(
                "profile_logo",
                RecordId::new("profile_logo", record_key(acting.organization)),
            )
            .bind("version", version)
            .bind("slug", publication.slug.to_owned())
            .bind("program_id", publication.program_id)
            .bind("name", publication.name.to_owned())
            .bind("model", publication.model.to_owned())
            .bind("country", publication.country.to_owned())
            .bind("search_text", publication.search_text.to_owned())
            .bind("sort_name", publication.sort_name.to_owned()),
            acting,
            "business_profile.publish",
            "business_profile",
            publication.slug,
        )
    })
    .await
    .map(drop)
}

/// Takes the organization out of the directory (the draft stays).
pub async fn unpublish(db: &Database, acting: Acting<'_>) -> Result<(), BusinessProfileError> {
    BusinessProfileError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 DELETE $entry;
                 {DROP_UNUSED_LOGOS}
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("entry", entry_key(acting.organization)),
            acting,
            "business_profile.unpublish",
            "business_profile",
            "",
        )
    })
    .await
    .map(drop)
}

/// Which directory entries.
#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// words to search for (full text)
    pub text: Option<String>,
    pub model: Option<String>,
    pub region: Option<String>,
    pub product: Option<String>,
    pub language: Option<String>,
    pub customer_size: Option<String>,
}

/// A directory entry as a search result shows it.
#[derive(Debug, Clone, SurrealValue)]
pub struct DirectoryCard {
    /// the organization's key (the entry's)
    pub key: String,
    pub card: Card,
    /// the name as sorted
    pub sort_name: String,
    /// how well it matches the words searched for (BM25); 0 without words
    #[surreal(default)]
    pub score: f64,
}

const CARD_FIELDS: &str = "record::id(id) AS key, {
        slug: slug, name: name, model: model, country: country,
        description: string::slice(description, 0, 280), regions: regions, products: products,
        services: services, languages: languages, customer_sizes: customer_sizes,
        accepting_resellers: accepting_resellers, logo: logo
    } AS card";

/// A page of the directory: best matches first when searching, else by name; `more` when a
/// further page exists.
pub async fn search(
    db: &Database,
    index: &DirectoryIndex,
    query: &DirectoryQuery,
    page: usize,
    page_size: usize,
) -> Result<(Vec<DirectoryCard>, bool), DbError> {
    if query.text.is_none() {
        // filters only: the index knows which entries pass, in name order
        index.refresh(db).await?;
        let one = |code: &Option<String>, place: fn(&str) -> Option<usize>| {
            Bits::of(code.as_deref(), place)
        };
        let filters = Filters {
            model: query.model.as_deref(),
            regions: one(&query.region, country_place),
            products: one(&query.product, product_place),
            languages: one(&query.language, language_place),
            customer_sizes: one(&query.customer_size, size_place),
        };
        let (keys, more) = index.page(&filters, page, page_size);
        return Ok((cards(db, &keys).await?, more));
    }
    let mut conditions = Vec::new();
    // a search of numbers only (SurrealDB 3.3 matches no query that starts with a number) reads
    // the text itself
    let numbers_only = query
        .text
        .as_deref()
        .is_some_and(|t| t.chars().all(|c| c.is_numeric() || c == ' '));
    let scored = query.text.is_some() && !numbers_only;
    let mut text = query.text.clone();
    if scored {
        // the filters are terms of the one full-text query (see `model_term` and the others)
        conditions.push("search_text @1@ $text");
        let terms = [
            query.model.as_deref().and_then(model_term),
            query.region.as_deref().and_then(region_term),
            query.product.as_deref().and_then(product_term),
            query.language.as_deref().and_then(language_term),
            query.customer_size.as_deref().and_then(size_term),
        ];
        if let Some(words) = text.as_mut() {
            for term in terms.into_iter().flatten() {
                words.push(' ');
                words.push_str(&term);
            }
        }
    } else {
        conditions.push("string::contains(search_text, $text)");
    }
    if query.model.is_some() && !scored {
        conditions.push("model = $model");
    }
    if query.region.is_some() && !scored {
        conditions.push("regions CONTAINS $region");
    }
    if query.product.is_some() && !scored {
        conditions.push("products CONTAINS $product");
    }
    if query.language.is_some() && !scored {
        conditions.push("languages CONTAINS $language");
    }
    if query.customer_size.is_some() && !scored {
        conditions.push("customer_sizes CONTAINS $customer_size");
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let bind = |query_text: String| {
        db.query(query_text)
            .bind("text", text.clone())
            .bind("model", query.model.clone())
            .bind("region", query.region.clone())
            .bind("product", query.product.clone())
            .bind("language", query.language.clone())
            .bind("customer_size", query.customer_size.clone())
    };
    if scored {
        // The best matches among the first SCORED_MATCHES the index yields (after the
        // filters: they are terms of the query): ordering every match of a common word by
        // score costs a second on 100,000 profiles, each match read costs about 40 µs, and the
        // order among that many weak matches says little. Ranked here, paged here (ten pages).
        let mut results = execute(
            bind(format!(
                "SELECT {CARD_FIELDS}, sort_name, search::score(1) AS score
                 FROM directory_entry {filter} LIMIT $scored"
            ))
            .bind("scored", SCORED_MATCHES as i64),
        )
        .await?;
        let mut scored: Vec<DirectoryCard> = results.take(0)?;
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.sort_name.cmp(&b.sort_name))
        });
        let start = page * page_size;
        let more = scored.len() > start + page_size;
        let cards = scored.into_iter().skip(start).take(page_size).collect();
        return Ok((cards, more));
    }
    let mut results = execute(
        bind(format!(
            "SELECT {CARD_FIELDS}, sort_name FROM directory_entry {filter}
             ORDER BY sort_name ASC LIMIT $limit START $start"
        ))
        .bind("limit", (page_size + 1) as i64)
        .bind("start", (page * page_size) as i64),
    )
    .await?;
    let mut cards: Vec<DirectoryCard> = results.take(0)?;
    let more = cards.len() > page_size;
    cards.truncate(page_size);
    Ok((cards, more))
}

/// The directory entries of the organizations with `keys`, in that order.
pub async fn cards(db: &Database, keys: &[String]) -> Result<Vec<DirectoryCard>, DbError> {
    let ids: Vec<RecordId> = keys
        .iter()
        .map(|key| RecordId::new("directory_entry", key.as_str()))
        .collect();
    let mut results = execute(
        db.query(format!("SELECT {CARD_FIELDS}, sort_name FROM $ids"))
            .bind("ids", ids),
    )
    .await?;
    let mut found: Vec<DirectoryCard> = results.take(0)?;
    let mut cards = Vec::with_capacity(found.len());
    for key in keys {
        if let Some(at) = found.iter().position(|card| &card.key == key) {
            cards.push(found.swap_remove(at));
        }
    }
    Ok(cards)
}

/// How many matches of a search are ranked (see [`search`]).
pub const SCORED_MATCHES: usize = 200;

/// A directory entry as its page shows it.
#[derive(Debug, Clone, SurrealValue)]
pub struct DirectoryEntry {
    pub organization: RecordId,
    pub slug: String,
    pub program_id: i64,
    pub name: String,
    pub model: String,
    pub country: String,
    pub profile: Profile,
    /// RFC 3339
    pub published_at: String,
    /// the logo's name
    pub logo: Option<String>,
}

/// The directory entry at `slug`.
pub async fn entry(db: &Database, slug: &str) -> Result<Option<DirectoryEntry>, DbError> {
    db.query(format!(
        "SELECT organization, slug, program_id, name, model, country, logo, <string> published_at AS published_at,
             {{ {fields} }} AS profile
         FROM directory_entry WHERE slug = $slug LIMIT 1",
        fields = PROFILE_FIELDS
            .split(',')
            .map(|f| {
                let f = f.trim();
                format!("{f}: {f}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .bind("slug", slug.to_owned())
    .first()
    .await
}
