//! `cargo xtask eval [--misses]`: the triage engine and the search on sets they never trained
//! on — the project's own held-out sets, and the independent sets in `domain/data/independent/`
//! (written from the seeds by another hand, in other voices; see its README), each reported apart.
//! The independent `*_test.*` files are frozen: only this command reads them.

use anyhow::{Context, Result};
use domain::taxonomy::Category;
use domain::triage::{evaluate, parse_labelled, parse_voiced, Engine, Labelled};

/// 5-fold cross-validation over a small grid of model knobs, on the training set only.
pub fn tune() -> Result<()> {
    use domain::triage::{cross_validate, Params, TRAINING_SET};
    let rows = parse_labelled(TRAINING_SET).map_err(anyhow::Error::msg)?;
    let d = cross_validate(&rows, Params::default(), 5);
    println!(
        "default {:?}: category {:.3} {:?}, department {:.3}",
        Params::default(),
        d.accuracy,
        d.per_category,
        d.department_top1
    );
    if std::env::args().any(|a| a == "--quick") {
        return Ok(());
    }
    let mut best = (0.0f32, Params::default());
    for alpha in [0.1, 0.4, 1.0] {
        for signal_weight in [1.0, 3.0, 5.0, 8.0] {
            for unit_weight in [1.0, 2.0, 4.0] {
                for unigram_weight in [0.0, 0.3, 1.0] {
                    let p = Params {
                        alpha,
                        signal_weight,
                        unit_weight,
                        unigram_weight,
                        ..Params::default()
                    };
                    let e = cross_validate(&rows, p, 5);
                    let min_cat = e.worst_class();
                    let score = e.accuracy + min_cat + e.department_top1;
                    println!(
                        "{p:?}: category {:.3} (worst {:.3}), department {:.3}",
                        e.accuracy, min_cat, e.department_top1
                    );
                    if score > best.0 {
                        best = (score, p);
                    }
                }
            }
        }
    }
    println!("best: {:?}", best.1);
    Ok(())
}

/// The training files, read from disk (not the copy compiled into this binary, which a
/// `--ledger` batch has just made stale), in `TRAINING_SET` order.
const TRAINING_FILES: [&str; 16] = [
    "triage_train.tsv",
    "triage_train_voices.tsv",
    "triage_train_voices2.tsv",
    "triage_train_voices3.tsv",
    "triage_train_voices4.tsv",
    "triage_train_voices5.tsv",
    "triage_train_voices6.tsv",
    "triage_train_voices7.tsv",
    "triage_train_voices8.tsv",
    "triage_train_voices9.tsv",
    "triage_train_voices10.tsv",
    "triage_train_voices11.tsv",
    "triage_train_voices12.tsv",
    "triage_train_voices13.tsv",
    "triage_train_voices14.tsv",
    OFFICE_FILE,
];

/// The office's confirmed cases: last of the set, where `--ledger` adds its batches.
const OFFICE_FILE: &str = "triage_train_office.tsv";

/// Each training file's name and rows, read from disk in `TRAINING_SET` order.
fn training_files() -> Result<Vec<(&'static str, Vec<Labelled>)>> {
    let data = harness::root().join("domain/data");
    TRAINING_FILES
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(data.join(name)).context(*name)?;
            let rows = parse_labelled(&text)
                .map_err(anyhow::Error::msg)
                .context(*name)?;
            Ok((*name, rows))
        })
        .collect()
}

