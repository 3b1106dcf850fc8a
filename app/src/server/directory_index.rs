//! What the directory's filters and provider matching read, held in memory: for every directory
//! entry, in name order, its model, whether it accepts resellers, how many it has, and its
//! countries, products, languages and customer sizes as bit sets. A listing or a ranking then
//! reads the database only for the twenty entries it shows.
//!
//! The database stays the truth. Every write to a directory entry logs a change with the next
//! number (the `directory_changes` event of migration 0013, in the writer's transaction); each
//! use first reads the last number (one small read) and, when it moved, reads the changed
//! entries again, or everything when it fell more than the kept changes behind. So every
//! server of a scaled-out portal sees each change at its next request.

use crate::{
    domain::{
        business_profile::{CUSTOMER_SIZES, LANGUAGES, PRODUCTS},
        country::COUNTRIES,
        matching::{Count, Counts, Parts, score},
    },
    server::db::{Database, DbError, execute, record_key},
};
use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, RwLock},
};
use surrealdb::types::{RecordId, SurrealValue};

/// A set of codes from one list, by their place in it (countries: 249 of 256).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bits([u64; 4]);

impl Bits {
    /// The codes of `codes` found in `list` (others are left out: the profile checks them).
    pub fn of<'a>(
        codes: impl IntoIterator<Item = &'a str>,
        place: impl Fn(&str) -> Option<usize>,
    ) -> Self {
        let mut bits = Bits::default();
        for code in codes {
            if let Some(at) = place(code).filter(|at| *at < 256) {
                bits.0[at / 64] |= 1 << (at % 64);
            }
        }
        bits
    }

    fn is_empty(self) -> bool {
        self.0 == [0; 4]
    }

    fn len(self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    fn shared(self, other: Bits) -> u32 {
        self.0
            .iter()
            .zip(other.0)
            .map(|(a, b)| (a & b).count_ones())
            .sum()
    }

    fn contains_all(self, wanted: Bits) -> bool {
        self.shared(wanted) == wanted.len()
    }
}

pub fn country_place(code: &str) -> Option<usize> {
    COUNTRIES.binary_search_by(|c| c.code.cmp(code)).ok()
}

fn place_in(list: &'static [&'static str]) -> impl Fn(&str) -> Option<usize> {
    move |code| list.iter().position(|c| *c == code)
}

pub fn product_place(code: &str) -> Option<usize> {
    place_in(PRODUCTS)(code)
}

pub fn language_place(code: &str) -> Option<usize> {
    place_in(LANGUAGES)(code)
}

pub fn size_place(code: &str) -> Option<usize> {
    place_in(CUSTOMER_SIZES)(code)
}

/// One directory entry as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub model: String,
    pub accepting_resellers: bool,
    pub resellers: u32,
    /// the codes it names
    pub parts: Parts<Bits>,
}

/// What the index reads of an entry.
#[derive(Debug, Clone, SurrealValue)]
struct Stored {
    id: RecordId,
    sort_name: String,
    model: String,
    accepting_resellers: bool,
    resellers: Option<i64>,
    regions: Vec<String>,
    products: Vec<String>,
    languages: Vec<String>,
    customer_sizes: Vec<String>,
}

const STORED_FIELDS: &str = "id, sort_name, model, accepting_resellers, resellers, regions,
    products, languages, customer_sizes";

impl Stored {
    fn row(&self) -> Row {
        Row {
            model: self.model.clone(),
            accepting_resellers: self.accepting_resellers,
            resellers: self.resellers.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
            parts: need_bits(Parts {
                regions: &self.regions,
                products: &self.products,
                languages: &self.languages,
                customer_sizes: &self.customer_sizes,
            }),
        }
    }
}

/// The entries at one moment: in name order (the name as sorted, then the key), and where
/// each key sits.
#[derive(Debug, Default)]
struct Entries {
    /// the number of the last change read; None before the first load
    seq: Option<i64>,
    by_name: BTreeMap<(String, String), Row>,
    names: HashMap<String, String>,
}

impl Entries {
    fn put(&mut self, key: String, sort_name: String, row: Row) {
        self.remove(&key);
        self.names.insert(key.clone(), sort_name.clone());
        self.by_name.insert((sort_name, key), row);
    }

