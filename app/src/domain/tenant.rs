//! Tenants and the rules for customer relationships: which tenant a partner may serve, and who
//! bills the customer.
//!
//! Every partner has its CSP tenant (made at approval) and may register non-CSP ("corporate")
//! tenants for its own purchases; customers have tenants too. A tenant is known by its domain.
//! The one-CSP-tenant rule: a CSP partner cannot resell online services to another CSP partner,
//! so a relationship whose customer tenant is another partner's CSP tenant is refused; that
//! partner's corporate tenants may be customers of anyone. A partner is never its own customer,
//! and has at most one active relationship with a tenant.

use super::application::Model;
use serde::{Deserialize, Serialize};

/// What a tenant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TenantKind {
    /// a partner's CSP tenant, through which it sells
    Csp,
    /// a partner's tenant for its own purchases
    Corporate,
    /// a customer organization's tenant
    Customer,
}

impl TenantKind {
    pub const ALL: [TenantKind; 3] = [TenantKind::Csp, TenantKind::Corporate, TenantKind::Customer];

    pub fn code(self) -> &'static str {
        match self {
            TenantKind::Csp => "csp",
            TenantKind::Corporate => "corporate",
            TenantKind::Customer => "customer",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A tenant the portal knows, as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTenant<'a> {
    pub kind: TenantKind,
    /// the organization it belongs to (its key)
    pub owner: &'a str,
}

/// Why a relationship with a tenant is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// the tenant is another partner's CSP tenant
    OtherPartnersCspTenant,
    /// the tenant is the asking partner's own
    OwnTenant,
    /// the partner already has an active relationship with this tenant
    AlreadyActive,
    /// an indirect reseller without an active provider has no one to bill its customers
    NoProvider,
}

impl Refusal {
    /// The message code the page shows.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::OtherPartnersCspTenant => "customer.csp_tenant",
            Refusal::OwnTenant => "customer.own_tenant",
            Refusal::AlreadyActive => "customer.already_active",
            Refusal::NoProvider => "customer.no_provider",
        }
    }
}

/// Who bills a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BillingParty<'a> {
    /// the partner itself (direct-bill partners and indirect providers)
    Partner(&'a str),
    /// the indirect reseller's provider
    Provider(&'a str),
}

impl<'a> BillingParty<'a> {
    /// The organization billed (its key).
    pub fn organization(&self) -> &'a str {
        match self {
            BillingParty::Partner(key) | BillingParty::Provider(key) => key,
        }
    }
}

/// Whether `partner` (its key and model) may have a customer relationship with `tenant` (None:
/// a tenant the portal does not know yet, a new customer), and who then bills the customer.
/// `provider` is an indirect reseller's provider with an active relationship; `active` says
/// whether the partner already has an active relationship with this tenant. Checked when the
/// request is made and again when the customer accepts.
pub fn may_serve<'a>(
    partner: &'a str,
    model: Model,
    provider: Option<&'a str>,
    tenant: Option<&KnownTenant<'_>>,
    active: bool,
) -> Result<BillingParty<'a>, Refusal> {
    if let Some(tenant) = tenant {
        if tenant.owner == partner {
            return Err(Refusal::OwnTenant);
        }
        if tenant.kind == TenantKind::Csp {
            return Err(Refusal::OtherPartnersCspTenant);
        }
    }
    if active {
        return Err(Refusal::AlreadyActive);
    }
    match model {
        Model::DirectBill | Model::IndirectProvider => Ok(BillingParty::Partner(partner)),
        Model::IndirectReseller => provider
            .map(BillingParty::Provider)
            .ok_or(Refusal::NoProvider),
    }
}

/// Why a tenant domain is not one.
pub const DOMAIN_INVALID: &str = "tenant_domain.invalid";

