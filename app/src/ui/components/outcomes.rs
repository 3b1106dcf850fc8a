//! What a page with several actions reports: which of them finished last, the code of its
//! success (for the notice at the top) and its failure (next to its form).

use crate::api::AppError;
use leptos::prelude::*;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

/// An action's latest answer (`action.value()` of a server function that returns nothing).
pub(crate) type Answer = MappedSignal<Option<Result<(), AppError>>>;

/// A page's actions, each with the code of its success. Once hydrated, the action that
/// finished last is what the page reports; before that (server rendering, JavaScript off) the
/// success is the `done` code the form post put in the address, and the failure the answer the
/// server gave to the post.
#[derive(Clone, Copy)]
pub(crate) struct Outcomes<const N: usize> {
    answers: [Answer; N],
    codes: [&'static str; N],
    latest: ReadSignal<Option<usize>>,
    query: Memo<ParamsMap>,
}

impl<const N: usize> Outcomes<N> {
    pub(crate) fn new(actions: [(Answer, &'static str); N]) -> Self {
        let query = use_query_map();
        let (latest, set_latest) = signal(None::<usize>);
        for (index, (answer, _)) in actions.iter().copied().enumerate() {
            // not on the first run: an answer already there (the form post's) is not news
            Effect::new(move |first: Option<()>| {
                if answer.get().is_some() && first.is_some() {
                    set_latest.set(Some(index));
                }
            });
        }
        Self {
            answers: actions.map(|(answer, _)| answer),
            codes: actions.map(|(_, code)| code),
            latest,
            query,
        }
    }

    /// The code of the success to report, if any.
    pub(crate) fn done(&self) -> Option<&'static str> {
        match self.latest.get() {
            Some(index) => {
                matches!(self.answers[index].get(), Some(Ok(()))).then_some(self.codes[index])
            }
            None => self.query.with(|q| {
                let done = q.get("done")?;
                self.codes.iter().copied().find(|code| *code == done)
            }),
        }
    }

    /// [`Self::error`] as a signal, for a form's messages.
    pub(crate) fn refusal(self, among: &'static [&'static str]) -> Signal<Option<AppError>> {
        Signal::derive(move || self.error(among))
    }

    /// The failure of the action that finished last, if it is one of `among` (codes): each form
    /// shows only its own.
    pub(crate) fn error(&self, among: &[&str]) -> Option<AppError> {
        let mine = |index: usize| among.contains(&self.codes[index]);
        match self.latest.get() {
            Some(index) if mine(index) => self.answers[index].get().and_then(Result::err),
            Some(_) => None,
            None => (0..N)
                .filter(|index| mine(*index))
                .find_map(|index| self.answers[index].get().and_then(Result::err)),
        }
    }
}
