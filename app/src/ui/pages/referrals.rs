//! Customer referrals: the request form on a partner's directory page, the customer's
//! confirmation page, and the partner's inbox (accept, decline, pass on to a reseller).

use crate::ui::components::*;
use crate::ui::labels::{code_name, country_name, referral_status};
use crate::{
    api::referrals::{
        AnswerReferral, ConfirmReferral, ForwardReferral, ReferralView, load_referrals,
    },
    i18n::*,
    ui::{
        components::forms::{DecisionWords, FormMessage, decision_fields, row_refusal},
        components::refused_page,
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn ConfirmReferralPage() -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmReferral>::new();
    let error = refusal(confirm.value());
    let token = query_value("token");
    let done = succeeded_or_posted(confirm.value(), "done", "sent");
    view! {
        <PageTitle text=move || t_string!(i18n, referral.confirm_page_title).to_string() />
        <Titled id="confirm-title" title=tr!(i18n, referral.confirm_title) class="form-page">
            {move || if done() {
                view! { <p class="notice" role="status">{t!(i18n, referral.confirmed)}</p> }.into_any()
            } else {
                view! {
                    <p>{t!(i18n, referral.confirm_intro)}</p>
                    <ActionForm action=confirm attr:class="form">
                        <FormMessage error />
                        <input type="hidden" name="token" value=token />
                        <Submit>{t!(i18n, referral.confirm_submit)}</Submit>
                    </ActionForm>
                }
                .into_any()
            }}
        </Titled>
    }
}

fn who_and_what(i18n: I18nContext<Locale>, r: &ReferralView) -> (String, String) {
    (
        t_string!(i18n, referral.from)
            .replace("{name}", &r.customer_name)
            .replace("{company}", &r.customer_company),
        t_string!(i18n, referral.details)
            .replace("{size}", &code_name(i18n, "size", &r.customer_size))
            .replace("{country}", &country_name(i18n, &r.region))
            .replace("{email}", &r.customer_email),
    )
}

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerReferral>::new();
    let forward = ServerAction::<ForwardReferral>::new();
    let inbox = Resource::new_blocking(changes([answer.version(), forward.version()]), |_| {
        load_referrals()
    });
    let outcomes = Outcomes::new([(answer.value(), "answered"), (forward.value(), "forwarded")]);
    let error = outcomes.refusal(&["answered", "forwarded"]);
    let done = move || {
        done_notice(outcomes.done(), move |code| match code {
            "answered" => Some(t_string!(i18n, referral.done_answered)),
            _ => Some(t_string!(i18n, referral.done_forwarded)),
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, referral.inbox_page_title).to_string() />
        {guarded(inbox, move |error| refused_page(error, t_string!(i18n, referral.inbox_title), t_string!(i18n, users.only_partners)), move |inbox| {
                        let resellers = inbox.resellers.clone();
                        let (new, done_list): (Vec<_>, Vec<_>) =
                            inbox.referrals.into_iter().partition(|r| r.status == "new");
                        let no_new = new.is_empty();
                        let no_done = done_list.is_empty();
                        let new_view = new
                            .into_iter()
                            .map(|r| {
                                let (who, what) = who_and_what(i18n, &r);
                                let key = r.key.clone();
                                let reseller_refusal = row_refusal(i18n, error, &key);
                                let reseller_id = format!("reseller-{key}");
                                let via = r.via.clone().map(|name| {
                                    t_string!(i18n, referral.via).replace("{name}", &name)
                                });
                                let forward_form = (!resellers.is_empty()).then(|| {
                                    let options = resellers
                                        .iter()
                                        .map(|(k, n)| view! { <option value=k.clone()>{n.clone()}</option> })
                                        .collect_view();
                                    let key = key.clone();
                                    view! {
                                        <ActionForm action=forward attr:class="form form--compact">
                                            <input type="hidden" name="id" value=key />
                                            <div class="field">
                                                <label for=reseller_id.clone()>{t!(i18n, referral.forward_to)}</label>
                                                <select id=reseller_id name="reseller">
                                                    <option value="">{t!(i18n, forms.choose)}</option>
                                                    {options}
                                                </select>
                                                {move || reseller_refusal("reseller").map(|t| view! { <p class="field-message">{t}</p> })}
                                            </div>
                                            <button type="submit" class="button">{t!(i18n, referral.forward_submit)}</button>
                                        </ActionForm>
                                    }
                                });
                                view! {
                                    <li class="card" data-testid="referral-new">
                                        <h3>{who}</h3>
                                        <p class="muted">{what} {via.map(|v| view! { " · " {v} })}</p>
                                        <p class="lead-text">{r.need.clone()}</p>
                                        <ActionForm action=answer attr:class="form">
                                            {decision_fields(i18n, &key, error, DecisionWords {
                                                legend: t_string!(i18n, referral.decision),
                                                accept: t_string!(i18n, referral.accept),
                                                decline: t_string!(i18n, referral.decline),
                                                message: t_string!(i18n, referral.message),
                                            })}
                                            <Submit>{t!(i18n, referral.answer_submit)}</Submit>
                                        </ActionForm>
                                        {forward_form}
                                    </li>
                                }
                            })
                            .collect_view();
                        let done_view = done_list
                            .into_iter()
                            .map(|r| {
                                let (who, what) = who_and_what(i18n, &r);
                                let passed = (r.status == "forwarded")
                                    .then(|| r.via.clone())
                                    .flatten()
                                    .map(|name| t_string!(i18n, referral.passed_to).replace("{name}", &name));
                                view! {
                                    <li data-testid="referral-done">
                                        <strong>{who}</strong> " · " {referral_status(i18n, &r.status)} " · " {r.changed_at.clone()}
                                        {passed.map(|p| view! { " · " {p} })}
                                        <br />
                                        <span class="muted">{what}</span>
                                        {r.answer.clone().filter(|a| !a.is_empty()).map(|a| view! { " · " <q>{a}</q> })}
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <Titled id="referrals-title" title=tr!(i18n, referral.inbox_title) intro=tr!(i18n, referral.inbox_intro)>
                                {done}
                                <FormMessage error />
                                <h2>{t!(i18n, referral.new_title)}</h2>
                                {no_new.then(|| view! { <p class="muted">{t!(i18n, referral.none)}</p> })}
                                <ul class="directory-list">{new_view}</ul>
                                <h2>{t!(i18n, referral.done_title)}</h2>
                                {no_done.then(|| view! { <p class="muted">{t!(i18n, referral.none)}</p> })}
                                <ul class="history">{done_view}</ul>
                            </Titled>
                        }
                    })}
    }
}