/// Adds an exported ledger's confirmed cases that the set does not hold yet to the office's
/// file in `data` (as one dated, commented batch) and returns them, as that file will read.
fn add_ledger(
    data: &std::path::Path,
    file: &std::path::Path,
    known: &[Labelled],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Labelled>> {
    use domain::triage::{new_rows, training_line};
    let shown = file.display();
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {shown}"))?;
    let incoming = parse_labelled(&text)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("{shown} is not a training export"))?;
    let offered = incoming.len();
    let fresh = new_rows(known, incoming);
    let mut batch = format!(
        "# {}: {} new of {offered} confirmed cases from {}\n",
        domain::time::service_day(now),
        fresh.len(),
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    for r in &fresh {
        batch.push_str(&training_line(r));
        batch.push('\n');
    }
    let office = data.join(OFFICE_FILE);
    let mut all = std::fs::read_to_string(&office).context(OFFICE_FILE)?;
    if !all.is_empty() && !all.ends_with('\n') {
        all.push('\n');
    }
    all.push_str(&batch);
    std::fs::write(&office, all)?;
    println!(
        "{shown}: {offered} confirmed cases, {} new, added to {}",
        fresh.len(),
        office.display()
    );
    parse_labelled(&batch).map_err(anyhow::Error::msg)
}

/// Adds the confirmed cases of an export (`GET /api/admin/training.tsv`, the console's
/// 导出已确认案件) to `triage_train_office.tsv`, skipping reports already learned; then trains.
pub fn train(ledger: Option<&str>) -> Result<()> {
    use domain::triage::Params;
    let data = harness::root().join("domain/data");
    let mut rows: Vec<Labelled> = training_files()?
        .into_iter()
        .flat_map(|(_, rows)| rows)
        .collect();
    if let Some(file) = ledger {
        let added = add_ledger(&data, std::path::Path::new(file), &rows, harness::now())?;
        rows.extend(added);
    }
    let bytes = Engine::compile(&rows, Params::default());
    let path = data.join("triage_model.bin");
    std::fs::write(&path, &bytes)?;
    println!(
        "trained on {} reports → {} ({} bytes); rebuild and deploy to use it",
        rows.len(),
        path.display(),
        bytes.len()
    );
    Ok(())
}

pub fn run(show_misses: bool) -> Result<()> {
    let root = harness::root();
    let engine = Engine::shipped();
    let own = parse_labelled(&std::fs::read_to_string(
        root.join("domain/data/triage_heldout.tsv"),
    )?)
    .map_err(anyhow::Error::msg)
    .context("held-out set")?;
    let own: Vec<(String, Labelled)> = own.into_iter().map(|r| ("own".into(), r)).collect();
    triage_report("own held-out set", engine, &own, show_misses);
    let own_docs = docs(&root.join("data/knowledge/demo.jsonl"))?;
    search_report(
        "own judged queries over the demo content",
        own_docs,
        &root.join("domain/data/search_relevance.tsv"),
        show_misses,
    )?;
    let dir = root.join("domain/data/independent");
    if !dir.exists() {
        println!("(no independent sets in {})", dir.display());
        return Ok(());
    }
    for split in ["dev", "test"] {
        let rows = parse_voiced(&std::fs::read_to_string(
            dir.join(format!("triage_{split}.tsv")),
        )?)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("independent triage_{split}.tsv"))?;
        // the frozen split prints figures only, never its misses
        triage_report(
            &format!("independent {split} set"),
            engine,
            &rows,
            show_misses && split == "dev",
        );
        let second = dir.join(format!("triage_{split}_second_reader.tsv"));
        if second.exists() {
            crate::reader::report(&std::fs::read_to_string(second)?, &rows, engine)?;
        }
        search_report(
            &format!("independent {split} queries over the independent entries"),
            docs(&dir.join("knowledge.jsonl"))?,
            &dir.join(format!("search_{split}.tsv")),
            show_misses && split == "dev",
        )?;
    }
    Ok(())
}