    fn remove(&mut self, key: &str) {
        if let Some(name) = self.names.remove(key) {
            self.by_name.remove(&(name, key.to_owned()));
        }
    }
}

/// The directory index (one per server; cheap to clone).
#[derive(Debug, Clone, Default)]
pub struct DirectoryIndex {
    entries: Arc<RwLock<Entries>>,
    /// one refresh at a time
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

/// Directory filters as the index applies them (empty sets: no filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters<'a> {
    pub model: Option<&'a str>,
    pub regions: Bits,
    pub products: Bits,
    pub languages: Bits,
    pub customer_sizes: Bits,
}

impl Filters<'_> {
    fn admit(&self, row: &Row) -> bool {
        self.model.is_none_or(|m| m == row.model)
            && row.parts.regions.contains_all(self.regions)
            && row.parts.products.contains_all(self.products)
            && row.parts.languages.contains_all(self.languages)
            && row.parts.customer_sizes.contains_all(self.customer_sizes)
    }
}

/// What a reseller needs, as bit sets.
pub type NeedBits = Parts<Bits>;

/// Where each part's codes sit in its bit set.
const PLACES: Parts<fn(&str) -> Option<usize>> = Parts {
    regions: country_place,
    products: product_place,
    languages: language_place,
    customer_sizes: size_place,
};

/// Codes (a reseller's needs, an entry's offer) as bit sets.
pub fn need_bits(codes: Parts<&Vec<String>>) -> NeedBits {
    codes
        .zip(PLACES)
        .map(|(codes, place)| Bits::of(codes.iter().map(String::as_str), place))
}

/// How many changes the database keeps (see migration 0013).
pub const KEPT_CHANGES: i64 = 10_000;

impl DirectoryIndex {
    /// Brings the index up to the database's last change.
    pub async fn refresh(&self, db: &Database) -> Result<(), DbError> {
        let last = last_change(db).await?;
        if self.seen() == Some(last) {
            return Ok(());
        }
        let _one = self.refreshing.lock().await;
        let seen = self.seen();
        if seen == Some(last) {
            return Ok(());
        }
        // read the number first: a change after it is read again next time
        let last = last_change(db).await?;
        match seen {
            Some(seen) if last > seen && last - seen <= KEPT_CHANGES => {
                let keys = changed_since(db, seen, last).await?;
                if keys.len() as i64 == last - seen {
                    let mut unique: Vec<RecordId> = Vec::new();
                    for key in keys {
                        if !unique.contains(&key) {
                            unique.push(key);
                        }
                    }
                    let found = read(db, Some(&unique)).await?;
                    let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
                    for key in &unique {
                        entries.remove(&record_key(key));
                    }
                    for stored in found {
                        let row = stored.row();
                        entries.put(record_key(&stored.id), stored.sort_name, row);
                    }
                    entries.seq = Some(last);
                    return Ok(());
                }
                self.load_all(db, last).await
            }
            _ => self.load_all(db, last).await,
        }
    }

    async fn load_all(&self, db: &Database, last: i64) -> Result<(), DbError> {
        let mut fresh = Entries::default();
        for stored in read(db, None).await? {
            let row = stored.row();
            fresh.put(record_key(&stored.id), stored.sort_name, row);
        }
        fresh.seq = Some(last);
        *self.entries.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(())
    }

