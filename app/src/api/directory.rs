//! The business profile (its business profile admins and global admins edit a draft and
//! publish it) and the public directory of published profiles (anyone, signed in or not).

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
pub use crate::domain::business_profile::{Card, Profile};
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::{acting, client_address},
        organization::readable_time,
    },
    domain::{
        business_profile::{
            CUSTOMER_SIZES, LANGUAGES, MAX_LOGO_BYTES, PRODUCTS, check, publish_problems,
            search_text, slug, sort_name,
        },
        roles::Permission,
    },
    server::{
        db::record_key,
        logo,
        store::{
            business_profiles::{self, BusinessProfileError, DirectoryQuery, Publication},
            logos, profiles, relationships,
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many partners a directory page lists.
pub const DIRECTORY_PAGE_SIZE: usize = 20;

/// The business profile editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessProfilePage {
    pub organization: String,
    /// `direct_bill`, `indirect_provider`, `indirect_reseller`
    pub model: String,
    pub profile: Profile,
    /// what a save or a publication names; 0 before the first save
    pub version: i64,
    /// YYYY-MM-DD HH:MM UTC
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    pub published_at: Option<String>,
    /// the directory page's address, when published
    pub slug: Option<String>,
    /// the draft was saved after the last publication
    pub unpublished_changes: bool,
    /// what the saved draft lacks to be published: (field, code)
    pub missing: Vec<(String, String)>,
    pub approved: bool,
    /// the draft's logo (its address)
    pub logo: Option<String>,
}

/// A page of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub cards: Vec<Card>,
    /// 0 = the first
    pub page: usize,
    pub more: bool,
}

/// A partner's directory page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntryView {
    pub slug: String,
    pub program_id: String,
    pub name: String,
    pub model: String,
    pub country: String,
    pub profile: Profile,
    /// YYYY-MM-DD
    pub published_on: String,
    /// the logo's address
    pub logo: Option<String>,
    /// for a signed-in indirect reseller who handles relationships, on the page of a provider
    /// accepting resellers: "can" (the request form), or the open relationship's state
    /// ("requested", "active"); None for everyone else
    pub relationship: Option<String>,
}

#[cfg(feature = "ssr")]
fn business_error(
    error: crate::server::store::business_profiles::BusinessProfileError,
) -> AppError {
    match error {
        BusinessProfileError::Changed => AppError::Conflict("business_profile.changed".into()),
        BusinessProfileError::NotApproved => AppError::Conflict("account.not_approved".into()),
        BusinessProfileError::NoDraft => AppError::Conflict("business_profile.no_draft".into()),
        BusinessProfileError::Db(error) => AppError::internal(error),
    }
}

/// The signed-in member's business profile draft.
#[cfg(feature = "ssr")]
pub(super) async fn own_draft(
    services: &crate::server::services::Services,
    me: &crate::server::store::sessions::ActiveSession,
) -> Result<crate::server::store::business_profiles::Draft, AppError> {
    crate::server::store::business_profiles::draft(&services.db, &me.organization)
        .await?
        .ok_or(AppError::NotFound)
}

/// The business profile editor's page.
#[server(endpoint = "load_business_profile")]
pub async fn load_business_profile() -> Result<BusinessProfilePage, AppError> {
    let (services, me, _) = gate::member(Permission::BusinessProfileEdit).await?;
    let draft = own_draft(&services, &me).await?;
    let profile = draft.profile.unwrap_or_default();
    let missing = if draft.version == 0 {
        Vec::new()
    } else {
        publish_problems(&profile)
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect()
    };
    let unpublished_changes = match (&draft.published_at, &draft.updated_at) {
        (Some(published), Some(updated)) => updated > published,
        (None, Some(_)) => true,
        _ => false,
    } || (draft.published_at.is_some()
        && draft.logo != draft.published_logo);
    Ok(BusinessProfilePage {
        slug: draft
            .published_at
            .as_ref()
            .map(|_| slug(&draft.name, draft.program_id.unwrap_or_default())),
        organization: draft.name,
        model: draft.model.unwrap_or_default(),
        profile,
        version: draft.version,
        updated_at: draft.updated_at.map(|at| readable_time(&at, false)),
        updated_by: draft.updated_by_name,
        published_at: draft.published_at.map(|at| readable_time(&at, false)),
        unpublished_changes,
        missing,
        approved: draft.approved,
        logo: draft.logo.as_deref().map(crate::server::logo::url),
    })
}

