//! A partner organization's own pages: the organization profile (with the legal name change
//! request), the billing profile, the audit log and the role assignment matrix; the links to
//! them with what each needs; and the operator's page of legal name requests.

use crate::ui::components::PageTitle;
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
    ui::{
        components::forms::{
            Field, FormMessage, TextAreaField, country_name, field_message, query_encode,
            role_name, typed_value,
        },
        components::{
            SavedAddress, address_fields, admin_page_refused, bank_fields, label, members_pager,
            model_title, permission_text, phone_check, refused_page, typed_or_saved, website_check,
        },
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

/// A notice from `?done=` (JavaScript off) or the action that just succeeded.
fn done_notice(
    code: Option<String>,
    text: impl Fn(&str) -> Option<&'static str> + Send + Sync + 'static,
) -> impl IntoView {
    code.and_then(|code| text(&code))
        .map(|text| view! { <p class="notice" role="status">{text}</p> })
}

/// A legal name request in words, for its organization.
fn name_request_status(i18n: I18nContext<Locale>, request: &NameRequestView) -> impl IntoView {
    let (class, text) = match request.status.as_str() {
        "pending" => ("notice", t_string!(i18n, org.request_pending)),
        "approved" => ("notice", t_string!(i18n, org.request_approved)),
        _ => ("warning", t_string!(i18n, org.request_declined)),
    };
    let text = text
        .replace("{name}", &request.requested_name)
        .replace("{who}", &request.requested_by)
        .replace("{when}", &request.requested_at);
    let note = request.decision_note.clone().map(|note| {
        view! {
            <p>
                {t!(i18n, org.request_note)} " " <q>{note}</q>
            </p>
        }
    });
    view! {
        <div class=class data-testid="name-request">
            <p>{text}</p>
            {note}
        </div>
    }
}

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save = ServerAction::<SaveOrganizationProfile>::new();
    let request = ServerAction::<RequestLegalNameChange>::new();
    let profile = Resource::new_blocking(
        move || (save.version().get(), request.version().get()),
        |_| load_organization_profile(),
    );
    let save_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let request_error = Signal::derive(move || request.value().get().and_then(Result::err));
    let done = move || {
        if matches!(request.value().get(), Some(Ok(()))) {
            Some("requested".to_owned())
        } else if matches!(save.value().get(), Some(Ok(()))) {
            Some("saved".to_owned())
        } else {
            query.with(|q| q.get("done"))
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, org.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(view) => {
                        let model = Model::parse(&view.model);
                        let country = view.country.clone();
                        let pending = view
                            .name_request
                            .as_ref()
                            .is_some_and(|r| r.status == "pending");
                        let request_state = view
                            .name_request
                            .as_ref()
                            .map(|r| name_request_status(i18n, r));
                        let address = address_fields(
                            &country,
                            SavedAddress {
                                line1: view.line1.clone(),
                                line2: view.line2.clone(),
                                city: view.city.clone(),
                                region: view.region.clone(),
                                postal_code: view.postal_code.clone(),
                            },
                            save_error,
                        );
                        view! {
                            <section class="form-page" aria-labelledby="org-title">
                                <h1 id="org-title">{t!(i18n, org.title)}</h1>
                                <p>{t!(i18n, org.intro)}</p>
                                {move || done_notice(done(), move |code| match code {
                                    "saved" => Some(t_string!(i18n, org.done_saved)),
                                    "requested" => Some(t_string!(i18n, org.done_requested)),
                                    _ => None,
                                })}
                                <dl class="facts">
                                    <dt>{t!(i18n, org.legal_name)}</dt>
                                    <dd data-testid="legal-name">{view.name.clone()}</dd>
                                    <dt>{t!(i18n, apply.program_id)}</dt>
                                    <dd>{view.program_id.clone()}</dd>
                                    <dt>{t!(i18n, wizard.model_legend)}</dt>
                                    <dd>{move || model.map(|m| model_title(i18n, m)).unwrap_or_default()}</dd>
                                    <dt>{t!(i18n, wizard.country)}</dt>
                                    <dd>{country_name(i18n, &country)}</dd>
                                </dl>
                                <h2>{t!(i18n, org.contact_title)}</h2>
                                <ActionForm action=save attr:class="form" attr:novalidate=true>
                                    <FormMessage error=save_error />
                                    <input type="hidden" name="version" value=view.version.to_string() />
                                    {address}
                                    <Field
                                        name="phone"
                                        kind="tel"
                                        autocomplete="tel"
                                        label=label(move || t_string!(i18n, wizard.phone))
                                        hint=label(move || t_string!(i18n, wizard.phone_hint))
                                        value=typed_or_saved(save_error, "phone", view.phone.clone())
                                        check=phone_check(&country)
                                        error=save_error
                                    />
                                    <Field
                                        name="website"
                                        kind="url"
                                        autocomplete="url"
                                        label=label(move || t_string!(i18n, wizard.website))
                                        value=typed_or_saved(save_error, "website", view.website.clone())
                                        check=website_check()
                                        error=save_error
                                    />
                                    <fieldset class="fieldset">
                                        <legend>{t!(i18n, org.contact_legend)}</legend>
                                        <p class="field-hint">{t!(i18n, org.contact_hint)}</p>
                                        <Field
                                            name="contact_name"
                                            autocomplete="name"
                                            label=label(move || t_string!(i18n, org.contact_name))
                                            value=typed_or_saved(save_error, "contact_name", view.contact_name.clone())
                                            error=save_error
                                        />
                                        <Field
                                            name="contact_email"
                                            kind="email"
                                            autocomplete="email"
                                            label=label(move || t_string!(i18n, org.contact_email))
                                            value=typed_or_saved(save_error, "contact_email", view.contact_email.clone())
                                            error=save_error
                                        />
                                        <Field
                                            name="contact_phone"
                                            kind="tel"
                                            autocomplete="tel"
                                            label=label(move || t_string!(i18n, org.contact_phone))
                                            value=typed_or_saved(save_error, "contact_phone", view.contact_phone.clone())
                                            check=phone_check(&country)
                                            error=save_error
                                        />
                                    </fieldset>
                                    <button type="submit" class="button button--primary">
                                        {t!(i18n, org.save)}
                                    </button>
                                </ActionForm>
                            </section>
                            <section class="form-page" aria-labelledby="legal-title">
                                <h2 id="legal-title">{t!(i18n, org.legal_title)}</h2>
                                <p>{t!(i18n, org.legal_intro)}</p>
                                {request_state}
                                {(!pending).then(|| view! {
                                    <ActionForm action=request attr:class="form" attr:novalidate=true>
                                        <FormMessage error=request_error />
                                        <Field
                                            name="requested_name"
                                            autocomplete="off"
                                            label=label(move || t_string!(i18n, org.requested_name))
                                            value=typed_value(request_error, "requested_name")
                                            error=request_error
                                        />
                                        <TextAreaField
                                            name="reason"
                                            label=label(move || t_string!(i18n, org.reason))
                                            hint=label(move || t_string!(i18n, org.reason_hint))
                                            value=typed_value(request_error, "reason")
                                            error=request_error
                                        />
                                        <button type="submit" class="button">
                                            {t!(i18n, org.request_submit)}
                                        </button>
                                    </ActionForm>
                                })}
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => refused_page(
                        error,
                        t_string!(i18n, org.title).to_string(),
                        t_string!(i18n, users.only_partners).to_string(),
                    ),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn BillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let replace = ServerAction::<ReplaceBankDetails>::new();
    let billing =
        Resource::new_blocking(move || replace.version().get(), |_| load_billing_profile());
    let error = Signal::derive(move || replace.value().get().and_then(Result::err));
    let done = move || {
        if matches!(replace.value().get(), Some(Ok(()))) {
            Some("replaced".to_owned())
        } else {
            query.with(|q| q.get("done"))
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, billing.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match billing.await {
                    Ok(view) => {
                        let kind = if view.bank_kind == "iban" {
                            t_string!(i18n, billing.kind_iban)
                        } else {
                            t_string!(i18n, billing.kind_domestic)
                        };
                        let changed = match (view.updated_at.clone(), view.updated_by.clone()) {
                            (Some(at), Some(by)) => t_string!(i18n, billing.replaced_by)
                                .replace("{who}", &by)
                                .replace("{when}", &at),
                            _ => t_string!(i18n, billing.as_approved).to_string(),
                        };
                        let country = view.country.clone();
                        view! {
                            <section class="form-page" aria-labelledby="billing-title">
                                <h1 id="billing-title">{t!(i18n, billing.title)}</h1>
                                <p>{t!(i18n, billing.intro)}</p>
                                {move || done_notice(done(), move |code| {
                                    (code == "replaced").then(|| t_string!(i18n, billing.done_replaced))
                                })}
                                <dl class="facts">
                                    <dt>{t!(i18n, billing.account)}</dt>
                                    <dd data-testid="bank-masked">{view.bank_masked.clone()}</dd>
                                    <dt>{t!(i18n, billing.kind)}</dt>
                                    <dd>{kind}</dd>
                                    <dt>{t!(i18n, billing.changed)}</dt>
                                    <dd>{changed}</dd>
                                </dl>
                                <p class="muted">{t!(i18n, billing.never_clear)}</p>
                                {if view.may_replace {
                                    view! {
                                        <h2>{t!(i18n, billing.replace_title)}</h2>
                                        <p>{t!(i18n, billing.replace_intro)}</p>
                                        <ActionForm action=replace attr:class="form" attr:novalidate=true>
                                            <FormMessage error />
                                            {bank_fields(&country, error)}
                                            <button type="submit" class="button button--primary">
                                                {t!(i18n, billing.replace_submit)}
                                            </button>
                                        </ActionForm>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <crate::ui::components::WhyNotAvailable reason=format!(
                                            "permission.{}",
                                            Permission::BankReplace.code(),
                                        ) />
                                    }
                                    .into_any()
                                }}
                                <crate::ui::components::BilledCustomers />
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => refused_page(
                        error,
                        t_string!(i18n, billing.title).to_string(),
                        t_string!(i18n, users.only_partners).to_string(),
                    ),
                }
            })}
        </Suspense>
    }
}

/// An audit log action in words.
fn action_text(i18n: I18nContext<Locale>, action: &str) -> String {
    match action {
        "user.add" => t_string!(i18n, audit.action_user_add),
        "roles.change" => t_string!(i18n, audit.action_roles_change),
        "user.deactivate" => t_string!(i18n, audit.action_user_deactivate),
        "user.reactivate" => t_string!(i18n, audit.action_user_reactivate),
        "user.password_reissued" => t_string!(i18n, audit.action_password_reissued),
        "org_profile.change" => t_string!(i18n, audit.action_profile_change),
        "legal_name.request" => t_string!(i18n, audit.action_name_request),
        "legal_name.approved" => t_string!(i18n, audit.action_name_approved),
        "legal_name.declined" => t_string!(i18n, audit.action_name_declined),
        "bank.replace" => t_string!(i18n, audit.action_bank_replace),
        "business_profile.save" => t_string!(i18n, audit.action_bp_save),
        "business_profile.publish" => t_string!(i18n, audit.action_bp_publish),
        "business_profile.logo" => t_string!(i18n, audit.action_bp_logo),
        "business_profile.logo_removed" => t_string!(i18n, audit.action_bp_logo_removed),
        "business_profile.unpublish" => t_string!(i18n, audit.action_bp_unpublish),
        "relationship.request" => t_string!(i18n, audit.action_rel_request),
        "relationship.accept" => t_string!(i18n, audit.action_rel_accept),
        "relationship.decline" => t_string!(i18n, audit.action_rel_decline),
        "relationship.end" => t_string!(i18n, audit.action_rel_end),
        "referral.accept" => t_string!(i18n, audit.action_ref_accept),
        "referral.decline" => t_string!(i18n, audit.action_ref_decline),
        "referral.forward" => t_string!(i18n, audit.action_ref_forward),
        "customer.request" => t_string!(i18n, audit.action_cust_request),
        "customer.resend" => t_string!(i18n, audit.action_cust_resend),
        "customer.revoke" => t_string!(i18n, audit.action_cust_revoke),
        "customer.accepted" => t_string!(i18n, audit.action_cust_accepted),
        "customer.declined" => t_string!(i18n, audit.action_cust_declined),
        "customer.end" => t_string!(i18n, audit.action_cust_end),
        "tenant.add" => t_string!(i18n, audit.action_tenant_add),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A profile field in words.
fn profile_field_text(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "address_line1" => t_string!(i18n, wizard.line1),
        "address_line2" => t_string!(i18n, wizard.line2),
        "city" => t_string!(i18n, wizard.city),
        "region" => t_string!(i18n, audit.field_region),
        "postal_code" => t_string!(i18n, wizard.postal_code),
        "phone" => t_string!(i18n, wizard.phone),
        "website" => t_string!(i18n, wizard.website),
        "contact_name" => t_string!(i18n, org.contact_name),
        "contact_email" => t_string!(i18n, org.contact_email),
        "contact_phone" => t_string!(i18n, org.contact_phone),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// What an audit log entry's detail says, in words: role codes and field names become names.
fn detail_text(i18n: I18nContext<Locale>, line: &AuditLine) -> String {
    match line.action.as_str() {
        "roles.change" => line
            .detail
            .split_whitespace()
            .map(|token| match token.split_at_checked(1) {
                Some((sign @ ("+" | "-"), code)) => format!("{sign} {}", role_name(i18n, code)),
                _ => token.to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        "user.add" => line
            .detail
            .split(", ")
            .filter(|code| !code.is_empty())
            .map(|code| role_name(i18n, code))
            .collect::<Vec<_>>()
            .join(", "),
        "org_profile.change" => line
            .detail
            .split(", ")
            .map(|field| profile_field_text(i18n, field))
            .collect::<Vec<_>>()
            .join(", "),
        _ => line.detail.clone(),
    }
}

/// The target of an entry in words (users are named by their e-mail address already).
fn target_text(i18n: I18nContext<Locale>, target: &str) -> String {
    match target {
        "organization_profile" => t_string!(i18n, org.title).to_owned(),
        "legal_name" => t_string!(i18n, org.legal_name).to_owned(),
        "billing_profile" => t_string!(i18n, billing.title).to_owned(),
        "business_profile" => t_string!(i18n, bp.title).to_owned(),
        other => other.to_owned(),
    }
}

fn audit_query(user: &str, action: &str, older: Option<&str>) -> String {
    let mut parts = Vec::new();
    if !user.is_empty() {
        parts.push(format!("user={}", query_encode(user)));
    }
    if !action.is_empty() {
        parts.push(format!("action={}", query_encode(action)));
    }
    if let Some(older) = older {
        parts.push(format!("older={}", query_encode(older)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &'static str| query.with(|q| q.get(name)).unwrap_or_default();
    let log = Resource::new_blocking(
        move || (param("user"), param("action"), param("older")),
        |(user, action, older)| load_audit_log(user, action, older),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, audit.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (user, action, older) = (param("user"), param("action"), param("older"));
                match log.await {
                    Ok(page) => {
                        let user_options = page
                            .users
                            .iter()
                            .map(|(key, name)| {
                                let selected = *key == user;
                                view! { <option value=key.clone() selected=selected>{name.clone()}</option> }
                            })
                            .collect_view();
                        let action_options = AUDIT_ACTIONS
                            .iter()
                            .map(|code| {
                                let selected = *code == action;
                                view! { <option value=*code selected=selected>{action_text(i18n, code)}</option> }
                            })
                            .collect_view();
                        let csv = format!("/account/audit.csv{}", audit_query(&user, &action, None));
                        let older_link = page
                            .older
                            .as_deref()
                            .map(|at| format!("/account/audit{}", audit_query(&user, &action, Some(at))));
                        let newest_link = (!older.is_empty())
                            .then(|| format!("/account/audit{}", audit_query(&user, &action, None)));
                        let empty = page.lines.is_empty();
                        let intro = t_string!(i18n, audit.intro).replace("{organization}", &page.organization);
                        let rows = page
                            .lines
                            .into_iter()
                            .map(|line| {
                                let detail = detail_text(i18n, &line);
                                view! {
                                    <tr>
                                        <td class="nowrap">{line.at.clone()}</td>
                                        <td>{line.actor.clone()}</td>
                                        <td data-testid="audit-action">{action_text(i18n, &line.action)}</td>
                                        <td>{target_text(i18n, &line.target)}</td>
                                        <td>{detail}</td>
                                        <td>{line.address.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <section aria-labelledby="audit-title">
                                <h1 id="audit-title">{t!(i18n, audit.title)}</h1>
                                <p>{intro}</p>
                                <form method="get" action="/account/audit" class="form form--inline" role="search">
                                    <div class="field">
                                        <label for="audit-user">{t!(i18n, audit.filter_user)}</label>
                                        <select id="audit-user" name="user">
                                            <option value="">{t!(i18n, audit.everyone)}</option>
                                            {user_options}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="audit-action">{t!(i18n, audit.filter_action)}</label>
                                        <select id="audit-action" name="action">
                                            <option value="">{t!(i18n, audit.every_action)}</option>
                                            {action_options}
                                        </select>
                                    </div>
                                    <button type="submit" class="button">{t!(i18n, audit.filter_submit)}</button>
                                </form>
                                <p>
                                    <a href=csv download="audit-log.csv" rel="external" data-testid="audit-csv">
                                        {t!(i18n, audit.export)}
                                    </a>
                                </p>
                                {if empty {
                                    view! { <p class="muted">{t!(i18n, audit.empty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-scroll">
                                            <table class="table" data-testid="audit-table">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t!(i18n, audit.col_time)}</th>
                                                        <th scope="col">{t!(i18n, audit.col_user)}</th>
                                                        <th scope="col">{t!(i18n, audit.col_action)}</th>
                                                        <th scope="col">{t!(i18n, audit.col_target)}</th>
                                                        <th scope="col">{t!(i18n, audit.col_detail)}</th>
                                                        <th scope="col">{t!(i18n, audit.col_address)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>{rows}</tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                                <nav class="pager" aria-label=move || t_string!(i18n, audit.pager)>
                                    {newest_link.map(|href| view! { <a href=href>{t!(i18n, audit.newest)}</a> })}
                                    {older_link.map(|href| view! { <a href=href>{t!(i18n, audit.older)}</a> })}
                                </nav>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => refused_page(
                        error,
                        t_string!(i18n, audit.title).to_string(),
                        t_string!(i18n, users.only_partners).to_string(),
                    ),
                }
            })}
        </Suspense>
    }
}

/// Users × roles: who holds what, changed row by row, and what each role allows in words.
#[component]
pub fn RoleMatrixPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let set_roles = ServerAction::<SetMemberRoles>::new();
    let page = move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<usize>().ok())
            .map_or(0, |p| p.saturating_sub(1))
    };
    let members = Resource::new_blocking(
        move || (page(), set_roles.version().get()),
        |(page, _)| list_members(String::new(), page),
    );
    let error = Signal::derive(move || set_roles.value().get().and_then(Result::err));
    let done = move || {
        if matches!(set_roles.value().get(), Some(Ok(()))) {
            Some("roles".to_owned())
        } else {
            query.with(|q| q.get("done"))
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, role_matrix.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(page) => {
                        let my_roles = parse_roles(&page.my_roles);
                        let may_assign = allows(&my_roles, Permission::RolesAssign);
                        let may_grant_global = allows(&my_roles, Permission::GlobalAdminsManage);
                        let header = Role::ALL
                            .into_iter()
                            .map(|role| view! { <th scope="col">{role_name(i18n, role.code())}</th> })
                            .collect_view();
                        let row = move |member: MemberView| {
                            let form_id = format!("matrix-{}", member.key);
                            let member_is_global = member.roles.iter().any(|r| r == Role::GlobalAdmin.code());
                            let editable = may_assign && member.active && (may_grant_global || !member_is_global);
                            let cells = Role::ALL
                                .into_iter()
                                .map(|role| {
                                    let holds = member.roles.iter().any(|r| r == role.code());
                                    let may_change = editable && (may_grant_global || role != Role::GlobalAdmin);
                                    let aria = format!("{} — {}", role_name(i18n, role.code()), member.name);
                                    if may_change {
                                        view! {
                                            <td class="matrix-cell">
                                                <input
                                                    type="checkbox"
                                                    form=form_id.clone()
                                                    name=format!("roles[{}]", role.code())
                                                    value="on"
                                                    checked=holds
                                                    aria-label=aria
                                                />
                                            </td>
                                        }
                                        .into_any()
                                    } else {
                                        // a role the viewer cannot change still travels with the row
                                        let kept = (holds && editable).then(|| view! {
                                            <input type="hidden" form=form_id.clone() name=format!("roles[{}]", role.code()) value="on" />
                                        });
                                        view! {
                                            <td class="matrix-cell">
                                                {kept}
                                                {if holds {
                                                    view! { <span aria-label=aria>"✔"</span> }.into_any()
                                                } else {
                                                    view! { <span class="visually-hidden">{t!(i18n, role_matrix.not_held)}</span> }.into_any()
                                                }}
                                            </td>
                                        }
                                        .into_any()
                                    }
                                })
                                .collect_view();
                            let save = editable.then(|| {
                                let name = member.name.clone();
                                view! {
                                    <ActionForm action=set_roles attr:id=form_id.clone() attr:class="inline-form">
                                        <input type="hidden" name="id" value=member.key.clone() />
                                        <input type="hidden" name="version" value=member.version.to_string() />
                                        <input type="hidden" name="back" value="matrix" />
                                        <button type="submit" class="button button--small">
                                            {t!(i18n, users.save_roles)}
                                            <span class="visually-hidden">" (" {name} ")"</span>
                                        </button>
                                    </ActionForm>
                                }
                            });
                            view! {
                                <tr data-email=member.email.clone()>
                                    <th scope="row">
                                        {member.name.clone()}
                                        {(!member.active).then(|| view! { " " <span class="muted">"(" {t!(i18n, users.deactivated)} ")"</span> })}
                                    </th>
                                    {cells}
                                    <td>{save}</td>
                                </tr>
                            }
                        };
                        let explained = Role::ALL
                            .into_iter()
                            .map(|role| {
                                let allowed = role
                                    .permissions()
                                    .iter()
                                    .map(|p| view! { <li>{permission_text(i18n, *p)}</li> })
                                    .collect_view();
                                view! {
                                    <dt>{role_name(i18n, role.code())}</dt>
                                    <dd>
                                        <ul>{allowed}</ul>
                                    </dd>
                                }
                            })
                            .collect_view();
                        view! {
                            <section aria-labelledby="matrix-title">
                                <h1 id="matrix-title">{t!(i18n, role_matrix.title)}</h1>
                                <p>{t!(i18n, role_matrix.intro)}</p>
                                {page.single_global_admin.then(|| view! {
                                    <p class="warning" role="note" data-testid="single-admin">{t!(i18n, users.single_admin)}</p>
                                })}
                                {move || done_notice(done(), move |code| {
                                    (code == "roles").then(|| t_string!(i18n, users.done_roles))
                                })}
                                <FormMessage error />
                                <div class="table-scroll">
                                    <table class="table matrix" data-testid="role-matrix">
                                        <caption class="visually-hidden">{t!(i18n, role_matrix.caption)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, users.col_name)}</th>
                                                {header}
                                                <th scope="col">
                                                    <span class="visually-hidden">{t!(i18n, users.col_actions)}</span>
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>{page.members.into_iter().map(row).collect_view()}</tbody>
                                    </table>
                                </div>
                                {members_pager(i18n, "/account/roles", "", page.page, page.pages, page.total)}
                                {(!may_assign).then(|| view! {
                                    <crate::ui::components::WhyNotAvailable reason=format!(
                                        "permission.{}",
                                        Permission::RolesAssign.code(),
                                    ) />
                                })}
                                <h2>{t!(i18n, role_matrix.allows_title)}</h2>
                                <dl class="role-allows">{explained}</dl>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => refused_page(
                        error,
                        t_string!(i18n, role_matrix.title).to_string(),
                        t_string!(i18n, users.only_partners).to_string(),
                    ),
                }
            })}
        </Suspense>
    }
}

/// The note typed for request `key` before it was refused.
fn refusal_note(error: Signal<Option<AppError>>, key: String) -> Signal<String> {
    Signal::derive(move || {
        error
            .get()
            .filter(|e| e.typed("id") == Some(key.as_str()))
            .and_then(|e| e.typed("note").map(str::to_owned))
            .unwrap_or_default()
    })
}

/// The operator's program admins: requests to change a partner's legal name.
#[component]
pub fn LegalNamesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let decide = ServerAction::<DecideLegalNameRequest>::new();
    let requests = Resource::new_blocking(
        move || decide.version().get(),
        |_| list_legal_name_requests(),
    );
    let error = Signal::derive(move || decide.value().get().and_then(Result::err));
    let done = move || {
        if matches!(decide.value().get(), Some(Ok(()))) {
            Some("decided".to_owned())
        } else {
            query.with(|q| q.get("done"))
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, legal_names.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(list) => {
                        let (pending, decided): (Vec<_>, Vec<_>) =
                            list.into_iter().partition(|r| r.status == "pending");
                        let no_pending = pending.is_empty();
                        let pending = pending
                            .into_iter()
                            .map(|request| {
                                let key = request.key.clone();
                                let approve_id = format!("approve-{key}");
                                let decline_id = format!("decline-{key}");
                                let note_id = format!("note-{key}");
                                // the last refusal, if it was about this request
                                let this_key = key.clone();
                                let refusal = move |field: &'static str| {
                                    error
                                        .get()
                                        .filter(|e| e.typed("id") == Some(this_key.as_str()))
                                        .and_then(|e| e.field_code(field).map(|code| field_message(i18n, code)))
                                };
                                let decision_refusal = refusal.clone();
                                let note_refusal = refusal.clone();
                                let typed_note = refusal_note(error, key.clone());
                                let decision_message_id = format!("decision-{key}-message");
                                let note_message_id = format!("{note_id}-message");
                                view! {
                                    <article class="card" data-testid="name-request">
                                        <h3>{request.organization_name.clone()} " (" {request.program_id.clone()} ")"</h3>
                                        <dl class="facts">
                                            <dt>{t!(i18n, legal_names.current)}</dt>
                                            <dd>{request.current_name.clone()}</dd>
                                            <dt>{t!(i18n, legal_names.requested)}</dt>
                                            <dd data-testid="requested-name">{request.requested_name.clone()}</dd>
                                            <dt>{t!(i18n, org.reason)}</dt>
                                            <dd>{request.reason.clone()}</dd>
                                            <dt>{t!(i18n, legal_names.requested_by)}</dt>
                                            <dd>{request.requested_by.clone()} ", " {request.requested_at.clone()}</dd>
                                        </dl>
                                        <ActionForm action=decide attr:class="form">
                                            <input type="hidden" name="id" value=key.clone() />
                                            <fieldset class="checkboxes">
                                                <legend>{t!(i18n, legal_names.decision)}</legend>
                                                {move || decision_refusal("decision").map(|text| view! {
                                                    <p class="field-message" id=decision_message_id.clone()>{text}</p>
                                                })}
                                                <div class="checkbox">
                                                    <input type="radio" id=approve_id.clone() name="decision" value="approve" />
                                                    <label for=approve_id>{t!(i18n, legal_names.approve)}</label>
                                                </div>
                                                <div class="checkbox">
                                                    <input type="radio" id=decline_id.clone() name="decision" value="decline" />
                                                    <label for=decline_id>{t!(i18n, legal_names.decline)}</label>
                                                </div>
                                            </fieldset>
                                            <div class="field">
                                                <label for=note_id.clone()>{t!(i18n, legal_names.note)}</label>
                                                <p class="field-hint" id=format!("{note_id}-hint")>{t!(i18n, legal_names.note_hint)}</p>
                                                <textarea
                                                    id=note_id.clone()
                                                    name="note"
                                                    rows="2"
                                                    aria-describedby=format!("{note_id}-hint")
                                                    prop:value=typed_note
                                                >
                                                    {typed_note.get_untracked()}
                                                </textarea>
                                                {move || note_refusal("note").map(|text| view! {
                                                    <p class="field-message" id=note_message_id.clone()>{text}</p>
                                                })}
                                            </div>
                                            <button type="submit" class="button button--primary">
                                                {t!(i18n, legal_names.submit)}
                                            </button>
                                        </ActionForm>
                                    </article>
                                }
                            })
                            .collect_view();
                        let decided = decided
                            .into_iter()
                            .map(|request| {
                                let status = if request.status == "approved" {
                                    t_string!(i18n, legal_names.approved)
                                } else {
                                    t_string!(i18n, legal_names.declined)
                                };
                                view! {
                                    <tr>
                                        <td>{request.organization_name.clone()}</td>
                                        <td>{request.current_name.clone()} " → " {request.requested_name.clone()}</td>
                                        <td>{status}</td>
                                        <td>{request.decided_by.clone().unwrap_or_default()}</td>
                                        <td>{request.decision_note.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <section aria-labelledby="names-title">
                                <h1 id="names-title">{t!(i18n, legal_names.title)}</h1>
                                <p>{t!(i18n, legal_names.intro)}</p>
                                {move || done_notice(done(), move |code| {
                                    (code == "decided").then(|| t_string!(i18n, legal_names.done))
                                })}
                                <FormMessage error />
                                <h2>{t!(i18n, legal_names.pending_title)}</h2>
                                {if no_pending {
                                    view! { <p class="muted">{t!(i18n, legal_names.none_pending)}</p> }.into_any()
                                } else {
                                    view! { <div class="cards">{pending}</div> }.into_any()
                                }}
                                <h2>{t!(i18n, legal_names.decided_title)}</h2>
                                <div class="table-scroll">
                                    <table class="table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, legal_names.col_organization)}</th>
                                                <th scope="col">{t!(i18n, legal_names.col_change)}</th>
                                                <th scope="col">{t!(i18n, legal_names.col_decision)}</th>
                                                <th scope="col">{t!(i18n, legal_names.col_by)}</th>
                                                <th scope="col">{t!(i18n, legal_names.note)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{decided}</tbody>
                                    </table>
                                </div>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => admin_page_refused(
                        error,
                        t_string!(i18n, legal_names.title).to_string(),
                        t_string!(i18n, staff.only_admins).to_string(),
                    ),
                }
            })}
        </Suspense>
    }
}
