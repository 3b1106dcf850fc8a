//! My profile: who is signed in, and signing out.

use crate::ui::components::*;
use crate::ui::labels::role_names;
use crate::{api::identity::who_am_i, i18n::*};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Where the sign-out form posts; the server ends the session and goes to the sign-in page.
pub const SIGN_OUT_PATH: &str = "/sign-out";
/// Where "sign out everywhere" posts: every session of this user ends.
pub const SIGN_OUT_EVERYWHERE_PATH: &str = "/sign-out-everywhere";

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new_blocking(|| (), |_| who_am_i());
    let changed = query_is("password", "changed");
    view! {
        <PageTitle text=move || t_string!(i18n, account.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.must_change_password => {
                        view! { <Redirect path="/account/password" /> }.into_any()
                    }
                    Ok(Some(me)) if me.must_set_up_two_factor => {
                        let path = crate::api::two_factor::SET_UP_PATH;
                        view! { <Redirect path=path /> }.into_any()
                    }
                    Ok(Some(me)) => {
                        let roles = if me.roles.is_empty() {
                            t_string!(i18n, account.no_roles).to_string()
                        } else {
                            role_names(i18n, &me.roles)
                        };
                        // what this user can go on to, by what they are
                        let mut links = vec![
                            ("/account/password", t_string!(i18n, account.change_password)),
                            (super::SECURITY_PATH, t_string!(i18n, account.security_link)),
                        ];
                        if me.partner {
                            links.push(("/partner", t_string!(i18n, account.partner_link)));
                        }
                        if me.customer {
                            links.push(("/customer", t_string!(i18n, my_partners.link)));
                        }
                        if me.staff {
                            links.push(("/review", t_string!(i18n, account.review_link)));
                        }
                        if me.program_admin {
                            links.extend([
                                ("/staff", t_string!(i18n, account.staff_link)),
                                ("/outgoing-email", t_string!(i18n, account.outgoing_link)),
                                ("/program/ids", t_string!(i18n, account.program_ids_link)),
                                ("/program/settings", t_string!(i18n, account.settings_link)),
                                ("/program/legal-names", t_string!(i18n, legal_names.link)),
                                ("/program/recovery", t_string!(i18n, account.recovery_link)),
                            ]);
                        }
                        view! {
                            <Titled id="account-title" title=tr!(i18n, account.title) class="form-page">
                                {move || {
                                    changed()
                                        .then(|| {
                                            view! {
                                                <p class="notice" role="status">
                                                    {t!(i18n, account.password_changed)}
                                                </p>
                                            }
                                        })
                                }}
                                <dl class="facts">
                                    <dt>{t!(i18n, account.name)}</dt>
                                    <dd data-testid="account-name">{me.display_name}</dd>
                                    <dt>{t!(i18n, account.email)}</dt>
                                    <dd>{me.email}</dd>
                                    <dt>{t!(i18n, account.roles)}</dt>
                                    <dd>{roles}</dd>
                                </dl>
                                <ul class="links">{link_items(links)}</ul>
                                {me.partner.then(|| view! { <AccountAreas roles=me.roles.clone() /> })}
                                <div class="actions">
                                    <form
                                        method="post"
                                        action=SIGN_OUT_EVERYWHERE_PATH
                                        class="form--inline"
                                    >
                                        <button type="submit" class="button button--quiet">
                                            {t!(i18n, account.sign_out_everywhere)}
                                        </button>
                                    </form>
                                </div>
                                <p class="muted">{t!(i18n, account.sign_out_everywhere_hint)}</p>
                            </Titled>
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/sign-in" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
