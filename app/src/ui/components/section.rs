//! A part of a page named by its heading, and the notice of what was just done.

use leptos::prelude::*;
use leptos_router::components::A;

/// A part of a page that screen readers name by its heading (`aria-labelledby`), with the
/// paragraph that introduces it when it has one. The heading is the page's title (`h1`) unless
/// `sub` (an `h2`).
#[component]
pub(crate) fn Titled(
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] intro: Option<Signal<String>>,
    #[prop(optional, into)] class: Option<&'static str>,
    #[prop(optional)] sub: bool,
    children: Children,
) -> impl IntoView {
    let heading = if sub {
        view! { <h2 id=id>{title}</h2> }.into_any()
    } else {
        view! { <h1 id=id>{title}</h1> }.into_any()
    };
    view! {
        <section class=class aria-labelledby=id>
            {heading}
            {intro.map(|intro| view! { <p>{intro}</p> })}
            {children()}
        </section>
    }
}

/// The notice that something was just done (`role="status"`: read out when it appears).
pub(crate) fn notice<T: IntoView>(text: Option<T>) -> impl IntoView + use<T> {
    text.map(|text| view! { <p class="notice" role="status">{text}</p> })
}

/// The notice for the `done` code of what was just done (see `done_code`), in words `text` gives.
pub(crate) fn done_notice<F>(code: Option<&str>, text: F) -> impl IntoView + use<F>
where
    F: Fn(&str) -> Option<&'static str>,
{
    notice(code.and_then(text))
}

/// Links as list items (`<li>`), in the order given: (address, text).
pub(crate) fn link_items(
    links: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> impl IntoView {
    links
        .into_iter()
        .map(|(href, text)| view! { <li><A href=href>{text}</A></li> })
        .collect_view()
}
