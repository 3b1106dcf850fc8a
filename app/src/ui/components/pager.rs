//! Previous and next links for a long list.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The list page the address asks for (`?page=`, counted from 1), counted from 0.
pub(crate) fn query_page() -> impl Fn() -> usize + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<usize>().ok())
            .map_or(0, |p| p.saturating_sub(1))
    }
}

/// "Page 2 of 3" with links to the previous and next pages of a list of users (pages count
/// from 1 in the address).
pub(crate) fn members_pager(
    i18n: leptos_i18n::I18nContext<Locale>,
    path: &'static str,
    search: &str,
    page: usize,
    pages: usize,
    total: usize,
) -> impl IntoView + use<> {
    let link = |to: usize| {
        let mut query = vec![format!("page={}", to + 1)];
        if !search.is_empty() {
            query.insert(
                0,
                format!(
                    "search={}",
                    crate::ui::components::forms::query_encode(search)
                ),
            );
        }
        format!("{path}?{}", query.join("&"))
    };
    let previous = (page > 0).then(|| link(page - 1));
    let next = (page + 1 < pages).then(|| link(page + 1));
    let where_ = t_string!(i18n, users.page_of)
        .replace("{page}", &(page + 1).to_string())
        .replace("{pages}", &pages.to_string())
        .replace("{total}", &total.to_string());
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=t_string!(i18n, users.pager)>
                {previous.map(|href| view! { <a href=href rel="prev">{t!(i18n, users.previous_page)}</a> })}
                <span data-testid="page-of">{where_}</span>
                {next.map(|href| view! { <a href=href rel="next">{t!(i18n, users.next_page)}</a> })}
            </nav>
        }
    })
}
