//! What a brushed group of customers looks like: how many, from which segments, and their
//! typical recency, frequency and spend.

use crate::layers::Customers;
use segwork_core::columns::Feature;

/// Features the selection summary reports, as medians.
pub const SUMMARY_FEATURES: [Feature; 4] = [
    Feature::DaysSinceLastPurchase,
    Feature::TotalTransactions,
    Feature::TotalSpend,
    Feature::UniqueProductsPurchased,
];

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub customers: usize,
    pub outliers: usize,
    /// Customers per segment, indexed by segment id.
    pub per_segment: Vec<usize>,
    /// Median of each of [`SUMMARY_FEATURES`].
    pub medians: Vec<(Feature, f64)>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Summarises the customers in `rows` (indices into the table).
pub fn summarise(table: Customers<'_>, rows: &[usize], k: usize) -> Summary {
    let mut per_segment = vec![0; k];
    let mut outliers = 0;
    for &i in rows {
        match table.segment.get(i).copied().flatten() {
            Some(s) if s < k => per_segment[s] += 1,
            _ => outliers += 1,
        }
    }
    let medians = SUMMARY_FEATURES
        .iter()
        .map(|&f| {
            let values = rows
                .iter()
                .filter_map(|&i| table.features.get(i)?.get(f.index()).copied())
                .collect();
            (f, median(values))
        })
        .collect();
    Summary {
        customers: rows.len(),
        outliers,
        per_segment,
        medians,
    }
}

/// Index of the point nearest to `(x, y)` within `radius`, among `points` (pixel positions
/// with their row). A linear scan: 4,000 points take microseconds.
pub fn nearest(points: &[(f64, f64, usize)], x: f64, y: f64, radius: f64) -> Option<usize> {
    points
        .iter()
        .map(|&(px, py, row)| ((px - x).powi(2) + (py - y).powi(2), row))
        .filter(|(d2, _)| *d2 <= radius * radius)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, row)| row)
}

/// Rows whose point lies inside the rectangle spanned by two corners.
pub fn inside(points: &[(f64, f64, usize)], a: (f64, f64), b: (f64, f64)) -> Vec<usize> {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    points
        .iter()
        .filter(|p| p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1)
        .map(|p| p.2)
        .collect()
}

/// An arrow key's direction on the plot, in pixel axes (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

impl Direction {
    /// The direction of a `KeyboardEvent.key`, if it is an arrow key.
    pub fn of_key(key: &str) -> Option<Direction> {
        match key {
            "ArrowLeft" => Some(Direction::Left),
            "ArrowRight" => Some(Direction::Right),
            "ArrowUp" => Some(Direction::Up),
            "ArrowDown" => Some(Direction::Down),
            _ => None,
        }
    }

    /// Unit vector in pixel axes.
    fn unit(self) -> (f64, f64) {
        match self {
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
            Direction::Up => (0.0, -1.0),
            Direction::Down => (0.0, 1.0),
        }
    }
}

/// Keyboard navigation of the scatter: the row to select after an arrow key. From the
/// selected point (`from`, when it is drawn), the next point is the closest one within
/// 45° of the direction, straight lines counting as closer than diagonals; at the edge the
/// selection stays. With nothing selected, any arrow picks the point nearest `centre`.
pub fn step(
    points: &[(f64, f64, usize)],
    from: Option<usize>,
    direction: Direction,
    centre: (f64, f64),
) -> Option<usize> {
    let start = from.and_then(|row| points.iter().find(|p| p.2 == row));
    let Some(&(x0, y0, row0)) = start else {
        return nearest(points, centre.0, centre.1, f64::INFINITY);
    };
    let (ux, uy) = direction.unit();
    points
        .iter()
        .filter_map(|&(x, y, row)| {
            let (dx, dy) = (x - x0, y - y0);
            let along = dx * ux + dy * uy;
            let across = (dx * uy - dy * ux).abs();
            (along > 0.0 && across <= along).then_some((along * along + 4.0 * across * across, row))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(Some(row0), |(_, row)| Some(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn summarises_segments_outliers_and_medians() {
        let t = crate::testing::table(10);
        let s = summarise(t.view(), &[0, 1, 2, 3, 9], 3);
        assert_eq!((s.customers, s.outliers), (5, 1));
        assert_eq!(s.per_segment, vec![2, 1, 1]);
        let spend = s
            .medians
            .iter()
            .find(|(f, _)| *f == Feature::TotalSpend)
            .map(|m| m.1);
        assert_eq!(spend, Some(20.0));
    }

    #[test]
    fn finds_the_nearest_point_within_reach() {
        let pts = [(10.0, 10.0, 4), (20.0, 10.0, 7)];
        assert_eq!(nearest(&pts, 16.0, 10.0, 5.0), Some(7));
        assert_eq!(nearest(&pts, 50.0, 50.0, 5.0), None);
    }

    #[test]
    fn arrow_keys_walk_to_the_closest_point_in_their_direction() {
        // A plus sign around row 0 at (50, 50), and one point far to the right but level.
        let pts = [
            (50.0, 50.0, 0),
            (60.0, 52.0, 1),
            (50.0, 30.0, 2),
            (40.0, 50.0, 3),
            (50.0, 70.0, 4),
            (90.0, 50.0, 5),
        ];
        let go = |from, key| step(&pts, from, Direction::of_key(key).unwrap(), (0.0, 0.0));
        assert_eq!(go(Some(0), "ArrowRight"), Some(1));
        assert_eq!(go(Some(0), "ArrowUp"), Some(2), "up is towards smaller y");
        assert_eq!(go(Some(0), "ArrowLeft"), Some(3));
        assert_eq!(go(Some(0), "ArrowDown"), Some(4));
        assert_eq!(go(Some(1), "ArrowRight"), Some(5));
        assert_eq!(
            go(Some(5), "ArrowRight"),
            Some(5),
            "at the edge the selection stays"
        );
        // Nothing selected, or the selected customer is not drawn: start near the centre.
        assert_eq!(step(&pts, None, Direction::Left, (58.0, 50.0)), Some(1));
        assert_eq!(step(&pts, Some(99), Direction::Left, (41.0, 50.0)), Some(3));
        assert_eq!(Direction::of_key("Enter"), None);
        assert_eq!(step(&[], None, Direction::Up, (0.0, 0.0)), None);
    }

    #[test]
    fn brushes_points_in_a_rectangle_drawn_either_way() {
        let pts = [(10.0, 10.0, 4), (20.0, 10.0, 7), (30.0, 30.0, 9)];
        assert_eq!(inside(&pts, (25.0, 5.0), (5.0, 15.0)), vec![4, 7]);
    }
}
