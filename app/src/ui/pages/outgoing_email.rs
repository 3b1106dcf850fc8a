//! Outgoing e-mail: what the portal sent or would have sent (program admins only).

use crate::ui::components::*;
use crate::{api::staff::list_outgoing_email, i18n::*, ui::components::admin_page_refused};
use leptos::prelude::*;

#[component]
pub fn OutgoingEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let messages = Resource::new_blocking(|| (), |_| list_outgoing_email());
    view! {
        <PageTitle text=move || t_string!(i18n, outgoing.page_title).to_string() />
        {guarded(messages, move |error| {
                        admin_page_refused(error, t_string!(i18n, outgoing.title), t_string!(i18n, outgoing.only_admins))
                    }, move |messages| {
                        let empty = messages.is_empty();
                        view! {
                            <Titled id="outgoing-title" title=tr!(i18n, outgoing.title) intro=tr!(i18n, outgoing.intro)>
                                {empty.then(|| view! { <p class="muted">{t!(i18n, outgoing.empty)}</p> })}
                                <ul class="messages">
                                    {messages
                                        .into_iter()
                                        .map(|m| {
                                            let status = match m.status.as_str() {
                                                "sent" => t_string!(i18n, outgoing.sent),
                                                "not_sent_no_smtp" => t_string!(i18n, outgoing.no_smtp),
                                                _ => t_string!(i18n, outgoing.pending),
                                            };
                                            view! {
                                                <li class="card">
                                                    <details>
                                                        <summary>
                                                            <strong>{m.subject}</strong>
                                                            " · "
                                                            {m.recipient}
                                                            " · "
                                                            <span class="status">{status}</span>
                                                            " · "
                                                            {m.created}
                                                        </summary>
                                                        {m
                                                            .last_error
                                                            .map(|e| view! { <p class="field-message">{e}</p> })}
                                                        <pre class="mail-text">{m.text}</pre>
                                                    </details>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </Titled>
                        }
                    })}
    }
}
