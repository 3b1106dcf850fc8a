//! Provider matching: how well an indirect provider fits an indirect reseller, as a score out
//! of 100 with the reasons behind it ("serves KR, speaks ko, sells 3 of your 4 products").
//!
//! What counts, and how much: the countries the reseller serves that the provider serves too
//! (35), the reseller's products the provider sells (30), a shared language (20), the
//! reseller's customer sizes the provider serves (10), and room (5: fewer resellers already is
//! better; a provider with 50 or more gets nothing for it). A provider that does not accept new
//! resellers is not a match at all.

use serde::{Deserialize, Serialize};

/// The four things a reseller and a provider are matched on, one `T` for each: the countries
/// served, the products sold, the languages spoken and the customer sizes served.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts<T> {
    pub regions: T,
    pub products: T,
    pub languages: T,
    pub customer_sizes: T,
}

impl<T> Parts<T> {
    /// Each part through `f`.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Parts<U> {
        Parts {
            regions: f(self.regions),
            products: f(self.products),
            languages: f(self.languages),
            customer_sizes: f(self.customer_sizes),
        }
    }

    /// Each part beside the same part of `other`.
    pub fn zip<U>(self, other: Parts<U>) -> Parts<(T, U)> {
        Parts {
            regions: (self.regions, other.regions),
            products: (self.products, other.products),
            languages: (self.languages, other.languages),
            customer_sizes: (self.customer_sizes, other.customer_sizes),
        }
    }

    pub fn as_ref(&self) -> Parts<&T> {
        Parts {
            regions: &self.regions,
            products: &self.products,
            languages: &self.languages,
            customer_sizes: &self.customer_sizes,
        }
    }
}

/// What the reseller needs (codes): read from its own business profile (saved or published),
/// with its own country when it names no countries.
pub type Needs = Parts<Vec<String>>;

/// What a provider offers, from its directory entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// the codes it names
    pub parts: Parts<Vec<String>>,
    pub accepting_resellers: bool,
    /// its active resellers
    pub resellers: u32,
}

/// One part of a score, for the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// what is shared (codes)
    pub shared: Vec<String>,
    /// how many the reseller asked for
    pub wanted: usize,
}

/// How well a provider fits, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fit {
    /// 0 to 100
    pub score: u32,
    pub parts: Parts<Part>,
    pub resellers: u32,
}

/// Points for each part.
pub const REGION_POINTS: u32 = 35;
pub const PRODUCT_POINTS: u32 = 30;
pub const LANGUAGE_POINTS: u32 = 20;
pub const SIZE_POINTS: u32 = 10;
pub const ROOM_POINTS: u32 = 5;
/// From this many resellers on, a provider gets no points for room.
pub const FULL_AT: u32 = 50;

fn part(wanted: &[String], offered: &[String]) -> Part {
    Part {
        shared: wanted
            .iter()
            .filter(|w| offered.contains(w))
            .cloned()
            .collect(),
        wanted: wanted.len(),
    }
}

/// What a score is made of: for each part, how many of the reseller's codes the provider
/// shares, how many the reseller named, and whether the provider names any; and its resellers.
/// [`fit`] counts from the lists; a caller holding the codes another way (bit sets) counts the
/// same and gets the same [`score`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub parts: Parts<Count>,
    pub resellers: u32,
}

/// One part of [`Counts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub shared: u32,
    pub wanted: u32,
    pub offered_any: bool,
}

/// `points` in the share the provider covers; nothing asked for gets the full points when the
/// provider offers anything at all (it cannot miss what is not asked).
fn points(count: Count, points: u32) -> u32 {
    match (points * count.shared).checked_div(count.wanted) {
        Some(share) => share,
        None if count.offered_any => points,
        None => 0,
    }
}

/// The score out of 100 for what a provider shares with a reseller.
pub fn score(counts: &Counts) -> u32 {
    // any one shared language is enough to work together
    let parts = counts.parts;
    let language_points = if parts.languages.wanted == 0 {
        points(parts.languages, LANGUAGE_POINTS)
    } else if parts.languages.shared == 0 {
        0
    } else {
        LANGUAGE_POINTS
    };
    let room = ROOM_POINTS * FULL_AT.saturating_sub(counts.resellers.min(FULL_AT)) / FULL_AT;
    points(parts.regions, REGION_POINTS)
        + points(parts.products, PRODUCT_POINTS)
        + language_points
        + points(parts.customer_sizes, SIZE_POINTS)
        + room
}

