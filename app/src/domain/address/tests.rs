use super::*;
use proptest::prelude::*;

#[test]
fn region_lists_are_complete_and_consistent() {
    for (country, len) in [
        ("US", 59),
        ("CA", 13),
        ("AU", 8),
        ("IN", 36),
        ("BR", 27),
        ("JP", 47),
        ("KR", 17),
    ] {
        let list = regions(country);
        assert_eq!(list.len(), len, "{country}");
        for (i, (code, name)) in list.iter().enumerate() {
            assert!(!code.is_empty() && !name.is_empty());
            assert!(
                list[i + 1..].iter().all(|(c, n)| c != code && n != name),
                "{country} {code} twice"
            );
            assert_eq!(find_region(country, code), Some(*code));
            assert_eq!(find_region(country, name), Some(*code), "{country} {name}");
            assert_eq!(region_name(country, code), Some(*name));
        }
    }
    for (country, alias, code) in regions::ALIASES {
        assert!(
            regions(country).iter().any(|(c, _)| c == code),
            "{country} {alias} -> {code}"
        );
        assert_eq!(
            find_region(country, alias),
            Some(*code),
            "{country} {alias}"
        );
    }
    assert!(regions("FR").is_empty());
    assert!(regions("zz").is_empty());
    assert_eq!(regions("us").len(), 59);
}

#[test]
fn finds_regions_as_people_type_them() {
    assert_eq!(find_region("US", "ca"), Some("CA"));
    assert_eq!(find_region("US", " new  york "), Some("NY"));
    assert_eq!(find_region("US", "D.C."), Some("DC"));
    assert_eq!(find_region("US", "AE"), Some("AE"));
    assert_eq!(find_region("CA", "Québec"), Some("QC"));
    assert_eq!(find_region("AU", "nsw"), Some("NSW"));
    assert_eq!(find_region("IN", "Telangana"), Some("TS"));
    assert_eq!(find_region("IN", "TG"), Some("TS"));
    assert_eq!(find_region("IN", "Orissa"), Some("OD"));
    assert_eq!(find_region("BR", "Sao Paulo"), Some("SP"));
    assert_eq!(find_region("BR", "são paulo"), Some("SP"));
    assert_eq!(find_region("JP", "13"), Some("13"));
    assert_eq!(find_region("JP", "Tokyo"), Some("13"));
    assert_eq!(find_region("JP", "Tokyo-to"), Some("13"));
    assert_eq!(find_region("JP", "東京都"), Some("13"));
    assert_eq!(find_region("JP", "京都"), Some("26"));
    assert_eq!(find_region("JP", "Aichi Prefecture"), Some("23"));
    assert_eq!(find_region("KR", "11"), Some("11"));
    assert_eq!(find_region("KR", "서울특별시"), Some("11"));
    assert_eq!(find_region("KR", "Seoul"), Some("11"));
    assert_eq!(find_region("KR", "강원도"), Some("42"));
    assert_eq!(find_region("KR", "전라북도"), Some("45"));
    assert_eq!(find_region("US", "Ontario"), None);
    assert_eq!(find_region("FR", "Île-de-France"), None);
    assert_eq!(find_region("US", ""), None);
}

#[test]
fn rules_per_country() {
    assert_eq!(region_rule("US"), RegionRule::Required(RegionKind::State));
    assert_eq!(
        region_rule("ca"),
        RegionRule::Required(RegionKind::Province)
    );
    assert_eq!(
        region_rule("AU"),
        RegionRule::Required(RegionKind::StateOrTerritory)
    );
    assert_eq!(region_rule("IN"), RegionRule::Required(RegionKind::State));
    assert_eq!(region_rule("BR"), RegionRule::Required(RegionKind::State));
    assert_eq!(
        region_rule("JP"),
        RegionRule::Required(RegionKind::Prefecture)
    );
    assert_eq!(region_rule("KR"), RegionRule::Optional);
    assert_eq!(region_kind("KR"), Some(RegionKind::Province));
    assert_eq!(region_rule("FR"), RegionRule::Optional);
    assert_eq!(region_kind("FR"), None);
    assert_eq!(region_rule("SG"), RegionRule::None);
    assert_eq!(postal_rule("HK"), PostalRule::None);
    assert_eq!(postal_rule("AE"), PostalRule::None);
    assert_eq!(postal_rule("QA"), PostalRule::None);
    assert_eq!(postal_rule("KR"), PostalRule::Required);
    assert_eq!(postal_rule("SG"), PostalRule::Required);
    assert!(NO_POSTAL_CODE.windows(2).all(|w| w[0] < w[1]));
    assert!(
        NO_POSTAL_CODE
            .iter()
            .chain(NO_REGION)
            .all(|c| country::find(c).is_some())
    );
}