/// A tenant domain as typed (`contoso.onmicrosoft.com`, `Contoso.com.`): lower-cased, without a
/// final dot, a domain name by [`super::is_domain_name`].
pub fn tenant_domain(text: &str) -> Result<String, &'static str> {
    let domain = text.trim().trim_end_matches('.').to_ascii_lowercase();
    if super::is_domain_name(&domain) {
        Ok(domain)
    } else {
        Err(DOMAIN_INVALID)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whose tenant it is, from the asking partner's side.
    #[derive(Debug, Clone, Copy)]
    enum Ownership {
        Own,
        AnotherPartners,
        ACustomers,
    }

    #[test]
    fn every_model_tenant_kind_and_ownership_gets_the_rule() {
        let partner = "p1";
        for model in Model::ALL {
            for kind in TenantKind::ALL {
                for ownership in [
                    Ownership::Own,
                    Ownership::AnotherPartners,
                    Ownership::ACustomers,
                ] {
                    // every combination gets an answer, also those the portal never makes (a
                    // customer organization holding a CSP tenant)
                    let owner = match ownership {
                        Ownership::Own => partner,
                        Ownership::AnotherPartners => "p2",
                        Ownership::ACustomers => "c9",
                    };
                    let tenant = KnownTenant { kind, owner };
                    let got = may_serve(partner, model, Some("p7"), Some(&tenant), false);
                    let expected = match (ownership, kind) {
                        (Ownership::Own, _) => Err(Refusal::OwnTenant),
                        (_, TenantKind::Csp) => Err(Refusal::OtherPartnersCspTenant),
                        _ => Ok(match model {
                            Model::IndirectReseller => BillingParty::Provider("p7"),
                            _ => BillingParty::Partner(partner),
                        }),
                    };
                    assert_eq!(got, expected, "{model:?} {kind:?} {ownership:?}");
                    // the same tenant, with an active relationship already
                    let again = may_serve(partner, model, Some("p7"), Some(&tenant), true);
                    match expected {
                        Ok(_) => assert_eq!(again, Err(Refusal::AlreadyActive)),
                        Err(refusal) => assert_eq!(again, Err(refusal)),
                    }
                }
            }
        }
    }

    #[test]
    fn a_new_tenant_is_served_and_billed_by_the_right_party() {
        assert_eq!(
            may_serve("p1", Model::DirectBill, None, None, false),
            Ok(BillingParty::Partner("p1"))
        );
        assert_eq!(
            may_serve("p1", Model::IndirectProvider, None, None, false),
            Ok(BillingParty::Partner("p1"))
        );
        let billed = may_serve("p1", Model::IndirectReseller, Some("p7"), None, false).unwrap();
        assert_eq!(billed, BillingParty::Provider("p7"));
        assert_eq!(billed.organization(), "p7");
        assert_eq!(
            may_serve("p1", Model::IndirectReseller, None, None, false),
            Err(Refusal::NoProvider)
        );
    }

    #[test]
    fn the_refusal_codes_are_distinct() {
        let codes = [
            Refusal::OtherPartnersCspTenant,
            Refusal::OwnTenant,
            Refusal::AlreadyActive,
            Refusal::NoProvider,
        ]
        .map(Refusal::code);
        for code in codes {
            assert_eq!(codes.iter().filter(|c| **c == code).count(), 1);
        }
    }

    #[test]
    fn tenant_domains_are_checked_and_normalized() {
        for (typed, kept) in [
            (" Contoso.OnMicrosoft.com. ", "contoso.onmicrosoft.com"),
            ("bluebakery.co.kr", "bluebakery.co.kr"),
            ("xn--9n2bp8q.kr", "xn--9n2bp8q.kr"),
        ] {
            assert_eq!(tenant_domain(typed).as_deref(), Ok(kept), "{typed}");
        }
        for bad in [
            "",
            "contoso",
            "contoso..com",
            "-contoso.com",
            "contoso-.com",
            "con_toso.com",
            "contoso.2026",
            "https://contoso.com",
            "admin@contoso.com",
            "서울.kr",
        ] {
            assert_eq!(tenant_domain(bad), Err(DOMAIN_INVALID), "{bad}");
        }
        let long = format!("{}.com", "a".repeat(64));
        assert_eq!(tenant_domain(&long), Err(DOMAIN_INVALID));
        let too_long = format!("{}com", "abcdefghi.".repeat(26));
        assert!(too_long.len() > 253);
        assert_eq!(tenant_domain(&too_long), Err(DOMAIN_INVALID));
    }
}
