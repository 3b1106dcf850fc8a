//! The business profile editor and the public partner directory (a search page and one page per
//! partner, rendered on the server so they work without JavaScript and can be indexed).

use crate::ui::components::*;
use crate::ui::labels::field_message;
use crate::ui::labels::{code_name, code_names, country_name, country_names, model_title};
use crate::{
    api::relationships::RequestProvider,
    api::{
        AppError,
        directory::{
            Card, DirectoryEntryView, Profile, PublishBusinessProfile, RemoveLogo,
            SaveBusinessProfile, UnpublishBusinessProfile, UploadLogo, load_business_profile,
            load_directory_entry, search_directory,
        },
    },
    domain::{
        application::Model,
        business_profile::{
            CUSTOMER_SIZES, INDUSTRIES, LANGUAGES, MAX_LOCATIONS, MAX_LOGO_BYTES, PRODUCTS,
            SERVICES,
        },
        country,
    },
    i18n::*,
    ui::{
        components::forms::{Field, FormMessage, TextAreaField, query_encode},
        components::{refused_page, typed_or_saved, website_check},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// The form names of the location rows (static: they are also the inputs' ids).
const CITY_FIELDS: [&str; MAX_LOCATIONS] = [
    "location[city0]",
    "location[city1]",
    "location[city2]",
    "location[city3]",
    "location[city4]",
];
const COUNTRY_FIELDS: [&str; MAX_LOCATIONS] = [
    "location[country0]",
    "location[country1]",
    "location[country2]",
    "location[country3]",
    "location[country4]",
];

/// A group of boxes named `<name>[<code>]`, ticked for `chosen`, with a message for `name`.
fn code_boxes(
    i18n: I18nContext<Locale>,
    name: &'static str,
    kind: &'static str,
    legend: &'static str,
    codes: &'static [&'static str],
    chosen: Vec<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView + use<> {
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_code(name).map(|code| field_message(i18n, code)))
    };
    let message_id = format!("{name}-message");
    view! {
        <fieldset class="checkboxes checkboxes--columns" data-testid=format!("{name}-boxes")>
            <legend>{legend}</legend>
            {move || message().map(|text| view! { <p class="field-message" id=message_id.clone()>{text}</p> })}
            {codes
                .iter()
                .map(|code| {
                    let id = format!("{name}-{code}");
                    view! {
                        <div class="checkbox">
                            <input
                                type="checkbox"
                                id=id.clone()
                                name=format!("{name}[{code}]")
                                value="on"
                                checked=chosen.iter().any(|c| c == code)
                            />
                            <label for=id>{code_name(i18n, kind, code)}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The country choices of a drop-down, in the page's language.
fn country_choices(i18n: I18nContext<Locale>, chosen: &str) -> impl IntoView + use<> {
    let korean = i18n.get_locale() == Locale::ko;
    country::by_name(korean)
        .into_iter()
        .map(|c| {
            let selected = c.code == chosen;
            view! {
                <option value=c.code selected=selected>
                    {if korean { c.name_ko } else { c.name_en }}
                </option>
            }
        })
        .collect_view()
}

#[component]
pub fn BusinessProfileEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveBusinessProfile>::new();
    let publish = ServerAction::<PublishBusinessProfile>::new();
    let unpublish = ServerAction::<UnpublishBusinessProfile>::new();
    let remove_logo = ServerAction::<RemoveLogo>::new();
    // read again after a success only: a refused save keeps what was typed and ticked
    let successes = RwSignal::new(0u32);
    Effect::new(move |_| {
        // all three read every time, so that each of them is tracked
        let answers = [
            save.value().get(),
            publish.value().get(),
            unpublish.value().get(),
            remove_logo.value().get(),
        ];
        if answers.iter().any(|v| matches!(v, Some(Ok(())))) {
            successes.update(|n| *n += 1);
        }
    });
    let page = Resource::new_blocking(move || successes.get(), |_| load_business_profile());
    let save_error = refusal(save.value());
    let outcomes = Outcomes::new([
        (save.value(), "saved"),
        (publish.value(), "published"),
        (unpublish.value(), "unpublished"),
        (remove_logo.value(), "logo_removed"),
    ]);
    let publish_error = outcomes.refusal(&["published", "unpublished"]);
    // an uploaded logo: the upload is a plain form post, with JavaScript too
    let logo_uploaded = query_is("done", "logo");
    let done = move || {
        let code = outcomes
            .done()
            .or_else(|| logo_uploaded().then_some("logo"));
        done_notice(code, move |code| match code {
            "saved" => Some(t_string!(i18n, bp.done_saved)),
            "published" => Some(t_string!(i18n, bp.done_published)),
            "unpublished" => Some(t_string!(i18n, bp.done_unpublished)),
            "logo" => Some(t_string!(i18n, bp.done_logo)),
            "logo_removed" => Some(t_string!(i18n, bp.done_logo_removed)),
            _ => None,
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, bp.page_title).to_string() />
        {guarded(page, move |error| refused_page(error, t_string!(i18n, bp.title), t_string!(i18n, users.only_partners)), move |page| {
                        let p = page.profile.clone();
                        let is_provider = page.model == "indirect_provider";
                        let intro = t_string!(i18n, bp.intro).replace("{organization}", &page.organization);
                        let status = match (&page.published_at, page.unpublished_changes) {
                            (Some(when), changes) => {
                                let text = t_string!(i18n, bp.status_published).replace("{when}", when);
                                view! {
                                    <p>{text}</p>
                                    {changes.then(|| view! { <p><strong>{t!(i18n, bp.status_changes)}</strong></p> })}
                                    {page.slug.clone().map(|slug| view! {
                                        <p><A href=format!("/directory/{slug}")>{t!(i18n, bp.view_page)}</A></p>
                                    })}
                                }
                                .into_any()
                            }
                            (None, _) => view! { <p>{t!(i18n, bp.status_draft_only)}</p> }.into_any(),
                        };
                        let saved_by = match (&page.updated_by, &page.updated_at) {
                            (Some(who), Some(when)) => Some(
                                t_string!(i18n, bp.saved_by).replace("{who}", who).replace("{when}", when),
                            ),
                            _ => None,
                        };
                        let missing = page.missing.clone();
                        let regions_text = p.regions.join(", ");
                        let locations = (0..MAX_LOCATIONS)
                            .map(|n| {
                                let crate::domain::business_profile::Location { city, country: country_code } = p.locations.get(n).cloned().unwrap_or_default();
                                let city_name = CITY_FIELDS[n];
                                let country_name_field = COUNTRY_FIELDS[n];
                                let typed_city = typed_or_saved(save_error, city_name, city);
                                let key = format!("location_{n}");
                                let message = move || {
                                    save_error
                                        .get()
                                        .and_then(|e| e.field_code(&key).map(|code| field_message(i18n, code)))
                                };
                                let number = (n + 1).to_string();
                                let number2 = number.clone();
                                view! {
                                    <div class="location-row">
                                        <div class="field">
                                            <label for=city_name>
                                                {move || t_string!(i18n, bp.location_city).replace("{n}", &number)}
                                            </label>
                                            <input id=city_name name=city_name value=move || typed_city.get() />
                                        </div>
                                        <div class="field">
                                            <label for=country_name_field>
                                                {move || t_string!(i18n, bp.location_country).replace("{n}", &number2)}
                                            </label>
                                            <select id=country_name_field name=country_name_field>
                                                <option value="">{t!(i18n, forms.choose)}</option>
                                                {country_choices(i18n, &country_code)}
                                            </select>
                                        </div>
                                        {move || message().map(|text| view! { <p class="field-message">{text}</p> })}
                                    </div>
                                }
                            })
                            .collect_view();
                        let version = page.version.to_string();
                        let version2 = version.clone();
                        view! {
                            <Titled id="bp-title" title=tr!(i18n, bp.title) class="form-page">
                                <p>{intro}</p>
                                {done}
                                <div class="card" data-testid="bp-status">
                                    {status}
                                    {saved_by.map(|text| view! { <p class="muted">{text}</p> })}
                                </div>
                                <LogoSection logo=page.logo.clone() remove=remove_logo />
                                <ActionForm action=save attr:class="form" attr:novalidate=true>
                                    <FormMessage error=save_error />
                                    <input type="hidden" name="version" value=version />
                                    <TextAreaField
                                        name="description"
                                        rows=8
                                        label=tr!(i18n, bp.description)
                                        hint=tr!(i18n, bp.description_hint)
                                        value=typed_or_saved(save_error, "description", p.description.clone())
                                        error=save_error
                                    />
                                    <Field name="website" kind="url" autocomplete="url" label=tr!(i18n, bp.website)
                                        value=typed_or_saved(save_error, "website", p.website.clone()) check=website_check() error=save_error />
                                    {code_boxes(i18n, "products", "product", t_string!(i18n, bp.products), PRODUCTS, p.products.clone(), save_error)}
                                    {code_boxes(i18n, "services", "service", t_string!(i18n, bp.services), SERVICES, p.services.clone(), save_error)}
                                    {code_boxes(i18n, "industries", "industry", t_string!(i18n, bp.industries), INDUSTRIES, p.industries.clone(), save_error)}
                                    <Field name="regions" label=tr!(i18n, bp.regions) hint=tr!(i18n, bp.regions_hint)
                                        value=typed_or_saved(save_error, "regions", regions_text) error=save_error />
                                    {code_boxes(i18n, "languages", "language", t_string!(i18n, bp.languages), LANGUAGES, p.languages.clone(), save_error)}
                                    {code_boxes(i18n, "customer_sizes", "size", t_string!(i18n, bp.customer_sizes), CUSTOMER_SIZES, p.customer_sizes.clone(), save_error)}
                                    <fieldset class="fieldset">
                                        <legend>{t!(i18n, bp.locations)}</legend>
                                        {locations}
                                    </fieldset>
                                    <fieldset class="fieldset">
                                        <legend>{t!(i18n, bp.lead)}</legend>
                                        <p class="field-hint">{t!(i18n, bp.lead_hint)}</p>
                                        <Field name="lead_name" autocomplete="name" label=tr!(i18n, bp.lead_name)
                                            value=typed_or_saved(save_error, "lead_name", p.lead_name.clone()) error=save_error />
                                        <Field name="lead_email" kind="email" autocomplete="email" label=tr!(i18n, bp.lead_email)
                                            value=typed_or_saved(save_error, "lead_email", p.lead_email.clone()) error=save_error />
                                    </fieldset>
                                    {is_provider.then(|| view! {
                                        <fieldset class="fieldset">
                                            <legend>{t!(i18n, bp.provider)}</legend>
                                            <div class="checkbox">
                                                <input
                                                    type="checkbox"
                                                    id="accepting_resellers"
                                                    name="accepting_resellers"
                                                    value="on"
                                                    checked=p.accepting_resellers
                                                />
                                                <label for="accepting_resellers">{t!(i18n, bp.accepting_resellers)}</label>
                                            </div>
                                            <Field name="support_hours" label=tr!(i18n, bp.support_hours)
                                                value=typed_or_saved(save_error, "support_hours", p.support_hours.clone()) error=save_error />
                                        </fieldset>
                                    })}
                                    <Submit>{t!(i18n, bp.save)}</Submit>
                                </ActionForm>
                            </Titled>
                            <Titled id="publish-title" title=tr!(i18n, bp.publish_title) intro=tr!(i18n, bp.publish_intro) class="form-page" sub=true>
                                <FormMessage error=publish_error />
                                {(!page.approved).then(|| view! { <p class="warning">{t!(i18n, bp.not_approved)}</p> })}
                                {(!missing.is_empty()).then(|| view! {
                                    <div class="warning" data-testid="bp-missing">
                                        <p>{t!(i18n, bp.missing)}</p>
                                        <ul>
                                            {missing
                                                .iter()
                                                .map(|(_, code)| view! { <li>{field_message(i18n, code)}</li> })
                                                .collect_view()}
                                        </ul>
                                    </div>
                                })}
                                <div class="actions">
                                    <ActionForm action=publish attr:class="inline-form">
                                        <input type="hidden" name="version" value=version2 />
                                        <Submit>{t!(i18n, bp.publish)}</Submit>
                                    </ActionForm>
                                    {page.published_at.is_some().then(|| view! {
                                        <ActionForm action=unpublish attr:class="inline-form">
                                            <button type="submit" class="button button--danger">{t!(i18n, bp.unpublish)}</button>
                                        </ActionForm>
                                    })}
                                </div>
                            </Titled>
                        }
                    })}
    }
}

/// A directory filter: a drop-down named `name` with an "any" choice.
fn filter_select(
    id: &'static str,
    name: &'static str,
    label_text: &'static str,
    any: &'static str,
    options: Vec<(String, String)>,
    chosen: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label_text}</label>
            <select id=id name=name>
                <option value="">{any}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn model_name(i18n: I18nContext<Locale>, code: &str) -> String {
    Model::parse(code)
        .map(|m| model_title(i18n, m).to_owned())
        .unwrap_or_default()
}

fn card(i18n: I18nContext<Locale>, card: Card) -> impl IntoView {
    let serves = country_names(i18n, &card.regions);
    view! {
        <li class="card directory-card" data-testid="directory-card">
            // the name is next to it: the logo adds nothing to read
            {card.logo.clone().map(|src| view! { <img class="directory-card__logo" src=src alt="" loading="lazy" /> })}
            <h2>
                <A href=format!("/directory/{}", card.slug)>{card.name.clone()}</A>
            </h2>
            <p class="muted">
                {model_name(i18n, &card.model)} " · " {country_name(i18n, &card.country)}
                {card.accepting_resellers.then(|| view! { " · " {t!(i18n, directory.accepting)} })}
            </p>
            <p>{card.description.clone()}</p>
            <dl class="facts facts--compact">
                <dt>{t!(i18n, directory.serves)}</dt>
                <dd>{serves}</dd>
                <dt>{t!(i18n, directory.sells)}</dt>
                <dd>{code_names(i18n, "product", &card.products)}</dd>
                <dt>{t!(i18n, directory.speaks)}</dt>
                <dd>{code_names(i18n, "language", &card.languages)}</dd>
            </dl>
        </li>
    }
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &'static str| query.with(|q| q.get(name)).unwrap_or_default();
    let page_number = query_page();
    let results = Resource::new_blocking(
        move || {
            (
                param("q"),
                param("model"),
                param("region"),
                param("product"),
                param("language"),
                param("size"),
                page_number(),
            )
        },
        |(q, model, region, product, language, size, page)| {
            search_directory(q, model, region, product, language, size, page)
        },
    );
    view! {
        <PageTitle text=move || t_string!(i18n, directory.page_title).to_string() />
        <PageDescription text=move || t_string!(i18n, directory.description).to_string() />
        <Titled id="directory-title" title=tr!(i18n, directory.title) intro=tr!(i18n, directory.intro)>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let answer = results.await;
                    let korean = i18n.get_locale() == Locale::ko;
                    let models: Vec<(String, String)> = ["direct_bill", "indirect_provider", "indirect_reseller"]
                        .iter()
                        .map(|m| ((*m).to_owned(), model_name(i18n, m)))
                        .collect();
                    let regions: Vec<(String, String)> = country::by_name(korean)
                        .into_iter()
                        .map(|c| (c.code.to_owned(), if korean { c.name_ko } else { c.name_en }.to_owned()))
                        .collect();
                    let list = |kind: &'static str, codes: &[&str]| -> Vec<(String, String)> {
                        codes.iter().map(|c| ((*c).to_owned(), code_name(i18n, kind, c))).collect()
                    };
                    let form = view! {
                        <form method="get" action="/directory" class="form filters" role="search">
                            <div class="field field--wide">
                                <label for="directory-q">{t!(i18n, directory.search)}</label>
                                <p class="field-hint" id="directory-q-hint">{t!(i18n, directory.search_hint)}</p>
                                <input id="directory-q" name="q" type="search" value=param("q") aria-describedby="directory-q-hint" />
                            </div>
                            {filter_select("directory-model", "model", t_string!(i18n, directory.model), t_string!(i18n, directory.any_model), models, param("model"))}
                            {filter_select("directory-region", "region", t_string!(i18n, directory.region), t_string!(i18n, directory.any_region), regions, param("region"))}
                            {filter_select("directory-product", "product", t_string!(i18n, directory.product), t_string!(i18n, directory.any_product), list("product", PRODUCTS), param("product"))}
                            {filter_select("directory-language", "language", t_string!(i18n, directory.language), t_string!(i18n, directory.any_language), list("language", LANGUAGES), param("language"))}
                            {filter_select("directory-size", "size", t_string!(i18n, directory.size), t_string!(i18n, directory.any_size), list("size", CUSTOMER_SIZES), param("size"))}
                            <Submit>{t!(i18n, directory.submit)}</Submit>
                        </form>
                    };
                    let body = match answer {
                        Ok(page) if page.cards.is_empty() => {
                            view! { <p class="muted" data-testid="directory-empty">{t!(i18n, directory.empty)}</p> }.into_any()
                        }
                        Ok(page) => {
                            let link = |to: usize| {
                                let mut parts = Vec::new();
                                for name in ["q", "model", "region", "product", "language", "size"] {
                                    let value = param(name);
                                    if !value.is_empty() {
                                        parts.push(format!("{name}={}", query_encode(&value)));
                                    }
                                }
                                parts.push(format!("page={}", to + 1));
                                format!("/directory?{}", parts.join("&"))
                            };
                            let previous = (page.page > 0).then(|| link(page.page - 1));
                            let next = page.more.then(|| link(page.page + 1));
                            view! {
                                <ul class="directory-list">
                                    {page.cards.into_iter().map(|c| card(i18n, c)).collect_view()}
                                </ul>
                                <nav class="pager" aria-label=move || t_string!(i18n, directory.pager)>
                                    {previous.map(|href| view! { <a href=href rel="prev">{t!(i18n, directory.previous)}</a> })}
                                    {next.map(|href| view! { <a href=href rel="next">{t!(i18n, directory.next)}</a> })}
                                </nav>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <FormMessage error=Signal::stored(Some(error)) /> }.into_any(),
                    };
                    view! {
                        {form}
                        {body}
                    }
                })}
            </Suspense>
        </Titled>
    }
}

fn entry_facts(i18n: I18nContext<Locale>, profile: &Profile) -> impl IntoView + use<> {
    let serves = country_names(i18n, &profile.regions);
    let locations = profile
        .locations
        .iter()
        .map(|l| format!("{}, {}", l.city, country_name(i18n, &l.country)))
        .collect::<Vec<_>>()
        .join(" · ");
    let row = |title: &'static str, text: String| {
        (!text.is_empty()).then(|| view! { <dt>{title}</dt> <dd>{text}</dd> })
    };
    view! {
        <dl class="facts">
            {row(t_string!(i18n, directory.serves), serves)}
            {row(t_string!(i18n, directory.sells), code_names(i18n, "product", &profile.products))}
            {row(t_string!(i18n, directory.does), code_names(i18n, "service", &profile.services))}
            {row(t_string!(i18n, directory.industries), code_names(i18n, "industry", &profile.industries))}
            {row(t_string!(i18n, directory.speaks), code_names(i18n, "language", &profile.languages))}
            {row(t_string!(i18n, directory.sizes), code_names(i18n, "size", &profile.customer_sizes))}
            {row(t_string!(i18n, directory.locations), locations)}
            {row(t_string!(i18n, directory.support_hours), profile.support_hours.clone())}
        </dl>
    }
}

#[component]
pub fn DirectoryEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug")).unwrap_or_default();
    let request = ServerAction::<RequestProvider>::new();
    let entry = Resource::new_blocking(
        move || (slug(), request.version().get()),
        |(slug, _)| load_directory_entry(slug),
    );
    let request_error = refusal(request.value());
    view! {
        {guarded(entry, move |_| {
                        #[cfg(feature = "ssr")]
                        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                            response.set_status(http::StatusCode::NOT_FOUND);
                        }
                        view! {
                            <PageTitle text=move || t_string!(i18n, directory.page_title).to_string() />
                            <section class="message-page">
                                <h1>{t!(i18n, directory.title)}</h1>
                                <p>{t!(i18n, directory.not_found)}</p>
                                <p><A href="/directory">{t!(i18n, directory.back)}</A></p>
                            </section>
                        }
                        .into_any()
                    }, move |entry| {
                        let title = format!("{} · {}", entry.name, t_string!(i18n, directory.page_title));
                        let summary: String = entry.profile.description.chars().take(160).collect();
                        let website = entry.profile.website.clone();
                        let lead = format!("{} <{}>", entry.profile.lead_name, entry.profile.lead_email);
                        view! {
                            <PageTitle text=move || title.clone() />
                            <PageDescription text=move || summary.clone() />
                            <article class="directory-entry" aria-labelledby="entry-title">
                                <p><A href="/directory">{t!(i18n, directory.back)}</A></p>
                                {entry.logo.clone().map(|src| {
                                    let alt = t_string!(i18n, directory.logo_alt).replace("{name}", &entry.name);
                                    view! { <img class="entry-logo" src=src alt=alt data-testid="entry-logo" /> }
                                })}
                                <h1 id="entry-title" data-testid="entry-name">{entry.name.clone()}</h1>
                                <p class="muted">
                                    {model_name(i18n, &entry.model)} " · " {t!(i18n, directory.based_in)} " "
                                    {country_name(i18n, &entry.country)}
                                    {entry.profile.accepting_resellers.then(|| view! { " · " {t!(i18n, directory.accepting)} })}
                                </p>
                                <p class="lead-text" data-testid="entry-description">{entry.profile.description.clone()}</p>
                                {entry_facts(i18n, &entry.profile)}
                                <dl class="facts">
                                    {(!website.is_empty()).then(|| view! {
                                        <dt>{t!(i18n, directory.website)}</dt>
                                        <dd><a href=website.clone() rel="external nofollow">{website.clone()}</a></dd>
                                    })}
                                    <dt>{t!(i18n, directory.contact)}</dt>
                                    <dd>{lead}</dd>
                                    <dt>{t!(i18n, directory.program_id)}</dt>
                                    <dd>{entry.program_id.clone()}</dd>
                                    <dt>{t!(i18n, directory.published_on)}</dt>
                                    <dd>{entry.published_on.clone()}</dd>
                                </dl>
                            </article>
                            {relationship_section(i18n, request, request_error, &entry)}
                            <crate::ui::components::ReferralForm slug=entry.slug.clone() name=entry.name.clone() />
                        }
                    })}
    }
}