#[test]
fn examples_are_canonical() {
    for country in ["US", "KR", "JP", "GB", "DE", "FR", "CA", "AU", "IN", "BR"] {
        let example = postal_code_example(country).unwrap();
        assert_eq!(
            normalize_postal_code(country, example).as_deref(),
            Ok(example),
            "{country}"
        );
    }
    assert_eq!(postal_code_example("NL"), None);
}

#[test]
fn postal_codes_are_normalized() {
    for (country, input, expected) in [
        ("US", " 94105 ", "94105"),
        ("US", "94105-1234", "94105-1234"),
        ("US", "941051234", "94105-1234"),
        ("US", "94105 - 1234", "94105-1234"),
        ("KR", "03187", "03187"),
        ("KR", "０３１８７", "03187"),
        ("JP", "1000001", "100-0001"),
        ("JP", "〒100-0001", "100-0001"),
        ("JP", "１００－０００１", "100-0001"),
        ("JP", "100ー0001", "100-0001"),
        ("JP", "100 0001", "100-0001"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("GB", " ec1a  1bb ", "EC1A 1BB"),
        ("GB", "W1A 0AX", "W1A 0AX"),
        ("GB", "M1 1AE", "M1 1AE"),
        ("GB", "B33 8TH", "B33 8TH"),
        ("GB", "CR2 6XH", "CR2 6XH"),
        ("GB", "DN55 1PT", "DN55 1PT"),
        ("GB", "gir0aa", "GIR 0AA"),
        ("DE", "10115", "10115"),
        ("FR", "97400", "97400"),
        ("CA", "k1a0b1", "K1A 0B1"),
        ("CA", "K1A-0B1", "K1A 0B1"),
        ("AU", "0800", "0800"),
        ("IN", "110 001", "110001"),
        ("BR", "01310100", "01310-100"),
        ("BR", "01.310-100", "01310-100"),
        ("NL", "1012 ab", "1012 AB"),
        ("SE", "114 55", "114 55"),
        ("PL", "00-950", "00-950"),
        ("HK", "", ""),
        ("ZZ", "abc-12", "ABC-12"),
    ] {
        assert_eq!(
            normalize_postal_code(country, input).as_deref(),
            Ok(expected),
            "{country} {input:?}"
        );
    }
}

#[test]
fn bad_postal_codes_are_refused() {
    for (country, input) in [
        ("US", "9410"),
        ("US", "94105-12"),
        ("US", "9410a"),
        ("US", "94-1051234"),
        ("KR", "123-456"),
        ("JP", "100-001"),
        ("JP", "10-00001"),
        ("GB", "SW1A"),
        ("GB", "QW1 1AA"),
        ("GB", "AI1 1AA"),
        ("GB", "SW1A 1AC"),
        ("GB", "W1I 0AX"),
        ("GB", "SW1AA 1AA"),
        ("GB", "1W1 1AA"),
        ("CA", "D1A 0B1"),
        ("CA", "W1A 0B1"),
        ("CA", "K1O 0B1"),
        ("CA", "K1A 0B"),
        ("CA", "KKA 0B1"),
        ("AU", "20000"),
        ("IN", "011001"),
        ("IN", "11001"),
        ("BR", "0131-0100"),
        ("BR", "013.10-100"),
        ("FR", "7500"),
        ("NL", "1"),
        ("NL", "12345678901"),
        ("NL", "-1234"),
        ("NL", "12_34"),
        ("NL", "１２３４ＡＢ＃"),
    ] {
        assert_eq!(
            normalize_postal_code(country, input),
            Err(POSTAL_FORMAT),
            "{country} {input:?}"
        );
    }
    assert_eq!(normalize_postal_code("US", "  "), Err(POSTAL_EMPTY));
    assert_eq!(normalize_postal_code("ZZ", ""), Err(POSTAL_EMPTY));
}

fn input(line1: &str, city: &str, region: &str, postal_code: &str) -> AddressInput {
    AddressInput {
        line1: line1.into(),
        line2: String::new(),
        city: city.into(),
        region: region.into(),
        postal_code: postal_code.into(),
    }
}

#[test]
fn validates_and_normalizes_a_whole_address() {
    let address = validate(
        "us",
        &AddressInput {
            line1: "  1 Market   St ".into(),
            line2: " Suite 300\n".into(),
            city: " San Francisco".into(),
            region: "california".into(),
            postal_code: "94105 1234".into(),
        },
    )
    .unwrap();
    assert_eq!(
        address,
        Address {
            line1: "1 Market St".into(),
            line2: "Suite 300".into(),
            city: "San Francisco".into(),
            region: "CA".into(),
            postal_code: "94105-1234".into(),
            country: "US".into(),
        }
    );
    let seoul = validate("KR", &input("세종대로 110", "중구", "서울", "04524")).unwrap();
    assert_eq!(seoul.region, "11");
    let no_region = validate("KR", &input("세종대로 110", "서울", "", "04524")).unwrap();
    assert_eq!(no_region.region, "");
    let paris = validate(
        "FR",
        &input("1 rue de Rivoli", "Paris", "Île-de-France", "75001"),
    );
    assert_eq!(paris.unwrap().region, "Île-de-France");
    let dubai = validate("AE", &input("Sheikh Zayed Rd", "Dubai", "", "")).unwrap();
    assert_eq!(dubai.postal_code, "");
    let singapore = validate("SG", &input("1 Raffles Pl", "Singapore", "x", "048616")).unwrap();
    assert_eq!(singapore.region, "");
}

#[test]
fn reports_every_problem() {
    let problems = validate("US", &input(" ", "", "Ontario", "9410")).unwrap_err();
    assert_eq!(
        problems,
        vec![
            ("line1", LINE1_EMPTY),
            ("city", CITY_EMPTY),
            ("region", REGION_UNKNOWN),
            ("postal_code", POSTAL_FORMAT),
        ]
    );
    let problems = validate("JP", &input("1-1", "Chiyoda", "", "")).unwrap_err();
    assert_eq!(
        problems,
        vec![("region", REGION_EMPTY), ("postal_code", POSTAL_EMPTY)]
    );
    let problems = validate("XX", &input("1 Main St", "Town", "", "12345")).unwrap_err();
    assert_eq!(problems, vec![("country", country::UNKNOWN)]);
    let long = "x".repeat(MAX_FIELD_LEN + 1);
    let mut too_long = input(&long, &long, &long, &long);
    too_long.line2 = long.clone();
    let problems = validate("DE", &too_long).unwrap_err();
    assert_eq!(
        problems,
        vec![
            ("line1", TOO_LONG),
            ("line2", TOO_LONG),
            ("city", TOO_LONG),
            ("region", TOO_LONG),
            ("postal_code", TOO_LONG),
        ]
    );
    let exactly = "가".repeat(MAX_FIELD_LEN);
    assert!(validate("KR", &input(&exactly, "서울", "", "04524")).is_ok());
}

/// A postal code in its canonical form together with a way people type it.
fn postal_code() -> impl Strategy<Value = (&'static str, String, String)> {
    let zip = ("[0-9]{5}", proptest::option::of("[0-9]{4}")).prop_map(|(zip, plus4)| {
        let canonical = match &plus4 {
            Some(p) => format!("{zip}-{p}"),
            None => zip.clone(),
        };
        ("US", canonical.clone(), canonical.replace('-', ""))
    });
    let kr = "[0-9]{5}".prop_map(|c| ("KR", c.clone(), format!(" {c} ")));
    let de = "[0-9]{5}".prop_map(|c| ("DE", c.clone(), c));
    let fr = "[0-9]{5}".prop_map(|c| ("FR", c.clone(), c));
    let au = "[0-9]{4}".prop_map(|c| ("AU", c.clone(), c));
    let india = "[1-9][0-9]{5}".prop_map(|c| ("IN", c.clone(), format!("{} {}", &c[..3], &c[3..])));
    let jp =
        ("[0-9]{3}", "[0-9]{4}").prop_map(|(a, b)| ("JP", format!("{a}-{b}"), format!("{a}{b}")));
    let br = ("[0-9]{5}", "[0-9]{3}").prop_map(|(a, b)| {
        (
            "BR",
            format!("{a}-{b}"),
            format!("{}.{}-{b}", &a[..2], &a[2..]),
        )
    });
    let ca = "[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]"
        .prop_map(|c| ("CA", c.clone(), c.replace(' ', "").to_lowercase()));
    let gb_outward = prop_oneof![
        "[A-PR-UWYZ][0-9]",
        "[A-PR-UWYZ][0-9][0-9]",
        "[A-PR-UWYZ][A-HK-Y][0-9]",
        "[A-PR-UWYZ][A-HK-Y][0-9][0-9]",
        "[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]",
        "[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]",
    ];
    let gb = (gb_outward, "[0-9][ABD-HJLNP-UW-Z]{2}").prop_map(|(out, inward)| {
        (
            "GB",
            format!("{out} {inward}"),
            format!("{out}{inward}").to_lowercase(),
        )
    });
    prop_oneof![zip, kr, de, fr, au, india, jp, br, ca, gb]
}

proptest! {
    #[test]
    fn valid_postal_codes_are_accepted_in_canonical_form(
        (country, canonical, typed) in postal_code(),
    ) {
        prop_assert_eq!(normalize_postal_code(country, &canonical), Ok(canonical.clone()));
        prop_assert_eq!(normalize_postal_code(country, &typed), Ok(canonical.clone()));
        let full_width: String = typed
            .chars()
            .map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
            .collect();
        prop_assert_eq!(normalize_postal_code(country, &full_width), Ok(canonical));
    }

    #[test]
    fn a_changed_character_class_is_refused(
        (country, canonical, _typed) in postal_code(),
        at in any::<prop::sample::Index>(),
    ) {
        // No format allows an "I" where a digit is: not UK postcodes (whose letter positions
        // never follow a digit with an I), not Canadian ones.
        let positions: Vec<usize> = canonical
            .char_indices()
            .filter(|(_, c)| c.is_ascii_digit())
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!positions.is_empty());
        let i = positions[at.index(positions.len())];
        let mut broken = canonical.clone();
        broken.replace_range(i..=i, "I");
        prop_assert_eq!(normalize_postal_code(country, &broken), Err(POSTAL_FORMAT));
    }

    #[test]
    fn arbitrary_input_never_panics_and_normalizes_idempotently(
        input in any::<String>(),
        country in "(US|KR|JP|GB|DE|FR|CA|AU|IN|BR|NL|HK|ZZ)",
    ) {
        match normalize_postal_code(&country, &input) {
            Ok(code) => prop_assert_eq!(normalize_postal_code(&country, &code), Ok(code.clone())),
            Err(code) => prop_assert!(code == POSTAL_EMPTY || code == POSTAL_FORMAT),
        }
    }

    #[test]
    fn arbitrary_addresses_never_panic(
        line1 in any::<String>(),
        city in any::<String>(),
        region in any::<String>(),
        postal_code in any::<String>(),
        country in "(US|KR|JP|CA|FR|SG|AE|ZZ)",
    ) {
        let typed = AddressInput { line1, line2: String::new(), city, region, postal_code };
        if let Ok(address) = validate(&country, &typed) {
            let again = AddressInput {
                line1: address.line1.clone(),
                line2: address.line2.clone(),
                city: address.city.clone(),
                region: address.region.clone(),
                postal_code: address.postal_code.clone(),
            };
            prop_assert_eq!(validate(&address.country, &again), Ok(address));
        }
    }
}
