//! The partner's own account: its home page after sign-in.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::server::store::partners;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The partner organization as its people see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerHome {
    pub name: String,
    pub program_id: String,
    /// the CSP model's code
    pub model: String,
    pub country: String,
    /// the domain of its CSP tenant
    pub csp_tenant: Option<String>,
    pub roles: Vec<String>,
}

/// The signed-in user's partner organization. Operator staff have none: NotFound.
#[server(endpoint = "load_partner_home")]
pub async fn load_partner_home() -> Result<PartnerHome, AppError> {
    let (services, user) = gate::signed_in().await?;
    let organization = partners::find(&services.db, &user.organization)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PartnerHome {
        name: organization.name,
        program_id: organization
            .program_id
            .map(|n| n.to_string())
            .unwrap_or_default(),
        model: organization.model.unwrap_or_default(),
        country: organization.country.unwrap_or_default(),
        csp_tenant: organization.csp_tenant,
        roles: user.roles,
    })
}
