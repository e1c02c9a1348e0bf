//! `cargo xtask eval [--misses]`: the triage engine on the held-out reports it never trained on.

use anyhow::{Context, Result};
use domain::taxonomy::Category;
use domain::triage::{evaluate, parse_labelled, Engine};

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
                    };
                    let e = cross_validate(&rows, p, 5);
                    let min_cat = e.per_category.iter().map(|(_, a)| *a).fold(1.0, f32::min);
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

/// Trains on the shipped labelled set and writes the model file the Worker reads in place.
pub fn train() -> Result<()> {
    use domain::triage::{Params, TRAINING_SET};
    let rows = parse_labelled(TRAINING_SET).map_err(anyhow::Error::msg)?;
    let bytes = Engine::compile(&rows, Params::default());
    let path = tests::root().join("domain/data/triage_model.bin");
    std::fs::write(&path, &bytes)?;
    println!(
        "trained on {} reports → {} ({} bytes)",
        rows.len(),
        path.display(),
        bytes.len()
    );
    Ok(())
}

pub fn run(show_misses: bool) -> Result<()> {
    let path = tests::root().join("domain/data/triage_heldout.tsv");
    let held = parse_labelled(&std::fs::read_to_string(&path)?)
        .map_err(anyhow::Error::msg)
        .context("held-out set")?;
    let engine = Engine::shipped();
    let e = evaluate(engine, &held);
    println!("held-out reports: {}", e.total);
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
    println!("department top-1: {:.1}%", e.department_top1 * 100.0);
    println!("urgency exact match: {:.1}%", e.urgency_exact * 100.0);
    println!("importance exact match: {:.1}%", e.importance_exact * 100.0);
    // search quality on the judged queries over the demo content
    let docs = domain::knowledge::parse_jsonl(&std::fs::read_to_string(
        tests::root().join("data/knowledge/demo.jsonl"),
    )?)
    .into_iter()
    .filter_map(|(_, r)| r.ok().map(|e| e.to_doc()))
    .collect();
    let index = domain::search::Index::build(docs);
    let judged = domain::search::parse_judged(&std::fs::read_to_string(
        tests::root().join("domain/data/search_relevance.tsv"),
    )?);
    println!(
        "search: {} judged queries over {} entries",
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
    if show_misses {
        for r in &held {
            let t = engine.triage(&r.title, &r.description);
            if t.category != r.category || t.department != r.department || t.urgency != r.urgency {
                println!(
                    "miss: {} / {} / {} → {} / {} / {} ({:.2}): {} | {}",
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
    Ok(())
}
