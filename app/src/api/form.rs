//! What forms send. A server function that takes a form's fields as one struct marks it
//! `#[server(flatten)]`, so the page keeps plain field names (`line1`, not `form[line1]`) with
//! JavaScript and without. The query-string decoder then hands every flattened value over as
//! text, so numbers are read from text here.

use serde::{Deserializer, de};

/// A whole number sent as a form field (or as a number).
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct Number;
    impl de::Visitor<'_> for Number {
        type Value = i64;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a whole number")
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(E::custom)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<i64, E> {
            value.trim().parse().map_err(E::custom)
        }
    }
    deserializer.deserialize_any(Number)
}

#[cfg(test)]
mod tests {
    use crate::domain::address::AddressInput;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Form {
        #[serde(deserialize_with = "super::number")]
        version: i64,
        #[serde(flatten)]
        address: AddressInput,
        phone: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Call {
        name: String,
        #[serde(flatten)]
        form: Form,
    }

    #[test]
    fn flattened_fields_keep_their_plain_names_both_ways() {
        let call: Call =
            serde_qs::from_str("name=Hanbit&version=7&line1=1+Main+St&city=Seoul&phone=%2B82")
                .unwrap();
        assert_eq!(call.name, "Hanbit");
        assert_eq!(call.form.version, 7);
        assert_eq!(call.form.address.line1, "1 Main St");
        assert_eq!(call.form.address.city, "Seoul");
        assert_eq!(call.form.address.postal_code, "");
        assert_eq!(call.form.phone, "+82");
        let sent = serde_qs::to_string(&call).unwrap();
        assert!(
            sent.contains("version=7") && sent.contains("line1=1"),
            "{sent}"
        );
        assert_eq!(serde_qs::from_str::<Call>(&sent).unwrap(), call);
        assert!(serde_qs::from_str::<Call>("name=x&version=seven").is_err());
    }
}
