//! Plain-text tables for the terminal.

use segwork_core::load::DayOrder;
use segwork_core::pipeline::iso_day;
use segwork_core::{Analysis, Insights, Stage};
use std::time::Duration;

pub fn cleaning(a: &Analysis) {
    let rules = a.file.load.preset.rules();
    println!(
        "Recognised as: {} (--preset {})",
        a.file.load.preset.label(),
        a.file.load.preset
    );
    if let Some(note) = a.file.load.time_of_day_note() {
        println!("{note}");
    }
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
    if let Some((points, segmented)) = a.segmentation.silhouette_sample() {
        println!("  (silhouette estimated on a sample of {points} of the {segmented} segmented customers)");
    }
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

/// The marketer's analyses: RFM segments, lifetime value, cohorts, baskets.
pub fn insights(i: &Insights) {
    rfm(i);
    lifetime(i);
    cohorts(i);
    baskets(i);
}

/// The recommendations' backtest (or why there is none) and the methods the lists use.
pub fn recs(layer: &segwork_core::pipeline::RecsLayer) {
    println!("Recommendations");
    let r = match &layer.outcome {
        Ok(r) => r,
        Err(e) => return println!("  not computed: {e}\n"),
    };
    match &r.backtest {
        Ok(b) => print!("{}", crate::recommend::table(b)),
        Err(why) => println!("  not measured: {why}"),
    }
    println!(
        "  lists: discovery by {}, next basket by {}\n",
        r.defaults.discovery.name(),
        r.defaults.next_basket.name()
    );
}

fn rfm(i: &Insights) {
    println!("RFM segments");
    let r = match &i.rfm.outcome {
        Ok(r) => r,
        Err(e) => return println!("  not computed: {e}\n"),
    };
    println!(
        "  {:<20} {:>9} {:>7} {:>8} {:>8}  suggested action",
        "segment", "customers", "share", "revenue", "recency"
    );
    for s in &r.segments {
        println!(
            "  {:<20} {:>9} {:>6.1}% {:>7.1}% {:>7.0}d  {}",
            s.segment.name(),
            s.customers,
            100.0 * s.customer_share,
            100.0 * s.revenue_share,
            s.mean_recency_days,
            s.segment.action()
        );
    }
    println!();
}

fn lifetime(i: &Insights) {
    println!("Lifetime value (BG/NBD and Gamma-Gamma)");
    let r = match &i.lifetime.outcome {
        Ok(r) => r,
        Err(e) => return println!("  not computed: {e}\n"),
    };
    let f = &r.fit;
    match (f.a, f.b) {
        (Some(a), Some(b)) => println!(
            "  purchases: r {:.4}, alpha {:.4}, a {:.4}, b {:.4}, log-likelihood {:.2}",
            f.r, f.alpha, a, b, f.log_likelihood
        ),
        _ => println!(
            "  purchases (no dropout: the NBD limit): r {:.4}, alpha {:.4}, log-likelihood {:.2}",
            f.r, f.alpha, f.log_likelihood
        ),
    }
    if let Some(g) = &r.spend {
        println!("  spend: p {:.4}, q {:.4}, gamma {:.4}", g.p, g.q, g.gamma);
    }
    let total: f64 = r.customers.iter().map(|c| c.clv).sum();
    println!("  customers {}, total CLV {total:.0}", r.customers.len());
    if let Some(b) = &r.backtest {
        println!(
            "  backtest on the last {} days: predicted {:.0} purchases, actual {:.0}, mean absolute error {:.2}",
            b.holdout_days, b.predicted_total, b.actual_total, b.mean_absolute_error
        );
    }
    for n in &r.notes {
        println!("  Note: {n}");
    }
    println!();
}

fn cohorts(i: &Insights) {
    println!("Cohorts (customer retention by months since the first purchase)");
    let c = match &i.cohorts.outcome {
        Ok(c) => c,
        Err(e) => return println!("  not computed: {e}\n"),
    };
    for ((label, size), row) in c.labels.iter().zip(&c.sizes).zip(&c.retention).take(6) {
        let cells: Vec<String> = row
            .iter()
            .skip(1)
            .take(6)
            .map(|v| format!("{:5.1}%", 100.0 * v))
            .collect();
        println!("  {label} {size:>6}  {}", cells.join(" "));
    }
    if c.labels.len() > 6 {
        println!(
            "  … {} cohorts in all (cohort_retention.csv)",
            c.labels.len()
        );
    }
    println!();
}

fn baskets(i: &Insights) {
    println!("Bought together");
    let b = match &i.baskets.outcome {
        Ok(b) => &b.overall,
        Err(e) => return println!("  not computed: {e}\n"),
    };
    println!(
        "  {} orders, {} products in at least {} orders, {} pairs",
        b.orders,
        b.frequent_items,
        b.min_count,
        b.pairs.len()
    );
    for r in b.rules.iter().take(5) {
        let (_, a) = i.names.product(r.antecedent);
        let (_, c) = i.names.product(r.consequent);
        println!(
            "  {a} → {c}: confidence {:.0}%, lift {:.1}",
            100.0 * r.confidence,
            r.lift
        );
    }
    println!();
}
