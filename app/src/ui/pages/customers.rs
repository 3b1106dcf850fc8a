//! Customers: the partner's customers page (requests, their states, resend, revoke, end), its
//! tenants, the invitation page a customer's admin opens from the e-mail, the customer's own
//! page of partners, and the billing admin's list of customers billed to the organization.

use crate::ui::components::*;
use crate::ui::labels::form_message;
use crate::ui::labels::{state_text, tenant_kind_text};
use crate::{
    api::customers::{
        AcceptInvitation, AddTenant, CustomerView, DeclineInvitation, EndCustomerRelationship,
        EndPartnerRelationship, RequestCustomer, ResendCustomerInvitation,
        RevokeCustomerInvitation, list_tenants, load_customers, load_invitation, load_my_partners,
    },
    i18n::*,
    ui::{
        components::forms::{Field, FormMessage, query_encode, typed_value},
        components::refused_page,
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

fn billing_text(i18n: I18nContext<Locale>, c: &CustomerView) -> String {
    if c.billed_by_partner {
        c.billing_party.clone()
    } else {
        t_string!(i18n, customers.billed_by_provider)
            .replace("{provider}", &c.billing_party)
            .replace("{partner}", &c.partner)
    }
}

fn done_text(i18n: I18nContext<Locale>, code: &str) -> Option<&'static str> {
    Some(match code {
        "requested" => t_string!(i18n, customers.done_requested),
        "resent" => t_string!(i18n, customers.done_resent),
        "revoked" => t_string!(i18n, customers.done_revoked),
        "ended" => t_string!(i18n, customers.done_ended),
        "added" => t_string!(i18n, customers.done_added),
        "accepted" => t_string!(i18n, customers.done_accepted),
        "declined" => t_string!(i18n, customers.done_declined),
        _ => return None,
    })
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let request = ServerAction::<RequestCustomer>::new();
    let resend = ServerAction::<ResendCustomerInvitation>::new();
    let revoke = ServerAction::<RevokeCustomerInvitation>::new();
    let end = ServerAction::<EndCustomerRelationship>::new();
    let list = Resource::new_blocking(
        changes([
            request.version(),
            resend.version(),
            revoke.version(),
            end.version(),
        ]),
        |_| load_customers(),
    );
    let outcomes = Outcomes::new([
        (request.value(), "requested"),
        (resend.value(), "resent"),
        (revoke.value(), "revoked"),
        (end.value(), "ended"),
    ]);
    let error = outcomes.refusal(&["requested"]);
    let row_error = outcomes.refusal(&["resent", "revoked", "ended"]);
    view! {
        <PageTitle text=move || t_string!(i18n, customers.page_title).to_string() />
        {guarded(list, move |error| refused_page(error, t_string!(i18n, customers.title), t_string!(i18n, customers.only_roles)), move |page| {
                        let empty = page.customers.is_empty();
                        let (may_request, may_manage) = (page.may_request, page.may_manage);
                        let rows = page
                            .customers
                            .into_iter()
                            .map(|c| {
                                let since = since_text(i18n, &c);
                                let billing = billing_text(i18n, &c);
                                let open = c.state == "pending" || c.state == "expired";
                                let (k1, k2, k3) = (c.key.clone(), c.key.clone(), c.key.clone());
                                let (n1, n2, n3) =
                                    (c.customer.clone(), c.customer.clone(), c.customer.clone());
                                let actions = view! {
                                    {(open && may_request).then(|| view! {
                                        <RowAction action=resend id=k1 label=tr!(i18n, customers.resend) of=n1 />
                                        <RowAction action=revoke id=k2 label=tr!(i18n, customers.revoke) of=n2 />
                                    })}
                                    {(c.state == "active" && may_manage).then(|| view! {
                                        <RowAction action=end id=k3 label=tr!(i18n, customers.end) of=n3 />
                                    })}
                                };
                                view! {
                                    <tr data-testid="customer-row">
                                        <th scope="row">
                                            {c.customer.clone()}
                                            <span class="muted cell-note">{c.admin_email.clone()}</span>
                                        </th>
                                        <td>{c.domain.clone()}</td>
                                        <td data-testid="customer-state">
                                            <span class=format!("badge badge--{}", c.state)>{state_text(i18n, &c.state)}</span>
                                        </td>
                                        <td data-testid="customer-billing">{billing}</td>
                                        <td>{since}</td>
                                        <td>{c.requested_by.clone()} <span class="muted cell-note">{c.requested_at.clone()}</span></td>
                                        <td class="actions-cell">{actions}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let billing_note = match (&page.billing_party, page.reseller) {
                            (Some(party), true) => view! {
                                <p class="notice">{t_string!(i18n, customers.reseller_billing).replace("{provider}", party)}</p>
                            }.into_any(),
                            (None, _) => view! {
                                <p class="warning">
                                    {t!(i18n, customers.no_provider)} " "
                                    <A href="/partners/find">{t!(i18n, customers.find_provider)}</A>
                                </p>
                            }.into_any(),
                            (Some(_), false) => view! {
                                <p class="muted">{t!(i18n, customers.partner_billing)}</p>
                            }.into_any(),
                        };
                        let days = (page.link_hours / 24).max(1);
                        view! {
                            <Titled id="customers-title" title=tr!(i18n, customers.title) intro=tr!(i18n, customers.intro)>
                                {move || done_notice(outcomes.done(), move |code| done_text(i18n, code))}
                                {billing_note}
                                <FormMessage error=row_error />
                                {if empty {
                                    view! { <p class="muted">{t!(i18n, customers.none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <DataTable labelled_by="customers-title" caption=tr!(i18n, customers.title)
                                            columns=columns!(i18n, customers.col_customer, customers.col_tenant, customers.col_state, customers.col_billing, customers.col_since, customers.col_requested, customers.col_actions)>
                                            {rows}
                                        </DataTable>
                                    }.into_any()
                                }}
                                {may_request.then(|| view! {
                                    <h2 id="request-title">{t!(i18n, customers.request_title)}</h2>
                                    <p>{t_string!(i18n, customers.request_intro).replace("{days}", &days.to_string())}</p>
                                    <ActionForm action=request attr:class="form" attr:novalidate=true attr:aria-labelledby="request-title">
                                        <FormMessage error />
                                        <Field name="customer_name" label=tr!(i18n, customers.customer_name)
                                            value=typed_value(error, "customer_name") autocomplete="organization" error />
                                        <Field name="domain" label=tr!(i18n, customers.domain)
                                            hint=tr!(i18n, customers.domain_hint) value=typed_value(error, "domain") error />
                                        <Field name="admin_email" kind="email"
                                            label=tr!(i18n, customers.admin_email) value=typed_value(error, "admin_email") autocomplete="off" error />
                                        <Submit>{t!(i18n, customers.send_request)}</Submit>
                                    </ActionForm>
                                })}
                            </Titled>
                        }
                    })}
    }
}

#[component]
pub fn TenantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddTenant>::new();
    let list = Resource::new_blocking(move || add.version().get(), |_| list_tenants());
    let error = refusal(add.value());
    let outcomes = Outcomes::new([(add.value(), "added")]);
    view! {
        <PageTitle text=move || t_string!(i18n, customers.tenants_page_title).to_string() />
        {guarded(list, move |error| refused_page(error, t_string!(i18n, customers.tenants_title), t_string!(i18n, customers.tenants_only)), move |page| {
                        let rows = page
                            .tenants
                            .into_iter()
                            .map(|t| view! {
                                <tr data-testid="tenant-row">
                                    <th scope="row">{t.domain}</th>
                                    <td>{tenant_kind_text(i18n, &t.kind)}</td>
                                    <td>{t.created_at} {t.registered_by.map(|by| format!(" · {by}"))}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <Titled id="tenants-title" title=tr!(i18n, customers.tenants_title) intro=tr!(i18n, customers.tenants_intro)>
                                {move || done_notice(outcomes.done(), move |code| done_text(i18n, code))}
                                <DataTable labelled_by="tenants-title" caption=tr!(i18n, customers.tenants_title)
                                    columns=columns!(i18n, customers.col_domain, customers.col_kind, customers.col_added)>
                                    {rows}
                                </DataTable>
                                {page.may_add.then(|| view! {
                                    <h2 id="add-tenant-title">{t!(i18n, customers.add_tenant_title)}</h2>
                                    <ActionForm action=add attr:class="form" attr:novalidate=true attr:aria-labelledby="add-tenant-title">
                                        <FormMessage error />
                                        <Field name="domain" label=tr!(i18n, customers.domain)
                                            hint=tr!(i18n, customers.tenant_hint) value=typed_value(error, "domain") error />
                                        <Submit>{t!(i18n, customers.add_tenant)}</Submit>
                                    </ActionForm>
                                })}
                            </Titled>
                        }
                    })}
    }
}

/// The page the invitation e-mail's link opens.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = query_value("token");
    let accept = ServerAction::<AcceptInvitation>::new();
    let decline = ServerAction::<DeclineInvitation>::new();
    let invitation = Resource::new_blocking(
        move || (token(), decline.version().get()),
        |(token, _)| load_invitation(token),
    );
    let error = refusal(accept.value());
    let decline_error = refusal(decline.value());
    let declined = succeeded_or_posted(decline.value(), "done", "declined");
    view! {
        <PageTitle text=move || t_string!(i18n, invitation.page_title).to_string() />
        {guarded(invitation, move |error| view! {
                        <section class="message-page">
                            <h1>{t!(i18n, invitation.title)}</h1>
                            <p role="alert">{form_message(i18n, &error)}</p>
                            {matches!(error, crate::api::AppError::LinkInvalid).then(|| view! {
                                <p>{t!(i18n, invitation.invalid_hint)}</p>
                            })}
                        </section>
                    }
                    .into_any(), move |inv| {
                        let partner_name = inv.partner.clone();
                        let partner = match inv.partner_slug.clone() {
                            Some(slug) => view! { <A href=format!("/directory/{slug}")>{partner_name}</A> }.into_any(),
                            None => view! { <span>{partner_name}</span> }.into_any(),
                        };
                        let billing = if inv.billed_by_partner {
                            t_string!(i18n, invitation.billed_by_partner).replace("{partner}", &inv.partner)
                        } else {
                            t_string!(i18n, invitation.billed_by_provider)
                                .replace("{provider}", &inv.billing_party)
                                .replace("{partner}", &inv.partner)
                        };
                        let state_note = match inv.state.as_str() {
                            "pending" => None,
                            "expired" => Some(("warning", t_string!(i18n, invitation.expired).replace("{partner}", &inv.partner))),
                            "revoked" => Some(("warning", t_string!(i18n, invitation.revoked).replace("{partner}", &inv.partner))),
                            "declined" => Some(("notice", t_string!(i18n, invitation.declined).to_string())),
                            "active" => Some(("notice", t_string!(i18n, invitation.active).replace("{partner}", &inv.partner))),
                            _ => Some(("notice", t_string!(i18n, invitation.ended).to_string())),
                        };
                        let pending = inv.state == "pending";
                        let token_value = token();
                        let sign_in_next = format!("/sign-in?next={}", query_encode(&format!("/customer-invitation?token={token_value}")));
                        let accept_form = if !pending {
                            None
                        } else if inv.has_account && !inv.signed_in {
                            Some(view! {
                                <p class="notice" data-testid="sign-in-first">
                                    {t_string!(i18n, invitation.sign_in_first).replace("{email}", &inv.admin_email)} " "
                                    <A href=sign_in_next.clone()>{t!(i18n, invitation.sign_in)}</A>
                                </p>
                            }.into_any())
                        } else {
                            let new_account = !inv.has_account;
                            let customer = inv.customer.clone();
                            let admin_email = inv.admin_email.clone();
                            let org_value = Signal::derive(move || {
                                let typed = typed_value(error, "organization_name").get();
                                if typed.is_empty() { customer.clone() } else { typed }
                            });
                            Some(view! {
                                <h2 id="accept-title">{t!(i18n, invitation.accept_title)}</h2>
                                <ActionForm action=accept attr:class="form" attr:novalidate=true attr:aria-labelledby="accept-title">
                                    <FormMessage error />
                                    <input type="hidden" name="token" value=token_value.clone() />
                                    {new_account.then(|| view! {
                                        <p>{t_string!(i18n, invitation.new_account).replace("{email}", &admin_email)}</p>
                                        <Field name="organization_name"
                                            label=tr!(i18n, invitation.organization_name) value=org_value autocomplete="organization" error />
                                        <Field name="name" label=tr!(i18n, invitation.your_name)
                                            value=typed_value(error, "name") autocomplete="name" error />
                                        <Field name="password" kind="password" label=tr!(i18n, invitation.password)
                                            hint=tr!(i18n, invitation.password_hint) autocomplete="new-password" error />
                                        <Field name="password_again" kind="password"
                                            label=tr!(i18n, invitation.password_again) autocomplete="new-password" error />
                                    })}
                                    <Field name="billing_contact_name" label=tr!(i18n, invitation.contact_name)
                                        hint=tr!(i18n, invitation.contact_hint) value=typed_value(error, "billing_contact_name") error />
                                    <Field name="billing_contact_email" kind="email"
                                        label=tr!(i18n, invitation.contact_email) value=typed_value(error, "billing_contact_email") error />
                                    <Submit>{t!(i18n, invitation.accept)}</Submit>
                                </ActionForm>
                            }.into_any())
                        };
                        view! {
                            <Titled id="invitation-title" title=tr!(i18n, invitation.title) class="form-page">
                                {move || declined().then(|| view! {
                                    <p class="notice" role="status">{t!(i18n, customers.done_declined)}</p>
                                })}
                                {state_note.map(|(class, text)| view! {
                                    <p class=class data-testid="invitation-state">{text}</p>
                                })}
                                <dl class="facts">
                                    <dt>{t!(i18n, invitation.partner)}</dt>
                                    <dd>{partner}</dd>
                                    <dt>{t!(i18n, invitation.billing_party)}</dt>
                                    <dd data-testid="invitation-billing">{inv.billing_party.clone()}</dd>
                                    <dt>{t!(i18n, invitation.customer)}</dt>
                                    <dd>{inv.customer.clone()}</dd>
                                    <dt>{t!(i18n, invitation.tenant)}</dt>
                                    <dd>{inv.domain.clone()}</dd>
                                    <dt>{t!(i18n, invitation.sent_to)}</dt>
                                    <dd>{inv.admin_email.clone()}</dd>
                                    <dt>{t!(i18n, invitation.requested_by)}</dt>
                                    <dd>{inv.requested_by.clone()}</dd>
                                    <dt>{t!(i18n, invitation.until)}</dt>
                                    <dd>{inv.expires_at.clone()}</dd>
                                </dl>
                                <h2>{t!(i18n, invitation.meaning_title)}</h2>
                                <ul class="plain-list" data-testid="invitation-meaning">
                                    <li>{t_string!(i18n, invitation.meaning_sell).replace("{partner}", &inv.partner)}</li>
                                    <li>{billing}</li>
                                    <li>{t!(i18n, invitation.meaning_end)}</li>
                                </ul>
                                {accept_form}
                                {pending.then(|| view! {
                                    <ActionForm action=decline attr:class="form--inline">
                                        <FormMessage error=decline_error />
                                        <input type="hidden" name="token" value=token() />
                                        <button type="submit" class="button button--quiet">
                                            {t!(i18n, invitation.decline)}
                                        </button>
                                    </ActionForm>
                                })}
                            </Titled>
                        }
                    })}
    }
}

/// The customer's side: the partners that serve its tenants, and who bills it.
#[component]
pub fn CustomerHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let end = ServerAction::<EndPartnerRelationship>::new();
    let list = Resource::new_blocking(move || end.version().get(), |_| load_my_partners());
    let error = refusal(end.value());
    let outcomes = Outcomes::new([(end.value(), "ended")]);
    // the invitation's acceptance comes here too
    let accepted = query_is("done", "accepted");
    let done = move || outcomes.done().or_else(|| accepted().then_some("accepted"));
    view! {
        <PageTitle text=move || t_string!(i18n, my_partners.page_title).to_string() />
        {guarded(list, move |error| refused_page(error, t_string!(i18n, my_partners.title), t_string!(i18n, my_partners.only_admins)), move |rows| {
                        let empty = rows.is_empty();
                        let items = rows
                            .into_iter()
                            .map(|c| {
                                let since = since_text(i18n, &c);
                                let billing = billing_text(i18n, &c);
                                view! {
                                    <tr data-testid="partner-row">
                                        <th scope="row">{c.partner.clone()}</th>
                                        <td>{c.domain.clone()}</td>
                                        <td data-testid="partner-state">
                                            <span class=format!("badge badge--{}", c.state)>{state_text(i18n, &c.state)}</span>
                                        </td>
                                        <td data-testid="partner-billing">{billing}</td>
                                        <td>{since}</td>
                                        <td class="actions-cell">
                                            {(c.state == "active").then(|| view! {
                                                <RowAction action=end id=c.key.clone() label=tr!(i18n, customers.end) of=c.partner.clone() />
                                            })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <Titled id="my-partners-title" title=tr!(i18n, my_partners.title) intro=tr!(i18n, my_partners.intro)>
                                {move || done_notice(done(), move |code| done_text(i18n, code))}
                                <FormMessage error />
                                {if empty {
                                    view! { <p class="muted">{t!(i18n, my_partners.none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <DataTable labelled_by="my-partners-title" caption=tr!(i18n, my_partners.title)
                                            columns=columns!(i18n, my_partners.col_partner, customers.col_tenant, customers.col_state, customers.col_billing, customers.col_since, customers.col_actions)>
                                            {items}
                                        </DataTable>
                                    }.into_any()
                                }}
                            </Titled>
                        }
                    })}
    }
}