/// `cargo xtask eval --hands`: each training file written by one hand is judged by a model
/// trained on the others — how the engine reads a stranger's words, which pooled
/// cross-validation hides (its folds share every writer's habits).
pub fn hands() -> Result<()> {
    use domain::triage::Params;
    let files = training_files()?;
    let (mut cat, mut dept, mut urg, mut n) = (0.0, 0.0, 0.0, 0.0);
    for (name, rows) in files.iter().filter(|(_, r)| r.len() >= 100) {
        let others: Vec<Labelled> = files
            .iter()
            .filter(|(f, _)| f != name)
            .flat_map(|(_, r)| r.iter().cloned())
            .collect();
        let e = evaluate(&Engine::train_with(&others, Params::default()), rows);
        let worst = e.worst_class();
        println!(
            "{name:<26} {:>4} reports  category {:.1}% (worst class {:.1}%)  department {:.1}%  urgency {:.1}%",
            e.total,
            e.accuracy * 100.0,
            worst * 100.0,
            e.department_top1 * 100.0,
            e.urgency_exact * 100.0
        );
        let w = e.total as f32;
        cat += e.accuracy * w;
        dept += e.department_top1 * w;
        urg += e.urgency_exact * w;
        n += w;
    }
    println!(
        "all hands: category {:.1}%  department {:.1}%  urgency {:.1}%",
        cat / n * 100.0,
        dept / n * 100.0,
        urg / n * 100.0
    );
    Ok(())
}

/// `cargo xtask eval --set FILE`: the shipped model on one labelled file (training columns),
/// misses listed — how a new file written by another hand reads before it is trained on.
pub fn one_set(path: Option<&String>) -> Result<()> {
    let path = path.context("usage: cargo xtask eval --set FILE")?;
    let rows = parse_labelled(&std::fs::read_to_string(path)?).map_err(anyhow::Error::msg)?;
    let rows: Vec<(String, Labelled)> = rows.into_iter().map(|r| ("set".into(), r)).collect();
    triage_report(path, Engine::shipped(), &rows, true);
    Ok(())
}

fn docs(path: &std::path::Path) -> Result<Vec<domain::search::Doc>> {
    Ok(
        domain::knowledge::parse_jsonl(&std::fs::read_to_string(path)?)
            .into_iter()
            .filter_map(|(_, r)| r.ok().map(|e| e.to_doc()))
            .collect(),
    )
}

fn triage_report(name: &str, engine: &Engine, rows: &[(String, Labelled)], show_misses: bool) {
    let all: Vec<Labelled> = rows.iter().map(|(_, r)| r.clone()).collect();
    let e = evaluate(engine, &all);
    println!("\n== triage: {name} ({} reports)", e.total);
    println!("category accuracy: {:.1}%", e.accuracy * 100.0);
    for (c, a) in &e.per_category {
        println!("  {:<11} {:.1}%", c.code(), a * 100.0);
    }
    println!("confusion (rows = actual, columns = predicted):");
    print!("  {:<11}", "");
    for c in Category::ALL {
        print!("{:>11}", c.code());
    }
    println!();
    for (i, c) in Category::ALL.iter().enumerate() {
        print!("  {:<11}", c.code());
        for n in &e.confusion[i] {
            print!("{n:>11}");
        }
        println!();
    }
    println!(
        "department top-1 (a basic question at ftz_center counts): {:.1}%",
        e.department_top1 * 100.0
    );
    println!("urgency exact match: {:.1}%", e.urgency_exact * 100.0);
    println!("importance exact match: {:.1}%", e.importance_exact * 100.0);
    println!("calibration (confidence band: reports, category right):");
    for b in &e.calibration {
        let rate = if b.total == 0 {
            0.0
        } else {
            b.right as f32 / b.total as f32 * 100.0
        };
        println!(
            "  [{:.2}, {:.2})  {:>4}  {:>5.1}%",
            b.from,
            b.to.min(1.0),
            b.total,
            rate
        );
    }
    let mut voices: Vec<&str> = rows.iter().map(|(v, _)| v.as_str()).collect();
    voices.sort();
    voices.dedup();
    if voices.len() > 1 {
        for v in voices {
            let of: Vec<Labelled> = rows
                .iter()
                .filter(|(x, _)| x == v)
                .map(|(_, r)| r.clone())
                .collect();
            let e = evaluate(engine, &of);
            println!(
                "  voice {:<12} {:>3} reports  category {:.1}%  department {:.1}%  urgency {:.1}%",
                v,
                e.total,
                e.accuracy * 100.0,
                e.department_top1 * 100.0,
                e.urgency_exact * 100.0
            );
        }
    }
    if show_misses {
        for (v, r) in rows {
            let t = engine.triage(&r.title, &r.description);
            if t.category != r.category
                || !domain::triage::department_right(r, t.department)
                || t.urgency != r.urgency
            {
                println!(
                    "miss [{v}]: {} / {} / {} → {} / {} / {} ({:.2}): {} | {}",
                    r.category.code(),
                    r.department.code(),
                    r.urgency,
                    t.category.code(),
                    t.department.code(),
                    t.urgency,
                    t.confidence,
                    r.title,
                    r.description
                );
            }
        }
    }
}

