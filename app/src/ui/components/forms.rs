//! Form pieces shared by every page: a labelled field with its message, and the message for the
//! whole form. Messages come as codes and are worded by `ui::labels`.

use crate::ui::labels::{field_message, form_message};
use crate::{api::AppError, i18n::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// What was typed into `field` before the last failed attempt (sent back by the server).
pub fn typed_value(error: Signal<Option<AppError>>, field: &'static str) -> Signal<String> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.typed(field).map(str::to_owned))
            .unwrap_or_default()
    })
}

/// The message above a form, when the last attempt failed.
#[component]
pub fn FormMessage(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error
            .get()
            .and_then(|e| form_message(i18n, &e))
            .map(|message| {
                view! {
                    <p class="form-message" role="alert">
                        {message}
                    </p>
                }
            })
    }
}

/// The message shown for a field: the browser's own check once the field was changed after the
/// last answer from the server (the same domain rules the server applies), else the server's.
fn field_message_signal(
    name: &'static str,
    error: Signal<Option<AppError>>,
) -> (RwSignal<Option<Option<String>>>, Signal<Option<String>>) {
    let i18n = use_i18n();
    let local = RwSignal::new(None::<Option<String>>);
    // a new answer from the server replaces what the browser found
    Effect::new(move |_| {
        error.track();
        local.set(None);
    });
    let message = Signal::derive(move || {
        let code = match local.get() {
            Some(local) => local,
            None => error
                .get()
                .and_then(|e| e.field_code(name).map(str::to_owned)),
        };
        code.map(|code| field_message(i18n, &code))
    });
    (local, message)
}

/// `aria-describedby` for a field with an optional hint and message.
fn described_by(
    name: &'static str,
    has_hint: bool,
    message: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if message.with(Option::is_some) {
            ids.push(format!("{name}-message"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled input with its message underneath, linked for screen readers. With `check`, the
/// browser checks the value when it is changed, with the rule the server uses.
#[component]
pub fn Field(
    /// the form field's name (and the id of the input)
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// what to show in the field (the value typed before a failed attempt)
    #[prop(into, optional)]
    value: Option<Signal<String>>,
    /// a hint under the label
    #[prop(into, optional)]
    hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// the message code for a value, None when it is fine
    #[prop(optional, into)]
    check: Option<Callback<String, Option<String>>>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let (local, message) = field_message_signal(name, error);
    // A message goes away as soon as the value is right (while typing), and a new one appears
    // only when the field is left: nothing jumps while the person types, or under their
    // pointer when they go for the button.
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(check) = check
            && check.run(event_target_value(&ev)).is_none()
        {
            local.set(Some(None));
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(check) = check {
            local.set(Some(check.run(event_target_value(&ev))));
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=move || value.map(|v| v.get()).unwrap_or_default()
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by(name, hint.is_some(), message)
                on:input=on_input
                on:change=on_change
            />
            <FieldMessage name message />
        </div>
    }
}

/// The message under a field.
#[component]
fn FieldMessage(name: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p class="field-message" id=format!("{name}-message")>
                    {text}
                </p>
            }
        })
    }
}

/// A labelled text area with its message, for longer text (a reason, a note).
#[component]
pub fn TextAreaField(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional)] value: Option<Signal<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let (_, message) = field_message_signal(name, error);
    view! {
        <div class="field" class:field--invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <textarea
                id=name
                name=name
                rows=rows
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by(name, hint.is_some(), message)
                prop:value=move || value.map(|v| v.get()).unwrap_or_default()
            >
                {value.map(|v| v.get_untracked()).unwrap_or_default()}
            </textarea>
            <FieldMessage name message />
        </div>
    }
}

/// The words of an answer to a request, in the page's language.
pub struct DecisionWords {
    pub legend: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub message: &'static str,
}

/// The message for a field of a row's form (the row `key`): the last refusal's message for
/// `field`, when the refusal concerns this row (its `id` sent back).
pub fn row_refusal(
    i18n: I18nContext<Locale>,
    error: Signal<Option<AppError>>,
    key: &str,
) -> impl Fn(&'static str) -> Option<String> + Clone + Send + Sync + 'static {
    let key = key.to_owned();
    move |field| {
        error
            .get()
            .filter(|e| e.typed("id") == Some(key.as_str()))
            .and_then(|e| e.field_code(field).map(|code| field_message(i18n, code)))
    }
}

/// The fields of an answer to a request `key`: accept or decline (`decision`), and a
/// `message`. A refusal's messages show at them when it concerns this request (its `id` sent
/// back).
pub fn decision_fields(
    i18n: I18nContext<Locale>,
    key: &str,
    error: Signal<Option<AppError>>,
    words: DecisionWords,
) -> impl IntoView + use<> {
    let refusal = row_refusal(i18n, error, key);
    let (decision_refusal, message_refusal) = (refusal.clone(), refusal);
    let (accept_id, decline_id, message_id) = (
        format!("accept-{key}"),
        format!("decline-{key}"),
        format!("message-{key}"),
    );
    view! {
        <input type="hidden" name="id" value=key.to_owned() />
        <fieldset class="checkboxes">
            <legend>{words.legend}</legend>
            {move || decision_refusal("decision").map(|t| view! { <p class="field-message">{t}</p> })}
            <div class="checkbox">
                <input type="radio" id=accept_id.clone() name="decision" value="accept" />
                <label for=accept_id>{words.accept}</label>
            </div>
            <div class="checkbox">
                <input type="radio" id=decline_id.clone() name="decision" value="decline" />
                <label for=decline_id>{words.decline}</label>
            </div>
        </fieldset>
        <div class="field">
            <label for=message_id.clone()>{words.message}</label>
            <textarea id=message_id name="message" rows="2"></textarea>
            {move || message_refusal("message").map(|t| view! { <p class="field-message">{t}</p> })}
        </div>
    }
}

/// A value as it may stand in a page address's query.
pub fn query_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A choice of a list's filter form (a plain GET form, no refusals): `any`, the first option,
/// filters nothing.
#[component]
pub fn FilterSelect(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] any: Signal<String>,
    /// (value, text) in the order shown
    options: Vec<(String, String)>,
    /// the value in the address
    selected: String,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let chosen = value == selected;
            view! { <option value=value selected=chosen>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="">{any}</option>
                {options}
            </select>
        </div>
    }
}

/// A labelled drop-down list with its message.
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    /// (value, text) in the order shown
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// the value chosen
    #[prop(into)]
    selected: Signal<String>,
    /// the text of the empty first choice ("Choose…"); none when every option is a real one
    #[prop(into, optional)]
    placeholder: Option<Signal<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// tells the page the choice changed (e.g. the address form follows the country)
    #[prop(optional, into)]
    on_choose: Option<Callback<String>>,
) -> impl IntoView {
    let (local, message) = field_message_signal(name, error);
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        local.set(Some(None));
        if let Some(on_choose) = on_choose {
            on_choose.run(value);
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <select
                id=name
                name=name
                autocomplete=autocomplete
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by(name, hint.is_some(), message)
                on:change=on_change
            >
                {placeholder
                    .map(|text| {
                        view! {
                            <option value="" selected=move || selected.with(String::is_empty)>
                                {text}
                            </option>
                        }
                    })}
                {move || {
                    let chosen = selected.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let is_chosen = value == chosen;
                            view! {
                                <option value=value selected=is_chosen>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessage name message />
        </div>
    }
}
