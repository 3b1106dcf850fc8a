//! My profile: who is signed in, and signing out.

use crate::{
    api::identity::{SignOut, who_am_i},
    i18n::*,
    ui::forms::FormMessage,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new_blocking(|| (), |_| who_am_i());
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_error = Signal::derive(move || sign_out.value().get().and_then(Result::err));
    view! {
        <Title text=move || t_string!(i18n, account.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        let roles = if me.roles.is_empty() {
                            t_string!(i18n, account.no_roles).to_string()
                        } else {
                            me.roles.join(", ")
                        };
                        view! {
                            <section class="form-page" aria-labelledby="account-title">
                                <h1 id="account-title">{t!(i18n, account.title)}</h1>
                                <dl class="facts">
                                    <dt>{t!(i18n, account.name)}</dt>
                                    <dd data-testid="account-name">{me.display_name}</dd>
                                    <dt>{t!(i18n, account.email)}</dt>
                                    <dd>{me.email}</dd>
                                    <dt>{t!(i18n, account.roles)}</dt>
                                    <dd>{roles}</dd>
                                </dl>
                                <ActionForm action=sign_out attr:class="form form--inline">
                                    <FormMessage error=sign_out_error />
                                    <button type="submit" class="button">
                                        {t!(i18n, account.sign_out)}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/sign-in" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
