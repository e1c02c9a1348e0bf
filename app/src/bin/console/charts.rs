//! Two small charts drawn as SVG by the app itself (no chart library): the density heatmap and
//! the trend line. Both read the shapes of `domain::stats`.

use domain::api::CodeLabel;
use domain::stats::{Bucket, Matrix};
use leptos::prelude::*;

/// A cell's fill: from near-white to the brand green by the square root of its share of the
/// largest cell, so that one busy cell does not wash out the differences among the others.
fn shade(n: u64, max: u64) -> String {
    if n == 0 || max == 0 {
        return "#f6f7f6".into();
    }
    let k = (n as f64 / max as f64).sqrt();
    let mix = |from: f64, to: f64| (from + (to - from) * (0.15 + 0.85 * k)).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(233.0, 6.0),
        mix(245.0, 122.0),
        mix(238.0, 62.0)
    )
}

/// About how wide a label is drawn in the heatmap's 12 px font: a CJK character a full em, a
/// Latin letter a little over half of one.
fn label_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 6.8 } else { 12.0 })
        .sum()
}

/// Rows × columns of counts (`{rows:[{code,label}], cols:[…], counts:[[…]], max}`).
#[component]
pub fn Heatmap(
    matrix: Matrix,
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
) -> impl IntoView {
    let Matrix {
        rows,
        cols,
        counts,
        max,
    } = matrix;
    let max = u64::from(max);
    // the row labels stand left of the grid: as wide as the longest one (English labels are
    // about twice as long as Chinese ones)
    let longest = |labels: &[CodeLabel]| {
        labels
            .iter()
            .map(|l| label_width(&l.label))
            .fold(0.0, f64::max)
    };
    // the column labels rise at 45°: their height and their reach right are 0.71 of their length
    let rise = (longest(&cols) * 0.71).max(96.0);
    let (left, top, w, h) = (longest(&rows).max(96.0) + 8.0, rise + 24.0, 68.0, 40.0);
    let width = left + w * cols.len() as f64 + rise;
    let height = top + h * rows.len() as f64 + 48.0;
    // the legend: five swatches at the counts where the square-root scale takes its steps
    let legend_y = top + h * rows.len() as f64 + 16.0;
    let legend: Vec<u64> = (0..=4u64).map(|i| (max * i * i).div_ceil(16)).collect();
    let label = |v: &CodeLabel| v.label.clone();
    view! {
        <figure class="chart">
            <figcaption>{caption.clone()}</figcaption>
            <svg id=id class="heatmap" role="img" aria-label=caption viewBox=format!("0 0 {width} {height}")
                width=width height=height xmlns="http://www.w3.org/2000/svg">
                {cols.iter().enumerate().map(|(c, col)| {
                    let x = left + w * c as f64 + w / 2.0 - 4.0;
                    view! { <text class="heatmap__col" x=x y=top - 8.0 text-anchor="start"
                        transform=format!("rotate(-45 {x} {})", top - 8.0)>{label(col)}</text> }
                }).collect_view()}
                {rows.iter().enumerate().map(|(r, row)| {
                    let y = top + h * r as f64;
                    let counts = counts.get(r).cloned().unwrap_or_default();
                    view! {
                        <text class="heatmap__row" x=left - 8.0 y=y + h / 2.0 + 4.0 text-anchor="end">{label(row)}</text>
                        {counts.into_iter().enumerate().map(|(c, n)| {
                            let n = u64::from(n);
                            let x = left + w * c as f64;
                            let dark = max > 0 && n * 2 > max;
                            view! {
                                <rect x=x + 1.0 y=y + 1.0 width=w - 2.0 height=h - 2.0 rx="3" fill=shade(n, max)>
                                    <title>{format!("{} × {}: {n}", label(row), label(&cols[c]))}</title>
                                </rect>
                                {(n > 0).then(|| view! {
                                    <text class="heatmap__n" class:heatmap__n_dark=dark x=x + w / 2.0 y=y + h / 2.0 + 5.0 text-anchor="middle">{n}</text>
                                })}
                            }
                        }).collect_view()}
                    }
                }).collect_view()}
                <g class="heatmap__legend" id=format!("{id}-legend")>
                    {legend.into_iter().enumerate().map(|(i, n)| {
                        let x = left + 72.0 * i as f64;
                        view! {
                            <rect x=x y=legend_y width="20" height="14" rx="2" fill=shade(n, max)/>
                            <text class="heatmap__row" x=x + 26.0 y=legend_y + 12.0>{if i == 0 { "0".to_string() } else { format!("≥{n}") }}</text>
                        }
                    }).collect_view()}
                </g>
            </svg>
        </figure>
    }
}

/// Counts over time (`[{start, count}]`), as a line with its points.
#[component]
pub fn Trend(
    buckets: Vec<Bucket>,
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
) -> impl IntoView {
    let points: Vec<(String, u64)> = buckets
        .iter()
        .map(|b| (b.start.to_string(), u64::from(b.count)))
        .collect();
    let (width, height, pad) = (640.0, 200.0, 40.0);
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    let step = if points.len() > 1 {
        (width - 2.0 * pad) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                pad + step * i as f64,
                height - pad - (height - 2.0 * pad) * p.1 as f64 / max,
            )
        })
        .collect();
    let line = xy
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let first = points.first().map(|p| p.0.clone()).unwrap_or_default();
    let last = points.last().map(|p| p.0.clone()).unwrap_or_default();
    view! {
        <figure class="chart">
            <figcaption>{caption.clone()}</figcaption>
            <svg id=id class="trend" role="img" aria-label=caption viewBox=format!("0 0 {width} {height}")
                xmlns="http://www.w3.org/2000/svg">
                // y axis with three ticks and their grid lines, x axis along the bottom
                <line class="trend__axis" x1=pad y1=pad x2=pad y2=height - pad/>
                <line class="trend__axis" x1=pad y1=height - pad x2=width - pad y2=height - pad/>
                {[0.0, 0.5, 1.0].into_iter().map(|f| {
                    let y = height - pad - (height - 2.0 * pad) * f;
                    view! {
                        <line class="trend__grid" x1=pad y1=y x2=width - pad y2=y/>
                        <text class="trend__label trend__tick" x=pad - 6.0 y=y + 4.0 text-anchor="end">{((max * f).round() as u64).to_string()}</text>
                    }
                }).collect_view()}
                <polyline class="trend__line" points=line fill="none"/>
                {xy.iter().zip(&points).map(|((x, y), p)| view! {
                    <circle class="trend__dot" cx=*x cy=*y r="3.5"><title>{format!("{}: {}", p.0, p.1)}</title></circle>
                }).collect_view()}
                <text class="trend__label" x=pad y=height - 10.0>{first}</text>
                <text class="trend__label" x=width - pad y=height - 10.0 text-anchor="end">{last}</text>
            </svg>
        </figure>
    }
}
