//! A partner's business profile: what the public directory shows and what provider matching
//! reads. The lists a profile chooses from are data here, so the editor, the directory's
//! filters and the matching all use the same codes.
//!
//! Message codes (field names in the error list): `description.too_long`, `website.format`,
//! `website.too_long`, `choice.unknown` (a code not in its list, on the list's field),
//! `locations.too_many`, `location.city_empty`, `location.country_unknown` (field
//! `location_<n>`), `lead_name.too_long`, `lead_email.*` (as e-mail addresses),
//! `support_hours.too_long`; to publish: `description.empty`, `regions.empty`,
//! `offer.empty` (neither products nor services), `languages.empty`, `customer_sizes.empty`,
//! `lead_name.empty`, `lead_email.empty`.

use super::clean_text;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// The longest description: a screen of text.
pub const MAX_DESCRIPTION: usize = 2_500;
/// At most this many locations.
pub const MAX_LOCATIONS: usize = 5;
/// The largest logo file accepted, in bytes.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// The longest support hours text ("Mon–Fri 9:00–18:00 KST").
pub const MAX_SUPPORT_HOURS: usize = 200;

/// Industries a partner serves.
pub const INDUSTRIES: &[&str] = &[
    "agriculture",
    "automotive",
    "education",
    "energy",
    "financial_services",
    "government",
    "healthcare",
    "hospitality",
    "manufacturing",
    "media",
    "nonprofit",
    "professional_services",
    "retail",
    "technology",
    "telecommunications",
    "transportation",
];

/// What a partner does for its customers.
pub const SERVICES: &[&str] = &[
    "consulting",
    "deployment",
    "migration",
    "managed_services",
    "security",
    "support",
    "training",
    "licensing",
    "custom_development",
    "data_analytics",
];

/// The cloud products a partner sells.
pub const PRODUCTS: &[&str] = &[
    "microsoft_365",
    "azure",
    "dynamics_365",
    "power_platform",
    "windows",
    "teams_phone",
    "security_compliance",
    "copilot",
];

/// Languages a partner works in (ISO 639-1).
pub const LANGUAGES: &[&str] = &[
    "en", "ko", "ja", "zh", "de", "fr", "es", "pt", "it", "nl", "vi", "th", "id",
];

/// Customer sizes by employees: small 1–49, medium 50–249, large 250–999, enterprise 1,000+.
pub const CUSTOMER_SIZES: &[&str] = &["small", "medium", "large", "enterprise"];

/// A location of a partner's offices: as typed, then (after [`check`]) with a known country
/// code. Stored as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Location {
    pub city: String,
    /// ISO 3166-1 alpha-2
    pub country: String,
}

/// A business profile: as the editor sends it, then (after [`check`]) with every code in its
/// list, in the list's order, once. The same type is stored (draft and directory entry alike),
/// crosses the wire to the editor and the directory page, and is what matching reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Profile {
    pub description: String,
    /// empty, or with its scheme
    pub website: String,
    pub industries: Vec<String>,
    pub services: Vec<String>,
    pub products: Vec<String>,
    /// countries served (ISO 3166-1 alpha-2)
    pub regions: Vec<String>,
    pub languages: Vec<String>,
    pub customer_sizes: Vec<String>,
    pub locations: Vec<Location>,
    pub lead_name: String,
    /// empty, or an address as [`crate::domain::email::EmailAddress`] keeps it
    pub lead_email: String,
    pub accepting_resellers: bool,
    pub support_hours: String,
}

/// A published partner as a list of search results shows it. The store reads it (the logo as
/// its stored name); the directory page gets it with the logo's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Card {
    pub slug: String,
    pub name: String,
    pub model: String,
    pub country: String,
    /// the start of the description
    pub description: String,
    pub regions: Vec<String>,
    pub products: Vec<String>,
    pub services: Vec<String>,
    pub languages: Vec<String>,
    pub customer_sizes: Vec<String>,
    pub accepting_resellers: bool,
    pub logo: Option<String>,
}