fn count(part: &Part, offered: &[String]) -> Count {
    Count {
        shared: part.shared.len() as u32,
        wanted: part.wanted as u32,
        offered_any: !offered.is_empty(),
    }
}

/// The provider's fit for the reseller; `None` when it does not accept new resellers.
pub fn fit(needs: &Needs, offer: &Offer) -> Option<Fit> {
    if !offer.accepting_resellers {
        return None;
    }
    let offered = offer.parts.as_ref();
    let parts = needs
        .as_ref()
        .zip(offered)
        .map(|(wanted, offered)| part(wanted, offered));
    let score = score(&Counts {
        parts: parts
            .as_ref()
            .zip(offered)
            .map(|(part, offered)| count(part, offered)),
        resellers: offer.resellers,
    });
    Some(Fit {
        score,
        parts,
        resellers: offer.resellers,
    })
}

/// Providers ranked for the reseller: best first; equal scores by fewer resellers, then by
/// the order given (the directory's, by name). Providers that accept no resellers are left out.
pub fn rank<T>(needs: &Needs, candidates: Vec<(T, Offer)>) -> Vec<(T, Fit)> {
    let mut ranked: Vec<(usize, T, Fit)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(order, (item, offer))| fit(needs, &offer).map(|fit| (order, item, fit)))
        .collect();
    ranked.sort_by(|a, b| {
        b.2.score
            .cmp(&a.2.score)
            .then(a.2.resellers.cmp(&b.2.resellers))
            .then(a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .map(|(_, item, fit)| (item, fit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_owned()).collect()
    }

    fn needs() -> Needs {
        Needs {
            regions: codes(&["KR"]),
            products: codes(&["azure", "microsoft_365", "dynamics_365", "copilot"]),
            languages: codes(&["ko"]),
            customer_sizes: codes(&["small", "medium"]),
        }
    }

    fn offer() -> Offer {
        Offer {
            parts: Parts {
                regions: codes(&["KR", "JP"]),
                products: codes(&["azure", "microsoft_365", "copilot"]),
                languages: codes(&["ko", "en"]),
                customer_sizes: codes(&["small"]),
            },
            accepting_resellers: true,
            resellers: 10,
        }
    }

    #[test]
    fn a_score_adds_up_what_is_shared() {
        let fit = fit(&needs(), &offer()).unwrap();
        assert_eq!(fit.parts.regions.shared, ["KR"]);
        assert_eq!(fit.parts.products.shared.len(), 3);
        assert_eq!(fit.parts.products.wanted, 4);
        // 35 + 30·3/4 (22) + 20 + 10·1/2 (5) + 5·40/50 (4)
        assert_eq!(fit.score, 35 + 22 + 20 + 5 + 4);
    }

    #[test]
    fn a_perfect_fit_with_room_scores_100_and_one_not_accepting_is_no_match() {
        let mut all = offer();
        all.parts.products = needs().products;
        all.parts.customer_sizes = codes(&["small", "medium", "large"]);
        all.resellers = 0;
        assert_eq!(fit(&needs(), &all).unwrap().score, 100);
        all.accepting_resellers = false;
        assert_eq!(fit(&needs(), &all), None);
    }

    #[test]
    fn no_shared_language_or_country_costs_their_points() {
        let mut far = offer();
        far.parts.regions = codes(&["US"]);
        far.parts.languages = codes(&["en"]);
        let fit = fit(&needs(), &far).unwrap();
        assert_eq!(fit.score, 22 + 5 + 4);
        assert!(fit.parts.regions.shared.is_empty() && fit.parts.languages.shared.is_empty());
    }

    #[test]
    fn nothing_asked_is_not_held_against_a_provider() {
        let fit = fit(&Needs::default(), &offer()).unwrap();
        assert_eq!(fit.score, 35 + 30 + 20 + 10 + 4);
    }

    #[test]
    fn ranking_is_by_score_then_room_then_given_order() {
        let mut busy = offer();
        busy.resellers = 60;
        let mut closed = offer();
        closed.accepting_resellers = false;
        let mut weak = offer();
        weak.parts.products = codes(&["windows"]);
        let mut twin = offer();
        twin.resellers = 10;
        let ranked = rank(
            &needs(),
            vec![
                ("weak", weak),
                ("busy", busy),
                ("closed", closed),
                ("first", offer()),
                ("twin", twin),
            ],
        );
        let order: Vec<&str> = ranked.iter().map(|(name, _)| *name).collect();
        assert_eq!(order, ["first", "twin", "busy", "weak"]);
    }
}