/// The business profile form, as sent: the version it was loaded at, and every field (ticked
/// boxes as `name[code]=on`, locations as `location[city<n>]` and `location[country<n>]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessProfileForm {
    #[serde(deserialize_with = "crate::api::form::number")]
    pub version: i64,
    pub description: String,
    pub website: String,
    pub industries: HashMap<String, String>,
    pub services: HashMap<String, String>,
    pub products: HashMap<String, String>,
    pub regions: String,
    pub languages: HashMap<String, String>,
    pub customer_sizes: HashMap<String, String>,
    pub location: HashMap<String, String>,
    pub lead_name: String,
    pub lead_email: String,
    pub accepting_resellers: String,
    pub support_hours: String,
}

impl BusinessProfileForm {
    /// The profile as typed (ticked boxes as their codes, the regions read from their text), and
    /// the entries of the regions text that name no country.
    pub fn profile(&self) -> (Profile, Vec<String>) {
        use crate::domain::business_profile::{Location, MAX_LOCATIONS, parse_regions};
        let ticked = |boxes: &HashMap<String, String>| -> Vec<String> {
            boxes
                .iter()
                .filter(|(_, v)| v.as_str() == "on")
                .map(|(k, _)| k.clone())
                .collect()
        };
        let typed_location = |field: String| self.location.get(&field).cloned().unwrap_or_default();
        let (regions, unknown_regions) = parse_regions(&self.regions);
        let profile = Profile {
            description: self.description.clone(),
            website: self.website.clone(),
            industries: ticked(&self.industries),
            services: ticked(&self.services),
            products: ticked(&self.products),
            regions,
            languages: ticked(&self.languages),
            customer_sizes: ticked(&self.customer_sizes),
            locations: (0..MAX_LOCATIONS + 1)
                .map(|n| Location {
                    city: typed_location(format!("city{n}")),
                    country: typed_location(format!("country{n}")),
                })
                .collect(),
            lead_name: self.lead_name.clone(),
            lead_email: self.lead_email.clone(),
            accepting_resellers: self.accepting_resellers == "on"
                || self.accepting_resellers == "true",
            support_hours: self.support_hours.clone(),
        };
        (profile, unknown_regions)
    }

    /// The text fields as typed, by field name, to fill the form in again after a refusal.
    pub fn typed(&self) -> Vec<(String, String)> {
        let mut typed: Vec<(String, String)> = [
            ("description", &self.description),
            ("website", &self.website),
            ("regions", &self.regions),
            ("lead_name", &self.lead_name),
            ("lead_email", &self.lead_email),
            ("support_hours", &self.support_hours),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .collect();
        for (key, value) in &self.location {
            typed.push((format!("location_{key}"), value.clone()));
        }
        typed
    }
}

/// Saves the draft (business profile admins and global admins), checked, if nobody saved it
/// since `version`. The directory changes only when the draft is published.
#[server(endpoint = "save_business_profile")]
pub async fn save_business_profile(
    #[server(flatten)] form: BusinessProfileForm,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::BusinessProfileEdit).await?;
    own_draft(&services, &me).await?;
    let (input, unknown_regions) = form.profile();
    let checked = check(&input);
    let mut problems: Vec<(String, String)> = match &checked {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|(f, c)| (f.clone(), (*c).to_owned()))
            .collect(),
    };
    if !unknown_regions.is_empty() {
        problems.push(("regions".into(), "regions.unknown".into()));
    }
    let profile = match checked {
        Ok(profile) if problems.is_empty() => profile,
        _ => {
            let typed = form.typed();
            let typed: Vec<(&str, &str)> = typed
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            return Err(AppError::invalid(problems, &typed));
        }
    };
    let from = client_address().await;
    business_profiles::save_draft(&services.db, acting(&me, &from), &profile, form.version)
        .await
        .map_err(business_error)?;
    form_done("/account/business-profile?done=saved")
}

