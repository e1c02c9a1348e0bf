//! Randomness and password hashing through the runtime's WebCrypto.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::{ApiError, ApiResult};

pub fn random<const N: usize>() -> ApiResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    Ok(bytes)
}

fn subtle() -> ApiResult<web_sys::SubtleCrypto> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .map_err(|_| ApiError::Internal("no crypto".into()))?;
    Ok(crypto.unchecked_into::<web_sys::Crypto>().subtle())
}

fn js_err(what: &str) -> impl Fn(wasm_bindgen::JsValue) -> ApiError + '_ {
    move |e| ApiError::Internal(format!("{what}: {e:?}"))
}

/// PBKDF2-HMAC-SHA256, 32 bytes.
pub async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> ApiResult<Vec<u8>> {
    let subtle = subtle()?;
    let key_data = Uint8Array::from(password.as_bytes());
    let usages = Array::of1(&"deriveBits".into());
    let key = JsFuture::from(
        subtle
            .import_key_with_str("raw", &key_data, "PBKDF2", false, &usages)
            .map_err(js_err("importKey"))?,
    )
    .await
    .map_err(js_err("importKey"))?;
    let salt = Uint8Array::from(salt);
    let params = web_sys::Pbkdf2Params::new("PBKDF2", &"SHA-256".into(), iterations, &salt);
    let bits = JsFuture::from(
        subtle
            .derive_bits_with_object(&params, &key.unchecked_into(), 256)
            .map_err(js_err("deriveBits"))?,
    )
    .await
    .map_err(js_err("deriveBits"))?;
    Ok(Uint8Array::new(&bits).to_vec())
}
