//! Indirect resellers and providers find each other and work together: provider matching for
//! a reseller, relationship requests, answers and ends. Each side's global admins and admin
//! agents (`partners.manage`) act, and the other side's are e-mailed.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::{acting, client_address},
        organization::readable_time,
    },
    domain::matching::{Needs, Offer, Parts, rank},
    server::{
        directory_index::need_bits,
        store::{
            business_profiles,
            relationships::{self, RelationshipError},
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A provider ranked for the reseller, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMatch {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub description: String,
    /// 0 to 100
    pub score: u32,
    pub fit: crate::domain::matching::Fit,
    /// the reseller's open relationship with it: `requested` or `active`
    pub open: Option<String>,
}

/// The "Find an indirect provider" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMatches {
    pub matches: Vec<ProviderMatch>,
    /// what the ranking read: the reseller's business profile, or only its country
    pub needs: crate::domain::matching::Needs,
    pub from_profile: bool,
}

/// A relationship as either side sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipView {
    pub key: String,
    /// the other organization
    pub partner: String,
    pub partner_slug: Option<String>,
    /// `requested`, `active`, `declined`, `ended`
    pub status: String,
    pub request_message: String,
    pub requested_by: String,
    /// YYYY-MM-DD HH:MM UTC
    pub requested_at: String,
    pub answer_message: Option<String>,
    pub answered_by: Option<String>,
    /// `reseller` or `provider`
    pub ended_by: Option<String>,
    pub ended_by_name: Option<String>,
    pub end_reason: Option<String>,
    pub changed_at: String,
}

/// The relationships page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationships {
    /// the organization is an indirect provider (else a reseller)
    pub as_provider: bool,
    pub relationships: Vec<RelationshipView>,
}

/// How many providers the match list shows.
pub const MATCHES: usize = 20;

/// The longest message with a request, an answer or an end.
pub const MAX_MESSAGE: usize = 1_000;

#[cfg(feature = "ssr")]
fn relationship_error(error: crate::server::store::relationships::RelationshipError) -> AppError {
    match error {
        RelationshipError::AlreadyOpen => AppError::Conflict("relationship.already_open".into()),
        RelationshipError::NotAccepting => AppError::Conflict("relationship.not_accepting".into()),
        RelationshipError::NotFound => AppError::NotFound,
        RelationshipError::Db(error) => AppError::internal(error),
    }
}

/// The signed-in member's organization profile, if its CSP model is one of `models`.
#[cfg(feature = "ssr")]
async fn profile_of_model(
    services: &crate::server::services::Services,
    me: &crate::server::store::sessions::ActiveSession,
    models: &[&str],
) -> Result<crate::server::store::profiles::OrganizationProfile, AppError> {
    let profile = crate::api::organization::own_profile(services, me).await?;
    if !models.contains(&profile.model.as_deref().unwrap_or_default()) {
        return Err(AppError::Conflict("relationship.wrong_model".into()));
    }
    Ok(profile)
}

/// A message as typed: trimmed, at most [`MAX_MESSAGE`] characters.
#[cfg(feature = "ssr")]
fn message_text(text: &str, field: &str) -> Result<String, AppError> {
    let text = text.trim().replace("\r\n", "\n");
    if text.chars().count() > MAX_MESSAGE {
        Err(AppError::field(field, "message.too_long").with_values(&[(field, text.as_str())]))
    } else {
        Ok(text)
    }
}

/// The e-mail to the members of `organization` who handle relationships (its active global
/// admins and admin agents).
#[cfg(feature = "ssr")]
async fn mails_to_handlers(
    services: &crate::server::services::Services,
    organization: &surrealdb::types::RecordId,
    notice: crate::server::mail_text::Notice,
) -> Result<Vec<crate::server::store::outbox::Email>, AppError> {
    crate::api::referrals::mails_to_holders_of(
        services,
        organization,
        crate::domain::roles::Permission::PartnersManage,
        &notice,
    )
    .await
}

