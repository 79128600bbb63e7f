//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// `tests/golden/<group>`.
pub fn golden_dir(group: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(group)
}

/// Compares `actual` with the golden file `tests/golden/<group>/<name>` (the crate version replaced
/// by @VERSION@), or rewrites it when `UPDATE_GOLDEN` is set.
pub fn check_golden(group: &str, name: &str, actual: &str) {
    let dir = golden_dir(group);
    let path = dir.join(name);
    let actual = actual.replace(env!("CARGO_PKG_VERSION"), "@VERSION@");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{} differs (UPDATE_GOLDEN=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}
