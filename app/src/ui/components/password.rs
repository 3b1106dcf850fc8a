//! How strong a password being typed is, in words.

use crate::{
    domain::password::{self, MIN_LEN, RECOMMENDED_LEN, Strength},
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// What a new password needs, for the hint under the field.
pub fn password_policy(i18n: I18nContext<Locale>) -> Signal<String> {
    Signal::derive(move || {
        t_string!(i18n, setup.password_policy)
            .to_string()
            .replace("{min}", &MIN_LEN.to_string())
            .replace("{recommended}", &RECOMMENDED_LEN.to_string())
    })
}

/// The strength of what is typed, as the browser can tell without the list of common passwords.
pub fn typed_strength(password_text: &str, email: &str) -> Strength {
    password::strength(
        password_text,
        &password::Context {
            email,
            temporary: None,
        },
        |_| false,
    )
}