/// Publishes the saved draft at `version` to the directory: refused while it lacks what a
/// customer needs (each at its field) or while the account is not approved.
#[server(endpoint = "publish_business_profile")]
pub async fn publish_business_profile(version: i64) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::BusinessProfileEdit).await?;
    let draft = own_draft(&services, &me).await?;
    if !draft.approved {
        return Err(AppError::Conflict("account.not_approved".into()));
    }
    let profile = draft
        .profile
        .ok_or(AppError::Conflict("business_profile.no_draft".into()))?;
    let missing = publish_problems(&profile);
    if !missing.is_empty() {
        return Err(AppError::Validation {
            fields: missing
                .into_iter()
                .map(|(f, c)| (f.to_owned(), c.to_owned()))
                .collect(),
            values: Vec::new(),
        });
    }
    let program_id = draft.program_id.unwrap_or_default();
    let slug = slug(&draft.name, program_id);
    let country = draft.country.clone().unwrap_or_default();
    let from = client_address().await;
    business_profiles::publish(
        &services.db,
        acting(&me, &from),
        version,
        &Publication {
            slug: &slug,
            program_id,
            name: &draft.name,
            model: draft.model.as_deref().unwrap_or_default(),
            country: &country,
            search_text: &search_text(
                &draft.name,
                draft.model.as_deref().unwrap_or_default(),
                &country,
                &profile,
            ),
            sort_name: &sort_name(&draft.name),
        },
    )
    .await
    .map_err(business_error)?;
    form_done("/account/business-profile?done=published")
}

/// Takes the organization out of the directory; the draft stays.
#[server(endpoint = "unpublish_business_profile")]
pub async fn unpublish_business_profile() -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::BusinessProfileEdit).await?;
    own_draft(&services, &me).await?;
    let from = client_address().await;
    business_profiles::unpublish(&services.db, acting(&me, &from))
        .await
        .map_err(business_error)?;
    form_done("/account/business-profile?done=unpublished")
}

/// One filter of the directory: empty for none; a value that is not in its list is "not
/// found" rather than a silently empty page.
#[cfg(feature = "ssr")]
fn filter(value: &str, list: &[&str]) -> Result<Option<String>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        Ok(None)
    } else if list.contains(&value) {
        Ok(Some(value.to_owned()))
    } else {
        Err(AppError::field("filter", "filter.unknown"))
    }
}

/// The public directory: published profiles, searched by words (English and Korean) and
/// filtered; a page of [`DIRECTORY_PAGE_SIZE`].
#[server(endpoint = "search_directory")]
pub async fn search_directory(
    #[server(default)] q: String,
    #[server(default)] model: String,
    #[server(default)] region: String,
    #[server(default)] product: String,
    #[server(default)] language: String,
    #[server(default)] size: String,
    #[server(default)] page: usize,
) -> Result<DirectoryPage, AppError> {
    let services = gate::public()?;
    let text = crate::domain::business_profile::search_terms(&q);
    if text.is_none() && !q.trim().is_empty() {
        // typed, but nothing a word could match (a lone letter or sign): nothing is found
        return Ok(DirectoryPage {
            cards: Vec::new(),
            page: 0,
            more: false,
        });
    }
    let query = DirectoryQuery {
        text,
        model: filter(
            &model,
            &["direct_bill", "indirect_provider", "indirect_reseller"],
        )?,
        region: match region.trim() {
            "" => None,
            code => Some(
                crate::domain::country::canonical_code(code)
                    .ok_or(AppError::field("filter", "filter.unknown"))?
                    .to_owned(),
            ),
        },
        product: filter(&product, PRODUCTS)?,
        language: filter(&language, LANGUAGES)?,
        customer_size: filter(&size, CUSTOMER_SIZES)?,
    };
    let page = page.min(500);
    let (cards, more) = business_profiles::search(
        &services.db,
        &services.directory,
        &query,
        page,
        DIRECTORY_PAGE_SIZE,
    )
    .await?;
    Ok(DirectoryPage {
        cards: cards
            .into_iter()
            .map(|listed| Card {
                logo: listed.card.logo.as_deref().map(crate::server::logo::url),
                ..listed.card
            })
            .collect(),
        page,
        more,
    })
}

