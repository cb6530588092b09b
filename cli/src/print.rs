//! Plain-text tables for the terminal.

use segwork_core::load::DayOrder;
use segwork_core::pipeline::iso_day;
use segwork_core::{Analysis, Stage};
use std::time::Duration;

pub fn cleaning(a: &Analysis) {
    let rules = a.file.load.preset.rules();
    println!(
        "Recognised as: {} (--preset {})",
        a.file.load.preset.label(),
        a.file.load.preset
    );
    let dates = a.file.load.dates;
    if let Some(order) = dates.order {
        let how = if dates.settled {
            "settled by the file"
        } else {
            "assumed; --dates switches it"
        };
        let order = match order {
            DayOrder::DayFirst => "day first",
            DayOrder::MonthFirst => "month first",
        };
        println!("Dates such as 1/2/2023 read {order} ({how})");
    }
    let span = &a.file.span;
    println!(
        "{} orders from {} customers, {} to {} ({} days)",
        span.orders,
        a.file.customers_total,
        iso_day(span.first_day),
        iso_day(span.last_day),
        span.days()
    );
    for c in a.file.cautions() {
        println!("Caution: {}", c.message());
    }
    println!();
    println!("Cleaning");
    println!("  {:<22} {:>10} {:>10}  rule", "step", "rows", "removed");
    for s in &a.file.cleaning {
        let removed = s.rows_in - s.rows_out;
        let extra = if s.off {
            format!(
                " (off: {} lines kept; --rule-off {} switched it off)",
                s.flagged,
                s.id.slug()
            )
        } else if s.flagged > 0 {
            format!(" ({} flagged)", s.flagged)
        } else {
            String::new()
        };
        println!(
            "  {:<22} {:>10} {:>10}  {}{}",
            s.id.label_for(&rules),
            s.rows_out,
            removed,
            s.rule,
            extra
        );
    }
    println!("  customers: {}", a.file.customers_total);
    if a.features.dropped_single_line > 0 {
        println!(
            "  left out of the feature table (single line item): {}",
            a.features.dropped_single_line
        );
    }
    println!();
}

pub fn model(a: &Analysis) {
    let outliers = a.model.outlier.iter().filter(|o| **o).count();
    let n = a.features.ids.len();
    println!("Model ({} mode)", a.params.mode);
    println!("  customers in feature table: {n}");
    println!("  outliers: {outliers}  (kept {})", n - outliers);
    println!(
        "  PCA: {} components, cumulative explained variance {:.3}",
        a.model.pca.kept, a.model.pca.cumulative
    );
    let s = &a.segmentation.scores;
    println!(
        "  k = {}: silhouette {:.3}, Calinski-Harabasz {:.1}, Davies-Bouldin {:.3}",
        a.segmentation.k(),
        s.silhouette,
        s.calinski_harabasz,
        s.davies_bouldin
    );
    let sizes: Vec<String> = a
        .segmentation
        .segments
        .iter()
        .map(|s| s.size.to_string())
        .collect();
    println!("  segment sizes: {}", sizes.join(" / "));
    if !a.sweep_points().is_empty() {
        println!("  {:>3} {:>12} {:>10}", "k", "inertia", "silhouette");
        for p in a.sweep_points() {
            println!("  {:>3} {:>12.1} {:>10.3}", p.k, p.inertia, p.silhouette);
        }
    }
    println!();
}

pub fn timings(stages: &[(Stage, Duration)], total: Duration) {
    println!("Timings");
    for (s, d) in stages {
        println!("  {:<32} {:>9.1} ms", s.label(), d.as_secs_f64() * 1000.0);
    }
    println!("  {:<32} {:>9.1} ms", "total", total.as_secs_f64() * 1000.0);
    println!();
}