/// Providers ranked for the signed-in reseller (indirect resellers only).
#[server(endpoint = "find_providers")]
pub async fn find_providers() -> Result<ProviderMatches, AppError> {
    let (services, me, _) = gate::member(crate::domain::roles::Permission::PartnersManage).await?;
    let profile = profile_of_model(&services, &me, &["indirect_reseller"]).await?;
    let own = business_profiles::draft(&services.db, &me.organization)
        .await?
        .and_then(|d| d.profile);
    let from_profile = own
        .as_ref()
        .is_some_and(|p| !p.regions.is_empty() || !p.products.is_empty());
    let needs = match own {
        Some(p) if from_profile => Needs {
            regions: p.regions,
            products: p.products,
            languages: p.languages,
            customer_sizes: p.customer_sizes,
        },
        _ => Needs {
            regions: profile.country.into_iter().collect(),
            ..Needs::default()
        },
    };
    let needs = needs.map(unique);
    // every accepting provider is scored in memory; only the best are read
    services.directory.refresh(&services.db).await?;
    let best = services.directory.best_providers(
        &need_bits(needs.as_ref()),
        &crate::server::db::record_key(&me.organization),
        MATCHES,
    );
    let candidates = relationships::candidates(&services.db, &me.organization, &best).await?;
    let ranked = rank(
        &needs,
        candidates
            .into_iter()
            .map(|c| {
                let offer = Offer {
                    parts: Parts {
                        regions: c.regions.clone(),
                        products: c.products.clone(),
                        languages: c.languages.clone(),
                        customer_sizes: c.customer_sizes.clone(),
                    },
                    accepting_resellers: true,
                    resellers: c.resellers.max(0) as u32,
                };
                (c, offer)
            })
            .collect(),
    );
    Ok(ProviderMatches {
        matches: ranked
            .into_iter()
            .take(MATCHES)
            .map(|(c, fit)| ProviderMatch {
                slug: c.slug,
                name: c.name,
                country: c.country,
                description: c.description,
                score: fit.score,
                fit,
                open: c.open,
            })
            .collect(),
        needs,
        from_profile,
    })
}

/// `codes` without repeats, in their first order.
#[cfg(feature = "ssr")]
fn unique(codes: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(codes.len());
    for code in codes {
        if !kept.contains(&code) {
            kept.push(code);
        }
    }
    kept
}

/// The signed-in reseller asks the provider at directory address `provider` for a
/// relationship; the provider's global admins and admin agents are e-mailed.
#[server(endpoint = "request_provider")]
pub async fn request_provider(
    provider: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(crate::domain::roles::Permission::PartnersManage).await?;
    let profile = profile_of_model(&services, &me, &["indirect_reseller"]).await?;
    let message = message_text(&message, "message")?;
    let entry = business_profiles::entry(&services.db, &provider)
        .await?
        .ok_or(AppError::NotFound)?;
    if entry.model != "indirect_provider" || !entry.profile.accepting_resellers {
        return Err(AppError::Conflict("relationship.not_accepting".into()));
    }
    let provider_org = entry.organization.clone();
    let notice = crate::server::mail_text::relationships::requested(
        &profile.name,
        &me.display_name,
        &entry.name,
        &message,
    );
    let mails = mails_to_handlers(&services, &provider_org, notice).await?;
    let from = client_address().await;
    relationships::request(
        &services.db,
        acting(&me, &from),
        &provider_org,
        &profile.name,
        &entry.name,
        &message,
        &mails,
    )
    .await
    .map_err(relationship_error)?;
    form_done("/partners?done=requested")
}

