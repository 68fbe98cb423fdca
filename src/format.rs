//! How numbers that may be missing are written, the same on the screen and in the report.

/// `43%`, or `-` when there is no value.
pub fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.0}%"))
}

/// `6.5` (one decimal), or `-`.
pub fn num(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}"))
}

/// `1m05s` or `45s`, or `-`.
pub fn secs(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| {
        let s = v.round() as u32;
        if s >= 60 {
            format!("{}m{:02}s", s / 60, s % 60)
        } else {
            format!("{s}s")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_values_show_as_a_dash() {
        assert_eq!(
            (pct(None), num(None), secs(None)),
            ("-".into(), "-".into(), "-".into())
        );
        assert_eq!(
            (
                pct(Some(42.6)),
                num(Some(6.25)),
                secs(Some(65.0)),
                secs(Some(45.2))
            ),
            ("43%".into(), "6.2".into(), "1m05s".into(), "45s".into())
        );
    }
}
