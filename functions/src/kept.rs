//! What an isolate keeps of the settings an administrator edits (the calendar and commitment,
//! the routing rules): for a minute, so a change reaches every request after that without a D1
//! round trip per request before it. A save forgets the saving isolate's copy at once.

use std::cell::RefCell;
use std::future::Future;
use std::thread::LocalKey;

use chrono::{DateTime, Utc};

use crate::error::ApiResult;

/// How long a kept copy serves.
pub const KEEP_SECONDS: i64 = 60;

/// A `thread_local!` slot: the copy and when it was read.
pub type Slot<T> = RefCell<Option<(DateTime<Utc>, T)>>;

/// The copy in `slot` if it was read less than [`KEEP_SECONDS`] ago, else what `read` gives,
/// kept.
pub async fn get_or_read<T: Clone>(
    slot: &'static LocalKey<Slot<T>>,
    read: impl Future<Output = ApiResult<T>>,
) -> ApiResult<T> {
    let now = domain::time::from_millis(worker::Date::now().as_millis());
    let kept = slot.with(|k| {
        k.borrow()
            .as_ref()
            .filter(|(at, _)| (now - *at).num_seconds() < KEEP_SECONDS)
            .map(|(_, v)| v.clone())
    });
    if let Some(v) = kept {
        return Ok(v);
    }
    let v = read.await?;
    slot.with(|k| *k.borrow_mut() = Some((now, v.clone())));
    Ok(v)
}

/// Forgets the copy, so the next request reads the administrator's change.
pub fn forget<T>(slot: &'static LocalKey<Slot<T>>) {
    slot.with(|k| *k.borrow_mut() = None);
}
