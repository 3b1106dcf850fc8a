//! The guarded-page scaffold every page with server data shares: wait for the data (rendered on
//! the server, so the page arrives whole), show the page when the server allowed it, and what
//! `refused` says (a sentence, a redirect; with its status, see `refused_status`) when it did not.

use crate::api::AppError;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// The page `page` makes of `data`, or what `refused` makes of the server's refusal.
pub(crate) fn guarded<T, V>(
    data: Resource<Result<T, AppError>>,
    refused: impl Fn(AppError) -> AnyView + Clone + Send + Sync + 'static,
    page: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (refused, page) = (refused.clone(), page.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => page(value).into_any(),
                        Err(error) => refused(error),
                    }
                })
            }}
        </Suspense>
    }
}
