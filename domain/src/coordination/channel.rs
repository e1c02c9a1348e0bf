//! Where a member of staff is told: nowhere beyond the console, a 企业微信 group robot, or an
//! e-mail webhook; the addresses checked, and the JSON bodies each one takes.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The longest webhook URL accepted.
pub const MAX_URL: usize = 500;
/// The longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;
/// A 企业微信 robot's text message holds at most this many bytes of UTF-8.
pub const WECOM_MAX_BYTES: usize = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlError {
    TooLong,
    /// Only `https://` is accepted (`http://` only to this machine: `127.0.0.1`, `localhost`).
    NotHttps,
    NoHost,
    /// A host that is not `name.name…` with an optional port, or user credentials in the URL.
    BadHost,
    /// White space or control characters.
    BadCharacter,
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = serde_json::to_value(self).unwrap_or_default();
        write!(f, "webhook url: {}", s.as_str().unwrap_or_default())
    }
}

/// An `https://` URL (or `http://` to this machine) with a host, at most [`MAX_URL`] characters, no credentials, no spaces.
/// A robot's URL carries its key, so `Debug` shows the host only.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn parse(raw: &str) -> Result<WebhookUrl, UrlError> {
        let s = raw.trim();
        if s.chars().count() > MAX_URL {
            return Err(UrlError::TooLong);
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError::BadCharacter);
        }
        let (rest, secure) = match strip_scheme(s, "https://") {
            Some(rest) => (rest, true),
            None => (strip_scheme(s, "http://").ok_or(UrlError::NotHttps)?, false),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.is_empty() {
            return Err(UrlError::NoHost);
        }
        check_authority(authority)?;
        if !secure && !LOOPBACK.contains(&host_of(authority)) {
            return Err(UrlError::NotHttps);
        }
        Ok(WebhookUrl(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host (and port), what may be shown or logged.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, r)| r);
        rest.split(['/', '?', '#']).next().unwrap_or_default()
    }
}

impl std::fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebhookUrl(https://{}/…)", self.host())
    }
}

/// Plain `http://` is taken only for a relay on the same machine (a local run, a test).
const LOOPBACK: [&str; 2] = ["127.0.0.1", "localhost"];

fn strip_scheme<'a>(s: &'a str, scheme: &str) -> Option<&'a str> {
    let head = s.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme)
        .then(|| &s[scheme.len()..])
}

fn host_of(authority: &str) -> &str {
    authority.rsplit_once(':').map_or(authority, |(h, _)| h)
}

/// `host` or `host:port`; the host is dot-separated labels of letters, digits and hyphens.
fn check_authority(authority: &str) -> Result<(), UrlError> {
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    if port_ok && valid_host(host) {
        Ok(())
    } else {
        Err(UrlError::BadHost)
    }
}

fn valid_host(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

impl TryFrom<String> for WebhookUrl {
    type Error = UrlError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        WebhookUrl::parse(&s)
    }
}

impl From<WebhookUrl> for String {
    fn from(u: WebhookUrl) -> String {
        u.0
    }
}

/// `local@domain.tld`: one `@`, a local part without spaces, a host as in a URL with a dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailError {
    TooLong,
    Malformed,
}

impl std::fmt::Display for EmailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = serde_json::to_value(self).unwrap_or_default();
        write!(f, "e-mail address: {}", s.as_str().unwrap_or_default())
    }
}

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<EmailAddress, EmailError> {
        let s = raw.trim();
        if s.len() > MAX_EMAIL {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'@' | b'"' | b'<' | b'>'));
        if local_ok && domain.contains('.') && valid_host(domain) {
            Ok(EmailAddress(s.to_string()))
        } else {
            Err(EmailError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&s)
    }
}

impl From<EmailAddress> for String {
    fn from(e: EmailAddress) -> String {
        e.0
    }
}

/// Where one person's notifications go besides the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeliveryChannel {
    /// The console only.
    None,
    /// A 企业微信 group robot (`qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`).
    Wecom { url: WebhookUrl },
    /// An e-mail relay that takes `{"to","subject","text"}`.
    Email { url: WebhookUrl, to: EmailAddress },
}

impl DeliveryChannel {
    pub fn code(&self) -> &'static str {
        match self {
            DeliveryChannel::None => "none",
            DeliveryChannel::Wecom { .. } => "wecom",
            DeliveryChannel::Email { .. } => "email",
        }
    }

    /// The URL posted to, if any.
    pub fn url(&self) -> Option<&WebhookUrl> {
        match self {
            DeliveryChannel::None => None,
            DeliveryChannel::Wecom { url } | DeliveryChannel::Email { url, .. } => Some(url),
        }
    }
}

/// One person's delivery preference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preference {
    pub channel: DeliveryChannel,
    /// Gather notifications into one message a day ([`super::notify::DIGEST_AT`]).
    pub daily_digest: bool,
}

impl Default for Preference {
    fn default() -> Self {
        Preference {
            channel: DeliveryChannel::None,
            daily_digest: false,
        }
    }
}

/// `text` cut to at most `max` bytes of UTF-8, on a character boundary.
pub fn truncate_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let end = (0..=max).rev().find(|&i| text.is_char_boundary(i));
    &text[..end.unwrap_or(0)]
}

/// The body of a 企业微信 robot text message; the content is cut to what the robot takes.
pub fn wecom_body(content: &str) -> Value {
    json!({
        "msgtype": "text",
        "text": { "content": truncate_bytes(content, WECOM_MAX_BYTES) }
    })
}

/// The body the e-mail webhook takes.
pub fn email_body(to: &EmailAddress, subject: &str, text: &str) -> Value {
    json!({ "to": to.as_str(), "subject": subject, "text": text })
}

/// The body for `channel` (None for the console only): the robot's gets the subject as its
/// first line.
pub fn body(channel: &DeliveryChannel, subject: &str, text: &str) -> Option<Value> {
    match channel {
        DeliveryChannel::None => None,
        DeliveryChannel::Wecom { .. } => Some(wecom_body(&format!("{subject}\n{text}"))),
        DeliveryChannel::Email { to, .. } => Some(email_body(to, subject, text)),
    }
}

#[cfg(test)]
mod tests;