    fn seen(&self) -> Option<i64> {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).seq
    }

    /// The keys of a page of entries that pass `filters`, in name order, and whether more
    /// follow. Call [`DirectoryIndex::refresh`] first.
    pub fn page(
        &self,
        filters: &Filters<'_>,
        page: usize,
        page_size: usize,
    ) -> (Vec<String>, bool) {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<String> = entries
            .by_name
            .iter()
            .filter(|(_, row)| filters.admit(row))
            .skip(page * page_size)
            .take(page_size + 1)
            .map(|((_, key), _)| key.clone())
            .collect();
        let more = keys.len() > page_size;
        keys.truncate(page_size);
        (keys, more)
    }

    /// The `limit` providers accepting resellers that fit `needs` best (other than
    /// `reseller`): best score first, then fewer resellers, then name order, as
    /// [`crate::domain::matching::rank`] orders them. Call [`DirectoryIndex::refresh`] first.
    pub fn best_providers(&self, needs: &NeedBits, reseller: &str, limit: usize) -> Vec<String> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let count = |wanted: Bits, offered: Bits| Count {
            shared: wanted.shared(offered),
            wanted: wanted.len(),
            offered_any: !offered.is_empty(),
        };
        // (score, resellers, order) of the best so far, worst last
        let mut best: Vec<(u32, u32, usize, &str)> = Vec::with_capacity(limit + 1);
        for (order, ((_, key), row)) in entries.by_name.iter().enumerate() {
            if row.model != "indirect_provider" || !row.accepting_resellers || key == reseller {
                continue;
            }
            let points = score(&Counts {
                parts: needs
                    .zip(row.parts)
                    .map(|(wanted, offered)| count(wanted, offered)),
                resellers: row.resellers,
            });
            let candidate = (points, row.resellers, order, key.as_str());
            let better = |a: &(u32, u32, usize, &str), b: &(u32, u32, usize, &str)| {
                a.0 > b.0 || (a.0 == b.0 && (a.1 < b.1 || (a.1 == b.1 && a.2 < b.2)))
            };
            if best.len() == limit && !best.last().is_some_and(|worst| better(&candidate, worst)) {
                continue;
            }
            let at = best.partition_point(|kept| better(kept, &candidate));
            best.insert(at, candidate);
            best.truncate(limit);
        }
        best.into_iter()
            .map(|(_, _, _, key)| key.to_owned())
            .collect()
    }
}

async fn last_change(db: &Database) -> Result<i64, DbError> {
    let mut results = execute(db.query("SELECT VALUE seq FROM ONLY directory_state:log")).await?;
    Ok(results.take::<Option<i64>>(0)?.unwrap_or(0))
}

async fn changed_since(db: &Database, seen: i64, last: i64) -> Result<Vec<RecordId>, DbError> {
    db.query(
        "SELECT VALUE entry FROM directory_change WHERE seq > $seen AND seq <= $last
         ORDER BY seq",
    )
    .bind("seen", seen)
    .bind("last", last)
    .rows()
    .await
}

