//! The customers billed to a partner, on its billing page.

use super::DataTable;
use crate::{
    api::customers::{CustomerView, load_billed_customers},
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The billing admin's view: the customers billed to the organization.
#[component]
pub fn BilledCustomers() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new_blocking(|| (), |_| load_billed_customers());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                list.await.ok().map(|rows| {
                    let empty = rows.is_empty();
                    let items = rows
                        .into_iter()
                        .map(|c| view! {
                            <tr data-testid="billed-row">
                                <th scope="row">{c.customer.clone()}</th>
                                <td>{c.domain.clone()}</td>
                                <td>{c.partner.clone()}</td>
                                <td>{c.billing_contact.clone().unwrap_or_default()}</td>
                                <td>{since_text(i18n, &c)}</td>
                            </tr>
                        })
                        .collect_view();
                    view! {
                        <h2 id="billed-title">{t!(i18n, billed.title)}</h2>
                        <p>{t!(i18n, billed.intro)}</p>
                        {if empty {
                            view! { <p class="muted">{t!(i18n, billed.none)}</p> }.into_any()
                        } else {
                            view! {
                                <DataTable labelled_by="billed-title"
                                    columns=columns!(i18n, customers.col_customer, customers.col_tenant, billed.col_partner, billed.col_contact, customers.col_since)>
                                    {items}
                                </DataTable>
                            }.into_any()
                        }}
                    }
                })
            })}
        </Suspense>
    }
}

/// "active for N days since …", or what happened to the request.
pub(crate) fn since_text(i18n: I18nContext<Locale>, c: &CustomerView) -> String {
    match c.state.as_str() {
        "active" => t_string!(i18n, customers.since)
            .replace("{when}", c.accepted_at.as_deref().unwrap_or_default())
            .replace("{days}", &c.age_days.unwrap_or(0).to_string()),
        "pending" | "expired" => t_string!(i18n, customers.link_until)
            .replace("{when}", &c.expires_at)
            .replace("{count}", &c.sent_count.to_string()),
        "declined" => t_string!(i18n, customers.declined_by)
            .replace("{who}", c.answered_by.as_deref().unwrap_or_default()),
        "revoked" => t_string!(i18n, customers.revoked_by)
            .replace("{who}", c.revoked_by.as_deref().unwrap_or_default()),
        _ => t_string!(i18n, customers.ended_by)
            .replace("{who}", c.ended_by.as_deref().unwrap_or_default())
            .replace("{when}", c.ended_at.as_deref().unwrap_or_default()),
    }
}