/// Countries as typed into one field: codes or names (English or Korean, any case), separated
/// by commas, semicolons or line breaks. Unknown entries are returned as typed, for the
/// message.
pub fn parse_regions(text: &str) -> (Vec<String>, Vec<String>) {
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for part in text.split([',', ';', '\n', '、']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let lower = part.to_lowercase();
        let found = super::country::find(part).or_else(|| {
            super::country::COUNTRIES
                .iter()
                .find(|c| c.name_en.to_lowercase() == lower || c.name_ko == part)
        });
        match found {
            Some(country) => codes.push(country.code.to_owned()),
            None => unknown.push(part.to_owned()),
        }
    }
    (codes, unknown)
}

/// The codes of `chosen` that are in `list`, in the list's order, once; `Err` when one is not.
fn choose(list: &[&str], chosen: &[String]) -> Result<Vec<String>, ()> {
    if chosen.iter().any(|c| !list.contains(&c.as_str())) {
        return Err(());
    }
    Ok(list
        .iter()
        .filter(|code| chosen.iter().any(|c| c == *code))
        .map(|code| (*code).to_owned())
        .collect())
}

/// Checks what a draft may hold: each problem at its field. A draft may be incomplete; what
/// publishing needs besides is [`publish_problems`].
pub fn check(input: &Profile) -> Result<Profile, Vec<(String, &'static str)>> {
    let mut problems: Vec<(String, &'static str)> = Vec::new();
    let description = input.description.trim().replace("\r\n", "\n");
    if description.chars().count() > MAX_DESCRIPTION {
        problems.push(("description".into(), "description.too_long"));
    }
    let website = super::application::normalize_website(&input.website)
        .map_err(|code| problems.push(("website".into(), code)))
        .unwrap_or_default();
    let mut list = |name: &str, codes: &[&str], chosen: &[String]| {
        choose(codes, chosen).unwrap_or_else(|()| {
            problems.push((name.to_owned(), "choice.unknown"));
            Vec::new()
        })
    };
    let industries = list("industries", INDUSTRIES, &input.industries);
    let services = list("services", SERVICES, &input.services);
    let products = list("products", PRODUCTS, &input.products);
    let languages = list("languages", LANGUAGES, &input.languages);
    let customer_sizes = list("customer_sizes", CUSTOMER_SIZES, &input.customer_sizes);
    let mut regions: Vec<String> = Vec::new();
    for region in &input.regions {
        let code = region.trim().to_ascii_uppercase();
        if super::country::find(&code).is_none() {
            problems.push(("regions".into(), "choice.unknown"));
            break;
        }
        if !regions.contains(&code) {
            regions.push(code);
        }
    }
    regions.sort();
    let mut locations = Vec::new();
    let typed: Vec<&Location> = input
        .locations
        .iter()
        .filter(|l| !l.city.trim().is_empty() || !l.country.trim().is_empty())
        .collect();
    if typed.len() > MAX_LOCATIONS {
        problems.push(("locations".into(), "locations.too_many"));
    }
    for (n, location) in typed.into_iter().take(MAX_LOCATIONS).enumerate() {
        let field = format!("location_{n}");
        let city = clean_text(&location.city);
        let country = location.country.trim().to_ascii_uppercase();
        if city.is_empty() {
            problems.push((field, "location.city_empty"));
        } else if super::country::find(&country).is_none() {
            problems.push((field, "location.country_unknown"));
        } else {
            locations.push(Location { city, country });
        }
    }
    let lead_name = clean_text(&input.lead_name);
    if lead_name.chars().count() > 200 {
        problems.push(("lead_name".into(), "lead_name.too_long"));
    }
    let lead_email = if input.lead_email.trim().is_empty() {
        String::new()
    } else {
        match super::email::EmailAddress::parse(&input.lead_email) {
            Ok(address) => address.as_str().to_owned(),
            Err(problem) => {
                problems.push((
                    "lead_email".into(),
                    match problem {
                        super::email::EmailProblem::Empty => "email.empty",
                        super::email::EmailProblem::TooLong => "email.too_long",
                        super::email::EmailProblem::Malformed => "email.malformed",
                    },
                ));
                String::new()
            }
        }
    };
    let support_hours = clean_text(&input.support_hours);
    if support_hours.chars().count() > MAX_SUPPORT_HOURS {
        problems.push(("support_hours".into(), "support_hours.too_long"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Profile {
        description,
        website,
        industries,
        services,
        products,
        regions,
        languages,
        customer_sizes,
        locations,
        lead_name,
        lead_email,
        accepting_resellers: input.accepting_resellers,
        support_hours,
    })
}

/// What a checked profile still lacks to be published: each at its field.
pub fn publish_problems(profile: &Profile) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    if profile.description.is_empty() {
        problems.push(("description", "description.empty"));
    }
    if profile.regions.is_empty() {
        problems.push(("regions", "regions.empty"));
    }
    if profile.products.is_empty() && profile.services.is_empty() {
        problems.push(("products", "offer.empty"));
    }
    if profile.languages.is_empty() {
        problems.push(("languages", "languages.empty"));
    }
    if profile.customer_sizes.is_empty() {
        problems.push(("customer_sizes", "customer_sizes.empty"));
    }
    if profile.lead_name.is_empty() {
        problems.push(("lead_name", "lead_name.empty"));
    }
    if profile.lead_email.is_empty() {
        problems.push(("lead_email", "lead_email.empty"));
    }
    problems
}

/// The address of a partner's directory page: its name in lower-case ASCII words (other
/// letters kept as they are) and its program ID, so it is unique and readable:
/// `adatum-gmbh-3015350`, `한빛클라우드-4821937`.
pub fn slug(name: &str, program_id: i64) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    if out.is_empty() {
        format!("partner-{program_id}")
    } else {
        format!("{out}-{program_id}")
    }
}

/// The name as the directory sorts it: lower case, without leading articles or punctuation.
pub fn sort_name(name: &str) -> String {
    let lower: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    let trimmed = lower.trim();
    trimmed
        .strip_prefix("the ")
        .unwrap_or(trimmed)
        .trim()
        .to_owned()
}

/// The one text full-text search reads for a partner: its name, description, what it sells
/// and does (the codes as words), the countries it serves and is in (English and Korean
/// names), and its cities.
pub fn search_text(name: &str, model: &str, country: &str, profile: &Profile) -> String {
    let mut parts: Vec<String> = vec![name.to_owned(), profile.description.clone()];
    for code in profile
        .products
        .iter()
        .chain(&profile.services)
        .chain(&profile.industries)
    {
        parts.push(code.replace('_', " "));
    }
    let countries = std::iter::once(country)
        .chain(profile.regions.iter().map(String::as_str))
        .chain(profile.locations.iter().map(|l| l.country.as_str()));
    for code in countries {
        if let Some(found) = super::country::find(code) {
            parts.push(format!(
                "{} {} {}",
                found.code, found.name_en, found.name_ko
            ));
        }
    }
    for location in &profile.locations {
        parts.push(location.city.clone());
    }
    let facets: Vec<String> = model_term(model)
        .into_iter()
        .chain(profile.regions.iter().filter_map(|c| region_term(c)))
        .chain(profile.products.iter().filter_map(|c| product_term(c)))
        .chain(profile.languages.iter().filter_map(|c| language_term(c)))
        .chain(profile.customer_sizes.iter().filter_map(|c| size_term(c)))
        .collect();
    parts.push(facets.join(" "));
    parts.join("\n")
}

// Filter terms. A directory search with words and filters is one full-text query: the words
// and a term for each filter, which every match must contain (SurrealDB intersects the terms'
// document sets before it reads a record, so only matches that pass the filters are read).
// Each term is letters only, so the analyzer keeps it whole, starts with "qz", which no word
// of ours does, and has one length per kind, so none is the beginning of another (the index
// keeps beginnings of words). Migration 0014 writes the same terms for entries published
// before them.

/// The filter term of a partner model.
pub fn model_term(code: &str) -> Option<String> {
    const MODELS: [&str; 3] = ["direct_bill", "indirect_provider", "indirect_reseller"];
    MODELS
        .iter()
        .position(|m| *m == code)
        .map(|at| format!("qzm{}", letter(at)))
}

/// The filter term of a country served.
pub fn region_term(code: &str) -> Option<String> {
    super::country::find(code).map(|c| format!("qzr{}", c.code.to_ascii_lowercase()))
}

/// The filter term of a product.
pub fn product_term(code: &str) -> Option<String> {
    PRODUCTS
        .iter()
        .position(|p| *p == code)
        .map(|at| format!("qzp{}", letter(at)))
}

/// The filter term of a language.
pub fn language_term(code: &str) -> Option<String> {
    LANGUAGES.contains(&code).then(|| format!("qzl{code}"))
}

/// The filter term of a customer size.
pub fn size_term(code: &str) -> Option<String> {
    CUSTOMER_SIZES
        .iter()
        .position(|c| *c == code)
        .map(|at| format!("qzs{}", letter(at)))
}

fn letter(at: usize) -> char {
    (b'a' + (at % 26) as u8) as char
}

/// What a directory search looks for: the words split the way the directory's analyzer splits
/// them (at punctuation and where letters meet digits), lower-cased, without one-character
/// pieces the index does not keep, letters before numbers (SurrealDB 3.3 finds nothing for a
/// query that starts with a number). `None` when nothing is left.
pub fn search_terms(query: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut numbers: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_is_digit = false;
    let mut flush = |current: &mut String, is_digit: bool| {
        if current.chars().count() >= 2 {
            // the index keeps the first 15 characters of a word: a longer word is found by them
            let piece: String = current.to_lowercase().chars().take(MAX_TERM).collect();
            if is_digit {
                numbers.push(piece);
            } else {
                words.push(piece);
            }
        }
        current.clear();
    };
    for c in query.chars().take(200) {
        if c.is_alphanumeric() {
            let is_digit = c.is_numeric();
            if !current.is_empty() && is_digit != current_is_digit {
                flush(&mut current, current_is_digit);
            }
            current_is_digit = is_digit;
            current.push(c);
        } else {
            flush(&mut current, current_is_digit);
        }
    }
    flush(&mut current, current_is_digit);
    words.truncate(12);
    numbers.truncate(4);
    words.extend(numbers);
    (!words.is_empty()).then(|| words.join(" "))
}

/// The longest beginning of a word the directory's index keeps (its `edgengram(2, 15)`).
pub const MAX_TERM: usize = 15;

/// The program ID at the end of a directory page's address.
pub fn program_id_of_slug(slug: &str) -> Option<i64> {
    slug.rsplit('-').next()?.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> Profile {
        Profile {
            description: "We move Korean companies to the cloud.".into(),
            website: "adatum.example".into(),
            industries: vec!["retail".into(), "education".into()],
            services: vec!["migration".into()],
            products: vec!["azure".into(), "microsoft_365".into(), "azure".into()],
            regions: vec!["kr".into(), "JP".into()],
            languages: vec!["ko".into(), "en".into()],
            customer_sizes: vec!["small".into()],
            locations: vec![
                Location {
                    city: "Seoul".into(),
                    country: "kr".into(),
                },
                Location::default(),
            ],
            lead_name: "Ji-woo Park".into(),
            lead_email: "Leads@Adatum.example".into(),
            accepting_resellers: true,
            support_hours: "Mon–Fri 9:00–18:00 KST".into(),
        }
    }

    #[test]
    fn a_profile_is_normalized_to_the_lists() {
        let profile = check(&input()).unwrap();
        assert_eq!(profile.industries, ["education", "retail"]);
        assert_eq!(profile.products, ["microsoft_365", "azure"]);
        assert_eq!(profile.regions, ["JP", "KR"]);
        assert_eq!(profile.languages, ["en", "ko"]);
        assert_eq!(profile.website, "https://adatum.example");
        assert_eq!(profile.lead_email, "leads@adatum.example");
        assert_eq!(
            profile.locations,
            [Location {
                city: "Seoul".into(),
                country: "KR".into()
            }]
        );
        assert!(publish_problems(&profile).is_empty());
    }

    #[test]
    fn unknown_codes_and_overlong_text_are_refused_at_their_field() {
        let mut bad = input();
        bad.products.push("mainframes".into());
        bad.regions.push("XX".into());
        bad.description = "x".repeat(MAX_DESCRIPTION + 1);
        bad.locations = (0..6)
            .map(|_| Location {
                city: "Busan".into(),
                country: "KR".into(),
            })
            .collect();
        bad.lead_email = "not an address".into();
        let problems = check(&bad).unwrap_err();
        for expected in [
            ("products", "choice.unknown"),
            ("regions", "choice.unknown"),
            ("description", "description.too_long"),
            ("locations", "locations.too_many"),
            ("lead_email", "email.malformed"),
        ] {
            assert!(
                problems
                    .iter()
                    .any(|(f, c)| f == expected.0 && *c == expected.1),
                "{expected:?} in {problems:?}"
            );
        }
        let mut half = input();
        half.locations = vec![Location {
            city: String::new(),
            country: "KR".into(),
        }];
        assert_eq!(
            check(&half).unwrap_err(),
            [("location_0".to_owned(), "location.city_empty")]
        );
        // 2,500 characters of Korean are fine: characters, not bytes
        let mut korean = input();
        korean.description = "가".repeat(MAX_DESCRIPTION);
        assert!(check(&korean).is_ok());
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_published() {
        let empty = check(&Profile::default()).unwrap();
        let problems: Vec<&str> = publish_problems(&empty).iter().map(|p| p.1).collect();
        assert_eq!(
            problems,
            [
                "description.empty",
                "regions.empty",
                "offer.empty",
                "languages.empty",
                "customer_sizes.empty",
                "lead_name.empty",
                "lead_email.empty"
            ]
        );
    }

    #[test]
    fn regions_are_read_from_codes_and_names() {
        let (codes, unknown) = parse_regions("KR, japan; 싱가포르\n us, Atlantis");
        assert_eq!(codes, ["KR", "JP", "SG", "US"]);
        assert_eq!(unknown, ["Atlantis"]);
    }

    #[test]
    fn filter_terms_are_letters_of_one_length_per_kind() {
        let all: Vec<String> = ["direct_bill", "indirect_provider", "indirect_reseller"]
            .iter()
            .filter_map(|m| model_term(m))
            .chain(PRODUCTS.iter().filter_map(|p| product_term(p)))
            .chain(LANGUAGES.iter().filter_map(|l| language_term(l)))
            .chain(CUSTOMER_SIZES.iter().filter_map(|c| size_term(c)))
            .chain(
                super::super::country::COUNTRIES
                    .iter()
                    .filter_map(|c| region_term(c.code)),
            )
            .collect();
        assert_eq!(
            all.len(),
            3 + PRODUCTS.len() + LANGUAGES.len() + CUSTOMER_SIZES.len() + 249
        );
        for term in &all {
            assert!(
                term.starts_with("qz") && term.chars().all(|c| c.is_ascii_lowercase()),
                "{term}"
            );
            assert!(term.len() <= MAX_TERM);
            // none is the beginning of another
            assert!(
                all.iter()
                    .filter(|other| other.starts_with(term.as_str()))
                    .count()
                    == 1,
                "{term}"
            );
        }
        assert_eq!(region_term("kr").as_deref(), Some("qzrkr"));
        assert_eq!(product_term("azure").as_deref(), Some("qzpb"));
        assert_eq!(model_term("nobody"), None);
    }

    #[test]
    fn search_terms_are_split_like_the_index() {
        for (typed, terms) in [
            ("Cloud-first!", "cloud first"),
            ("Studio 4 K 2026 hanbit7", "studio hanbit 2026"),
            ("서울에서, 클라우드", "서울에서 클라우드"),
            ("2026", "2026"),
        ] {
            assert_eq!(search_terms(typed).as_deref(), Some(terms), "{typed}");
        }
        assert_eq!(search_terms(" - x ").as_deref(), None);
        // longer words are looked up by the beginning the index keeps
        assert_eq!(
            search_terms("Telecommunications").as_deref(),
            Some("telecommunicati")
        );
    }

    #[test]
    fn slugs_are_readable_unique_and_lead_back_to_the_program_id() {
        assert_eq!(slug("Adatum GmbH", 3015350), "adatum-gmbh-3015350");
        assert_eq!(slug("  Contoso & Co. (Korea) ", 42), "contoso-co-korea-42");
        assert_eq!(slug("한빛 클라우드", 4821937), "한빛-클라우드-4821937");
        assert_eq!(slug("!!!", 7), "partner-7");
        assert_eq!(program_id_of_slug("adatum-gmbh-3015350"), Some(3015350));
        assert_eq!(program_id_of_slug("adatum"), None);
    }
}
