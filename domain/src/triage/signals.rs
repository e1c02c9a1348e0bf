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
}

impl Signal {
    pub const ALL: [Signal; 19] = [
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
            Signal::Refund => "refund",
        }
    }
}

const PHRASES: &[(Signal, &[&str])] = &[
    (
        Signal::ThisShipment,
        &[
            "这票",
            "这批",
            "本票",
            "该票",
            "这单",
            "这个柜",
            "这些柜",
            "我司的",
            "我们的柜",
            "我们的货",
            "this shipment",
            "our container",
            "our reefer",
            "our export container",
            "our imported",
        ],
    ),
    (
        Signal::Vessel,
        &[
            "船名", "截关", "开船", "离港", "甩柜", "锚地", "靠泊", "vessel", "cut-off",
        ],
    ),
    (
        Signal::Trouble,
        &[
            "被退",
            "退单",
            "退回",
            "被扣",
            "扣了",
            "扣留",
            "卡在",
            "卡关",
            "卡住",
            "不放行",
            "放不了",
            "不能放行",
            "还没放行",
            "不给",
            "不让",
            "多收",
            "重复收",
            "乱收",
            "没到账",
            "没回复",
            "没批",
            "没下来",
            "被拒",
            "拒绝",
            "被质疑",
            "提不出",
            "进不了",
            "进不去",
            "上不去",
            "报不了",
            "报不上",
            "不认",
            "找不到",
            "一直没",
            "迟迟",
            "还没出",
            "被布控",
            "误布控",
            "不合格",
            "不一致",
            "对不上",
            "有异议",
            "延误",
            "held",
            "rejected",
            "returned",
            "overcharged",
            "not received",
            "not paid",
            "cannot",
            "pending",
            "charged",
        ],
    ),
    (
        Signal::Proposal,
        &[
            "建议",
            "建义",
            "试点",
            "推动",
            "推东",
            "推广",
            "呼吁",
            "争取",
            "改革",
            "希望建立",
            "希望推",
            "希望扩大",
            "希望开通",
            "希望能推",
            "希望试点",
            "能否推动",
            "能否试点",
            "能否建立",
            "能否改革",
            "能否简化",
            "能否放宽",
            "能否设立",
            "能不能试点",
            "能不能研究",
            "能否推",
            "新模式",
            "常态化",
            "扩大到",
            "全覆盖",
            "一站式",
            "互认",
            "打通",
            "suggest",
            "propose",
            "proposal",
            "pilot",
            "please consider",
        ],
    ),
    (
        Signal::HowTo,
        &[
            "怎么",
            "咋",
            "如何",
            "在哪",
            "在那",
            "哪里",
            "哪个系统",
            "哪个部门",
            "流程",
            "需要什么",
            "要什么",
            "要哪些",
            "需要哪些",
            "怎样",
            "多久",
            "多长时间",
            "能不能在",
            "入口",
            "how to",
            "how do",
            "where",
            "procedure",
            "process to",
            "what documents",
        ],
    ),
    (
        Signal::Policy,
        &[
            "政策",
            "政册",
            "规定",
            "新规",
            "是否",
            "适用",
            "有没有调整",
            "有调整",
            "调整了",
            "影响",
            "变化",
            "区别",
            "条件",
            "什么意思",
            "啥意思",
            "好处",
            "便利",
            "还要求",
            "还执行",
            "还需要",
            "还允许",
            "还能",
            "还有吗",
            "范围",
            "标准是",
            "怎么理解",
            "解读",
            "限值",
            "限额",
            "优惠",
            "优会",
            "does",
            "apply",
            "eligib",
            "policy",
            "benefits",
            "limits",
            "changed",
            "allowed",
        ],
    ),
    (
        Signal::Perishable,
        &[
            "冷冻",
            "冻品",
            "冷链",
            "冷柜",
            "冷库",
            "生鲜",
            "水果",
            "海鲜",
            "活体",
            "活牛",
            "活鱼",
            "观赏鱼",
            "帝王蟹",
            "榴莲",
            "龙眼",
            "疫苗",
            "鲜花",
            "种子",
            "化冻",
            "reefer",
            "frozen",
            "seafood",
            "live ",
        ],
    ),
    (
        Signal::ProductionStop,
        &[
            "停产",
            "停线",
            "生产线",
            "停工",
            "断料",
            "原料要断",
            "原料只够",
            "assembly line",
            "production",
        ],
    ),
    (
        Signal::Departing,
        &[
            "截关",
            "今天开",
            "明天开",
            "后天开",
            "船要开",
            "船今天",
            "船明天",
            "赶船",
            "cut-off",
            "sails",
        ],
    ),
    (
        Signal::TodayTomorrow,
        &[
            "今天",
            "今日",
            "明天",
            "今晚",
            "马上",
            "务必",
            "必须提",
            "立即",
            "today",
            "tomorrow",
            "tonight",
        ],
    ),
    (
        Signal::ManyAffected,
        &[
            "多家企业",
            "很多企业",
            "十几家",
            "好几家",
            "几家",
            "所有企业",
            "企业都",
            "大面积",
            "大批",
            "整船",
            "十多条船",
            "二十多个",
            "行业",
            "many companies",
        ],
    ),
    (
        Signal::CustomsMeasure,
        &[
            "船边直提",
            "抵港直装",
            "提前申报",
            "两步申报",
            "汇总征税",
            "两段准入",
            "先放后检",
        ],
    ),
    (
        Signal::HeldNow,
        &[
            "急",
            "催",
            "尽快",
            "赶紧",
            "等着",
            "在等",
            "干等",
            "还没放",
            "没放行",
            "一直没放",
            "不放行",
            "放不了",
            "无法放行",
            "不能放行",
            "扣在",
            "扣着",
            "被扣",
            "扣下",
            "滞留",
            "压在",
            "压港",
            "提不了",
            "提不出",
            "出不了",
            "越来越多",
            "每天都在",
            "on hold",
            "held up",
            "detained",
            "stuck",
            "waiting",
            "urgent",
            "expedite",
            "asap",
            "as soon as possible",
            "keeps growing",
        ],
    ),
    (
        Signal::Refund,
        &[
            "退还",
            "退费",
            "退钱",
            "能退不",
            "能不能退",
            "要求退",
            "申请退还",
            "返还",
            "赔偿",
            "减免",
            "refund",
            "reimburs",
            "compensat",
            "waive",
        ],
    ),
    (
        Signal::LongAgo,
        &[
            "一个月",
            "两个月",
            "个月了",
            "早就",
            "到现在",
            "年进口",
            "月进口",
            "上个月",
        ],
    ),
];

