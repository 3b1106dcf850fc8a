use super::*;
use proptest::prelude::*;

fn iban_input(holder: &str, iban: &str, bic: &str) -> BankInput {
    BankInput {
        holder: holder.into(),
        iban: iban.into(),
        bic: bic.into(),
        ..BankInput::default()
    }
}

fn domestic_input(holder: &str, account_number: &str, routing_code: &str) -> BankInput {
    BankInput {
        holder: holder.into(),
        account_number: account_number.into(),
        routing_code: routing_code.into(),
        ..BankInput::default()
    }
}

#[test]
fn iban_countries_follow_the_registry() {
    assert_eq!(IBAN_COUNTRIES.len(), 87);
    assert!(IBAN_COUNTRIES.windows(2).all(|w| w[0] < w[1]));
    for country in ["DE", "FR", "GB", "NL", "ch", "BR", "SA", "AE", "TR", "UA"] {
        assert!(uses_iban(country), "{country}");
    }
    for country in [
        "US", "CA", "AU", "IN", "JP", "KR", "CN", "SG", "MX", "ZZ", "",
    ] {
        assert!(!uses_iban(country), "{country}");
    }
    assert_eq!(iban_country("RE"), Some("FR"));
    assert_eq!(iban_country("JE"), Some("GB"));
    assert_eq!(iban_country("AX"), Some("FI"));
    for (territory, parent) in IBAN_TERRITORIES {
        assert!(country::find(territory).is_some());
        assert!(IBAN_COUNTRIES.contains(parent));
    }
}

