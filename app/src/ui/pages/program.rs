//! Program admin pages for enrollment: program IDs (find one, suspend or activate it) and the
//! settings (review days, acceptance criteria, free-mail domains).

use crate::ui::components::*;
use crate::ui::labels::country_name;
use crate::{
    api::program::{
        AddFreeMailDomain, ProgramMember, RemoveFreeMailDomain, RetireCriterion, SaveCriterion,
        SaveReviewDays, SaveTwoFactorEveryone, SetProgramIdStatus, list_program_ids,
        load_enrollment_settings,
    },
    i18n::*,
    ui::{
        components::admin_page_refused,
        components::forms::{Field, FormMessage, typed_value},
    },
};
use leptos::prelude::*;

#[component]
pub fn ProgramIdsPage() -> impl IntoView {
    let i18n = use_i18n();
    let set_status = ServerAction::<SetProgramIdStatus>::new();
    // the search in the address (a plain form GET, with or without JavaScript)
    let searched = query_value("search");
    let posted = query_value("done");
    let members = Resource::new_blocking(
        move || (searched(), set_status.version().get()),
        |(search, _)| list_program_ids(search),
    );
    let done = move || {
        // the answer to the last change (with JavaScript), else what a plain form post reported
        let changed = match set_status.value().get() {
            Some(answer) => answer.is_ok(),
            None => matches!(posted().as_str(), "suspended" | "activated"),
        };
        notice(changed.then(|| t_string!(i18n, program_ids.done_changed)))
    };
    let action_error = refusal(set_status.value());
    let row = move |member: ProgramMember| {
        let id = member.program_id.clone();
        let status = if member.active {
            t_string!(i18n, program_ids.active)
        } else {
            t_string!(i18n, program_ids.suspended)
        };
        let (button, active_after) = if member.active {
            (t_string!(i18n, program_ids.suspend), "false")
        } else {
            (t_string!(i18n, program_ids.activate), "true")
        };
        let (row_id, form_id) = (id.clone(), id.clone());
        view! {
            <tr data-program-id=row_id>
                <td>{member.program_id.clone()}</td>
                <td>{member.legal_name}</td>
                <td>{country_name(i18n, &member.country)}</td>
                <td>{member.contact_email}</td>
                <td>{member.joined}</td>
                <td data-testid="program-id-status">{status}</td>
                <td>
                    <ActionForm action=set_status attr:class="inline-form">
                        <input type="hidden" name="program_id" value=form_id />
                        <input type="hidden" name="active" value=active_after />
                        <button type="submit" class="button button--small">
                            {button}
                            <span class="visually-hidden">" (" {id} ")"</span>
                        </button>
                    </ActionForm>
                </td>
            </tr>
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, program_ids.page_title).to_string() />
        {guarded(members, move |error| match error {
                        // a search that is not a program ID
                        crate::api::AppError::Validation { .. } => {
                        view! {
                            <Titled id="program-ids-title" title=tr!(i18n, program_ids.title)>
                                <p class="form-message" role="alert">{t!(i18n, program_ids.search_invalid)}</p>
                                <p><a href="/program/ids">{t!(i18n, program_ids.show_all)}</a></p>
                            </Titled>
                        }
                        .into_any()
                        }
                        error => admin_page_refused(error, t_string!(i18n, program_ids.title), t_string!(i18n, staff.only_admins)),
                    }, move |members| {
                        let empty = members.is_empty();
                        view! {
                            <Titled id="program-ids-title" title=tr!(i18n, program_ids.title) intro=tr!(i18n, program_ids.intro)>
                                {done}
                                <FormMessage error=action_error />
                                <form method="get" action="/program/ids" class="form form--inline" role="search">
                                    <div class="field">
                                        <label for="search">{t!(i18n, program_ids.search)}</label>
                                        <input id="search" name="search" inputmode="numeric" value=searched />
                                    </div>
                                    <button type="submit" class="button">{t!(i18n, program_ids.search_submit)}</button>
                                </form>
                                {if empty {
                                    view! { <p class="muted">{t!(i18n, program_ids.empty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <DataTable
                                            columns=columns!(i18n, program_ids.col_id, program_ids.col_name, program_ids.col_country, program_ids.col_contact, program_ids.col_joined, program_ids.col_status, program_ids.col_actions)>
                                            {members.into_iter().map(row).collect_view()}
                                        </DataTable>
                                    }.into_any()
                                }}
                            </Titled>
                        }
                    })}
    }
}

#[component]
pub fn ProgramSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save_days = ServerAction::<SaveReviewDays>::new();
    let save_criterion = ServerAction::<SaveCriterion>::new();
    let retire = ServerAction::<RetireCriterion>::new();
    let add_domain = ServerAction::<AddFreeMailDomain>::new();
    let remove_domain = ServerAction::<RemoveFreeMailDomain>::new();
    let save_two_factor = ServerAction::<SaveTwoFactorEveryone>::new();
    let posted = query_value("done");
    let settings = Resource::new_blocking(
        changes([
            save_days.version(),
            save_criterion.version(),
            retire.version(),
            add_domain.version(),
            remove_domain.version(),
            save_two_factor.version(),
        ]),
        |_| load_enrollment_settings(),
    );
    let days_error = refusal(save_days.value());
    let criterion_error = refusal(save_criterion.value());
    let retire_error = refusal(retire.value());
    let domain_error = refusal(add_domain.value());
    let remove_domain_error = refusal(remove_domain.value());
    // a form that added something starts empty again (with JavaScript; without, the page is new)
    let add_criterion_form = NodeRef::<leptos::html::Form>::new();
    let add_domain_form = NodeRef::<leptos::html::Form>::new();
    // (after a criterion was reworded too: the form to add one is empty then anyway)
    reset_on_success(save_criterion.value(), add_criterion_form);
    reset_on_success(add_domain.value(), add_domain_form);
    let saved = move || {
        let any_ok = [
            save_days.value().get(),
            save_criterion.value().get(),
            retire.value().get(),
            add_domain.value().get(),
            remove_domain.value().get(),
            save_two_factor.value().get(),
        ]
        .into_iter()
        .any(|v| matches!(v, Some(Ok(()))));
        notice((any_ok || !posted().is_empty()).then(|| t_string!(i18n, settings.saved)))
    };
    view! {
        <PageTitle text=move || t_string!(i18n, settings.page_title).to_string() />
        {guarded(settings, move |error| {
                        admin_page_refused(error, t_string!(i18n, settings.title), t_string!(i18n, staff.only_admins))
                    }, move |settings| {
                        let criteria = settings
                            .criteria
                            .into_iter()
                            .enumerate()
                            .map(|(index, criterion)| {
                                let number = index + 1;
                                let key = criterion.key.clone();
                                let wording = move |name: &'static str, label: &str, text: String| {
                                    let (id, label) = (format!("{name}-{key}"), format!("{label} {number}"));
                                    view! {
                                        <div class="field">
                                            <label for=id.clone()>{label}</label>
                                            <textarea id=id name=name rows="2">{text}</textarea>
                                        </div>
                                    }
                                };
                                let (item_key, save_key, retire_key) = (
                                    criterion.key.clone(),
                                    criterion.key.clone(),
                                    criterion.key.clone(),
                                );
                                view! {
                                    <li class="criterion" data-key=item_key>
                                        <ActionForm action=save_criterion attr:class="form">
                                            <input type="hidden" name="key" value=save_key />
                                            {wording("text_en", t_string!(i18n, settings.criterion_en), criterion.text_en.clone())}
                                            {wording("text_ko", t_string!(i18n, settings.criterion_ko), criterion.text_ko.clone())}
                                            <button type="submit" class="button button--small">
                                                {t!(i18n, settings.save_criterion)}
                                                <span class="visually-hidden">" " {number}</span>
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=retire attr:class="inline-form">
                                            <input type="hidden" name="key" value=retire_key />
                                            <button type="submit" class="button button--small button--danger">
                                                {t!(i18n, settings.remove_criterion)}
                                                <span class="visually-hidden">" " {number}</span>
                                            </button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view();
                        let no_additions = settings.free_mail_additions.is_empty();
                        let additions = settings
                            .free_mail_additions
                            .into_iter()
                            .map(|domain| {
                                let (value, shown, named) = (domain.clone(), domain.clone(), domain.clone());
                                view! {
                                    <li data-domain=domain>
                                        <span>{shown}</span>
                                        <ActionForm action=remove_domain attr:class="inline-form">
                                            <input type="hidden" name="domain" value=value />
                                            <button type="submit" class="button button--small button--danger">
                                                {t!(i18n, settings.free_mail_remove)}
                                                <span class="visually-hidden">" (" {named} ")"</span>
                                            </button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view();
                        let built_in = crate::domain::free_mail::FREE_MAIL_DOMAINS.len().to_string();
                        view! {
                            <Titled id="settings-title" title=tr!(i18n, settings.title) class="form-page">
                                {saved}
                                <FormMessage error=retire_error />
                                <h2>{t!(i18n, settings.review_title)}</h2>
                                <ActionForm action=save_days attr:class="form" attr:novalidate=true>
                                    <FormMessage error=days_error />
                                    <Field
                                        name="review_days"
                                        inputmode="numeric"
                                        label=tr!(i18n, settings.review_days)
                                        hint=tr!(i18n, settings.review_days_hint)
                                        value=Signal::derive(move || {
                                            days_error
                                                .get()
                                                .and_then(|e| e.typed("review_days").map(str::to_owned))
                                                .unwrap_or_else(|| settings.review_days.to_string())
                                        })
                                        error=days_error
                                    />
                                    <Submit>{t!(i18n, settings.save)}</Submit>
                                </ActionForm>
                                <h2>{t!(i18n, settings.two_factor_title)}</h2>
                                <p>{t!(i18n, settings.two_factor_intro)}</p>
                                <ActionForm action=save_two_factor attr:class="form">
                                    <div class="checkbox">
                                        <input type="checkbox" id="two-factor-everyone" name="everyone"
                                            value="on" checked=settings.two_factor_everyone />
                                        <label for="two-factor-everyone">{t!(i18n, settings.two_factor_everyone)}</label>
                                    </div>
                                    <Submit>{t!(i18n, settings.two_factor_save)}</Submit>
                                </ActionForm>
                                <h2>{t!(i18n, settings.criteria_title)}</h2>
                                <p>{t!(i18n, settings.criteria_intro)}</p>
                                <FormMessage error=criterion_error />
                                <ol class="criteria">{criteria}</ol>
                                <h3>{t!(i18n, settings.add_title)}</h3>
                                <ActionForm action=save_criterion node_ref=add_criterion_form attr:class="form" attr:novalidate=true>
                                    <Field name="text_en" label=tr!(i18n, settings.criterion_en)
                                        value=typed_value(criterion_error, "text_en") error=criterion_error />
                                    <Field name="text_ko" label=tr!(i18n, settings.criterion_ko)
                                        value=typed_value(criterion_error, "text_ko") error=criterion_error />
                                    <button type="submit" class="button">
                                        {t!(i18n, settings.add_criterion)}
                                    </button>
                                </ActionForm>
                                <h2 id="free-mail-title">{t!(i18n, settings.free_mail_title)}</h2>
                                <p>{move || t_string!(i18n, settings.free_mail_intro).replace("{count}", &built_in)}</p>
                                <FormMessage error=remove_domain_error />
                                <h3>{t!(i18n, settings.free_mail_added_list)}</h3>
                                {if no_additions {
                                    view! { <p class="muted">{t!(i18n, settings.free_mail_none)}</p> }.into_any()
                                } else {
                                    view! { <ul class="domain-list" aria-labelledby="free-mail-title">{additions}</ul> }.into_any()
                                }}
                                <ActionForm action=add_domain node_ref=add_domain_form attr:class="form" attr:novalidate=true>
                                    <Field
                                        name="domain"
                                        label=tr!(i18n, settings.free_mail_domain)
                                        hint=tr!(i18n, settings.free_mail_domain_hint)
                                        value=typed_value(domain_error, "domain")
                                        error=domain_error
                                        check=Callback::new(|value: String| {
                                            crate::domain::free_mail::parse_addition(&value).err().map(str::to_owned)
                                        })
                                    />
                                    <button type="submit" class="button">
                                        {t!(i18n, settings.free_mail_add)}
                                    </button>
                                </ActionForm>
                            </Titled>
                        }
                    })}
    }
}
