//! Paging for the lists that outgrow a screen once an office has a year of cases: the 回访
//! lists and the knowledge lists (the queue and the ledger carry their page in their own
//! queries). A page number is at least 1; D1 counts and pages, the Worker never loads a whole
//! table to cut it.

use serde::{Deserialize, Serialize};

/// Which page of a list, and how many rows a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    number: u32,
    size: u32,
}

impl Page {
    /// The page `value` names (absent or empty: the first), of `size` rows; `None` when the
    /// value is not a whole number from 1 up.
    pub fn parse(value: Option<&str>, size: u32) -> Option<Page> {
        let number = match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => 1,
            Some(v) => v.parse::<u32>().ok().filter(|&n| n >= 1)?,
        };
        Some(Page {
            number,
            size: size.max(1),
        })
    }

    pub fn number(self) -> u32 {
        self.number
    }

    pub fn size(self) -> u32 {
        self.size
    }

    /// `LIMIT … OFFSET …` for this page (numbers only, nothing from the request's text).
    pub fn limit_sql(self) -> String {
        let offset = u64::from(self.number - 1) * u64::from(self.size);
        format!("LIMIT {} OFFSET {offset}", self.size)
    }

    /// How many pages `total` rows fill (at least one, so an empty list is "page 1 of 1").
    pub fn pages(self, total: u64) -> u64 {
        total.div_ceil(u64::from(self.size)).max(1)
    }

    /// One page of `items` out of `total`, as the API answers it.
    pub fn of<T>(self, items: Vec<T>, total: u64) -> Paged<T> {
        Paged {
            items,
            page: self.number,
            pages: self.pages(total),
            total,
        }
    }
}

/// One page of a list: its rows, which page it is, how many pages and rows there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub pages: u64,
    pub total: u64,
}

impl<T> Paged<T> {
    /// The same page with each row turned into another type.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            pages: self.pages,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_or_empty_is_the_first_page() {
        assert_eq!(Page::parse(None, 20).unwrap().number(), 1);
        assert_eq!(Page::parse(Some(" "), 20).unwrap().number(), 1);
        assert_eq!(Page::parse(Some("3"), 20).unwrap().number(), 3);
    }

    #[test]
    fn zero_negative_and_words_are_refused() {
        for bad in ["0", "-1", "two", "1.5", "99999999999"] {
            assert_eq!(Page::parse(Some(bad), 20), None, "{bad}");
        }
    }

    #[test]
    fn offsets_and_page_counts() {
        let p = Page::parse(Some("3"), 20).unwrap();
        assert_eq!(p.limit_sql(), "LIMIT 20 OFFSET 40");
        assert_eq!(p.pages(0), 1);
        assert_eq!(p.pages(20), 1);
        assert_eq!(p.pages(21), 2);
        let big = Page::parse(Some("4294967295"), 200).unwrap();
        assert!(big.limit_sql().ends_with("OFFSET 858993458800"));
    }
}