#[test]
fn ibans_are_checked_and_normalized() {
    for (typed, kept) in [
        ("de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("GB29-NWBK-6016-1331-9268-19", "GB29NWBK60161331926819"),
        (
            "ＦＲ１４ ２００４ １０１０ ０５０５ ０００１ ３Ｍ０２ ６０６",
            "FR1420041010050500013M02606",
        ),
    ] {
        assert_eq!(parse_iban(typed).as_deref(), Ok(kept), "{typed}");
    }
    assert_eq!(parse_iban("  "), Err(IBAN_EMPTY));
    assert_eq!(parse_iban("DE88370400440532013000"), Err(IBAN_CHECKSUM));
    assert_eq!(parse_iban("DE89370400440532013001"), Err(IBAN_CHECKSUM));
    assert_eq!(parse_iban("DE00370400440532013000"), Err(IBAN_CHECKSUM));
    // one digit short for Germany, and wrong letters where Britain wants its bank code
    assert_eq!(parse_iban("DE8937040044053201300"), Err(IBAN_FORMAT));
    assert_eq!(parse_iban("GB29123460161331926819"), Err(IBAN_FORMAT));
    assert_eq!(parse_iban("US12345678901234"), Err(IBAN_FORMAT));
    assert_eq!(
        parse_iban("DE89 3704 0044 0532 0130 00 €"),
        Err(IBAN_FORMAT)
    );
    assert_eq!(parse_iban("89DE370400440532013000"), Err(IBAN_FORMAT));
    assert_eq!(parse_iban("DE8"), Err(IBAN_FORMAT));
    assert_eq!(
        parse_iban(&format!("DE89{}", "1".repeat(40))),
        Err(IBAN_FORMAT)
    );
}

#[test]
fn bics_are_checked() {
    assert_eq!(parse_bic("deutdeff").as_deref(), Ok("DEUTDEFF"));
    assert_eq!(parse_bic("DEUT DE FF 500").as_deref(), Ok("DEUTDEFF500"));
    assert_eq!(parse_bic(""), Err(BIC_EMPTY));
    for bad in [
        "DEUTDEF",
        "DEUTDEFF50",
        "DEUTZZFF",
        "DEU1DEFF",
        "DEUTDEFF5000",
        "DEUTDEF_",
    ] {
        assert_eq!(parse_bic(bad), Err(BIC_FORMAT), "{bad}");
    }
}

#[test]
fn iban_country_details_validate() {
    let details = validate(
        "de",
        &iban_input(
            " Muster  GmbH ",
            "DE89 3704 0044 0532 0130 00",
            "cobadeffxxx",
        ),
    )
    .unwrap();
    assert_eq!(
        details,
        BankDetails {
            holder: "Muster GmbH".into(),
            account: BankAccount::Iban {
                iban: "DE89370400440532013000".into(),
                bic: "COBADEFFXXX".into(),
            },
        }
    );
    assert_eq!(details.last4(), "3000");
    assert_eq!(details.masked(), "•••• 3000");
    let reunion = validate(
        "RE",
        &iban_input("SARL", "FR1420041010050500013M02606", "BNPAFRPP"),
    );
    assert!(reunion.is_ok());
    assert_eq!(
        validate("FR", &iban_input("", "DE89370400440532013000", "")).unwrap_err(),
        vec![
            ("holder", HOLDER_EMPTY),
            ("iban", IBAN_OTHER_COUNTRY),
            ("bic", BIC_EMPTY),
        ]
    );
    assert_eq!(
        validate("DE", &iban_input("x", "DE88370400440532013000", "DEUT")).unwrap_err(),
        vec![("iban", IBAN_CHECKSUM), ("bic", BIC_FORMAT)]
    );
    let long = "a".repeat(MAX_HOLDER_LEN + 1);
    assert_eq!(
        validate("DE", &iban_input(&long, "", "DEUTDEFF")).unwrap_err(),
        vec![("holder", HOLDER_TOO_LONG), ("iban", IBAN_EMPTY)]
    );
}

#[test]
fn aba_routing_numbers() {
    for good in [
        "021000021",
        "011000015",
        "121000358",
        "322271627",
        "800000006",
    ] {
        assert!(aba_checksum_ok(good), "{good}");
    }
    for bad in [
        "021000022",
        "12100035",
        "1210003580",
        "12100035a",
        "991000013",
        "",
        "٠٢١٠٠٠٠٢١",
    ] {
        assert!(!aba_checksum_ok(bad), "{bad}");
    }
    assert_eq!(
        parse_routing_code(RoutingKind::Aba, "0210-0002-1").as_deref(),
        Ok("021000021")
    );
    assert_eq!(
        parse_routing_code(RoutingKind::Aba, "021000022"),
        Err(ROUTING_CHECKSUM)
    );
    assert_eq!(
        parse_routing_code(RoutingKind::Aba, "991000013"),
        Err(ROUTING_CHECKSUM)
    );
    assert_eq!(
        parse_routing_code(RoutingKind::Aba, "02100002"),
        Err(ROUTING_FORMAT)
    );
    assert_eq!(
        parse_routing_code(RoutingKind::Aba, " "),
        Err(ROUTING_EMPTY)
    );
}

#[test]
fn routing_codes_per_country() {
    use RoutingKind::*;
    assert_eq!(routing_kind("us"), Aba);
    assert_eq!(routing_kind("PR"), Aba);
    assert_eq!(routing_kind("CA"), CanadianTransit);
    assert_eq!(routing_kind("AU"), Bsb);
    assert_eq!(routing_kind("IN"), Ifsc);
    assert_eq!(routing_kind("JP"), JapanBankBranch);
    assert_eq!(routing_kind("KR"), KoreaBankCode);
    assert_eq!(routing_kind("SG"), Generic);
    for (kind, input, expected) in [
        (CanadianTransit, "12345-678", "12345-678"),
        (CanadianTransit, "12345 678", "12345-678"),
        (CanadianTransit, "0678 12345", "12345-678"),
        (CanadianTransit, "067812345", "12345-678"),
        (Bsb, "062-000", "062-000"),
        (Bsb, "062000", "062-000"),
        (Ifsc, "sbin0001234", "SBIN0001234"),
        (Ifsc, "HDFC0ABC123", "HDFC0ABC123"),
        (JapanBankBranch, "0005-001", "0005-001"),
        (JapanBankBranch, "０００５ ００１", "0005-001"),
        (KoreaBankCode, "004", "004"),
        (Generic, "dbs sgsg", "DBSSGSG"),
        (Generic, "7171", "7171"),
    ] {
        assert_eq!(
            parse_routing_code(kind, input).as_deref(),
            Ok(expected),
            "{kind:?} {input:?}"
        );
    }
    for (kind, input) in [
        (CanadianTransit, "1234-5678"),
        (CanadianTransit, "167812345"),
        (CanadianTransit, "1234567"),
        (CanadianTransit, "12345-67a"),
        (CanadianTransit, "１２３４５６７８９"),
        (Bsb, "06200"),
        (Ifsc, "SBIN1001234"),
        (Ifsc, "SB1N0001234"),
        (Ifsc, "SBIN000123"),
        (JapanBankBranch, "0005-01"),
        (KoreaBankCode, "04"),
        (KoreaBankCode, "0044"),
        (Generic, "ABC_1"),
        (Generic, "123456789012345678901"),
    ] {
        assert_eq!(
            parse_routing_code(kind, input),
            Err(ROUTING_FORMAT),
            "{kind:?} {input:?}"
        );
    }
}

#[test]
fn account_numbers_per_country() {
    use RoutingKind::*;
    for (kind, input, expected) in [
        (Aba, "1234", "1234"),
        (Aba, "12345678901234567", "12345678901234567"),
        (CanadianTransit, "1234567", "1234567"),
        (Bsb, "12345", "12345"),
        (Ifsc, "1234 5678 9", "123456789"),
        (JapanBankBranch, "1234", "0001234"),
        (JapanBankBranch, "1234567", "1234567"),
        (KoreaBankCode, "123-456789-01", "12345678901"),
        (Generic, "ab12-34", "AB1234"),
    ] {
        assert_eq!(
            parse_account_number(kind, input).as_deref(),
            Ok(expected),
            "{kind:?} {input:?}"
        );
    }
    for (kind, input) in [
        (Aba, "123"),
        (Aba, "123456789012345678"),
        (Aba, "12a4"),
        (CanadianTransit, "123456"),
        (Bsb, "1234567890"),
        (Ifsc, "12345678"),
        (JapanBankBranch, "12345678"),
        (KoreaBankCode, "123456789"),
        (KoreaBankCode, "123456789012345"),
        (Generic, "123"),
        (Generic, "AB12/34"),
    ] {
        assert_eq!(
            parse_account_number(kind, input),
            Err(ACCOUNT_FORMAT),
            "{kind:?} {input:?}"
        );
    }
    assert_eq!(parse_account_number(Aba, " - "), Err(ACCOUNT_EMPTY));
}

#[test]
fn domestic_details_validate() {
    let details = validate(
        "US",
        &domestic_input("Acme Inc.", "0001234567", "021000021"),
    )
    .unwrap();
    assert_eq!(
        details.account,
        BankAccount::Domestic {
            account_number: "0001234567".into(),
            routing_code: "021000021".into(),
        }
    );
    assert_eq!(details.masked(), "•••• 4567");
    let japan = validate(
        "JP",
        &domestic_input("カブシキガイシャ", "1234", "0005-001"),
    )
    .unwrap();
    assert_eq!(japan.last4(), "1234");
    assert_eq!(
        validate("US", &domestic_input("Acme", "12", "021000022")).unwrap_err(),
        vec![
            ("account_number", ACCOUNT_FORMAT),
            ("routing_code", ROUTING_CHECKSUM),
        ]
    );
    assert_eq!(
        validate("KR", &domestic_input(" ", "", "")).unwrap_err(),
        vec![
            ("holder", HOLDER_EMPTY),
            ("account_number", ACCOUNT_EMPTY),
            ("routing_code", ROUTING_EMPTY),
        ]
    );
    assert_eq!(
        validate("QQ", &domestic_input("x", "12345678", "ABC")).unwrap_err(),
        vec![("country", country::UNKNOWN)]
    );
}

#[test]
fn debug_never_shows_numbers() {
    let input = BankInput {
        holder: "Acme".into(),
        iban: "DE89370400440532013000".into(),
        bic: "DEUTDEFF".into(),
        account_number: "9876543210".into(),
        routing_code: "021000021".into(),
    };
    let printed = format!("{input:?} {input:#?}");
    assert!(!printed.contains("DE89370400440532013000"));
    assert!(!printed.contains("9876543210"));
    assert!(!printed.contains("3000") && !printed.contains("3210"));
    assert!(printed.contains("<redacted>"));
    let iban = validate("DE", &input).unwrap();
    let printed = format!("{iban:?} {:?} {iban:#?}", iban.account);
    assert!(!printed.contains("DE89370400440532013000"), "{printed}");
    assert!(printed.contains("•••• 3000"));
    let domestic = validate("US", &input).unwrap();
    let printed = format!("{domestic:?}");
    assert!(!printed.contains("9876543210"), "{printed}");
    assert!(printed.contains("•••• 3210"));
}

#[test]
fn serde_round_trip() {
    let details = validate("US", &domestic_input("Acme", "1234567", "021000021")).unwrap();
    let json = serde_json::to_string(&details).unwrap();
    assert!(json.contains("\"kind\":\"domestic\""), "{json}");
    assert_eq!(serde_json::from_str::<BankDetails>(&json).unwrap(), details);
}

/// BBAN patterns of some registry countries, to build valid IBANs from.
fn valid_iban() -> impl Strategy<Value = String> {
    prop_oneof![
        "DE[0-9]{18}",
        "GB[A-Z]{4}[0-9]{14}",
        "FR[0-9]{10}[A-Z0-9]{11}[0-9]{2}",
        "NL[A-Z]{4}[0-9]{10}",
        "ES[0-9]{20}",
        "BE[0-9]{12}",
        "AT[0-9]{16}",
        "CH[0-9]{5}[A-Z0-9]{12}",
        "IT[A-Z][0-9]{10}[A-Z0-9]{12}",
        "PL[0-9]{24}",
        "SE[0-9]{20}",
        "NO[0-9]{11}",
        "SA[0-9]{2}[A-Z0-9]{18}",
        "AE[0-9]{19}",
    ]
    .prop_map(|raw| with_check_digits(&format!("{}00{}", &raw[..2], &raw[2..])))
}

fn valid_aba() -> impl Strategy<Value = String> {
    (
        prop_oneof![0u32..=12, 21u32..=32, 61u32..=72, Just(80u32)],
        "[0-9]{6}",
    )
        .prop_map(|(prefix, middle)| {
            let eight = format!("{prefix:02}{middle}");
            let sum: u32 = eight
                .bytes()
                .zip([3, 7, 1].iter().cycle())
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            format!("{eight}{}", (10 - sum % 10) % 10)
        })
}

fn paper_format(iban: &str) -> String {
    iban.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Replaces the digit at position `at` (among the digits after the country code) by a
/// different digit.
fn change_digit(text: &str, at: prop::sample::Index, by: u8) -> Option<String> {
    let positions: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(i, b)| *i >= 2 && b.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    if positions.is_empty() {
        return None;
    }
    let i = positions[at.index(positions.len())];
    let mut bytes = text.as_bytes().to_vec();
    bytes[i] = b'0' + (bytes[i] - b'0' + 1 + by % 9) % 10;
    String::from_utf8(bytes).ok()
}

proptest! {
    #[test]
    fn valid_ibans_are_accepted_in_any_spelling(iban in valid_iban()) {
        prop_assert_eq!(parse_iban(&iban), Ok(iban.clone()));
        prop_assert_eq!(parse_iban(&paper_format(&iban)), Ok(iban.clone()));
        let country = &iban[..2];
        let details = validate(country, &iban_input("Holder", &paper_format(&iban), "DEUTDEFF"));
        prop_assert!(details.is_ok(), "{:?}", details);
        let details = details.unwrap();
        prop_assert_eq!(&details.account, &BankAccount::Iban { iban: iban.clone(), bic: "DEUTDEFF".into() });
        prop_assert_eq!(details.last4(), iban[iban.len() - 4..].to_string());
        let other = if country == "DE" { "FR" } else { "DE" };
        let wrong_country = validate(other, &iban_input("Holder", &iban, "DEUTDEFF"));
        prop_assert_eq!(wrong_country, Err(vec![("iban", IBAN_OTHER_COUNTRY)]));
    }

    #[test]
    fn a_changed_iban_digit_is_refused(
        iban in valid_iban(),
        at in any::<prop::sample::Index>(),
        by in any::<u8>(),
    ) {
        let changed = change_digit(&iban, at, by).unwrap();
        prop_assert_ne!(&changed, &iban);
        prop_assert_eq!(parse_iban(&changed), Err(IBAN_CHECKSUM));
    }

    #[test]
    fn valid_aba_numbers_are_accepted(aba in valid_aba()) {
        prop_assert!(aba_checksum_ok(&aba));
        let typed = format!("{}-{} {}", &aba[..4], &aba[4..8], &aba[8..]);
        prop_assert_eq!(parse_routing_code(RoutingKind::Aba, &typed), Ok(aba.clone()));
        prop_assert_eq!(parse_routing_code(RoutingKind::Aba, &aba), Ok(aba.clone()));
    }

    #[test]
    fn a_changed_aba_digit_is_refused(
        aba in valid_aba(),
        at in any::<prop::sample::Index>(),
        by in any::<u8>(),
    ) {
        // position 0 and 1 count too: prefix the number so change_digit sees all nine
        let changed = change_digit(&format!("__{aba}"), at, by).unwrap();
        let changed = &changed[2..];
        prop_assert!(!aba_checksum_ok(changed));
        prop_assert_eq!(parse_routing_code(RoutingKind::Aba, changed), Err(ROUTING_CHECKSUM));
    }

    #[test]
    fn arbitrary_input_never_panics(
        holder in any::<String>(),
        number in any::<String>(),
        code in any::<String>(),
        country in "(DE|GB|FR|US|CA|AU|IN|JP|KR|SG|RE|ZZ)",
    ) {
        let input = BankInput {
            holder,
            iban: number.clone(),
            bic: code.clone(),
            account_number: number,
            routing_code: code,
        };
        if let Ok(details) = validate(&country, &input) {
            prop_assert!(details.last4().chars().count() <= 4);
        }
        let _ = format!("{input:?}");
    }

    #[test]
    fn routing_codes_normalize_idempotently(
        code in "[0-9A-Za-z -]{0,14}",
        kind in prop_oneof![
            Just(RoutingKind::Aba),
            Just(RoutingKind::CanadianTransit),
            Just(RoutingKind::Bsb),
            Just(RoutingKind::Ifsc),
            Just(RoutingKind::JapanBankBranch),
            Just(RoutingKind::KoreaBankCode),
            Just(RoutingKind::Generic),
        ],
    ) {
        if let Ok(canonical) = parse_routing_code(kind, &code) {
            prop_assert_eq!(parse_routing_code(kind, &canonical), Ok(canonical.clone()));
        }
        if let Ok(canonical) = parse_account_number(kind, &code) {
            prop_assert_eq!(parse_account_number(kind, &canonical), Ok(canonical.clone()));
        }
    }
}