/// On a provider's page, for an indirect reseller who handles relationships: the request form,
/// or where their request stands.
fn relationship_section(
    i18n: I18nContext<Locale>,
    request: ServerAction<RequestProvider>,
    error: Signal<Option<AppError>>,
    entry: &DirectoryEntryView,
) -> Option<AnyView> {
    let state = entry.relationship.clone()?;
    let slug = entry.slug.clone();
    let body = match state.as_str() {
        "can" => view! {
            <ActionForm action=request attr:class="form">
                <input type="hidden" name="provider" value=slug />
                <TextAreaField name="message" label=tr!(i18n, partners.request_message) rows=3 error />
                <FormMessage error />
                <Submit>{t!(i18n, partners.request)}</Submit>
            </ActionForm>
        }
        .into_any(),
        "active" => view! {
            <p class="notice" role="status">
                {t!(i18n, partners.active_already)} " · " <A href="/partners">{t!(i18n, partners.link)}</A>
            </p>
        }
        .into_any(),
        _ => view! {
            <p class="notice" role="status">
                {t!(i18n, partners.requested_already)} " · " <A href="/partners">{t!(i18n, partners.link)}</A>
            </p>
        }
        .into_any(),
    };
    Some(
        view! {
            <section class="card" aria-labelledby="relationship-title" data-testid="entry-relationship">
                <h2 id="relationship-title">{t!(i18n, partners.request_title)}</h2>
                {body}
            </section>
        }
        .into_any(),
    )
}

