//! Knowledge entries as imported (JSON Lines): policies, Q&A and fee items, each checked line
//! by line so an import can report exactly what it would do, and refuse as a whole.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::search::Kind;
use crate::taxonomy::{Department, Port, Topic};

fn topic_codes() -> String {
    Topic::ALL
        .iter()
        .map(|t| t.code())
        .collect::<Vec<_>>()
        .join("、")
}

/// One valid entry, ready to store: the common fields, and the kind's own in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub body: String,
    pub department: Option<String>,
    pub tags: Vec<String>,
    pub extra: Map<String, Value>,
}

impl Entry {
    pub fn kind_code(&self) -> &'static str {
        self.kind.code()
    }

    /// The entry as the search index reads it.
    pub fn to_doc(&self) -> crate::search::Doc {
        crate::search::Doc {
            id: self.id.clone(),
            kind: self.kind,
            title: self.title.clone(),
            body: self.body.clone(),
            tags: self.searchable_tags(),
        }
    }

    /// The text the search index reads beyond title and body.
    pub fn searchable_tags(&self) -> Vec<String> {
        let mut tags = self.tags.clone();
        for key in [
            "doc_no",
            "interpretation",
            "payee",
            "port_label",
            "basis",
            "question",
        ] {
            if let Some(Value::String(s)) = self.extra.get(key) {
                tags.push(s.clone());
            }
        }
        tags
    }
}

const COMMON: [&str; 7] = [
    "kind",
    "id",
    "title",
    "body",
    "department",
    "tags",
    "retired",
];
const POLICY: [&str; 7] = [
    "topic",
    "doc_no",
    "issuer",
    "issued_on",
    "effective_on",
    "validity",
    "interpretation",
];
const FAQ: [&str; 2] = ["category", "topic"];
const FEE: [&str; 6] = ["port", "payee", "item", "unit", "price", "basis"];

fn date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
}

/// Checks one JSON line; the error says what to fix, in Chinese.
pub fn parse_line(line: &str) -> Result<Entry, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("不是有效的JSON：{e}"))?;
    let obj = v.as_object().ok_or("每行应为一个JSON对象")?;
    let s = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let kind = Kind::parse(&s("kind")).ok_or("kind 应为 policy、faq 或 fee")?;
    let id = s("id");
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err("id 应为1至64位字母、数字或“-_.”".into());
    }
    let title = s("title");
    if title.is_empty() || title.chars().count() > 200 {
        return Err("title 不能为空，最多200字".into());
    }
    let body = s("body");
    if body.is_empty() || body.chars().count() > 50_000 {
        return Err("body 不能为空，最多50000字".into());
    }
    let department = match obj
        .get("department")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(
            Department::parse(d)
                .ok_or(format!("department「{d}」不是有效的单位代码"))?
                .code()
                .to_string(),
        ),
        None => None,
    };
    let tags = match obj.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|t| t.as_str().map(str::to_string).ok_or("tags 应为字符串数组"))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("tags 应为字符串数组".into()),
    };
    let own: &[&str] = match kind {
        Kind::Policy => &POLICY,
        Kind::Faq => &FAQ,
        Kind::Fee => &FEE,
    };
    let mut extra = Map::new();
    for (k, v) in obj {
        if COMMON.contains(&k.as_str()) {
            continue;
        }
        if !own.contains(&k.as_str()) {
            return Err(format!("{} 不支持字段 {k}", s("kind")));
        }
        extra.insert(k.clone(), v.clone());
    }
    if let Some(v) = extra.get("topic") {
        if v.as_str().and_then(Topic::parse).is_none() {
            return Err(format!("topic 应为以下之一：{}", topic_codes()));
        }
    }
    match kind {
        Kind::Policy => {
            for k in ["issued_on", "effective_on"] {
                if extra.get(k).is_some_and(|v| !date(v)) {
                    return Err(format!("{k} 应为 YYYY-MM-DD 日期"));
                }
            }
            if let Some(v) = extra.get("validity") {
                if !matches!(v.as_str(), Some("in_force" | "amended" | "repealed")) {
                    return Err("validity 应为 in_force、amended 或 repealed".into());
                }
            }
        }
        Kind::Fee => {
            let port = extra
                .get("port")
                .and_then(Value::as_str)
                .and_then(Port::parse)
                .ok_or("收费项目须有有效的 port")?;
            extra.insert(
                "port_label".into(),
                Value::String(port.label(crate::Lang::ZhCn).into()),
            );
            for k in ["payee", "unit"] {
                if extra
                    .get(k)
                    .and_then(Value::as_str)
                    .is_none_or(|s| s.trim().is_empty())
                {
                    return Err(format!("收费项目须填写 {k}"));
                }
            }
            if extra
                .get("price")
                .and_then(Value::as_f64)
                .is_none_or(|p| !(0.0..=10_000_000.0).contains(&p))
            {
                return Err("price 应为以元计的非负数".into());
            }
        }
        Kind::Faq => {}
    }
    Ok(Entry {
        kind,
        id,
        title,
        body,
        department,
        tags,
        extra,
    })
}