/// A partner's directory page (anyone).
#[server(endpoint = "directory_entry")]
pub async fn load_directory_entry(slug: String) -> Result<DirectoryEntryView, AppError> {
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    let (services, me) = gate::visitor().await?;
    let entry = business_profiles::entry(&services.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let relationship = relationship_option(&services, me, &entry).await?;
    Ok(DirectoryEntryView {
        relationship,
        slug: entry.slug,
        program_id: entry.program_id.to_string(),
        name: entry.name,
        model: entry.model,
        country: entry.country,
        profile: entry.profile,
        published_on: entry.published_at.chars().take(10).collect(),
        logo: entry.logo.as_deref().map(crate::server::logo::url),
    })
}

/// What the signed-in visitor can do about a relationship with the provider at `entry` (see
/// [`DirectoryEntryView::relationship`]).
#[cfg(feature = "ssr")]
async fn relationship_option(
    services: &crate::server::services::Services,
    me: Option<crate::server::store::sessions::ActiveSession>,
    entry: &crate::server::store::business_profiles::DirectoryEntry,
) -> Result<Option<String>, AppError> {
    if entry.model != "indirect_provider" || !entry.profile.accepting_resellers {
        return Ok(None);
    }
    let Some(me) = me else {
        return Ok(None);
    };
    if me.must_change_password || gate::member_decision(&me, Permission::PartnersManage).is_err() {
        return Ok(None);
    }
    let model = profiles::get(&services.db, &me.organization)
        .await?
        .and_then(|p| p.model);
    if model.as_deref() != Some("indirect_reseller") {
        return Ok(None);
    }
    let open =
        relationships::open_between(&services.db, &me.organization, &entry.organization).await?;
    Ok(Some(open.unwrap_or_else(|| "can".into())))
}

/// Makes the uploaded PNG or JPEG (the form's `logo` file, at most
/// [`crate::domain::business_profile::MAX_LOGO_BYTES`]) the draft's logo, resized to fit 300
/// pixels (business profile admins and global admins). A plain form post, with JavaScript on
/// or off: the browser comes back to the editor.
#[server(endpoint = "upload_logo", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_logo(data: leptos::server_fn::codec::MultipartData) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::BusinessProfileEdit).await?;
    own_draft(&services, &me).await?;
    let mut form = data.into_inner().ok_or(AppError::NotFound)?;
    let mut bytes = Vec::new();
    let mut found = false;
    // a file over the limit is read to its end (up to a point), so that the browser, still
    // sending it, gets the answer instead of a closed connection
    let mut too_large = false;
    let mut read = 0usize;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|_| AppError::field("logo", "logo.not_image"))?
    {
        if field.name() != Some("logo") {
            continue;
        }
        found = true;
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| AppError::field("logo", "logo.not_image"))?
        {
            read += chunk.len();
            if read > MAX_LOGO_BYTES {
                too_large = true;
                bytes = Vec::new();
                if read > 16 * MAX_LOGO_BYTES {
                    break;
                }
            } else {
                bytes.extend_from_slice(&chunk);
            }
        }
    }
    if too_large {
        return Err(AppError::field("logo", "logo.too_large"));
    }
    if !found || bytes.is_empty() {
        return Err(AppError::field("logo", "logo.missing"));
    }
    let made = tokio::task::spawn_blocking(move || logo::prepare(&bytes))
        .await
        .map_err(AppError::internal)?
        .map_err(|error| AppError::field("logo", error.code()))?;
    let name = logo::name(&record_key(&me.organization), &made.png);
    let from = client_address().await;
    logos::set(&services.db, acting(&me, &from), &name, &made).await?;
    form_done("/account/business-profile?done=logo")
}

/// Takes the logo off the draft (the directory shows it until the next publication).
#[server(endpoint = "remove_logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::BusinessProfileEdit).await?;
    own_draft(&services, &me).await?;
    let from = client_address().await;
    logos::remove(&services.db, acting(&me, &from)).await?;
    form_done("/account/business-profile?done=logo_removed")
}
