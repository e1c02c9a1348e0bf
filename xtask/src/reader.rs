//! Part of `cargo xtask eval`: a second reader's blind labels of the independent dev part
//! (`domain/data/independent/triage_dev_second_reader.tsv`) against the part's own labels — how
//! far two careful readers of the same conventions agree, the ceiling an engine can be held to —
//! and the engine against the second reader.

use anyhow::{bail, Context, Result};
use domain::grade::Letter;
use domain::taxonomy::{Category, Department};
use domain::triage::{department_right, evaluate, Engine, Labelled};

/// The reader's file: `id  category  department  urgency`, the id a report's place among the
/// labelled rows (from 1); the rows returned carry the reader's labels on the same reports.
pub fn parse(tsv: &str, rows: &[(String, Labelled)]) -> Result<Vec<Labelled>> {
    let mut out: Vec<Option<Labelled>> = vec![None; rows.len()];
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let at = || format!("second reader, line {}", n + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, category, department, urgency] = cols[..] else {
            bail!("{}: 4 columns expected", at());
        };
        let i = id.parse::<usize>().with_context(at)?;
        let (_, report) = rows
            .get(i.wrapping_sub(1))
            .with_context(|| format!("{}: no report {i}", at()))?;
        out[i - 1] = Some(Labelled {
            category: Category::parse(category).with_context(at)?,
            department: Department::parse(department).with_context(at)?,
            urgency: Letter::parse(urgency).with_context(at)?,
            ..report.clone()
        });
    }
    out.into_iter()
        .enumerate()
        .map(|(i, r)| r.with_context(|| format!("second reader: report {} unlabelled", i + 1)))
        .collect()
}

/// Share of reports where `b` agrees with `a`: category, unit (a basic question at the front
/// desk counts, as for the engine) and urgency.
pub fn agreement(a: &[Labelled], b: &[Labelled]) -> (f32, f32, f32) {
    let n = a.len().max(1) as f32;
    let share = |f: &dyn Fn(&Labelled, &Labelled) -> bool| {
        a.iter().zip(b).filter(|(x, y)| f(x, y)).count() as f32 / n
    };
    (
        share(&|x, y| x.category == y.category),
        share(&|x, y| department_right(x, y.department)),
        share(&|x, y| x.urgency == y.urgency),
    )
}

pub fn report(tsv: &str, rows: &[(String, Labelled)], engine: &Engine) -> Result<()> {
    let reader = parse(tsv, rows)?;
    let labels: Vec<Labelled> = rows.iter().map(|(_, r)| r.clone()).collect();
    let (c, d, u) = agreement(&labels, &reader);
    println!(
        "second reader (blind) against the labels: category {:.1}%  department {:.1}%  urgency {:.1}%",
        c * 100.0,
        d * 100.0,
        u * 100.0
    );
    let e = evaluate(engine, &reader);
    println!(
        "engine against the second reader:         category {:.1}%  department {:.1}%  urgency {:.1}%",
        e.accuracy * 100.0,
        e.department_top1 * 100.0,
        e.urgency_exact * 100.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(category: &str, department: &str) -> (String, Labelled) {
        let tsv = format!("{category}\t{department}\tC\tC\t标题标题\t一段足够长的描述文字");
        let r = domain::triage::parse_labelled(&tsv).unwrap().remove(0);
        ("v".into(), r)
    }

    #[test]
    fn a_second_reader_is_read_by_id_and_compared() {
        let rows = [row("practice", "customs"), row("basic", "ftz_center")];
        let reader = parse("#id\n2\tbasic\tftz_center\tC\n1\tpractice\ttax\tB\n", &rows).unwrap();
        assert_eq!(reader[0].department, Department::Tax);
        assert_eq!(reader[1].title, rows[1].1.title);
        let labels: Vec<Labelled> = rows.iter().map(|(_, r)| r.clone()).collect();
        assert_eq!(agreement(&labels, &reader), (1.0, 0.5, 0.5));
        // every report once, known codes, no report beyond the set
        assert!(parse("1\tpractice\tcustoms\tA\n", &rows).is_err());
        assert!(parse("1\tpractice\tcustom\tA\n2\tbasic\tftz_center\tC\n", &rows).is_err());
        assert!(parse("3\tbasic\tftz_center\tC\n", &rows).is_err());
        assert!(parse("0\tbasic\tftz_center\tC\n", &rows).is_err());
    }
}
