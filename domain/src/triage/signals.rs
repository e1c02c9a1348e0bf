//! Signals a reader of trade complaints looks for: concrete identifiers and "this shipment"
//! (a practice case), requests to change a rule or start a pilot (innovation), how-to
//! phrasing (basic), policy phrasing (consult), and what makes a case urgent or important.
//! Hand-written scanners over folded text; no regex engine in the Worker.

use serde::Serialize;

use crate::taxonomy::Department;

/// What a signal says about a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Container, declaration, B/L, waybill or handbook number; a long digit run.
    Identifier,
    Amount,
    Date,
    Vessel,
    ThisShipment,
    /// Something went wrong with a shipment: refused, held, overcharged, not paid.
    Trouble,
    /// Proposal, pilot, reform, "please push for".
    Proposal,
    HowTo,
    Policy,
    Perishable,
    ProductionStop,
    Departing,
    TodayTomorrow,
    ManyAffected,
    LargeSum,
    LongAgo,
    /// A customs facilitation measure by name (船边直提 …): customs approved it, customs answers for it.
    CustomsMeasure,
    /// The goods are held or waiting now, or the writer presses for speed (SPEC urgency A).
    HeldNow,
    /// Money already paid, asked back: no time pressure on the goods (urgency C).
    Refund,
    /// Where, when or whom to reach: a phone number, a website, opening hours (a basic question).
    Contact,
}

impl Signal {
    pub const ALL: [Signal; 20] = [
        Signal::Identifier,
        Signal::Amount,
        Signal::Date,
        Signal::Vessel,
        Signal::ThisShipment,
        Signal::Trouble,
        Signal::Proposal,
        Signal::HowTo,
        Signal::Policy,
        Signal::Perishable,
        Signal::ProductionStop,
        Signal::Departing,
        Signal::TodayTomorrow,
        Signal::ManyAffected,
        Signal::LargeSum,
        Signal::LongAgo,
        Signal::CustomsMeasure,
        Signal::HeldNow,
        Signal::Refund,
        Signal::Contact,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Signal::Identifier => "identifier",
            Signal::Amount => "amount",
            Signal::Date => "date",
            Signal::Vessel => "vessel",
            Signal::ThisShipment => "this_shipment",
            Signal::Trouble => "trouble",
            Signal::Proposal => "proposal",
            Signal::HowTo => "how_to",
            Signal::Policy => "policy",
            Signal::Perishable => "perishable",
            Signal::ProductionStop => "production_stop",
            Signal::Departing => "departing",
            Signal::TodayTomorrow => "today_tomorrow",
            Signal::ManyAffected => "many_affected",
            Signal::LargeSum => "large_sum",
            Signal::LongAgo => "long_ago",
            Signal::CustomsMeasure => "customs_measure",
            Signal::HeldNow => "held_now",
            Signal::Contact => "contact",
            Signal::Refund => "refund",
        }
    }
}

const LEXICON: &str = include_str!("../../data/triage_lexicon.tsv");

#[derive(Debug)]
struct Lexicon {
    phrases: Vec<(Signal, Vec<&'static str>)>,
    units: Vec<(Department, Vec<&'static str>)>,
    /// A signal phrase that counts for nothing where one of these is in the text.
    unless: Vec<(&'static str, Vec<&'static str>)>,
}

/// `data/triage_lexicon.tsv`, read once; a test holds that every line parses.
fn lexicon() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(|| parse_lexicon(LEXICON).expect("triage lexicon"))
}

fn parse_lexicon(tsv: &'static str) -> Result<Lexicon, String> {
    let mut lex = Lexicon {
        phrases: Vec::new(),
        units: Vec::new(),
        unless: Vec::new(),
    };
    for line in tsv
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut f = line.split('\t');
        let (Some(kind), Some(code), Some(words), None) = (f.next(), f.next(), f.next(), f.next())
        else {
            return Err(format!("not kind, code, phrases: {line}"));
        };
        let words: Vec<&'static str> = words.split('|').filter(|w| !w.is_empty()).collect();
        match kind {
            "signal" => lex.phrases.push((
                Signal::ALL
                    .into_iter()
                    .find(|s| s.code() == code)
                    .ok_or_else(|| format!("unknown signal: {line}"))?,
                words,
            )),
            "unit" => lex.units.push((
                Department::parse(code).ok_or_else(|| format!("unknown unit: {line}"))?,
                words,
            )),
            "unless" => lex.unless.push((code, words)),
            _ => return Err(format!("unknown kind: {line}")),
        }
    }
    // an exception for a phrase no signal has would silently do nothing
    if let Some((p, _)) = lex
        .unless
        .iter()
        .find(|(p, _)| !lex.phrases.iter().any(|(_, words)| words.contains(p)))
    {
        return Err(format!("unless: no signal has the phrase {p}"));
    }
    Ok(lex)
}

/// The unit words found in already folded text.
pub fn unit_words(folded: &str) -> Vec<(Department, &'static str)> {
    lexicon()
        .units
        .iter()
        .flat_map(|(d, words)| {
            words
                .iter()
                .filter(|w| crate::text::has_word(folded, w))
                .map(move |w| (*d, *w))
        })
        .collect()
}

/// One matched signal and the words that matched, for the reasons list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub signal: Signal,
    pub text: String,
}

fn is_ascii_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Runs of ASCII letters/digits (with `-` and `/` inside), as typed in numbers and codes.
fn ascii_runs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = is_ascii_alnum(c) || (start.is_some() && matches!(c, '-' | '/' | '.'));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(text[s..i].trim_end_matches(['-', '/', '.']));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(text[s..].trim_end_matches(['-', '/', '.']));
    }
    out
}

