//! Two-factor sign-in: the code step of a sign-in, the security page of one's profile, setting
//! up an authenticator, and the recovery codes shown once. Everything works without JavaScript.

use crate::ui::components::*;
use crate::{
    api::two_factor::{
        CODES_PATH, ConfirmTwoFactor, RenewRecoveryCodes, SET_UP_PATH, SignInCode,
        TurnOffTwoFactor, load_enrolment, load_security, take_recovery_codes,
    },
    i18n::*,
    ui::components::forms::{Field, FormMessage},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

/// The security page of one's profile.
pub const SECURITY_PATH: &str = "/account/security";

/// Sends the browser to `path` when the action succeeds (with JavaScript; a plain form post is
/// sent there by the server).
fn go_on_success<T: Send + Sync + 'static>(
    value: MappedSignal<Option<Result<T, crate::api::AppError>>>,
    path: &'static str,
) {
    let navigate = use_navigate();
    on_success(value, move || navigate(path, Default::default()));
}

/// The second step of a sign-in: the code from the authenticator app, or a recovery code.
#[component]
pub fn SignInCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignInCode>::new();
    let error = refusal(action.value());
    view! {
        <PageTitle text=move || t_string!(i18n, two_factor.code_page_title).to_string() />
        <Titled id="sign-in-code-title" title=tr!(i18n, two_factor.code_title) intro=tr!(i18n, two_factor.code_intro) class="form-page">
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <Field name="code" autocomplete="one-time-code" label=tr!(i18n, two_factor.code_label)
                    hint=tr!(i18n, two_factor.code_hint) error />
                <Submit>{t!(i18n, two_factor.code_submit)}</Submit>
            </ActionForm>
            <p class="muted">
                {t!(i18n, two_factor.code_lost)} " "
                <A href="/sign-in">{t!(i18n, two_factor.start_again)}</A>
            </p>
        </Titled>
    }
}

/// Profile → security: whether two-factor sign-in is on, its recovery codes, and what can be
/// done about them.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let turn_off = ServerAction::<TurnOffTwoFactor>::new();
    let security = Resource::new_blocking(changes([renew.version(), turn_off.version()]), |_| {
        load_security()
    });
    go_on_success(renew.value(), CODES_PATH);
    let outcomes = Outcomes::new([(turn_off.value(), "off")]);
    let renew_error = refusal(renew.value());
    let turn_off_error = refusal(turn_off.value());
    let title = move || t_string!(i18n, two_factor.security_title).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, two_factor.security_page_title).to_string() />
        {guarded(security, move |error| admin_page_refused(error, title(), title()), move |security| {
            let state = match (security.on, security.set_up_at.clone()) {
                (true, Some(at)) => t_string!(i18n, two_factor.on_since).replace("{date}", at.get(..10).unwrap_or(&at)),
                (true, None) => t_string!(i18n, two_factor.on).to_string(),
                (false, _) => t_string!(i18n, two_factor.off).to_string(),
            };
            let need = if security.required {
                t_string!(i18n, two_factor.required)
            } else {
                t_string!(i18n, two_factor.optional)
            };
            let left = t_string!(i18n, two_factor.codes_left)
                .replace("{left}", &security.recovery_left.to_string());
            view! {
                <Titled id="security-title" title=tr!(i18n, two_factor.security_title) intro=tr!(i18n, two_factor.security_intro) class="form-page">
                    {move || done_notice(outcomes.done(), move |code| {
                        (code == "off").then(|| t_string!(i18n, two_factor.done_off))
                    })}
                    <dl class="facts">
                        <dt>{t!(i18n, two_factor.state)}</dt>
                        <dd data-testid="two-factor-state">{state}</dd>
                        <dt>{t!(i18n, two_factor.need)}</dt>
                        <dd>{need}</dd>
                        {security.on.then(|| view! {
                            <dt>{t!(i18n, two_factor.codes)}</dt>
                            <dd data-testid="codes-left">{left}</dd>
                        })}
                    </dl>
                    {if security.on {
                        view! {
                            <p>
                                <A href=SET_UP_PATH attr:class="button">{t!(i18n, two_factor.set_up_again)}</A>
                            </p>
                            <ActionForm action=renew attr:class="form">
                                <FormMessage error=renew_error />
                                <p class="muted">{t!(i18n, two_factor.renew_hint)}</p>
                                <ProofField id="renew-proof" error=renew_error refresh=renew.version() />
                                <button type="submit" class="button">{t!(i18n, two_factor.renew)}</button>
                            </ActionForm>
                            {(!security.required).then(|| view! {
                                <ActionForm action=turn_off attr:class="form">
                                    <FormMessage error=turn_off_error />
                                    <ProofField id="off-proof" error=turn_off_error refresh=turn_off.version() />
                                    <button type="submit" class="button button--quiet">{t!(i18n, two_factor.turn_off)}</button>
                                </ActionForm>
                            })}
                        }
                        .into_any()
                    } else {
                        view! {
                            <p>
                                <A href=SET_UP_PATH attr:class="button button--primary">{t!(i18n, two_factor.set_up)}</A>
                            </p>
                        }
                        .into_any()
                    }}
                </Titled>
            }
        })}
    }
}

