//! A data table: translated column headings, rows, and a scroll region a keyboard can reach
//! when the table is wider than the screen.

use leptos::prelude::*;

#[component]
pub(crate) fn DataTable(
    /// the headings, left to right (`columns!`)
    columns: Vec<Signal<String>>,
    /// the id of the heading that names the table: the scroll region is then a named region a
    /// keyboard can focus and scroll (WCAG 2.1.1)
    #[prop(optional)]
    labelled_by: Option<&'static str>,
    /// a caption for screen readers (the table's name when no heading names it)
    #[prop(into, optional)]
    caption: Option<Signal<String>>,
    #[prop(optional)] testid: Option<&'static str>,
    /// the rows (`<tr>`s)
    children: Children,
) -> impl IntoView {
    let headings = columns
        .into_iter()
        .map(|text| view! { <th scope="col">{text}</th> })
        .collect_view();
    let table = view! {
        <table class="table" data-testid=testid>
            {caption.map(|text| view! { <caption class="visually-hidden">{text}</caption> })}
            <thead>
                <tr>{headings}</tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    };
    match labelled_by {
        Some(id) => view! {
            <div class="table-wrap" role="region" tabindex="0" aria-labelledby=id>
                {table}
            </div>
        }
        .into_any(),
        None => view! { <div class="table-scroll">{table}</div> }.into_any(),
    }
}
