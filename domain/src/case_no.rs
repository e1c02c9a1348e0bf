//! Case numbers: `ZTC-20261121-0001`, a per-day sequence in Asia/Shanghai.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const PREFIX: &str = "ZTC";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseNo {
    pub day: NaiveDate,
    pub seq: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNoError;

impl CaseNo {
    pub fn new(day: NaiveDate, seq: u32) -> Result<Self, CaseNoError> {
        if seq == 0 || seq > 999_999 {
            return Err(CaseNoError);
        }
        Ok(CaseNo { day, seq })
    }

    /// The `YYYYMMDD` key the per-day counter is kept under.
    pub fn day_key(day: NaiveDate) -> String {
        // by hand, not chrono's format strings: the phone's bundle stays without their parser
        format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
    }

    pub fn parse(s: &str) -> Result<Self, CaseNoError> {
        let s = crate::text::normalize_code(s);
        let mut parts = s.split('-');
        let (Some(PREFIX), Some(day), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CaseNoError);
        };
        if day.len() != 8
            || !(4..=6).contains(&seq.len())
            || !seq.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(CaseNoError);
        }
        let digits = |r: std::ops::Range<usize>| day.get(r).and_then(|d| d.parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(4..6), digits(6..8)) else {
            return Err(CaseNoError);
        };
        let day = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(CaseNoError)?;
        let seq: u32 = seq.parse().map_err(|_| CaseNoError)?;
        let no = CaseNo::new(day, seq)?;
        // only the canonical spelling is a case number (0001, not 00001)
        if no.to_string() != s {
            return Err(CaseNoError);
        }
        Ok(no)
    }
}

/// What a lookup needs before it is worth one of the client's tries: a case number and the
/// phone's last four digits. The phone checks this before it calls (an empty tap costs
/// nothing), and the API again before it counts. Err: the field and the text key to show.
pub fn check_lookup(
    case_no: &str,
    last4: &str,
) -> Result<(CaseNo, String), (&'static str, &'static str)> {
    let no = CaseNo::parse(case_no).map_err(|_| ("case_no", "err-lookup-case-no"))?;
    Ok((no, check_last4(last4)?))
}

/// The last four digits of a mobile number as typed (full-width or spaced digits read too).
pub fn check_last4(last4: &str) -> Result<String, (&'static str, &'static str)> {
    let last4 = crate::text::normalize_code(last4);
    if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
        return Err(("phone_last4", "err-lookup-last4"));
    }
    Ok(last4)
}

impl fmt::Display for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}-{}-{:04}", Self::day_key(self.day), self.seq)
    }
}

impl Serialize for CaseNo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseNo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CaseNo::parse(&s).map_err(|_| serde::de::Error::custom("bad case number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_is_checked_before_it_costs_a_try() {
        assert_eq!(check_lookup("", ""), Err(("case_no", "err-lookup-case-no")));
        assert_eq!(
            check_lookup("ZTC-20261121-0001", "12"),
            Err(("phone_last4", "err-lookup-last4"))
        );
        let (no, last4) = check_lookup(" ztc-20261121-0001 ", "５６７８").unwrap();
        assert_eq!(
            (no.to_string().as_str(), last4.as_str()),
            ("ZTC-20261121-0001", "5678")
        );
    }
    use proptest::prelude::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    #[test]
    fn formats_like_the_spec() {
        assert_eq!(
            CaseNo::new(day(), 1).unwrap().to_string(),
            "ZTC-20261121-0001"
        );
        assert_eq!(
            CaseNo::new(day(), 12345).unwrap().to_string(),
            "ZTC-20261121-12345"
        );
        assert!(CaseNo::new(day(), 0).is_err());
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            CaseNo::parse("ZTC-20261121-0001").unwrap(),
            CaseNo::new(day(), 1).unwrap()
        );
        assert_eq!(CaseNo::parse(" ztc-20261121-0001").unwrap().seq, 1);
        for bad in [
            "",
            "ZTC-20261121",
            "ZTC-20261321-0001",
            "ABC-20261121-0001",
            "ZTC-20261121-001",
            "ZTC-20261121-00001",
            "ZTC-20261121-0000",
            "ZTC-20261121-0001-1",
        ] {
            assert!(CaseNo::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(d in 0i64..20000, seq in 1u32..999_999) {
            let day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(d as u64);
            let no = CaseNo::new(day, seq).unwrap();
            prop_assert_eq!(CaseNo::parse(&no.to_string()).unwrap(), no);
        }
    }
}
