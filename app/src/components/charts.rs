//! Charts as SVG, rendered on the server with the page (no chart library, nothing from a CDN).
//! Every chart comes with its numbers as a table.

use crate::domain::stats::Count;
use crate::i18n::t;
use leptos::prelude::*;

/// Horizontal bars, one per label, with the count at the end of each bar.
#[component]
pub fn BarChart(
    title: String,
    data: Vec<Count>,
    /// What the numbers count (the table's column): 人数 unless said.
    #[prop(optional)]
    counts: Option<&'static str>,
) -> impl IntoView {
    let max = data.iter().map(|c| c.n).max().unwrap_or(0).max(1);
    let row_h = 26;
    let label_w = 150;
    let bar_w = 320;
    let height = data.len() as i32 * row_h + 10;
    let total: i64 = data.iter().map(|c| c.n).sum();
    let rows = data.clone();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {} {height}", label_w + bar_w + 60) role="img" aria-label=title.clone() width="100%" preserveAspectRatio="xMinYMin meet">
                {data.into_iter().enumerate().map(|(i, c)| {
                    let y = i as i32 * row_h + 5;
                    let w = (c.n as f64 / max as f64 * bar_w as f64).round() as i32;
                    view! {
                        <g>
                            <text x=label_w - 8 y=y + 17 text-anchor="end" class="chart-label">{c.label.clone()}</text>
                            <rect x=label_w y=y + 3 width=w.max(1) height=row_h - 8 class="chart-bar"/>
                            <text x=label_w + w + 6 y=y + 17 class="chart-value">{c.n}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <table class="data chart-table">
                <thead><tr><th scope="col">{t("项目")}</th><th scope="col">{t(counts.unwrap_or("人数"))}</th><th scope="col">{t("占比")}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| view! {
                        <tr>
                            <td>{c.label}</td>
                            <td>{c.n}</td>
                            <td>{if total > 0 { format!("{:.1}%", c.n as f64 * 100.0 / total as f64) } else { "—".into() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}
