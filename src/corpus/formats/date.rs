//! The TMX creation date (`YYYYMMDDThhmmssZ`, UTC) without a calendar crate.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// Formats Unix seconds as a TMX date: `20240501T093000Z`.
pub fn tmx_timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The creation time to record: the given one, else `SOURCE_DATE_EPOCH` (the reproducible-builds
/// convention, so that the same input gives the same bytes), else now.
pub(super) fn creation_secs(given: Option<u64>) -> Result<u64> {
    if let Some(s) = given {
        return Ok(s);
    }
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        return v.trim().parse::<u64>().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH='{v}' is not a number of seconds since 1970"
            ))
        });
    }
    Ok(SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()))
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(tmx_timestamp(0), "19700101T000000Z");
        // 2000-02-29 12:34:56 UTC, a leap day.
        assert_eq!(tmx_timestamp(951_827_696), "20000229T123456Z");
        // 2024-12-31 23:59:59 UTC.
        assert_eq!(tmx_timestamp(1_735_689_599), "20241231T235959Z");
        assert_eq!(tmx_timestamp(1_735_689_600), "20250101T000000Z");
    }
}