/// Words that name the unit that must act; the department model reads them as features.
pub const UNIT_WORDS: &[(Department, &[&str])] = &[
    (
        Department::Customs,
        &[
            "滞报金",
            "担保",
            "保税",
            "稽查",
            "产地证",
            "知识产权",
            "商标",
            "侵权",
            "舱单",
            "转关",
            "inspection",
            "inspected",
            "release",
            "clearance",
            "classification",
            "origin",
            "bonded",
            "quarantine",
            "duty",
            "tariff",
            "advance ruling",
            "manifest",
            "late declaration",
            "trademark",
            "infringement",
            "customs broker",
            "海关",
            "船边直提",
            "抵港直装",
            "提前申报",
            "两步申报",
            "报关",
            "查验",
            "放行",
            "关税",
            "税率",
            "原产地",
            "归类",
            "检疫",
            "检验",
            "布控",
            "aeo",
            "customs",
            "declaration",
            "hs",
        ],
    ),
    (
        Department::PortOperator,
        &[
            "预约",
            "设备交接单",
            "插电",
            "吊箱",
            "货站",
            "yard",
            "storage",
            "eir",
            "truck",
            "booking",
            "crane",
            "appointment",
            "air cargo terminal",
            "plug",
            "码头",
            "港区",
            "堆场",
            "提柜",
            "集卡",
            "空箱",
            "重柜",
            "吊装",
            "堆存",
            "装船",
            "进港",
            "卸船",
            "船公司",
            "terminal",
            "gate",
            "pickup",
        ],
    ),
    (
        Department::Tax,
        &[
            "税务局",
            "发票",
            "tax refund",
            "export tax",
            "drawback",
            "invoice",
            "tax bureau",
            "tax office",
            "退税",
            "增值税",
            "缴款书",
            "抵扣",
            "税务",
            "一般纳税人",
            "离境退税",
            "rebate",
            "vat",
        ],
    ),
    (
        Department::Forex,
        &[
            "收款",
            "付款",
            "名录",
            "foreign exchange",
            "bank",
            "remittance",
            "settlement",
            "payment",
            "外汇",
            "收汇",
            "付汇",
            "汇款",
            "货款",
            "结算",
            "资金池",
            "银行",
            "forex",
        ],
    ),
    (
        Department::Maritime,
        &[
            "海事局",
            "引航",
            "拖轮",
            "maritime",
            "dangerous goods",
            "imdg",
            "pilot",
            "tug",
            "port state control",
            "anchorage",
            "msa",
            "海事",
            "危险品",
            "危险货物",
            "船舶",
            "锚地",
            "进出港",
            "lng",
        ],
    ),
    (
        Department::Border,
        &[
            "边防",
            "出入境",
            "登轮证",
            "搭靠",
            "border",
            "immigration",
            "shore pass",
            "crew change",
            "boarding",
            "边检",
            "船员",
            "登轮",
            "登陆",
            "旅客",
            "seafarer",
            "crew",
        ],
    ),
    (
        Department::MarketRegulation,
        &[
            "明码标价",
            "公示清单",
            "清单外",
            "清单上没有",
            "附加费",
            "price display",
            "not on the list",
            "surcharge",
            "market regulation",
            "乱收",
            "代理费",
            "收费清单上没有",
            "额外收",
            "不明费用",
            "价格",
            "监管收费",
        ],
    ),
    (
        Department::PortOffice,
        &[
            "班列",
            "海铁",
            "多式联运",
            "port office",
            "single window",
            "rail",
            "sea-rail",
            "china-europe",
            "单一窗口",
            "口岸办",
            "数据共享",
            "数据互通",
            "平台",
            "协调",
            "热线",
            "收费目录",
            "一站式",
            "营商环境",
            "通关时效",
            "机制",
            "platform",
        ],
    ),
    (
        Department::Commerce,
        &[
            "许可证",
            "货代",
            "展会",
            "海外仓",
            "commerce",
            "mofcom",
            "licence",
            "license",
            "foreign trade operator",
            "forwarder",
            "overseas warehouse",
            "trade fair",
            "商务",
            "贸易促进",
            "二手车",
            "技术进口",
            "技术进出口",
            "对外贸易经营者",
            "示范区",
            "综试区",
            "服务中心",
        ],
    ),
];

/// The unit words found in already folded text.
pub fn unit_words(folded: &str) -> Vec<(Department, &'static str)> {
    UNIT_WORDS
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
    for (signal, phrases) in PHRASES {
        for p in *phrases {
            if crate::text::has_word(folded, p) {
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
