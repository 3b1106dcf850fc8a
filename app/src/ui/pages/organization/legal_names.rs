//! The operator's legal name requests page.

use super::*;

/// The note typed for request `key` before it was refused.
fn refusal_note(error: Signal<Option<AppError>>, key: String) -> Signal<String> {
    Signal::derive(move || {
        error
            .get()
            .filter(|e| e.typed("id") == Some(key.as_str()))
            .and_then(|e| e.typed("note").map(str::to_owned))
            .unwrap_or_default()
    })
}

/// The operator's program admins: requests to change a partner's legal name.
#[component]
pub fn LegalNamesPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideLegalNameRequest>::new();
    let requests = Resource::new_blocking(
        move || decide.version().get(),
        |_| list_legal_name_requests(),
    );
    let error = refusal(decide.value());
    let outcomes = Outcomes::new([(decide.value(), "decided")]);
    view! {
        <PageTitle text=move || t_string!(i18n, legal_names.page_title).to_string() />
        {guarded(requests, move |error| admin_page_refused(error, t_string!(i18n, legal_names.title), t_string!(i18n, staff.only_admins)), move |list| {
                        let (pending, decided): (Vec<_>, Vec<_>) =
                            list.into_iter().partition(|r| r.status == "pending");
                        let no_pending = pending.is_empty();
                        let pending = pending
                            .into_iter()
                            .map(|request| {
                                let key = request.key.clone();
                                let approve_id = format!("approve-{key}");
                                let decline_id = format!("decline-{key}");
                                let note_id = format!("note-{key}");
                                // the last refusal, if it was about this request
                                let refusal = row_refusal(i18n, error, &key);
                                let decision_refusal = refusal.clone();
                                let note_refusal = refusal.clone();
                                let typed_note = refusal_note(error, key.clone());
                                let decision_message_id = format!("decision-{key}-message");
                                let note_message_id = format!("{note_id}-message");
                                view! {
                                    <article class="card" data-testid="name-request">
                                        <h3>{request.organization_name.clone()} " (" {request.program_id.clone()} ")"</h3>
                                        <dl class="facts">
                                            <dt>{t!(i18n, legal_names.current)}</dt>
                                            <dd>{request.current_name.clone()}</dd>
                                            <dt>{t!(i18n, legal_names.requested)}</dt>
                                            <dd data-testid="requested-name">{request.requested_name.clone()}</dd>
                                            <dt>{t!(i18n, org.reason)}</dt>
                                            <dd>{request.reason.clone()}</dd>
                                            <dt>{t!(i18n, legal_names.requested_by)}</dt>
                                            <dd>{request.requested_by.clone()} ", " {request.requested_at.clone()}</dd>
                                        </dl>
                                        <ActionForm action=decide attr:class="form">
                                            <input type="hidden" name="id" value=key.clone() />
                                            <fieldset class="checkboxes">
                                                <legend>{t!(i18n, legal_names.decision)}</legend>
                                                {move || decision_refusal("decision").map(|text| view! {
                                                    <p class="field-message" id=decision_message_id.clone()>{text}</p>
                                                })}
                                                <div class="checkbox">
                                                    <input type="radio" id=approve_id.clone() name="decision" value="approve" />
                                                    <label for=approve_id>{t!(i18n, legal_names.approve)}</label>
                                                </div>
                                                <div class="checkbox">
                                                    <input type="radio" id=decline_id.clone() name="decision" value="decline" />
                                                    <label for=decline_id>{t!(i18n, legal_names.decline)}</label>
                                                </div>
                                            </fieldset>
                                            <div class="field">
                                                <label for=note_id.clone()>{t!(i18n, legal_names.note)}</label>
                                                <p class="field-hint" id=format!("{note_id}-hint")>{t!(i18n, legal_names.note_hint)}</p>
                                                <textarea
                                                    id=note_id.clone()
                                                    name="note"
                                                    rows="2"
                                                    aria-describedby=format!("{note_id}-hint")
                                                    prop:value=typed_note
                                                >
                                                    {typed_note.get_untracked()}
                                                </textarea>
                                                {move || note_refusal("note").map(|text| view! {
                                                    <p class="field-message" id=note_message_id.clone()>{text}</p>
                                                })}
                                            </div>
                                            <Submit>{t!(i18n, legal_names.submit)}</Submit>
                                        </ActionForm>
                                    </article>
                                }
                            })
                            .collect_view();
                        let decided = decided
                            .into_iter()
                            .map(|request| {
                                let status = if request.status == "approved" {
                                    t_string!(i18n, legal_names.approved)
                                } else {
                                    t_string!(i18n, legal_names.declined)
                                };
                                view! {
                                    <tr>
                                        <td>{request.organization_name.clone()}</td>
                                        <td>{request.current_name.clone()} " → " {request.requested_name.clone()}</td>
                                        <td>{status}</td>
                                        <td>{request.decided_by.clone().unwrap_or_default()}</td>
                                        <td>{request.decision_note.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <Titled id="names-title" title=tr!(i18n, legal_names.title) intro=tr!(i18n, legal_names.intro)>
                                {move || done_notice(outcomes.done(), move |code| {
                                    (code == "decided").then(|| t_string!(i18n, legal_names.done))
                                })}
                                <FormMessage error />
                                <h2>{t!(i18n, legal_names.pending_title)}</h2>
                                {if no_pending {
                                    view! { <p class="muted">{t!(i18n, legal_names.none_pending)}</p> }.into_any()
                                } else {
                                    view! { <div class="cards">{pending}</div> }.into_any()
                                }}
                                <h2>{t!(i18n, legal_names.decided_title)}</h2>
                                <DataTable
                                    columns=columns!(i18n, legal_names.col_organization, legal_names.col_change, legal_names.col_decision, legal_names.col_by, legal_names.note)>
                                    {decided}
                                </DataTable>
                            </Titled>
                        }
                    })}
    }
}