#[cfg(feature = "ssr")]
fn relationship_view(
    relationship: crate::server::store::relationships::Relationship,
    as_provider: bool,
) -> RelationshipView {
    RelationshipView {
        key: crate::server::db::record_key(&relationship.id),
        partner: if as_provider {
            relationship.reseller_name
        } else {
            relationship.provider_name
        },
        partner_slug: if as_provider {
            relationship.reseller_slug
        } else {
            relationship.provider_slug
        },
        status: relationship.status,
        request_message: relationship.request_message,
        requested_by: relationship.requested_by_name,
        requested_at: readable_time(&relationship.requested_at, false),
        answer_message: relationship.answer_message,
        answered_by: relationship.answered_by_name,
        ended_by: relationship.ended_by,
        ended_by_name: relationship.ended_by_name,
        end_reason: relationship.end_reason,
        changed_at: readable_time(&relationship.changed_at, false),
    }
}

/// The organization's relationships: a provider's resellers and requests, or a reseller's
/// providers; every state, newest first.
#[server(endpoint = "list_relationships")]
pub async fn list_relationships() -> Result<Relationships, AppError> {
    let (services, me, _) = gate::member(crate::domain::roles::Permission::PartnersManage).await?;
    let profile =
        profile_of_model(&services, &me, &["indirect_reseller", "indirect_provider"]).await?;
    let as_provider = profile.model.as_deref() == Some("indirect_provider");
    let list = relationships::list(&services.db, &me.organization, as_provider).await?;
    Ok(Relationships {
        as_provider,
        relationships: list
            .into_iter()
            .map(|r| relationship_view(r, as_provider))
            .collect(),
    })
}

/// The provider accepts (`decision=accept`) or declines a request, with a message to the
/// reseller, who is e-mailed. A decline needs the message.
#[server(endpoint = "answer_relationship")]
pub async fn answer_relationship(
    id: String,
    #[server(default)] decision: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(crate::domain::roles::Permission::PartnersManage).await?;
    profile_of_model(&services, &me, &["indirect_provider"]).await?;
    let key = gate::record_from_page("reseller_relationship", &id)?;
    let typed = [("id", id.as_str()), ("message", message.as_str())];
    let accept = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::field("decision", "decision.choose").with_values(&typed)),
    };
    let message = message_text(&message, "message")?;
    if !accept && message.is_empty() {
        return Err(AppError::field("message", "relationship.reason_empty").with_values(&typed));
    }
    let relationship = relationships::get(&services.db, &me.organization, &key)
        .await?
        .filter(|r| r.provider == me.organization)
        .ok_or(AppError::NotFound)?;
    let notice = crate::server::mail_text::relationships::answered(
        &relationship.provider_name,
        accept,
        &message,
    );
    let mails = mails_to_handlers(&services, &relationship.reseller, notice).await?;
    let from = client_address().await;
    relationships::answer(
        &services.db,
        acting(&me, &from),
        &relationship,
        accept,
        &message,
        &mails,
    )
    .await
    .map_err(relationship_error)?;
    form_done(if accept {
        "/partners?done=accepted"
    } else {
        "/partners?done=declined"
    })
}

/// Either side ends an active relationship (or the reseller withdraws its request); the other
/// side is e-mailed with the reason.
#[server(endpoint = "end_relationship")]
pub async fn end_relationship(
    id: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(crate::domain::roles::Permission::PartnersManage).await?;
    profile_of_model(&services, &me, &["indirect_reseller", "indirect_provider"]).await?;
    let key = gate::record_from_page("reseller_relationship", &id)?;
    let reason = message_text(&reason, "reason")?;
    let relationship = relationships::get(&services.db, &me.organization, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let by_provider = relationship.provider == me.organization;
    let (actor_name, other) = if by_provider {
        (&relationship.provider_name, &relationship.reseller)
    } else {
        (&relationship.reseller_name, &relationship.provider)
    };
    let withdrawn = relationship.status == "requested";
    let notice = crate::server::mail_text::relationships::ended(actor_name, withdrawn, &reason);
    let mails = mails_to_handlers(&services, other, notice).await?;
    let from = client_address().await;
    relationships::end(
        &services.db,
        acting(&me, &from),
        &relationship,
        &reason,
        &mails,
    )
    .await
    .map_err(relationship_error)?;
    form_done("/partners?done=ended")
}
