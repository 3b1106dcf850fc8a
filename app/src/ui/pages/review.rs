//! The reviewers' console: the queue and one application with its decisions.

use crate::ui::components::forms::{FilterSelect, FormMessage, query_encode};
use crate::ui::components::*;
use crate::ui::labels::field_message;
use crate::ui::labels::{country_name, model_title, reason_name, section_name, status_name};
use crate::{
    api::review::{
        ApproveApplication, ClaimApplication, QueueItem, ReassignApplication, RejectApplication,
        RequestInformation, RevealBankNumber, application_for_review, review_queue,
    },
    domain::{
        application::{Model, Status},
        review::{RejectReason, Section},
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let status = query_value("status");
    let model = query_value("model");
    let country = query_value("country");
    let older = query_value("older_than_days");
    let after = query_value("after");
    let before = query_value("before");
    let queue = Resource::new_blocking(
        move || (status(), model(), country(), older(), after(), before()),
        |(status, model, country, older, after, before)| {
            review_queue(status, model, country, older, after, before)
        },
    );
    // the same filters, on another page
    let link_to = move |page: &str| {
        let mut link = format!(
            "/review?status={}&model={}&country={}&older_than_days={}",
            query_encode(&status()),
            query_encode(&model()),
            query_encode(&country()),
            query_encode(&older())
        );
        if !page.is_empty() {
            link.push('&');
            link.push_str(page);
        }
        link
    };
    let row = move |item: QueueItem| {
        let status = Status::parse(&item.status);
        let model = Model::parse(&item.model);
        view! {
            <tr data-application=item.id.clone()>
                <td>{item.program_id}</td>
                <td>
                    <A href=format!("/review/{}", item.id)>{item.legal_name}</A>
                </td>
                <td>{country_name(i18n, &item.country)}</td>
                <td>{move || model.map(|m| model_title(i18n, m)).unwrap_or_default()}</td>
                <td>{move || status.map(|s| status_name(i18n, s)).unwrap_or_default()}</td>
                <td>{item.claimed_by.unwrap_or_else(|| "—".into())}</td>
                <td>{item.submitted}</td>
            </tr>
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, review.page_title).to_string() />
        {guarded(queue, move |error| admin_page_refused(error, t_string!(i18n, review.title), t_string!(i18n, review.only_reviewers)), move |queue| {
                        let counts = queue
                            .counts
                            .iter()
                            .filter_map(|(code, n)| Status::parse(code).map(|s| (s, *n)))
                            .map(|(s, n)| view! { <li>{move || status_name(i18n, s)} ": " {n}</li> })
                            .collect_view();
                        let empty = queue.items.is_empty();
                        let statuses: Vec<(String, String)> = [Status::Submitted, Status::InReview, Status::MoreInformationNeeded, Status::Approved, Status::Rejected]
                            .into_iter()
                            .map(|s| (s.code().to_owned(), status_name(i18n, s).to_owned()))
                            .collect();
                        let models: Vec<(String, String)> = Model::ALL
                            .into_iter()
                            .map(|m| (m.code().to_owned(), model_title(i18n, m).to_owned()))
                            .collect();
                        view! {
                            <Titled id="review-title" title=tr!(i18n, review.title)>
                                <ul class="counts" aria-label=move || t_string!(i18n, review.counts_label)>{counts}</ul>
                                <form method="get" action="/review" class="filters">
                                    <FilterSelect id="status" name="status" label=tr!(i18n, review.filter_status) any=tr!(i18n, review.filter_open)
                                        options=statuses selected=status() />
                                    <FilterSelect id="model" name="model" label=tr!(i18n, review.filter_model) any=tr!(i18n, review.filter_any)
                                        options=models selected=model() />
                                    <div class="field">
                                        <label for="country">{t!(i18n, review.filter_country)}</label>
                                        <input id="country" name="country" maxlength="2" value=country() />
                                    </div>
                                    <div class="field">
                                        <label for="older_than_days">{t!(i18n, review.filter_age)}</label>
                                        <input id="older_than_days" name="older_than_days" inputmode="numeric" value=older() />
                                    </div>
                                    <button type="submit" class="button">{t!(i18n, review.filter_submit)}</button>
                                </form>
                                {if empty {
                                    view! { <p class="muted">{t!(i18n, review.empty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <DataTable
                                            columns=columns!(i18n, apply.program_id, join.legal_name, review.col_country, wizard.model_legend, review.col_status, review.col_reviewer, status.submitted_on)>
                                            {queue.items.into_iter().map(row).collect_view()}
                                        </DataTable>
                                    }.into_any()
                                }}
                                <nav class="pager" aria-label=move || t_string!(i18n, review.pages_label)>
                                    {queue.paged.then(|| view! { <A href=link_to("")>{t!(i18n, review.first)}</A> })}
                                    {queue.previous.map(|cursor| view! { <A href=link_to(&format!("before={}", query_encode(&cursor)))>{t!(i18n, review.previous)}</A> })}
                                    {queue.next.map(|cursor| view! { <A href=link_to(&format!("after={}", query_encode(&cursor)))>{t!(i18n, review.next)}</A> })}
                                </nav>
                            </Titled>
                        }
                    })}
    }
}

/// An entry of the history in words: what was done, and its details (sections and reasons by
/// name, messages as written).
fn history_text(i18n: I18nContext<Locale>, action: &str, detail: &str) -> String {
    let sections = |codes: &str| {
        codes
            .split(", ")
            .map(|code| Section::parse(code).map_or(code, |s| section_name(i18n, s)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let with_detail = |what: &str, detail: String| {
        if detail.is_empty() {
            what.to_owned()
        } else {
            format!("{what}: {detail}")
        }
    };
    match action {
        "submit" => t_string!(i18n, review.did_submit).to_owned(),
        "resubmit" => t_string!(i18n, review.did_resubmit).to_owned(),
        "edit" => format!("{} {}", t_string!(i18n, review.did_edit), sections(detail)),
        "claim" => t_string!(i18n, review.did_claim).to_owned(),
        "reassign" => format!("{} {detail}", t_string!(i18n, review.did_reassign)),
        "reveal_bank" => t_string!(i18n, review.did_reveal_bank).to_owned(),
        "request_information" => {
            let (codes, message) = detail.split_once(": ").unwrap_or((detail, ""));
            format!(
                "{} {} — {message}",
                t_string!(i18n, review.did_request_information),
                sections(codes)
            )
        }
        "reject" => {
            let (code, message) = detail.split_once(": ").unwrap_or((detail, ""));
            let reason = RejectReason::parse(code).map_or(code, |r| reason_name(i18n, r));
            with_detail(
                t_string!(i18n, review.did_reject),
                format!("{reason} — {message}"),
            )
        }
        "approve" => with_detail(t_string!(i18n, review.did_approve), detail.to_owned()),
        other => with_detail(&other.replace('_', " "), detail.to_owned()),
    }
}

/// The conflict an action ran into, in words (who has it, who decided it).
fn conflict_text(i18n: I18nContext<Locale>, error: &crate::api::AppError) -> Option<String> {
    let crate::api::AppError::Conflict(code) = error else {
        return None;
    };
    let (kind, who) = code.split_once(':').unwrap_or((code.as_str(), ""));
    let text = match kind {
        "review.claimed_by" => t_string!(i18n, review.claimed_by_other),
        "review.decided_by" => t_string!(i18n, review.decided_by_other),
        "review.email_taken" => t_string!(i18n, review.email_taken),
        _ => t_string!(i18n, review.wrong_status),
    };
    Some(text.replace("{name}", who))
}

#[component]
pub fn ReviewApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let claim = ServerAction::<ClaimApplication>::new();
    let request = ServerAction::<RequestInformation>::new();
    let reject = ServerAction::<RejectApplication>::new();
    let approve = ServerAction::<ApproveApplication>::new();
    let reveal = ServerAction::<RevealBankNumber>::new();
    let reveal_error = refusal(reveal.value());
    let reassign = ServerAction::<ReassignApplication>::new();
    // the one-time grant of a reveal without JavaScript
    let reveal_grant = query_value("reveal");
    let done = query_value("done");
    let changed = changes([
        claim.version(),
        request.version(),
        reject.version(),
        approve.version(),
        reveal.version(),
        reassign.version(),
    ]);
    let application = Resource::new_blocking(
        move || (id(), reveal_grant(), changed()),
        |(id, grant, ..)| application_for_review(id, grant),
    );
    let error = Signal::derive(move || {
        [
            claim.value().get(),
            request.value().get(),
            reject.value().get(),
            approve.value().get(),
        ]
        .into_iter()
        .flatten()
        .chain(reveal.value().get().map(|r| r.map(drop)))
        .find_map(Result::err)
    });
    let conflict = move || error.get().and_then(|e| conflict_text(i18n, &e));
    let request_error = refusal(request.value());
    let reject_error = refusal(reject.value());
    let reassign_error = refusal(reassign.value());
    let reassigned = move || {
        (succeeded(reassign.value()) || done() == "reassigned").then(|| {
            view! { <p class="notice" role="status">{t!(i18n, review.done_reassigned)}</p> }
        })
    };
    let field_error = move |error: Signal<Option<crate::api::AppError>>, field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_code(field).map(|code| field_message(i18n, code)))
                .map(|text| view! { <p class="field-message" id=format!("{field}-message")>{text}</p> })
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, review.page_title).to_string() />
        {guarded(application, move |error| admin_page_refused(error, t_string!(i18n, review.title), t_string!(i18n, review.only_reviewers)), move |reviewed| {
                        let app = reviewed.application.clone();
                        let status = app.status;
                        let key = reviewed.id.clone();
                        let can_claim = status == Status::Submitted
                            && (reviewed.claimed_by.is_none() || reviewed.mine);
                        let deciding = reviewed.mine && status == Status::InReview;
                        let holder = reviewed.claimed_by.clone().unwrap_or_else(|| "—".into());
                        let history = reviewed
                            .history
                            .iter()
                            .map(|entry| view! {
                                <li>
                                    <span class="muted">{entry.at.chars().take(16).collect::<String>().replace('T', " ")}</span>
                                    " " <strong>{entry.actor.clone()}</strong> " "
                                    {let (action, detail) = (entry.action.clone(), entry.detail.clone());
                                        move || history_text(i18n, &action, &detail)}
                                </li>
                            })
                            .collect_view();
                        let (k1, k2, k3, k4) = (key.clone(), key.clone(), key.clone(), key.clone());
                        let (k5, k6, shown_for) = (key.clone(), key.clone(), key.clone());
                        let granted = reviewed.revealed.clone();
                        // the number revealed on this page (with JavaScript) or by the grant
                        // in its address (without)
                        let shown = move || {
                            reveal
                                .value()
                                .get()
                                .and_then(Result::ok)
                                .flatten()
                                .filter(|bank| bank.application == shown_for)
                                .or_else(|| granted.clone())
                        };
                        let mine = reviewed.mine;
                        let bank = app.bank_masked.clone().map(|masked| view! {
                            <Titled id="bank-title" title=tr!(i18n, review.bank_title) sub=true>
                                {move || match shown() {
                                    Some(bank) => view! {
                                        <dl class="facts">
                                            <dt>{if bank.iban { t!(i18n, review.revealed_iban).into_any() } else { t!(i18n, review.revealed_account).into_any() }}</dt>
                                            <dd id="bank-number" class="bank-number" data-testid="bank-number">{bank.number}</dd>
                                        </dl>
                                        <p class="muted">{t!(i18n, review.revealed_once)}</p>
                                    }.into_any(),
                                    None => view! {
                                        <dl class="facts">
                                            <dt>{t!(i18n, review.bank_number_masked)}</dt>
                                            <dd data-testid="bank-number-masked">{masked.clone()}</dd>
                                        </dl>
                                        {mine.then(|| {
                                            let k5 = k5.clone();
                                            view! {
                                            <ActionForm action=reveal attr:class="form">
                                                <input type="hidden" name="id" value=k5.clone() />
                                                <ProofField id="reveal-proof" error=reveal_error refresh=reveal.version() />
                                                <button type="submit" class="button">{t!(i18n, review.reveal)}</button>
                                            </ActionForm>
                                        }})}
                                        <p class="muted">{t!(i18n, review.reveal_note)}</p>
                                    }.into_any(),
                                }}
                            </Titled>
                        });
                        let can_reassign = !reviewed.reviewers.is_empty()
                            && matches!(status, Status::Submitted | Status::InReview);
                        let reviewers = reviewed.reviewers.clone();
                        let reassign_form = can_reassign.then(|| view! {
                            <Titled id="reassign-title" title=tr!(i18n, review.reassign_title) sub=true>
                                <ActionForm action=reassign attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="id" value=k6.clone() />
                                    <div class="field">
                                        <label for="reassign-to">{t!(i18n, review.reassign_to)}</label>
                                        <select id="reassign-to" name="to">
                                            <option value="">{t!(i18n, forms.choose)}</option>
                                            {reviewers.into_iter().map(|r| view! {
                                                <option value=r.key>{r.name}</option>
                                            }).collect_view()}
                                        </select>
                                        {field_error(reassign_error, "to")}
                                    </div>
                                    <button type="submit" class="button">{t!(i18n, review.reassign_submit)}</button>
                                </ActionForm>
                            </Titled>
                        });
                        view! {
                            <section aria-labelledby="reviewed-title">
                                <p class="eyebrow">{t!(i18n, wizard.application_for)} " " {app.program_id.clone()}</p>
                                <h1 id="reviewed-title">{app.business.legal_name.clone()}</h1>
                                <p class=format!("status-badge status-badge--{}", status.code()) data-testid="review-status">
                                    {move || status_name(i18n, status)}
                                </p>
                                <dl class="facts">
                                    <dt>{t!(i18n, review.col_reviewer)}</dt>
                                    <dd data-testid="holder">{holder}</dd>
                                </dl>
                                {reassigned}
                                <FormMessage error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::api::AppError::Conflict(_) | crate::api::AppError::Validation { .. }))) />
                                {move || conflict().map(|text| view! { <p class="form-message" role="alert">{text}</p> })}
                                {can_claim.then(|| view! {
                                    <ActionForm action=claim attr:class="form">
                                        <input type="hidden" name="id" value=k1.clone() />
                                        <Submit>{t!(i18n, review.claim)}</Submit>
                                    </ActionForm>
                                })}
                                <h2>{t!(i18n, status.checks_title)}</h2>
                                <ChecksList checks=app.checks.clone() editable=false />
                            </section>
                            {bank}
                            {reassign_form}
                            {deciding.then(|| view! {
                                <Titled id="decide-title" title=tr!(i18n, review.decide_title) class="form-page decisions" sub=true>
                                    <ActionForm action=request attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="id" value=k2.clone() />
                                        <fieldset class="checkboxes">
                                            <legend>{t!(i18n, review.request_title)}</legend>
                                            {Section::ALL.into_iter().map(|section| {
                                                let box_id = format!("section-{}", section.code());
                                                view! {
                                                    <div class="checkbox">
                                                        <input type="checkbox" id=box_id.clone() name=format!("sections[{}]", section.code()) value="on" />
                                                        <label for=box_id>{move || section_name(i18n, section)}</label>
                                                    </div>
                                                }
                                            }).collect_view()}
                                            {field_error(request_error, "sections")}
                                        </fieldset>
                                        <div class="field">
                                            <label for="request-message">{t!(i18n, review.message)}</label>
                                            <textarea id="request-message" name="message" rows="3"></textarea>
                                            {field_error(request_error, "message")}
                                        </div>
                                        <button type="submit" class="button">{t!(i18n, review.request_submit)}</button>
                                    </ActionForm>
                                    <ActionForm action=reject attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="id" value=k3.clone() />
                                        <div class="field">
                                            <label for="reason">{t!(i18n, review.reject_reason)}</label>
                                            <select id="reason" name="reason">
                                                <option value="">{t!(i18n, forms.choose)}</option>
                                                {RejectReason::ALL.into_iter().map(|reason| view! {
                                                    <option value=reason.code()>{move || reason_name(i18n, reason)}</option>
                                                }).collect_view()}
                                            </select>
                                            {field_error(reject_error, "reason")}
                                        </div>
                                        <div class="field">
                                            <label for="reject-message">{t!(i18n, review.message)}</label>
                                            <textarea id="reject-message" name="message" rows="3"></textarea>
                                            {field_error(reject_error, "message")}
                                        </div>
                                        <button type="submit" class="button button--danger">{t!(i18n, review.reject_submit)}</button>
                                    </ActionForm>
                                    <ActionForm action=approve attr:class="form">
                                        <input type="hidden" name="id" value=k4.clone() />
                                        <div class="field">
                                            <label for="approve-message">{t!(i18n, review.approve_message)}</label>
                                            <textarea id="approve-message" name="message" rows="2"></textarea>
                                        </div>
                                        <Submit>{t!(i18n, review.approve_submit)}</Submit>
                                    </ActionForm>
                                </Titled>
                            })}
                            <Summary view=app.clone() editable=Vec::new() />
                            <Titled id="history-title" title=tr!(i18n, review.history_title) sub=true>
                                <ol class="history">{history}</ol>
                            </Titled>
                        }
                    })}
    }
}