/// The entries at `ids`, or all of them.
async fn read(db: &Database, ids: Option<&[RecordId]>) -> Result<Vec<Stored>, DbError> {
    let query = match ids {
        Some(ids) => db
            .query(format!("SELECT {STORED_FIELDS} FROM $ids"))
            .bind("ids", ids.to_vec()),
        None => db.query(format!("SELECT {STORED_FIELDS} FROM directory_entry")),
    };
    let mut results = execute(query).await?;
    Ok(results.take(0)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::{Needs, Offer, Parts, rank};

    /// Pseudo-random picks, the same every run.
    struct Picks(u64);

    impl Picks {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize
        }

        fn some(&mut self, list: &[&str], at_most: usize) -> Vec<String> {
            let mut picked: Vec<String> = Vec::new();
            for _ in 0..self.next() % (at_most + 1) {
                let code = list[self.next() % list.len()].to_owned();
                if !picked.contains(&code) {
                    picked.push(code);
                }
            }
            picked
        }
    }

    const SOME_COUNTRIES: &[&str] = &["KR", "JP", "US", "DE", "VN", "SG"];
    const MODELS: &[&str] = &["direct_bill", "indirect_provider", "indirect_reseller"];

    #[test]
    fn the_best_providers_are_those_matching_ranks_first() {
        let mut picks = Picks(11);
        for round in 0..40 {
            let index = DirectoryIndex::default();
            let mut in_order: Vec<(String, Offer, String)> = Vec::new();
            {
                let mut entries = index.entries.write().unwrap();
                for n in 0..300 {
                    let stored = Stored {
                        id: RecordId::new("directory_entry", format!("p{n}")),
                        sort_name: format!("partner {:03}", picks.next() % 500),
                        model: MODELS[picks.next() % 3].to_owned(),
                        accepting_resellers: !picks.next().is_multiple_of(4),
                        resellers: Some((picks.next() % 70) as i64),
                        regions: picks.some(SOME_COUNTRIES, 3),
                        products: picks.some(PRODUCTS, 4),
                        languages: picks.some(LANGUAGES, 2),
                        customer_sizes: picks.some(CUSTOMER_SIZES, 2),
                    };
                    let row = stored.row();
                    entries.put(format!("p{n}"), stored.sort_name.clone(), row);
                    in_order.push((
                        format!("p{n}"),
                        Offer {
                            parts: Parts {
                                regions: stored.regions,
                                products: stored.products,
                                languages: stored.languages,
                                customer_sizes: stored.customer_sizes,
                            },
                            accepting_resellers: stored.accepting_resellers,
                            resellers: stored.resellers.unwrap_or(0) as u32,
                        },
                        stored.model,
                    ));
                }
                entries.seq = Some(1);
            }
            let needs = Needs {
                regions: picks.some(SOME_COUNTRIES, 3),
                products: picks.some(PRODUCTS, 4),
                languages: picks.some(LANGUAGES, 2),
                customer_sizes: picks.some(CUSTOMER_SIZES, 2),
            };
            let reseller = format!("p{}", picks.next() % 300);
            // the domain's ranking over every provider, in name order
            let names: HashMap<String, String> = {
                let entries = index.entries.read().unwrap();
                entries.names.clone()
            };
            in_order.sort_by(|a, b| (&names[&a.0], &a.0).cmp(&(&names[&b.0], &b.0)));
            let expected: Vec<String> = rank(
                &needs,
                in_order
                    .into_iter()
                    .filter(|(key, _, model)| model == "indirect_provider" && *key != reseller)
                    .map(|(key, offer, _)| (key, offer))
                    .collect(),
            )
            .into_iter()
            .take(20)
            .map(|(key, _)| key)
            .collect();
            let best = index.best_providers(&need_bits(needs.as_ref()), &reseller, 20);
            assert_eq!(best, expected, "round {round}");
        }
    }

    #[test]
    fn a_page_lists_what_passes_the_filters_in_name_order() {
        let index = DirectoryIndex::default();
        {
            let mut entries = index.entries.write().unwrap();
            for (key, name, model, regions) in [
                ("p1", "charlie", "indirect_provider", vec!["KR"]),
                ("p2", "alpha", "indirect_provider", vec!["KR", "JP"]),
                ("p3", "bravo", "direct_bill", vec!["KR"]),
                ("p4", "delta", "indirect_provider", vec!["JP"]),
            ] {
                let row = Row {
                    model: model.to_owned(),
                    accepting_resellers: true,
                    resellers: 0,
                    parts: Parts {
                        regions: Bits::of(regions, country_place),
                        ..Parts::default()
                    },
                };
                entries.put(key.to_owned(), name.to_owned(), row);
            }
            // a renamed entry moves
            let row = entries.by_name[&("charlie".to_owned(), "p1".to_owned())].clone();
            entries.put("p1".to_owned(), "echo".to_owned(), row);
        }
        let kr = Filters {
            regions: Bits::of(["KR"], country_place),
            ..Filters::default()
        };
        assert_eq!(
            index.page(&kr, 0, 10),
            (
                vec!["p2".to_owned(), "p3".to_owned(), "p1".to_owned()],
                false
            )
        );
        assert_eq!(
            index.page(&kr, 0, 2),
            (vec!["p2".to_owned(), "p3".to_owned()], true)
        );
        assert_eq!(index.page(&kr, 1, 2), (vec!["p1".to_owned()], false));
        let providers_in_kr = Filters {
            model: Some("indirect_provider"),
            ..kr
        };
        assert_eq!(index.page(&providers_in_kr, 0, 10).0, ["p2", "p1"]);
        index.entries.write().unwrap().remove("p2");
        assert_eq!(index.page(&providers_in_kr, 0, 10).0, ["p1"]);
    }

    #[test]
    fn bit_sets_count_what_is_shared() {
        let offered = Bits::of(["KR", "JP", "US"], country_place);
        let wanted = Bits::of(["KR", "DE"], country_place);
        assert_eq!(offered.len(), 3);
        assert_eq!(offered.shared(wanted), 1);
        assert!(!offered.contains_all(wanted));
        assert!(offered.contains_all(Bits::of(["JP"], country_place)));
        assert!(offered.contains_all(Bits::default()));
        // the last country of the list still fits
        let last = COUNTRIES.last().unwrap().code;
        assert_eq!(Bits::of([last], country_place).len(), 1);
        assert_eq!(Bits::of(["XX", "azure"], country_place), Bits::default());
    }
}
