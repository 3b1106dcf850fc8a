//! Customer referrals: a customer asks a partner for help from its directory page (no account;
//! the e-mail address is confirmed by a link), the partner's referrals admins accept, decline
//! or (providers) forward to one of their resellers, and the customer is e-mailed at each step.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::{acting, client_address},
        checks::{email_address, field, required_name},
    },
    domain::{
        business_profile::CUSTOMER_SIZES,
        country,
        roles::{Permission, allows, parse_roles},
    },
    server::{
        auth::token::new_token,
        db::record_key,
        store::{
            accounts, business_profiles,
            referrals::{self, NewReferral, ReferralError},
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A referral in the partner's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    pub key: String,
    /// `new`, `accepted`, `declined`, `forwarded` (this organization passed it on)
    pub status: String,
    pub customer_name: String,
    pub customer_company: String,
    pub customer_email: String,
    pub need: String,
    pub customer_size: String,
    pub region: String,
    /// who passed it to this organization, or to whom this organization passed it
    pub via: Option<String>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    /// YYYY-MM-DD HH:MM UTC
    pub changed_at: String,
}

/// The referrals inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralInbox {
    pub referrals: Vec<ReferralView>,
    /// a provider's active resellers, to forward to: (key, name)
    pub resellers: Vec<(String, String)>,
}

/// How long a referral's confirmation link works.
pub const CONFIRM_WITHIN: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

#[cfg(feature = "ssr")]
fn referral_error(error: crate::server::store::referrals::ReferralError) -> AppError {
    match error {
        ReferralError::TooMany => AppError::TooManyAttempts {
            seconds: 3600,
            email: String::new(),
        },
        ReferralError::NotFound => AppError::NotFound,
        ReferralError::LinkInvalid => AppError::LinkInvalid,
        ReferralError::NotYourReseller => AppError::field("reseller", "referral.not_your_reseller"),
        ReferralError::Db(error) => AppError::internal(error),
    }
}

/// `notice` to each active member of `organization` whose roles allow `permission`.
#[cfg(feature = "ssr")]
pub(crate) async fn mails_to_holders_of(
    services: &crate::server::services::Services,
    organization: &surrealdb::types::RecordId,
    permission: crate::domain::roles::Permission,
    notice: &crate::server::mail_text::Notice,
) -> Result<Vec<crate::server::store::outbox::Email>, AppError> {
    Ok(accounts::list(&services.db, organization)
        .await?
        .into_iter()
        .filter(|m| m.is_active() && allows(&parse_roles(&m.roles), permission))
        .map(|m| notice.to(&m.email, &services.public_url))
        .collect())
}

/// The referral form, as a customer sends it from a partner's directory page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    pub customer_name: String,
    pub customer_company: String,
    pub customer_email: String,
    pub need: String,
    /// a code of `CUSTOMER_SIZES`
    pub size: String,
    /// a country code or name
    pub region: String,
}

/// A customer asks the partner at directory address `partner` for help. Nothing reaches the
/// partner until the customer confirms the e-mail address by the link sent to it.
#[server(endpoint = "send_referral")]
pub async fn send_referral(
    partner: String,
    #[server(flatten)] form: ReferralForm,
) -> Result<(), AppError> {
    let services = gate::public()?;
    let ReferralForm {
        customer_name,
        customer_company,
        customer_email,
        need,
        size,
        region,
    } = form;
    let typed = [
        ("customer_name", customer_name.as_str()),
        ("customer_company", customer_company.as_str()),
        ("customer_email", customer_email.as_str()),
        ("need", need.as_str()),
        ("size", size.as_str()),
        ("region", region.as_str()),
    ];
    let entry = business_profiles::entry(&services.db, &partner)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut fields = Vec::new();
    let name = required_name(&mut fields, "customer_name", &customer_name, "name.empty");
    let company = required_name(
        &mut fields,
        "customer_company",
        &customer_company,
        "company.empty",
    );
    let email = email_address(&mut fields, "customer_email", &customer_email);
    let need_text = need.trim().replace("\r\n", "\n");
    if need_text.chars().count() < 10 {
        fields.push(field("need", "need.too_short"));
    } else if need_text.chars().count() > 2_000 {
        fields.push(field("need", "need.too_long"));
    }
    if !CUSTOMER_SIZES.contains(&size.as_str()) {
        fields.push(field("size", "size.choose"));
    }
    let region_code = country::canonical_code(&region);
    if region_code.is_none() {
        fields.push(field("region", "country.unknown"));
    }
    let (Some(email), Some(region_code), true) = (email, region_code, fields.is_empty()) else {
        return Err(AppError::invalid(fields, &typed));
    };
    let token = new_token();
    let link = format!("{}/referrals/confirm?token={token}", services.public_url);
    let message =
        crate::server::mail_text::referrals::confirm_request(email.as_str(), &entry.name, &link);
    let partner_org = entry.organization.clone();
    let from = client_address().await;
    referrals::create(
        &services.db,
        &NewReferral {
            partner: &partner_org,
            customer_name: &name,
            customer_company: &company,
            customer_email: email.as_str(),
            need: &need_text,
            customer_size: &size,
            region: region_code,
            address: from.as_deref(),
        },
        &token,
        CONFIRM_WITHIN,
        &message,
    )
    .await
    .map_err(|error| referral_error(error).with_values(&typed))?;
    form_done(&format!("/directory/{partner}?referral=sent"))
}

