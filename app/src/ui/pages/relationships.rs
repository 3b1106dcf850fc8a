//! Indirect resellers and providers: "Find an indirect provider" (ranked matches with their
//! reasons, and the request) and the relationships page (requests to answer, relationships to
//! end, what was declined or ended).

use crate::ui::components::*;
use crate::ui::labels::{code_names, country_name, relationship_status};
use crate::{
    api::relationships::{
        AnswerRelationship, EndRelationship, ProviderMatch, RelationshipView, RequestProvider,
        find_providers, list_relationships,
    },
    i18n::*,
    ui::{
        components::forms::{DecisionWords, FormMessage, decision_fields},
        components::refused_page,
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

/// Why a match ranks where it does, in words.
fn reasons(i18n: I18nContext<Locale>, m: &ProviderMatch) -> Vec<String> {
    let (fit, resellers) = (&m.fit.parts, m.fit.resellers);
    let mut out = Vec::new();
    let count = |text: &str, shared: usize, wanted: usize| {
        text.replace("{shared}", &shared.to_string())
            .replace("{wanted}", &wanted.to_string())
    };
    if fit.regions.wanted > 0 {
        if fit.regions.shared.is_empty() {
            out.push(t_string!(i18n, partners.serves_none).to_owned());
        } else {
            let names = fit
                .regions
                .shared
                .iter()
                .map(|c| country_name(i18n, c))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(format!(
                "{} ({names})",
                count(
                    t_string!(i18n, partners.serves),
                    fit.regions.shared.len(),
                    fit.regions.wanted
                )
            ));
        }
    }
    if fit.products.wanted > 0 {
        out.push(count(
            t_string!(i18n, partners.sells),
            fit.products.shared.len(),
            fit.products.wanted,
        ));
    }
    if fit.languages.wanted > 0 {
        if fit.languages.shared.is_empty() {
            out.push(t_string!(i18n, partners.speaks_none).to_owned());
        } else {
            out.push(format!(
                "{} {}",
                t_string!(i18n, partners.speaks),
                code_names(i18n, "language", &fit.languages.shared)
            ));
        }
    }
    if fit.customer_sizes.wanted > 0 {
        out.push(count(
            t_string!(i18n, partners.sizes),
            fit.customer_sizes.shared.len(),
            fit.customer_sizes.wanted,
        ));
    }
    out.push(t_string!(i18n, partners.resellers).replace("{count}", &resellers.to_string()));
    out
}

#[component]
pub fn FindProviderPage() -> impl IntoView {
    let i18n = use_i18n();
    let request = ServerAction::<RequestProvider>::new();
    let matches = Resource::new_blocking(move || request.version().get(), |_| find_providers());
    let error = refusal(request.value());
    view! {
        <PageTitle text=move || t_string!(i18n, partners.find_page_title).to_string() />
        {guarded(matches, move |error| refused_page(error, t_string!(i18n, partners.find_title), t_string!(i18n, users.only_partners)), move |found| {
                        let empty = found.matches.is_empty();
                        let cards = found
                            .matches
                            .into_iter()
                            .map(|m| {
                                let why = reasons(i18n, &m)
                                    .into_iter()
                                    .map(|r| view! { <li>{r}</li> })
                                    .collect_view();
                                let message_id = format!("message-{}", m.slug);
                                let (slug, name) = (m.slug.clone(), m.name.clone());
                                let action = match m.open.as_deref() {
                                    Some("active") => view! { <p class="notice">{t!(i18n, partners.active_already)}</p> }.into_any(),
                                    Some(_) => view! { <p class="notice">{t!(i18n, partners.requested_already)}</p> }.into_any(),
                                    None => view! {
                                        <ActionForm action=request attr:class="form">
                                            <input type="hidden" name="provider" value=slug />
                                            <div class="field">
                                                <label for=message_id.clone()>{t!(i18n, partners.request_message)}</label>
                                                <textarea id=message_id name="message" rows="2"></textarea>
                                            </div>
                                            <button type="submit" class="button button--primary">
                                                {t!(i18n, partners.request)}
                                                <span class="visually-hidden">" (" {name} ")"</span>
                                            </button>
                                        </ActionForm>
                                    }
                                    .into_any(),
                                };
                                view! {
                                    <li class="card match" data-testid="provider-match">
                                        <div class="match__head">
                                            <h2><A href=format!("/directory/{}", m.slug)>{m.name.clone()}</A></h2>
                                            <p class="match__score" data-testid="match-score">
                                                <span class="visually-hidden">{t!(i18n, partners.score)} " "</span>
                                                {m.score} "/100"
                                            </p>
                                        </div>
                                        <p class="muted">{country_name(i18n, &m.country)}</p>
                                        <p>{m.description.clone()}</p>
                                        <ul class="match__why" data-testid="match-why">{why}</ul>
                                        {action}
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <Titled id="find-title" title=tr!(i18n, partners.find_title) intro=tr!(i18n, partners.find_intro)>
                                {(!found.from_profile).then(|| view! {
                                    <p class="warning">
                                        {t!(i18n, partners.from_country)} " "
                                        <A href="/account/business-profile">{t!(i18n, partners.edit_profile)}</A>
                                    </p>
                                })}
                                {move || succeeded(request.value()).then(|| view! {
                                    <p class="notice" role="status">{t!(i18n, partners.done_requested)}</p>
                                })}
                                <FormMessage error />
                                {if empty {
                                    view! { <p class="muted">{t!(i18n, partners.no_match)}</p> }.into_any()
                                } else {
                                    view! { <ol class="directory-list">{cards}</ol> }.into_any()
                                }}
                            </Titled>
                        }
                    })}
    }
}

#[component]
pub fn RelationshipsPage() -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerRelationship>::new();
    let end = ServerAction::<EndRelationship>::new();
    let list = Resource::new_blocking(changes([answer.version(), end.version()]), |_| {
        list_relationships()
    });
    let outcomes = Outcomes::new([(answer.value(), "answered"), (end.value(), "ended")]);
    let error = outcomes.refusal(&["answered", "ended"]);
    let posted = query_value("done");
    // what the last answer sent (the action forgets its input once it is answered), so that a
    // decline is reported as one
    let declined = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(sent) = answer.input().get() {
            declined.set(sent.decision == "decline");
        }
    });
    let done = move || {
        let code = match outcomes.done() {
            Some("answered") if declined.get() => "declined".to_owned(),
            Some("answered") => "accepted".to_owned(),
            Some(code) => code.to_owned(),
            // a plain form post's answer says which in the address
            None => posted(),
        };
        done_notice(Some(&code), move |code| match code {
            "requested" => Some(t_string!(i18n, partners.done_requested)),
            "accepted" => Some(t_string!(i18n, partners.done_accepted)),
            "declined" => Some(t_string!(i18n, partners.done_declined)),
            "ended" => Some(t_string!(i18n, partners.done_ended)),
            _ => None,
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, partners.page_title).to_string() />
        {guarded(list, move |error| refused_page(error, t_string!(i18n, partners.title), t_string!(i18n, users.only_partners)), move |page| {
                        let as_provider = page.as_provider;
                        let (open, closed): (Vec<_>, Vec<_>) = page
                            .relationships
                            .into_iter()
                            .partition(|r| r.status == "requested" || r.status == "active");
                        let (requested, active): (Vec<_>, Vec<_>) =
                            open.into_iter().partition(|r| r.status == "requested");
                        let partner_link = |r: &RelationshipView| {
                            let name = r.partner.clone();
                            match r.partner_slug.clone() {
                                Some(slug) => view! { <A href=format!("/directory/{slug}")>{name}</A> }.into_any(),
                                None => view! { <span>{name}</span> }.into_any(),
                            }
                        };
                        let message = |r: &RelationshipView| {
                            let text = r.request_message.clone();
                            (!text.is_empty()).then(|| view! {
                                <p>{t!(i18n, partners.their_message)} " " <q>{text}</q></p>
                            })
                        };
                        let end_form = move |r: &RelationshipView, withdraw: bool| {
                            let id = format!("reason-{}", r.key);
                            let (key, partner) = (r.key.clone(), r.partner.clone());
                            view! {
                                <ActionForm action=end attr:class="form form--compact">
                                    <input type="hidden" name="id" value=key />
                                    <div class="field">
                                        <label for=id.clone()>{t!(i18n, partners.end_reason)}</label>
                                        <input id=id name="reason" />
                                    </div>
                                    <button type="submit" class="button button--danger">
                                        {if withdraw { t!(i18n, partners.withdraw).into_any() } else { t!(i18n, partners.end).into_any() }}
                                        <span class="visually-hidden">" (" {partner} ")"</span>
                                    </button>
                                </ActionForm>
                            }
                        };
                        let requested_view = requested
                            .iter()
                            .map(|r| {
                                let asked = t_string!(i18n, partners.requested_by)
                                    .replace("{who}", &r.requested_by)
                                    .replace("{when}", &r.requested_at);
                                let key = r.key.clone();
                                let answer_form = as_provider.then(|| {
                                    let partner = r.partner.clone();
                                    view! {
                                        <ActionForm action=answer attr:class="form">
                                            {decision_fields(i18n, &key, error, DecisionWords {
                                                legend: t_string!(i18n, partners.decision),
                                                accept: t_string!(i18n, partners.accept),
                                                decline: t_string!(i18n, partners.decline),
                                                message: t_string!(i18n, partners.answer_message),
                                            })}
                                            <button type="submit" class="button button--primary">
                                                {t!(i18n, partners.answer_submit)}
                                                <span class="visually-hidden">" (" {partner} ")"</span>
                                            </button>
                                        </ActionForm>
                                    }
                                });
                                let withdraw = (!as_provider).then(|| end_form(r, true));
                                view! {
                                    <li class="card" data-testid="relationship-request">
                                        <h3>{partner_link(r)}</h3>
                                        <p class="muted">{asked}</p>
                                        {message(r)}
                                        {answer_form}
                                        {withdraw}
                                    </li>
                                }
                            })
                            .collect_view();
                        let active_view = active
                            .iter()
                            .map(|r| {
                                let since = t_string!(i18n, partners.since).replace("{when}", &r.changed_at);
                                view! {
                                    <li class="card" data-testid="relationship-active">
                                        <h3>{partner_link(r)}</h3>
                                        <p class="muted">{relationship_status(i18n, &r.status)} ", " {since}</p>
                                        {r.answer_message.clone().filter(|m| !m.is_empty()).map(|m| view! { <p><q>{m}</q></p> })}
                                        {end_form(r, false)}
                                    </li>
                                }
                            })
                            .collect_view();
                        let closed_view = closed
                            .iter()
                            .map(|r| {
                                let who = if r.status == "declined" {
                                    t_string!(i18n, partners.declined_note)
                                        .replace("{who}", r.answered_by.as_deref().unwrap_or_default())
                                } else {
                                    t_string!(i18n, partners.ended_note)
                                        .replace("{who}", r.ended_by_name.as_deref().unwrap_or_default())
                                };
                                let note = r
                                    .answer_message
                                    .clone()
                                    .filter(|_| r.status == "declined")
                                    .or_else(|| r.end_reason.clone())
                                    .filter(|m| !m.is_empty());
                                view! {
                                    <li data-testid="relationship-closed">
                                        <strong>{r.partner.clone()}</strong> " · " {relationship_status(i18n, &r.status)}
                                        " · " {who} ", " {r.changed_at.clone()}
                                        {note.map(|n| view! { " · " <q>{n}</q> })}
                                    </li>
                                }
                            })
                            .collect_view();
                        let none = move |empty: bool| empty.then(|| view! { <p class="muted">{t!(i18n, partners.none)}</p> });
                        let (no_requests, no_active, no_closed) =
                            (requested.is_empty(), active.is_empty(), closed.is_empty());
                        view! {
                            <Titled id="partners-title" title=tr!(i18n, partners.title)>
                                <p>
                                    {if as_provider { t!(i18n, partners.intro_provider).into_any() } else { t!(i18n, partners.intro_reseller).into_any() }}
                                </p>
                                {(!as_provider).then(|| view! { <p><A href="/partners/find">{t!(i18n, partners.find_link)}</A></p> })}
                                {done}
                                <FormMessage error />
                                <h2>
                                    {if as_provider { t!(i18n, partners.requests_title).into_any() } else { t!(i18n, partners.pending_title).into_any() }}
                                </h2>
                                {none(no_requests)}
                                <ul class="directory-list">{requested_view}</ul>
                                <h2>
                                    {if as_provider { t!(i18n, partners.active_title_provider).into_any() } else { t!(i18n, partners.active_title_reseller).into_any() }}
                                </h2>
                                {none(no_active)}
                                <ul class="directory-list">{active_view}</ul>
                                <h2>{t!(i18n, partners.history_title)}</h2>
                                {none(no_closed)}
                                <ul class="history">{closed_view}</ul>
                            </Titled>
                        }
                    })}
    }
}
