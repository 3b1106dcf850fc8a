//! The frame of every page: skip link, header with navigation and language switch, footer.

use crate::{api::identity::who_am_i, i18n::*, ui::pages::SIGN_OUT_PATH};
use leptos::prelude::*;
use leptos_i18n::{Locale as _, context::CookieOptions};
use leptos_router::{components::A, hooks::use_location};

/// Where the language switch posts when JavaScript is off; the server sets the cookie and
/// redirects back.
pub const LOCALE_SWITCH_PATH: &str = "/locale";

/// The language cookie lives a year and belongs to the whole site.
pub fn language_cookie_options() -> CookieOptions<Locale> {
    const ONE_YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;
    CookieOptions::<Locale>::default()
        .path("/")
        .max_age(ONE_YEAR_MS)
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">
            {t!(i18n, layout.skip_to_content)}
        </a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">
                        "CSP"
                    </span>
                    <span class="brand__name">{t!(i18n, app_name)}</span>
                </A>
                <UserMenu />
                <LanguageSwitch />
            </div>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t!(i18n, layout.footer_about)}</p>
            <p>{t!(i18n, layout.footer_disclaimer)}</p>
        </footer>
    }
}

/// The site's navigation and who is signed in, with their profile and signing out; or, for
/// visitors, joining, applying and signing in. Read again at every navigation, so it follows
/// signing in and out.
#[component]
fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let me = Resource::new_blocking(move || location.pathname.get(), |_| who_am_i());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // the site's links, and who is signed in (or the way to sign in)
                let (links, menu) = match me.await {
                    Ok(Some(me)) => {
                        let home = if me.partner {
                            Some(("/partner", t_string!(i18n, layout.nav_partner)))
                        } else if me.customer {
                            Some(("/customer", t_string!(i18n, layout.nav_customer)))
                        } else if me.staff {
                            Some(("/review", t_string!(i18n, layout.nav_review)))
                        } else {
                            None
                        };
                        let links: Vec<_> = home
                            .into_iter()
                            .chain([
                                ("/directory", t_string!(i18n, layout.nav_directory)),
                                ("/account", t_string!(i18n, layout.nav_account)),
                            ])
                            .collect();
                        let menu = view! {
                            <A href="/account" attr:class="user-menu__name">
                                <span class="visually-hidden">
                                    {t!(i18n, layout.signed_in_as)} " "
                                </span>
                                {me.display_name}
                            </A>
                            <form method="post" action=SIGN_OUT_PATH class="user-menu__sign-out">
                                <button type="submit" class="link-button">
                                    {t!(i18n, layout.sign_out)}
                                </button>
                            </form>
                        };
                        (links, menu.into_any())
                    }
                    _ => {
                        let links = vec![
                            ("/join", t_string!(i18n, layout.nav_join)),
                            ("/apply", t_string!(i18n, layout.nav_apply)),
                            ("/directory", t_string!(i18n, layout.nav_directory)),
                        ];
                        let menu = view! {
                            <A href="/sign-in" attr:class="user-menu__sign-in">
                                {t!(i18n, layout.nav_sign_in)}
                            </A>
                        };
                        (links, menu.into_any())
                    }
                };
                view! {
                    {site_nav(i18n, links)}
                    <div class="user-menu">{menu}</div>
                }
            })}
        </Suspense>
    }
}

/// The site's main links, left to right.
fn site_nav(
    i18n: leptos_i18n::I18nContext<Locale>,
    links: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <nav class="site-nav" aria-label=move || t_string!(i18n, layout.nav_label)>
            <ul>{crate::ui::components::link_items(links)}</ul>
        </nav>
    }
}

/// A form, so it works before hydration and without JavaScript; once hydrated it switches the
/// language in place, without a page load.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let other = move || match i18n.get_locale() {
        Locale::en => Locale::ko,
        Locale::ko => Locale::en,
    };
    let next = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        i18n.set_locale(other());
    };
    view! {
        <form class="language-switch" method="post" action=LOCALE_SWITCH_PATH on:submit=on_submit>
            <input type="hidden" name="locale" value=move || other().as_str() />
            <input type="hidden" name="next" value=next />
            <button type="submit" class="button button--quiet language-switch__button">
                <span class="visually-hidden">{t!(i18n, layout.switch_language)}</span>
                <span lang=move || other().as_str()>
                    {move || match other() {
                        Locale::en => t_string!(i18n, layout.language_en),
                        Locale::ko => t_string!(i18n, layout.language_ko),
                    }}
                </span>
            </button>
        </form>
    }
}
