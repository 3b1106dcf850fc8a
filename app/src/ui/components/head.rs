//! What a page puts in the document's head.

use leptos::prelude::*;

/// A page's `<title>`, in the page's language. On the server the text is read once, while the
/// page renders: the head is put together after that, outside the request's reactive arena,
/// where a title that reads a signal can panic (leptos#3729) and the connection drops. In the
/// browser it follows a change of language.
#[leptos::component]
pub(crate) fn PageTitle(
    text: impl Fn() -> String + Send + Sync + 'static,
) -> impl leptos::IntoView {
    view! { <leptos_meta::Title text=head_text(text) /> }
}

/// A page's `<meta name="description">`, read once on the server as [`PageTitle`] is.
#[leptos::component]
pub(crate) fn PageDescription(
    text: impl Fn() -> String + Send + Sync + 'static,
) -> impl leptos::IntoView {
    view! { <leptos_meta::Meta name="description" content=head_text(text) /> }
}

/// `text` as the head takes it: read once on the server (see [`PageTitle`]), followed in the
/// browser.
fn head_text(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    #[cfg(feature = "ssr")]
    {
        TextProp::from(text())
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextProp::from(text)
    }
}