/// Container (4 letters + 7 digits), declaration (18 digits), B/L, waybill `784-12345678`,
/// handbook `C42202600123`: any code with at least 7 digits.
fn identifier(run: &str) -> bool {
    let digits = run.chars().filter(|c| c.is_ascii_digit()).count();
    digits >= 7 && !(run.len() == 4 && run.starts_with("20"))
}

fn amount_after(rest: &str) -> Option<&'static str> {
    let rest = rest.trim_start();
    [
        "万美元",
        "万元",
        "万",
        "美元",
        "元",
        "块",
        "usd",
        "rmb",
        "公斤",
        "吨",
    ]
    .into_iter()
    .find(|u| rest.starts_with(u))
}

/// Finds every signal in already folded text.
pub fn scan(folded: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut push = |signal: Signal, text: &str| {
        if !hits.iter().any(|h| h.signal == signal && h.text == text) {
            hits.push(Hit {
                signal,
                text: text.to_string(),
            });
        }
    };
    let lex = lexicon();
    let cancelled = |p: &str| {
        lex.unless
            .iter()
            .any(|(q, words)| *q == p && words.iter().any(|w| crate::text::has_word(folded, w)))
    };
    for (signal, phrases) in &lex.phrases {
        for p in phrases {
            if crate::text::has_word(folded, p) && !cancelled(p) {
                push(*signal, p.trim());
            }
        }
    }
    // numbers: identifiers, amounts, dates
    let mut pos = 0;
    for run in ascii_runs(folded) {
        let at = folded[pos..].find(run).map(|i| i + pos).unwrap_or(pos);
        pos = at + run.len();
        let rest = &folded[pos..];
        if identifier(run) {
            push(Signal::Identifier, run);
        } else if run
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && !run.is_empty()
        {
            if let Some(unit) = amount_after(rest) {
                let text = format!("{run}{unit}");
                push(Signal::Amount, &text);
                let value: f64 = run.replace(',', "").parse().unwrap_or(0.0);
                let big = match unit {
                    "万元" | "万" => value >= 100.0,
                    "万美元" => value >= 15.0,
                    "元" | "块" | "rmb" => value >= 1_000_000.0,
                    "usd" | "美元" => value >= 150_000.0,
                    _ => false,
                };
                if big {
                    push(Signal::LargeSum, &text);
                }
            } else if rest.starts_with('月') || rest.starts_with('年') && run.len() == 4 {
                push(Signal::Date, &format!("{run}{}", &rest[..3]));
            }
        }
    }
    // quoted vessel names: “海洋之光”轮 / "海运之星"轮
    for (i, _) in folded.match_indices('轮') {
        let before = &folded[..i];
        if before.ends_with('”') || before.ends_with('"') {
            push(Signal::Vessel, "轮");
        }
    }
    // big amounts written in words
    for p in ["上百万", "几百万", "上千万"] {
        if folded.contains(p) {
            push(Signal::LargeSum, p);
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_console_names_every_signal_in_both_languages() {
        for ftl in [
            include_str!("../../../locales/console/zh-CN.ftl"),
            include_str!("../../../locales/console/en.ftl"),
        ] {
            let texts = crate::i18n::parse_ftl(ftl);
            for s in Signal::ALL {
                let key = format!("console-signal-{}", s.code());
                assert!(texts.contains_key(key.as_str()), "{key}");
            }
        }
    }

    use super::*;
    use crate::text::fold;

    fn signals(s: &str) -> Vec<Signal> {
        scan(&fold(s)).into_iter().map(|h| h.signal).collect()
    }

    #[test]
    fn the_lexicon_parses_and_an_exception_must_name_a_signal_phrase() {
        assert!(parse_lexicon(LEXICON).is_ok());
        let bad = "signal\tproposal\tpilot\nunless\tpilots\tpilotage\n";
        assert!(parse_lexicon(bad).unwrap_err().contains("pilots"));
        assert!(parse_lexicon("signal\tproposal\tpilot\nunless\tpilot\tpilotage\n").is_ok());
    }

    #[test]
    fn a_ships_pilot_proposes_nothing_and_a_pilot_scheme_does() {
        assert!(
            !signals("Waited six hours at anchor: no pilot came aboard.")
                .contains(&Signal::Proposal)
        );
        assert!(!signals("The pilotage fee was billed twice.").contains(&Signal::Proposal));
        assert!(signals("Could Qingdao run a pilot for bonded repair?").contains(&Signal::Proposal));
    }

    #[test]
    fn finds_identifiers_amounts_and_vessels() {
        let s = signals(
            "提单号COSU6234567890，12个柜，报关单422020261000123456，多交了3.2万元，“海洋之光”轮",
        );
        assert!(s.contains(&Signal::Identifier));
        assert!(s.contains(&Signal::Amount));
        assert!(s.contains(&Signal::Vessel));
        assert!(!signals("12个柜子").contains(&Signal::Identifier));
        assert!(signals("货值约600万元").contains(&Signal::LargeSum));
        assert!(!signals("多收了800元").contains(&Signal::LargeSum));
    }

    #[test]
    fn traditional_text_matches_too() {
        assert!(signals("這票貨被退單了").contains(&Signal::ThisShipment));
        assert!(signals("建議試點冷鏈先放後檢").contains(&Signal::Proposal));
        assert!(signals("冷凍牛肉今天到港").contains(&Signal::Perishable));
    }
}