/// The customer confirms the e-mail address with the link's token: the request reaches the
/// partner's referrals admins, and the customer is told.
#[server(endpoint = "confirm_referral")]
pub async fn confirm_referral(token: String) -> Result<(), AppError> {
    let services = gate::public()?;
    let token = token.trim();
    let referral = referrals::by_link(&services.db, token)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let mut mails = mails_to_holders_of(
        &services,
        &referral.holder,
        Permission::ReferralsManage,
        &crate::server::mail_text::referrals::new_referral(&referral),
    )
    .await?;
    mails.push(crate::server::mail_text::referrals::sent(&referral));
    referrals::confirm(&services.db, token, &mails)
        .await
        .map_err(referral_error)?;
    form_done("/referrals/confirm?done=sent")
}

#[cfg(feature = "ssr")]
fn referral_view(
    referral: crate::server::store::referrals::Referral,
    me: &surrealdb::types::RecordId,
) -> ReferralView {
    let passed_on = referral.holder != *me;
    ReferralView {
        key: crate::server::db::record_key(&referral.id),
        status: if passed_on {
            "forwarded".to_owned()
        } else {
            referral.status
        },
        via: if passed_on {
            Some(referral.holder_name)
        } else {
            referral.forwarded_by_name
        },
        customer_name: referral.customer_name,
        customer_company: referral.customer_company,
        customer_email: referral.customer_email,
        need: referral.need,
        customer_size: referral.customer_size,
        region: referral.region,
        answer: referral.answer,
        answered_by: referral.answered_by_name,
        changed_at: crate::api::organization::readable_time(&referral.changed_at, false),
    }
}

/// The referrals the organization holds or passed on (referrals admins and global admins).
#[server(endpoint = "load_referrals")]
pub async fn load_referrals() -> Result<ReferralInbox, AppError> {
    let (services, me, _) = gate::member(Permission::ReferralsManage).await?;
    let (list, resellers) = tokio::join!(
        referrals::inbox(&services.db, &me.organization),
        referrals::active_resellers(&services.db, &me.organization)
    );
    Ok(ReferralInbox {
        referrals: list?
            .into_iter()
            .map(|r| referral_view(r, &me.organization))
            .collect(),
        resellers: resellers?
            .into_iter()
            .map(|(id, name)| (record_key(&id), name))
            .collect(),
    })
}

/// Accepts (the customer gets the partner's lead contact) or declines (with the reason, which
/// the customer reads) a new referral.
#[server(endpoint = "answer_referral")]
pub async fn answer_referral(
    id: String,
    #[server(default)] decision: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::ReferralsManage).await?;
    let typed = [("id", id.as_str()), ("message", message.as_str())];
    let accept = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::field("decision", "decision.choose").with_values(&typed)),
    };
    let message = message.trim().to_owned();
    if !accept && message.is_empty() {
        return Err(AppError::field("message", "referral.reason_empty").with_values(&typed));
    }
    if message.chars().count() > 1_000 {
        return Err(AppError::field("message", "message.too_long").with_values(&typed));
    }
    let key = gate::record_from_page("referral", &id)?;
    let referral = referrals::held(&services.db, &me.organization, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let contact = business_profiles::draft(&services.db, &me.organization)
        .await?
        .and_then(|d| d.profile)
        .map(|p| format!("{} <{}>", p.lead_name, p.lead_email))
        .unwrap_or_default();
    let mail = crate::server::mail_text::referrals::answered(&referral, accept, &contact, &message);
    let from = client_address().await;
    referrals::answer(
        &services.db,
        acting(&me, &from),
        &referral,
        accept,
        &message,
        &[mail],
    )
    .await
    .map_err(referral_error)?;
    form_done("/referrals?done=answered")
}

/// A provider passes a new referral to one of its active resellers (by key): the reseller's
/// referrals admins and the customer are e-mailed.
#[server(endpoint = "forward_referral")]
pub async fn forward_referral(
    id: String,
    #[server(default)] reseller: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::ReferralsManage).await?;
    let typed = [("id", id.as_str()), ("reseller", reseller.as_str())];
    let key = gate::record_from_page("referral", &id)?;
    if reseller.is_empty() {
        return Err(AppError::field("reseller", "referral.choose_reseller").with_values(&typed));
    }
    let target = gate::record_from_page("organization", &reseller)?;
    let resellers = referrals::active_resellers(&services.db, &me.organization).await?;
    let Some((_, reseller_name)) = resellers.into_iter().find(|(id, _)| *id == target) else {
        return Err(AppError::field("reseller", "referral.not_your_reseller").with_values(&typed));
    };
    let referral = referrals::held(&services.db, &me.organization, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut mails = mails_to_holders_of(
        &services,
        &target,
        Permission::ReferralsManage,
        &crate::server::mail_text::referrals::passed_to_reseller(&referral),
    )
    .await?;
    mails.push(crate::server::mail_text::referrals::passed_on(
        &referral,
        &reseller_name,
    ));
    let from = client_address().await;
    referrals::forward(
        &services.db,
        acting(&me, &from),
        &referral,
        &target,
        &reseller_name,
        &mails,
    )
    .await
    .map_err(referral_error)?;
    form_done("/referrals?done=forwarded")
}
