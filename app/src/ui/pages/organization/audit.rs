//! The audit log page: who did what, filtered, with the CSV export link.

use super::*;
use crate::ui::labels::{action_text, profile_field_text, role_name};

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
                        let action_options: Vec<(String, String)> = AUDIT_ACTIONS
                            .iter()
                            .map(|code| ((*code).to_owned(), action_text(i18n, code)))
                            .collect();
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
                            <Titled id="audit-title" title=tr!(i18n, audit.title)>
                                <p>{intro}</p>
                                <form method="get" action="/account/audit" class="filters" role="search">
                                    <FilterSelect id="audit-user" name="user" label=tr!(i18n, audit.filter_user) any=tr!(i18n, audit.everyone)
                                        options=page.users.clone() selected=user.clone() />
                                    <FilterSelect id="audit-action" name="action" label=tr!(i18n, audit.filter_action) any=tr!(i18n, audit.every_action)
                                        options=action_options selected=action.clone() />
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
                                        <DataTable testid="audit-table"
                                            columns=columns!(i18n, audit.col_time, audit.col_user, audit.col_action, audit.col_target, audit.col_detail, audit.col_address)>
                                            {rows}
                                        </DataTable>
                                    }.into_any()
                                }}
                                <nav class="pager" aria-label=move || t_string!(i18n, audit.pager)>
                                    {newest_link.map(|href| view! { <a href=href>{t!(i18n, audit.newest)}</a> })}
                                    {older_link.map(|href| view! { <a href=href>{t!(i18n, audit.older)}</a> })}
                                </nav>
                            </Titled>
                        }
                        .into_any()
                    }
                    Err(error) => refused_page(error, t_string!(i18n, audit.title), t_string!(i18n, users.only_partners)),
                }
            })}
        </Suspense>
    }
}
