//! A one-button form that acts on one row of a list: the row's id travels in the form, and the
//! button names the action and, for screen readers, the row ("Revoke (Contoso)").

use leptos::{
    prelude::*,
    server_fn::{Http, ServerFn, client::Client, codec::PostUrl, request::ClientReq},
    web_sys::FormData,
};
use serde::de::DeserializeOwned;

#[component]
pub(crate) fn RowAction<ServFn, OutputProtocol>(
    action: ServerAction<ServFn>,
    /// the row's id (the form's `id` field)
    id: String,
    /// what the button does
    #[prop(into)]
    label: Signal<String>,
    /// the row's name, read after the label by screen readers
    of: String,
    #[prop(default = "button button--quiet")] class: &'static str,
    #[prop(default = "form--inline")] form_class: &'static str,
    /// more fields the action needs, as (name, value)
    #[prop(optional)]
    fields: Vec<(&'static str, String)>,
    /// a sensitive action: the action's refusals, for the field that asks for fresh proof
    /// once the server asked for it (see `ProofField`)
    #[prop(optional, into)]
    proof: Option<Signal<Option<crate::api::AppError>>>,
) -> impl IntoView
where
    ServFn: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, OutputProtocol>>
        + Clone
        + Send
        + Sync
        + 'static,
    <<ServFn::Client as Client<ServFn::Error>>::Request as ClientReq<ServFn::Error>>::FormData:
        From<FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as ServerFn>::Client: Client<<ServFn as ServerFn>::Error>,
    OutputProtocol: 'static,
{
    let fields = fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view();
    let proof = proof.map(|error| {
        let field = format!("proof-{id}");
        view! { <super::ProofField id=field error refresh=action.version() when_asked=true /> }
    });
    view! {
        <ActionForm action attr:class=form_class>
            <input type="hidden" name="id" value=id />
            {fields}
            {proof}
            <button type="submit" class=class>
                {label}
                <span class="visually-hidden">" (" {of} ")"</span>
            </button>
        </ActionForm>
    }
}
