use super::*;
use proptest::prelude::*;

const ROBOT: &str = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx";

#[test]
fn webhook_urls_are_https_with_a_host() {
    let u = WebhookUrl::parse(&format!("  {ROBOT} ")).unwrap();
    assert_eq!(u.as_str(), ROBOT);
    assert_eq!(u.host(), "qyapi.weixin.qq.com");
    assert!(WebhookUrl::parse("HTTPS://Mail-Relay.example.cn:8443/send").is_ok());
    assert!(WebhookUrl::parse("https://relay").is_ok());
    // plain http only to this machine: a local relay, a test's receiver
    let local = WebhookUrl::parse("http://127.0.0.1:8790/hook").unwrap();
    assert_eq!(local.host(), "127.0.0.1:8790");
    assert!(WebhookUrl::parse("HTTP://localhost/x").is_ok());
    let cases = [
        ("http://qyapi.weixin.qq.com/x", UrlError::NotHttps),
        ("http://127.0.0.2/x", UrlError::NotHttps),
        ("http://localhost.evil.cn/x", UrlError::NotHttps),
        ("ftp://a.b", UrlError::NotHttps),
        ("qyapi.weixin.qq.com/x", UrlError::NotHttps),
        ("", UrlError::NotHttps),
        ("https://", UrlError::NoHost),
        ("https:///send", UrlError::NoHost),
        ("https://:443/send", UrlError::NoHost),
        ("https://user:pw@relay.example.cn/", UrlError::BadHost),
        ("https://relay..cn/", UrlError::BadHost),
        ("https://-relay.cn/", UrlError::BadHost),
        ("https://relay.cn:/", UrlError::BadHost),
        ("https://relay.cn:80a/", UrlError::BadHost),
        ("https://[::1]/", UrlError::BadHost),
        ("https://企业.cn/", UrlError::BadHost),
        ("https://relay.cn/a b", UrlError::BadCharacter),
        ("https://relay.cn/\u{0}", UrlError::BadCharacter),
    ];
    for (raw, err) in cases {
        assert_eq!(WebhookUrl::parse(raw), Err(err), "{raw}");
    }
    let long = format!("https://relay.cn/{}", "a".repeat(MAX_URL));
    assert_eq!(WebhookUrl::parse(&long), Err(UrlError::TooLong));
    let just = format!("https://relay.cn/{}", "a".repeat(MAX_URL - 17));
    assert_eq!(just.len(), MAX_URL);
    assert!(WebhookUrl::parse(&just).is_ok());
}

#[test]
fn the_robots_key_stays_out_of_debug_output() {
    let u = WebhookUrl::parse(ROBOT).unwrap();
    let shown = format!("{:?}", DeliveryChannel::Wecom { url: u });
    assert!(
        shown.contains("qyapi.weixin.qq.com") && !shown.contains("693a91f6"),
        "{shown}"
    );
}

#[test]
fn email_addresses() {
    assert_eq!(
        EmailAddress::parse(" wang.li+port@qd-customs.gov.cn ")
            .unwrap()
            .as_str(),
        "wang.li+port@qd-customs.gov.cn"
    );
    for bad in [
        "",
        "wang",
        "@a.cn",
        "wang@",
        "wang@localhost",
        "a b@c.cn",
        "a@b@c.cn",
        "王@a.cn",
    ] {
        assert_eq!(
            EmailAddress::parse(bad),
            Err(EmailError::Malformed),
            "{bad}"
        );
    }
    let long = format!("{}@{}.cn", "a".repeat(60), "b".repeat(200));
    assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
}

#[test]
fn channels_and_preferences_as_json() {
    let pref = Preference {
        channel: DeliveryChannel::Email {
            url: WebhookUrl::parse("https://mail.example.cn/hook").unwrap(),
            to: EmailAddress::parse("a@b.cn").unwrap(),
        },
        daily_digest: true,
    };
    let v = serde_json::to_value(&pref).unwrap();
    assert_eq!(v["channel"]["kind"], "email");
    assert_eq!(v["channel"]["to"], "a@b.cn");
    assert_eq!(serde_json::from_value::<Preference>(v).unwrap(), pref);
    let bad = serde_json::json!({"channel": {"kind": "wecom", "url": "http://x.cn"}, "daily_digest": false});
    assert!(serde_json::from_value::<Preference>(bad).is_err());
    assert_eq!(Preference::default().channel.code(), "none");
    assert_eq!(
        pref.channel.url().map(|u| u.host()),
        Some("mail.example.cn")
    );
}

#[test]
fn message_bodies() {
    assert_eq!(
        wecom_body("新案件已分派给您"),
        serde_json::json!({"msgtype": "text", "text": {"content": "新案件已分派给您"}})
    );
    let to = EmailAddress::parse("a@b.cn").unwrap();
    assert_eq!(
        email_body(&to, "主题", "正文"),
        serde_json::json!({"to": "a@b.cn", "subject": "主题", "text": "正文"})
    );
    let wecom = DeliveryChannel::Wecom {
        url: WebhookUrl::parse(ROBOT).unwrap(),
    };
    assert_eq!(body(&wecom, "S", "T").unwrap()["text"]["content"], "S\nT");
    assert_eq!(body(&DeliveryChannel::None, "S", "T"), None);
    // a long text is cut on a character boundary to what the robot takes
    let long = "案".repeat(1000); // 3000 bytes
    let content = wecom_body(&long)["text"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(content.len() <= WECOM_MAX_BYTES && long.starts_with(&content));
    assert_eq!(content.chars().count(), WECOM_MAX_BYTES / 3);
}

proptest! {
    #[test]
    fn a_parsed_url_is_https_short_and_spaceless(raw in "\\PC{0,80}", path in "[a-z/?=&]{0,40}") {
        for s in [raw.clone(), format!("https://{raw}"), format!("https://relay.cn/{path}{raw}")] {
            if let Ok(u) = WebhookUrl::parse(&s) {
                prop_assert!(u.as_str().to_ascii_lowercase().starts_with("https://"));
                prop_assert!(!u.host().is_empty());
                prop_assert!(u.as_str().chars().count() <= MAX_URL);
                prop_assert!(!u.as_str().contains(char::is_whitespace));
                prop_assert!(!u.host().contains('@'));
            }
        }
    }

    #[test]
    fn truncation_keeps_a_prefix_within_the_limit(text in "\\PC{0,300}", max in 0usize..400) {
        let cut = truncate_bytes(&text, max);
        prop_assert!(cut.len() <= max && text.starts_with(cut));
        prop_assert!(cut.len() + 4 > max.min(text.len()));
    }
}
