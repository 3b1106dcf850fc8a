//! The billing profile page: the bank details, masked, and replacing them.

use super::*;

#[component]
pub fn BillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let replace = ServerAction::<ReplaceBankDetails>::new();
    let billing =
        Resource::new_blocking(move || replace.version().get(), |_| load_billing_profile());
    let error = refusal(replace.value());
    let outcomes = Outcomes::new([(replace.value(), "replaced")]);
    view! {
        <PageTitle text=move || t_string!(i18n, billing.page_title).to_string() />
        {guarded(billing, move |error| refused_page(error, t_string!(i18n, billing.title), t_string!(i18n, users.only_partners)), move |view| {
                        let kind = if view.bank_kind == "iban" {
                            t_string!(i18n, billing.kind_iban)
                        } else {
                            t_string!(i18n, billing.kind_domestic)
                        };
                        let changed = match (view.updated_at.clone(), view.updated_by.clone()) {
                            (Some(at), Some(by)) => t_string!(i18n, billing.replaced_by)
                                .replace("{who}", &by)
                                .replace("{when}", &at),
                            _ => t_string!(i18n, billing.as_approved).to_string(),
                        };
                        let country = view.country.clone();
                        view! {
                            <Titled id="billing-title" title=tr!(i18n, billing.title) intro=tr!(i18n, billing.intro) class="form-page">
                                {move || done_notice(outcomes.done(), move |code| {
                                    (code == "replaced").then(|| t_string!(i18n, billing.done_replaced))
                                })}
                                <dl class="facts">
                                    <dt>{t!(i18n, billing.account)}</dt>
                                    <dd data-testid="bank-masked">{view.bank_masked.clone()}</dd>
                                    <dt>{t!(i18n, billing.kind)}</dt>
                                    <dd>{kind}</dd>
                                    <dt>{t!(i18n, billing.changed)}</dt>
                                    <dd>{changed}</dd>
                                </dl>
                                <p class="muted">{t!(i18n, billing.never_clear)}</p>
                                {if view.may_replace {
                                    view! {
                                        <h2>{t!(i18n, billing.replace_title)}</h2>
                                        <p>{t!(i18n, billing.replace_intro)}</p>
                                        <ActionForm action=replace attr:class="form" attr:novalidate=true>
                                            <FormMessage error />
                                            {bank_fields(&country, error)}
                                            <ProofField id="bank-proof" error refresh=replace.version() />
                                            <Submit>{t!(i18n, billing.replace_submit)}</Submit>
                                        </ActionForm>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <crate::ui::components::WhyNotAvailable reason=format!(
                                            "permission.{}",
                                            Permission::BankReplace.code(),
                                        ) />
                                    }
                                    .into_any()
                                }}
                                <crate::ui::components::BilledCustomers />
                            </Titled>
                        }
                    })}
    }
}