/// Every non-empty line of a JSON Lines text, checked: `(line number, result)`.
pub fn parse_jsonl(text: &str) -> Vec<(usize, Result<Entry, String>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, parse_line(l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_content_is_valid_and_complete() {
        let lines = parse_jsonl(include_str!("../../data/knowledge/demo.jsonl"));
        let bad: Vec<_> = lines
            .iter()
            .filter_map(|(n, r)| r.as_ref().err().map(|e| (*n, e.clone())))
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
        let count = |k: Kind| {
            lines
                .iter()
                .filter(|(_, r)| r.as_ref().is_ok_and(|e| e.kind == k))
                .count()
        };
        assert!(count(Kind::Policy) >= 30 && count(Kind::Faq) >= 80 && count(Kind::Fee) >= 40);
        assert!(
            lines
                .iter()
                .all(|(_, r)| r.as_ref().is_ok_and(|e| e.tags.iter().any(|t| t == "演示"))),
            "every entry marked 演示"
        );
        for (_, r) in &lines {
            let e = r.as_ref().unwrap();
            assert_eq!(
                e.extra.contains_key("topic"),
                e.kind != Kind::Fee,
                "{}: policies and Q&A have a topic to browse by",
                e.id
            );
        }
        for &topic in Topic::ALL {
            assert!(
                lines.iter().any(|(_, r)| r.as_ref().is_ok_and(|e| e
                    .extra
                    .get("topic")
                    .and_then(Value::as_str)
                    == Some(topic.code()))),
                "no demo entry under {topic:?}"
            );
        }
    }

    #[test]
    fn checks_each_kind() {
        let ok = parse_line(r#"{"kind":"policy","id":"p-1","title":"两步申报公告","body":"正文","department":"customs","tags":["申报"],"doc_no":"公告2019年第127号","validity":"in_force","issued_on":"2019-08-24"}"#).unwrap();
        assert_eq!(ok.extra["doc_no"], "公告2019年第127号");
        assert!(ok
            .searchable_tags()
            .contains(&"公告2019年第127号".to_string()));
        let fee = parse_line(r#"{"kind":"fee","id":"f-1","title":"重箱堆存费","body":"超过免费期后","port":"qianwan","payee":"码头","unit":"元/箱·天","price":12}"#).unwrap();
        assert_eq!(fee.extra["port_label"], "前湾港区");
        for bad in [
            "not json",
            "[1]",
            r#"{"kind":"news","id":"x","title":"t","body":"b"}"#,
            r#"{"kind":"faq","id":"有空格 id","title":"t","body":"b"}"#,
            r#"{"kind":"faq","id":"x","title":"","body":"b"}"#,
            r#"{"kind":"faq","id":"x","title":"t","body":"b","department":"police"}"#,
            r#"{"kind":"faq","id":"x","title":"t","body":"b","price":3}"#,
            r#"{"kind":"faq","id":"x","title":"t","body":"b","topic":"weather"}"#,
            r#"{"kind":"fee","id":"x","title":"t","body":"b","topic":"fees","port":"qianwan","payee":"p","unit":"u","price":1}"#,
            r#"{"kind":"policy","id":"x","title":"t","body":"b","issued_on":"2019/08/24"}"#,
            r#"{"kind":"fee","id":"x","title":"t","body":"b","port":"mars","payee":"p","unit":"u","price":1}"#,
            r#"{"kind":"fee","id":"x","title":"t","body":"b","port":"qianwan","payee":"p","unit":"u","price":-1}"#,
        ] {
            assert!(parse_line(bad).is_err(), "{bad}");
        }
        let lines = parse_jsonl(
            "\n{\"kind\":\"faq\",\"id\":\"a\",\"title\":\"t\",\"body\":\"b\"}\n\nbad\n",
        );
        assert_eq!(
            lines
                .iter()
                .map(|(n, r)| (*n, r.is_ok()))
                .collect::<Vec<_>>(),
            vec![(2, true), (4, false)]
        );
    }
}