/// The draft's logo: a plain multipart form (the same with JavaScript on or off; the server
/// sends the browser back here, with the refusal in the address if there is one), and removal.
#[component]
fn LogoSection(logo: Option<String>, remove: ServerAction<RemoveLogo>) -> impl IntoView {
    use leptos::server_fn::{ServerFn, error::ServerFnUrlError};
    let i18n = use_i18n();
    let query = use_query_map();
    // a refused upload comes back in the address (see server_fn's form redirects)
    let upload_error = Signal::derive(move || {
        query.with(|q| {
            (q.get("__path").as_deref() == Some(UploadLogo::PATH))
                .then(|| q.get("__err"))
                .flatten()
                .map(|err| ServerFnUrlError::<AppError>::decode_err(&err))
        })
    });
    let remove_error = refusal(remove.value());
    let hint = t_string!(i18n, bp.logo_hint)
        .replace("{size}", &(MAX_LOGO_BYTES / (1024 * 1024)).to_string());
    let has_logo = logo.is_some();
    view! {
        <section class="card logo-section" aria-labelledby="logo-title" data-testid="bp-logo">
            <h2 id="logo-title">{t!(i18n, bp.logo)}</h2>
            {match logo {
                Some(src) => view! {
                    <img class="logo-preview" src=src alt=move || t_string!(i18n, bp.logo_alt) data-testid="bp-logo-image" />
                }
                .into_any(),
                None => view! { <p class="muted">{t!(i18n, bp.logo_none)}</p> }.into_any(),
            }}
            <form class="form" method="post" action=UploadLogo::url() enctype="multipart/form-data">
                <div class="field" class:field--invalid=move || upload_error.with(Option::is_some)>
                    <label for="logo">{t!(i18n, bp.logo_file)}</label>
                    <p class="field-hint" id="logo-hint">{hint}</p>
                    <input
                        type="file"
                        id="logo"
                        name="logo"
                        accept="image/png,image/jpeg"
                        aria-describedby=move || {
                            if upload_error.with(Option::is_some) { "logo-hint logo-message" } else { "logo-hint" }
                        }
                        aria-invalid=move || upload_error.with(Option::is_some).then_some("true")
                    />
                    {move || upload_error.get().and_then(|e| e.field_code("logo").map(|code| field_message(i18n, code))).map(|text| view! {
                        <p class="field-message" id="logo-message">{text}</p>
                    })}
                </div>
                <button type="submit" class="button">{t!(i18n, bp.logo_upload)}</button>
            </form>
            {has_logo.then(|| view! {
                <ActionForm action=remove attr:class="form">
                    <FormMessage error=remove_error />
                    <button type="submit" class="button">{t!(i18n, bp.logo_remove)}</button>
                </ActionForm>
            })}
        </section>
    }
}
