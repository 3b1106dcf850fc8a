//! The organization profile page: address, phone, website, primary contact, legal name requests.

use super::*;
use crate::ui::labels::{country_name, model_title};

/// A legal name request in words, for its organization.
fn name_request_status(
    i18n: I18nContext<Locale>,
    request: &NameRequestView,
) -> impl IntoView + use<> {
    let (class, text) = match request.status.as_str() {
        "pending" => ("notice", t_string!(i18n, org.request_pending)),
        "approved" => ("notice", t_string!(i18n, org.request_approved)),
        _ => ("warning", t_string!(i18n, org.request_declined)),
    };
    let text = text
        .replace("{name}", &request.requested_name)
        .replace("{who}", &request.requested_by)
        .replace("{when}", &request.requested_at);
    let note = request.decision_note.clone().map(|note| {
        view! {
            <p>
                {t!(i18n, org.request_note)} " " <q>{note}</q>
            </p>
        }
    });
    view! {
        <div class=class data-testid="name-request">
            <p>{text}</p>
            {note}
        </div>
    }
}

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrganizationProfile>::new();
    let request = ServerAction::<RequestLegalNameChange>::new();
    // the profile is read again after a change that succeeded, not after a refused one: a new
    // read would render the forms again over what the person is typing to correct it
    let changed = RwSignal::new(0_usize);
    on_success(save.value(), move || changed.update(|n| *n += 1));
    on_success(request.value(), move || changed.update(|n| *n += 1));
    let profile = Resource::new_blocking(move || changed.get(), |_| load_organization_profile());
    let save_error = refusal(save.value());
    let request_error = refusal(request.value());
    let outcomes = Outcomes::new([(request.value(), "requested"), (save.value(), "saved")]);
    view! {
        <PageTitle text=move || t_string!(i18n, org.page_title).to_string() />
        {guarded(profile, move |error| refused_page(error, t_string!(i18n, org.title), t_string!(i18n, users.only_partners)), move |view| {
                        let model = Model::parse(&view.model);
                        let country = view.country.clone();
                        let pending = view
                            .name_request
                            .as_ref()
                            .is_some_and(|r| r.status == "pending");
                        let request_state = view
                            .name_request
                            .as_ref()
                            .map(|r| name_request_status(i18n, r));
                        let address = address_fields(
                            &country,
                            view.profile.address.clone(),
                            save_error,
                        );
                        view! {
                            <Titled id="org-title" title=tr!(i18n, org.title) intro=tr!(i18n, org.intro) class="form-page">
                                {move || done_notice(outcomes.done(), move |code| match code {
                                    "saved" => Some(t_string!(i18n, org.done_saved)),
                                    "requested" => Some(t_string!(i18n, org.done_requested)),
                                    _ => None,
                                })}
                                <dl class="facts">
                                    <dt>{t!(i18n, org.legal_name)}</dt>
                                    <dd data-testid="legal-name">{view.name.clone()}</dd>
                                    <dt>{t!(i18n, apply.program_id)}</dt>
                                    <dd>{view.program_id.clone()}</dd>
                                    <dt>{t!(i18n, wizard.model_legend)}</dt>
                                    <dd>{move || model.map(|m| model_title(i18n, m)).unwrap_or_default()}</dd>
                                    <dt>{t!(i18n, wizard.country)}</dt>
                                    <dd>{country_name(i18n, &country)}</dd>
                                </dl>
                                <h2>{t!(i18n, org.contact_title)}</h2>
                                <ActionForm action=save attr:class="form" attr:novalidate=true>
                                    <FormMessage error=save_error />
                                    <input type="hidden" name="version" value=view.profile.version.to_string() />
                                    {address}
                                    <Field name="phone" kind="tel" autocomplete="tel" label=tr!(i18n, wizard.phone) hint=tr!(i18n, wizard.phone_hint)
                                        value=typed_or_saved(save_error, "phone", view.profile.phone.clone()) check=phone_check(&country) error=save_error />
                                    <Field name="website" kind="url" autocomplete="url" label=tr!(i18n, wizard.website)
                                        value=typed_or_saved(save_error, "website", view.profile.website.clone()) check=website_check() error=save_error />
                                    <fieldset class="fieldset">
                                        <legend>{t!(i18n, org.contact_legend)}</legend>
                                        <p class="field-hint">{t!(i18n, org.contact_hint)}</p>
                                        <Field name="contact_name" autocomplete="name" label=tr!(i18n, org.contact_name)
                                            value=typed_or_saved(save_error, "contact_name", view.profile.contact_name.clone()) error=save_error />
                                        <Field name="contact_email" kind="email" autocomplete="email" label=tr!(i18n, org.contact_email)
                                            value=typed_or_saved(save_error, "contact_email", view.profile.contact_email.clone()) error=save_error />
                                        <Field
                                            name="contact_phone"
                                            kind="tel"
                                            autocomplete="tel"
                                            label=tr!(i18n, org.contact_phone)
                                            value=typed_or_saved(save_error, "contact_phone", view.profile.contact_phone.clone())
                                            check=phone_check(&country)
                                            error=save_error
                                        />
                                    </fieldset>
                                    <Submit>{t!(i18n, org.save)}</Submit>
                                </ActionForm>
                            </Titled>
                            <Titled id="legal-title" title=tr!(i18n, org.legal_title) intro=tr!(i18n, org.legal_intro) class="form-page" sub=true>
                                {request_state}
                                {(!pending).then(|| view! {
                                    <ActionForm action=request attr:class="form" attr:novalidate=true>
                                        <FormMessage error=request_error />
                                        <Field
                                            name="requested_name"
                                            autocomplete="off"
                                            label=tr!(i18n, org.requested_name)
                                            value=typed_value(request_error, "requested_name")
                                            error=request_error
                                        />
                                        <TextAreaField name="reason" label=tr!(i18n, org.reason)
                                            hint=tr!(i18n, org.reason_hint) value=typed_value(request_error, "reason") error=request_error />
                                        <button type="submit" class="button">
                                            {t!(i18n, org.request_submit)}
                                        </button>
                                    </ActionForm>
                                })}
                            </Titled>
                        }
                    })}
    }
}
