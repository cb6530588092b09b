//! The colour of a heat-map cell: one hue, darker for higher values, and a text colour
//! that stays readable on it.

/// Background for a value in `0..=1` (clamped): white to a deep blue.
pub fn background(v: f64) -> String {
    let v = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |from: f64, to: f64| (from + (to - from) * v).round() as u8;
    format!(
        "rgb({}, {}, {})",
        mix(247.0, 8.0),
        mix(251.0, 69.0),
        mix(255.0, 148.0)
    )
}

/// White text on the darker half, dark text on the lighter.
pub fn text(v: f64) -> &'static str {
    if v > 0.55 {
        "#ffffff"
    } else {
        "#1b1f24"
    }
}
