//! localStorage, best effort: a phone in private mode may refuse it, and the form still works.

use serde::{de::DeserializeOwned, Serialize};

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let raw = local()?.get_item(key).ok()??;
    serde_json::from_str(&raw).ok()
}

pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(raw)) = (local(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &raw);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}