fn search_report(
    name: &str,
    docs: Vec<domain::search::Doc>,
    judged: &std::path::Path,
    show_misses: bool,
) -> Result<()> {
    let index = domain::search::Index::build(docs);
    let judged = domain::search::parse_judged(&std::fs::read_to_string(judged)?);
    println!(
        "\n== search: {name} ({} queries over {} entries)",
        judged.len(),
        index.len()
    );
    for q in domain::search::evaluate(&index, &judged) {
        println!(
            "  {:<12} {:>3} queries  recall@3 {:.2}  MRR {:.2}",
            q.style, q.queries, q.recall_at_3, q.mrr
        );
    }
    if show_misses {
        for j in &judged {
            let top: Vec<String> = index
                .search(&j.query, None, 3)
                .into_iter()
                .map(|h| h.id)
                .collect();
            if !top.iter().any(|id| j.relevant.contains(id)) {
                println!(
                    "search miss [{}] {} → {:?} (want {:?})",
                    j.style, j.query, top, j.relevant
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_file_is_the_last_training_file() {
        assert_eq!(TRAINING_FILES.last(), Some(&OFFICE_FILE));
    }

    /// A ledger export adds only the reports the set does not hold, as one dated batch at the
    /// end of the office's file, and nothing else in the data directory changes.
    #[test]
    fn a_ledger_export_adds_its_new_cases_to_the_office_file() {
        let dir = std::env::temp_dir().join(format!("ztc-ledger-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let head = "# the office's confirmed cases\n";
        std::fs::write(dir.join(OFFICE_FILE), head).unwrap();
        let known = "practice\tcustoms\tB\tA\t冻品柜查验排不上\t两个冻品柜等查验四天了，冷箱费每天在涨，请协调尽快查验。";
        let fresh = "consult\ttax\tC\tC\t退税备案单证保存期限\t出口退税的备案单证要保存几年？电子版可以吗？";
        let export = dir.join("confirmed.tsv");
        std::fs::write(&export, format!("# export\n{known}\n{fresh}\n")).unwrap();
        let known_rows = parse_labelled(known).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T03:00:00Z")
            .unwrap()
            .to_utc();

        let added = add_ledger(&dir, &export, &known_rows, now).unwrap();
        let office = std::fs::read_to_string(dir.join(OFFICE_FILE)).unwrap();
        let again = add_ledger(&dir, &export, &[known_rows, added.clone()].concat(), now).unwrap();
        let twice = std::fs::read_to_string(dir.join(OFFICE_FILE)).unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        std::fs::remove_dir_all(&dir).unwrap();

        assert_eq!(added.len(), 1);
        assert_eq!(added[0].title, "退税备案单证保存期限");
        assert!(office.starts_with(head), "{office}");
        assert!(office.contains("# 2026-11-24: 1 new of 2 confirmed cases from confirmed.tsv\n"));
        assert!(office.ends_with(&format!("{fresh}\n")), "{office}");
        assert_eq!(parse_labelled(&office).unwrap(), added);
        assert!(again.is_empty());
        assert_eq!(parse_labelled(&twice).unwrap(), added);
        assert_eq!(files.len(), 2, "only the office file and the export");
    }
}
