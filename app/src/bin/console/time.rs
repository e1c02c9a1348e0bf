//! "overdue by 3 h" / "2 d left": how far a deadline is, for a glance at the queue.

use crate::texts::tf;

pub fn relative(due_iso: &str) -> (String, bool) {
    let due = js_sys::Date::parse(due_iso);
    if due.is_nan() {
        return (String::new(), false);
    }
    let minutes = ((due - js_sys::Date::now()) / 60_000.0).round() as i64;
    let span = minutes.abs();
    let d = if span >= 24 * 60 {
        tf("console-days", &[("n", &(span / (24 * 60)).to_string())])
    } else if span >= 60 {
        tf("console-hours", &[("n", &(span / 60).to_string())])
    } else {
        tf("console-minutes", &[("n", &span.to_string())])
    };
    if minutes < 0 {
        (tf("console-overdue-by", &[("d", &d)]), true)
    } else {
        (tf("console-due-in", &[("d", &d)]), false)
    }
}

/// `11-22 09:30` in Shanghai time, for dense tables; empty when not a time.
pub fn short(iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(iso)
        .map(|t| {
            t.with_timezone(&domain::time::shanghai())
                .format("%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}