/// Setting up an authenticator app: its QR code (drawn on the server) or the key to type, and
/// a code from the app to confirm.
#[component]
pub fn AuthenticatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let enrolment = Resource::new_blocking(|| (), |_| load_enrolment());
    go_on_success(confirm.value(), CODES_PATH);
    let error = refusal(confirm.value());
    let title = move || t_string!(i18n, two_factor.set_up_title).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, two_factor.set_up_page_title).to_string() />
        {guarded(enrolment, move |error| admin_page_refused(error, title(), title()), move |enrolment| {
            let account = t_string!(i18n, two_factor.account).replace("{account}", &enrolment.account);
            view! {
                <Titled id="set-up-title" title=tr!(i18n, two_factor.set_up_title) class="form-page">
                    {enrolment.must.then(|| view! { <p class="notice">{t!(i18n, two_factor.must)}</p> })}
                    {enrolment.replacing.then(|| view! { <p class="notice">{t!(i18n, two_factor.replacing)}</p> })}
                    <ol class="steps">
                        <li>
                            <p>{t!(i18n, two_factor.step_app)}</p>
                        </li>
                        <li>
                            <p>{t!(i18n, two_factor.step_scan)}</p>
                            <div class="qr" role="img" aria-label=move || t_string!(i18n, two_factor.qr_label).to_string() inner_html=enrolment.qr_svg.clone()></div>
                            <p>{t!(i18n, two_factor.step_type)}</p>
                            <p><code class="secret" data-testid="totp-secret">{enrolment.secret.clone()}</code></p>
                            <p class="muted">{account}</p>
                        </li>
                        <li>
                            <ActionForm action=confirm attr:class="form" attr:novalidate=true>
                                <FormMessage error />
                                <Field name="code" autocomplete="one-time-code" inputmode="numeric"
                                    label=tr!(i18n, two_factor.confirm_label) error />
                                {enrolment.replacing.then(|| view! {
                                    <ProofField id="replace-proof" error refresh=confirm.version() />
                                })}
                                <Submit>{t!(i18n, two_factor.confirm)}</Submit>
                            </ActionForm>
                        </li>
                    </ol>
                </Titled>
            }
        })}
    }
}

/// The recovery codes just made, shown once, with a text file to download.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let i18n = use_i18n();
    let codes = Resource::new_blocking(|| (), |_| take_recovery_codes());
    let title = move || t_string!(i18n, two_factor.codes_title).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, two_factor.codes_page_title).to_string() />
        {guarded(codes, move |error| admin_page_refused(error, title(), title()), move |codes| {
            if codes.is_empty() {
                return view! {
                    <Titled id="codes-title" title=tr!(i18n, two_factor.codes_title) class="form-page">
                        <p>{t!(i18n, two_factor.codes_gone)}</p>
                        <p><A href=SECURITY_PATH>{t!(i18n, two_factor.back_to_security)}</A></p>
                    </Titled>
                }
                .into_any();
            }
            let file = download_href(&codes);
            view! {
                <Titled id="codes-title" title=tr!(i18n, two_factor.codes_title) intro=tr!(i18n, two_factor.codes_intro) class="form-page">
                    <p class="notice" role="status">{t!(i18n, two_factor.codes_ready)}</p>
                    <ol class="recovery-codes" data-testid="recovery-codes">
                        {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                    </ol>
                    <p>
                        <a class="button" download="csp-portal-recovery-codes.txt" href=file>
                            {t!(i18n, two_factor.download)}
                        </a>
                    </p>
                    <p>
                        <A href="/account" attr:class="button button--primary">{t!(i18n, two_factor.codes_done)}</A>
                    </p>
                </Titled>
            }
            .into_any()
        })}
    }
}

/// The codes as a text file's `data:` address (nothing leaves the browser to download it).
fn download_href(codes: &[String]) -> String {
    let text = format!("CSP Portal recovery codes\n\n{}\n", codes.join("\n"));
    let encoded: String = text
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || byte == b'-' {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    format!("data:text/plain;charset=utf-8,{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_download_is_the_codes_one_per_line() {
        let href = super::download_href(&["abcd-efgh".into(), "jkmn-pqrs".into()]);
        assert_eq!(
            href,
            "data:text/plain;charset=utf-8,CSP%20Portal%20recovery%20codes%0A%0Aabcd-efgh%0Ajkmn-pqrs%0A"
        );
    }
}
