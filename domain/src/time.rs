//! Service time is Asia/Shanghai (UTC+8, no daylight saving). The clock is always an argument.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// A Shanghai wall-clock time as an instant.
pub fn from_shanghai(local: chrono::NaiveDateTime) -> DateTime<Utc> {
    (local - chrono::Duration::seconds(i64::from(shanghai().local_minus_utc()))).and_utc()
}

/// The first instant of a Shanghai day.
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    from_shanghai(d.and_time(chrono::NaiveTime::MIN))
}

/// The service day an instant belongs to (case numbers count per service day).
pub fn service_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&shanghai()).date_naive()
}

/// `2026年11月21日 14:30`, as people in China read a date.
pub fn format_cn(at: DateTime<Utc>) -> String {
    at.with_timezone(&shanghai())
        .format("%Y年%m月%d日 %H:%M")
        .to_string()
}

/// A date as a reader of `lang` reads it, in Shanghai time: `2026年11月21日 14:30` or
/// `21 Nov 2026 14:30`.
pub fn format_in(at: DateTime<Utc>, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::ZhCn => format_cn(at),
        crate::i18n::Lang::En => at
            .with_timezone(&shanghai())
            .format("%-d %b %Y %H:%M")
            .to_string(),
    }
}

/// A stored time ([`iso`]) for reading in `lang`; a text that is not a time comes back as it is.
pub fn display(stored: &str, lang: crate::i18n::Lang) -> String {
    parse(stored)
        .map(|t| format_in(t, lang))
        .unwrap_or_else(|| stored.to_string())
}

/// The stored form of an instant: RFC 3339 in UTC with milliseconds, so that text order is time order.
pub fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The stored form read back (any RFC 3339 offset), as an instant.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Milliseconds since the epoch (what the Workers runtime gives) to an instant.
pub fn from_millis(ms: u64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
}

/// Shanghai wall-clock time as an instant (for tests across the crate).
#[cfg(test)]
pub(crate) fn at_shanghai(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    use chrono::TimeZone;
    shanghai()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_in_the_readers_language() {
        use crate::i18n::Lang;
        let stored = "2026-11-24T01:30:00.000Z";
        assert_eq!(display(stored, Lang::ZhCn), "2026年11月24日 09:30");
        assert_eq!(display(stored, Lang::En), "24 Nov 2026 09:30");
        assert_eq!(display("soon", Lang::En), "soon");
    }

    #[test]
    fn day_turns_at_shanghai_midnight() {
        let before = Utc.with_ymd_and_hms(2026, 11, 20, 15, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 11, 20, 16, 0, 0).unwrap();
        assert_eq!(service_day(before).to_string(), "2026-11-20");
        assert_eq!(service_day(after).to_string(), "2026-11-21");
    }

    #[test]
    fn formats_in_chinese() {
        let t = Utc.with_ymd_and_hms(2026, 11, 21, 6, 30, 0).unwrap();
        assert_eq!(format_cn(t), "2026年11月21日 14:30");
        assert_eq!(from_millis(t.timestamp_millis() as u64), t);
    }
}
