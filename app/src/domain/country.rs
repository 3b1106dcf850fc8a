//! Countries as partners pick them from a list, and the small text folds every number parser in
//! the domain shares.
//!
//! Message codes used here: `country.unknown` (for callers that refuse a code `find` does not
//! know; the other domain modules use it for their `country` field).

use serde::Serialize;

mod data;

/// One ISO 3166-1 country. Only the code is stored or sent; the names are for display, so the
/// table is `Serialize` (to hand a list to the page) but never read back from the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case: the identity stored everywhere.
    pub code: &'static str,
    /// The common short name (CLDR), as people look for it in a list.
    pub name_en: &'static str,
    /// The CLDR Korean name.
    pub name_ko: &'static str,
}

/// All 249 ISO 3166-1 countries, sorted by code so `find` can binary-search.
pub const COUNTRIES: &[Country] = data::COUNTRIES;

/// The message code for a country code that is not in [`COUNTRIES`].
pub const UNKNOWN: &str = "country.unknown";

/// Looks a code up as a form might send it: any case, stray spaces.
pub fn find(code: &str) -> Option<&'static Country> {
    let code = code.trim().as_bytes();
    let [first, second] = code else {
        return None;
    };
    let wanted = [first.to_ascii_uppercase(), second.to_ascii_uppercase()];
    COUNTRIES
        .binary_search_by(|country| country.code.as_bytes().cmp(&wanted[..]))
        .ok()
        .and_then(|index| COUNTRIES.get(index))
}

/// The display name, or "" for an unknown code so a page can show a stored value without a
/// second branch.
pub fn name(code: &str, korean: bool) -> &'static str {
    match find(code) {
        Some(country) if korean => country.name_ko,
        Some(country) => country.name_en,
        None => "",
    }
}

/// The canonical (upper-case) code, or `None` when the country is unknown.
pub fn canonical_code(code: &str) -> Option<&'static str> {
    find(code).map(|country| country.code)
}

/// The countries in the order a drop-down shows them in the chosen language. Hangul syllables
/// are in dictionary order in Unicode already; English names only need their few accented
/// initials (Åland, Curaçao, Réunion) folded so they do not sink to the end.
pub fn by_name(korean: bool) -> Vec<&'static Country> {
    let mut list: Vec<&'static Country> = COUNTRIES.iter().collect();
    if korean {
        list.sort_by(|a, b| a.name_ko.cmp(b.name_ko));
    } else {
        list.sort_by_cached_key(|country| {
            country
                .name_en
                .chars()
                .map(fold_latin)
                .flat_map(char::to_lowercase)
                .collect::<String>()
        });
    }
    list
}

fn fold_latin(c: char) -> char {
    match c {
        'À'..='Å' | 'à'..='å' => 'a',
        'Ç' | 'ç' => 'c',
        'È'..='Ë' | 'è'..='ë' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' => 'i',
        'Ñ' | 'ñ' => 'n',
        'Ò'..='Ö' | 'ò'..='ö' => 'o',
        'Ù'..='Ü' | 'ù'..='ü' => 'u',
        _ => c,
    }
}

/// Folds what an East Asian input method types into the ASCII the number parsers expect:
/// full-width digits, letters and punctuation (`１２３－４５６７`), the ideographic space, and
/// the many dash look-alikes (hyphen, minus sign, katakana `ー`) that end up in postal codes and
/// phone numbers. Only for numbers and codes: free text such as a street keeps what was typed.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' | '\u{FE63}' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete_sorted_and_well_formed() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].code < w[1].code));
        for country in COUNTRIES {
            assert!(
                country.code.len() == 2 && country.code.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                country.code
            );
            assert!(!country.name_en.is_empty() && !country.name_ko.is_empty());
            assert_eq!(country.name_en.trim(), country.name_en);
            assert!(!country.name_en.contains('&'), "{}", country.name_en);
        }
    }

    #[test]
    fn finds_codes_as_typed() {
        assert_eq!(find("kr").map(|c| c.code), Some("KR"));
        assert_eq!(find(" Us ").map(|c| c.code), Some("US"));
        assert_eq!(find("ZZ"), None);
        assert_eq!(find("XK"), None, "user-assigned, not ISO 3166-1");
        assert_eq!(find("K"), None);
        assert_eq!(find("KOR"), None);
        assert_eq!(find("한국"), None);
        assert_eq!(find(""), None);
        assert_eq!(canonical_code("gb"), Some("GB"));
    }

    #[test]
    fn names_are_the_ones_people_pick() {
        assert_eq!(name("US", false), "United States");
        assert_eq!(name("US", true), "미국");
        assert_eq!(name("KR", false), "South Korea");
        assert_eq!(name("KR", true), "대한민국");
        assert_eq!(name("GB", false), "United Kingdom");
        assert_eq!(name("RU", false), "Russia");
        assert_eq!(name("TW", false), "Taiwan");
        assert_eq!(name("VN", false), "Vietnam");
        assert_eq!(name("HK", false), "Hong Kong");
        assert_eq!(name("JP", true), "일본");
        assert_eq!(name("nope", false), "");
    }

    #[test]
    fn lists_by_name() {
        let english = by_name(false);
        assert_eq!(english.len(), COUNTRIES.len());
        assert_eq!(english[0].code, "AF");
        let aland = english.iter().position(|c| c.code == "AX");
        let albania = english.iter().position(|c| c.code == "AL");
        assert!(aland < albania, "Åland sorts with the A's");
        let korean = by_name(true);
        assert_eq!(korean[0].name_ko, "가나");
    }

    #[test]
    fn folds_input_method_characters() {
        let folded: String = "１００－０００１　ＡＢ—ー"
            .chars()
            .map(fold_width)
            .collect();
        assert_eq!(folded, "100-0001 AB--");
        assert_eq!(fold_width('가'), '가');
    }
}
