//! A partner organization's own pages: the organization profile (with the legal name change
//! request), the billing profile, the audit log and the role assignment matrix; the links to
//! them with what each needs; and the operator's page of legal name requests.

use crate::ui::components::*;
use crate::{
    api::{
        AppError,
        accounts::{MemberView, SetMemberRoles, list_members},
        organization::{
            AUDIT_ACTIONS, AuditLine, DecideLegalNameRequest, NameRequestView, ReplaceBankDetails,
            RequestLegalNameChange, SaveOrganizationProfile, list_legal_name_requests,
            load_audit_log, load_billing_profile, load_organization_profile,
        },
    },
    domain::{
        application::Model,
        roles::{Permission, Role, allows, parse_roles},
    },
    i18n::*,
    ui::components::forms::{
        Field, FilterSelect, FormMessage, TextAreaField, query_encode, row_refusal, typed_value,
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

mod audit;
mod billing;
mod legal_names;
mod profile;
mod roles;

pub use audit::AuditLogPage;
pub use billing::BillingPage;
pub use legal_names::LegalNamesPage;
pub use profile::OrganizationPage;
pub use roles::RoleMatrixPage;
