use super::*;
use crate::coordination::channel::WebhookUrl;
use crate::time::at_shanghai as sh;
use proptest::prelude::*;
use NotificationKind::*;

fn cal() -> WorkCalendar {
    WorkCalendar::china_default()
}

fn robot(daily_digest: bool) -> Preference {
    Preference {
        channel: DeliveryChannel::Wecom {
            url: WebhookUrl::parse("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
                .unwrap(),
        },
        daily_digest,
    }
}

fn p(id: i64, kind: NotificationKind, created_at: DateTime<Utc>) -> Pending {
    Pending {
        id,
        kind,
        created_at,
    }
}

fn sample() -> Vec<Pending> {
    vec![
        p(1, Assigned, sh(2026, 11, 22, 20, 0)), // Sunday evening
        p(2, Overdue, sh(2026, 11, 23, 8, 30)),  // exactly at Monday's digest
        p(3, NearDue, sh(2026, 11, 23, 9, 0)),
        p(4, AssistTask, sh(2026, 11, 23, 9, 30)),
    ]
}

#[test]
fn console_only_sends_nothing_and_immediate_sends_each() {
    let now = sh(2026, 11, 23, 10, 0);
    let none = plan(&sample(), &Preference::default(), &cal(), now);
    assert_eq!(
        none,
        Plan {
            skip: vec![1, 2, 3, 4],
            ..Plan::default()
        }
    );
    let each = plan(&sample(), &robot(false), &cal(), now);
    assert_eq!(
        each,
        Plan {
            each: vec![1, 2, 3, 4],
            ..Plan::default()
        }
    );
    assert_eq!(plan(&[], &robot(true), &cal(), now), Plan::default());
}

#[test]
fn the_digest_gathers_what_came_before_its_moment() {
    let now = sh(2026, 11, 23, 10, 0); // Monday
    let got = plan(&sample(), &robot(true), &cal(), now);
    assert_eq!(
        got,
        Plan {
            each: vec![3],
            digest: vec![1, 2],
            skip: vec![],
            next_digest: Some(sh(2026, 11, 24, 8, 30)),
        }
    );
    // before Monday's moment, Friday's digest has long gone: the Sunday one waits
    let early = plan(&sample()[..1], &robot(true), &cal(), sh(2026, 11, 23, 8, 0));
    assert_eq!(early.digest, Vec::<i64>::new());
    assert_eq!(early.next_digest, Some(sh(2026, 11, 23, 8, 30)));
    // a late run still sends it
    let late = plan(
        &sample()[..1],
        &robot(true),
        &cal(),
        sh(2026, 11, 23, 16, 0),
    );
    assert_eq!((late.digest, late.next_digest), (vec![1], None));
}

#[test]
fn digests_go_out_on_working_days_only() {
    let cal = cal();
    // Saturday: the last digest was Friday's, the next is Monday's
    let sat = sh(2026, 11, 28, 9, 0);
    assert_eq!(last_digest(&cal, sat), Some(sh(2026, 11, 27, 8, 30)));
    assert_eq!(next_digest(&cal, sat), Some(sh(2026, 11, 30, 8, 30)));
    // national day week: back to September 30, on to October 8
    let holiday = sh(2026, 10, 5, 9, 0);
    assert_eq!(last_digest(&cal, holiday), Some(sh(2026, 9, 30, 8, 30)));
    assert_eq!(next_digest(&cal, holiday), Some(sh(2026, 10, 8, 8, 30)));
    // the make-up Saturday has one
    let makeup = sh(2026, 10, 10, 8, 30);
    assert_eq!(last_digest(&cal, makeup), Some(makeup));
    assert_eq!(next_digest(&cal, makeup), Some(sh(2026, 10, 12, 8, 30)));
    assert_eq!(digest_moment(makeup.date_naive()), makeup);
}

#[test]
fn kinds_round_trip_and_only_the_two_warnings_are_time_critical() {
    assert_eq!(NotificationKind::ALL.len(), 9);
    for &k in NotificationKind::ALL {
        assert_eq!(NotificationKind::parse(k.code()), Some(k));
        assert_eq!(k.time_critical(), k == NearDue || k == OrderDueSoon);
        assert!(crate::i18n::has(&k.label_key()), "{k:?} has no words");
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, format!("\"{}\"", k.code()));
    }
    assert_eq!(BadRating.label_key(), "worker-notify-bad_rating");
}

fn kind() -> impl Strategy<Value = NotificationKind> {
    proptest::sample::select(NotificationKind::ALL.to_vec())
}

proptest! {
    #[test]
    fn every_notification_goes_exactly_one_way(
        items in proptest::collection::vec((kind(), 0i64..(20 * 24 * 60)), 0..12),
        at in 0i64..(20 * 24 * 60),
        digest in any::<bool>(),
    ) {
        let start = sh(2026, 9, 25, 0, 0);
        let now = start + Duration::minutes(at);
        let pending: Vec<Pending> = items
            .iter()
            .enumerate()
            .map(|(i, (k, m))| p(i as i64, *k, (start + Duration::minutes(*m)).min(now)))
            .collect();
        let got = plan(&pending, &robot(digest), &cal(), now);
        let sent: Vec<i64> = got.each.iter().chain(&got.digest).copied().collect();
        for x in &pending {
            prop_assert!(sent.iter().filter(|id| **id == x.id).count() <= 1);
            if !sent.contains(&x.id) {
                // waiting: a digest reader, not time-critical, with a later digest to come
                prop_assert!(digest && !x.kind.time_critical());
                let next = got.next_digest.expect("a next digest");
                prop_assert!(next > now && x.created_at <= now);
            }
        }
        prop_assert!(got.skip.is_empty());
        if !digest {
            prop_assert_eq!(got.each.len(), pending.len());
        }
    }
}
