//! Where `#include` looks: the directory of the including file and the
//! `-iquote` directories (for `"name"`), the `-I` directories, then the
//! system ones (`-isystem`, the standard directories, `-idirafter`).
//!
//! Takes a header name and the search state; returns the file found, the
//! name gcc would give it (`dir/name`, as `__FILE__` and diagnostics show it)
//! and the index of the directory it was found in (so `#include_next` can
//! continue after it). The system directories are derived the way gcc's own
//! driver lays them out on Debian/Ubuntu x86-64 (the same list
//! `cc -E -v -x c /dev/null` prints), without running `cc`.

use std::path::{Path, PathBuf};

use super::Preprocessor;
use crate::target::Target;

/// A header found on the search path.
pub struct Found {
    pub name: String,
    pub path: PathBuf,
    /// Which include directory it came from; `None` for the includer's own
    /// directory or an absolute name.
    pub dir_index: Option<usize>,
}

/// The system include directories for `target`, in search order; with a
/// `sysroot` (`--sysroot=DIR`), the system's own directories are looked
/// for under it, as gcc does (gcc's private headers are not).
pub fn system_dirs(target: &Target, sysroot: Option<&Path>) -> Vec<PathBuf> {
    if !target.is_linux() {
        // No macOS SDK on a Linux host: system headers come only from -I.
        return Vec::new();
    }
    let root = sysroot.unwrap_or(Path::new("/"));
    let mut dirs = Vec::new();
    dirs.extend(gcc_include_dir());
    dirs.extend(
        [
            "usr/local/include",
            "usr/include/x86_64-linux-gnu",
            "usr/include",
        ]
        .into_iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir()),
    );
    dirs
}

/// gcc's private headers (`stddef.h`, `stdarg.h`, ...) of the newest gcc
/// installed: `/usr/lib/gcc/x86_64-linux-gnu/VERSION/include`.
fn gcc_include_dir() -> Option<PathBuf> {
    let root = Path::new("/usr/lib/gcc/x86_64-linux-gnu");
    let version =
        |name: &str| -> Option<Vec<u32>> { name.split('.').map(|p| p.parse().ok()).collect() };
    std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let v = version(&name)?;
            let include = e.path().join("include");
            include.join("stddef.h").is_file().then_some((v, include))
        })
        .max()
        .map(|(_, dir)| dir)
}

/// `dir/name` the way gcc spells it.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn is_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The one path `#pragma once` knows a file by, however it was reached.
pub(super) fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Preprocessor<'_> {
    /// Where an `#include` (`next`: an `#include_next`) starts searching the
    /// include directories: after the one the current file came from, for
    /// `#include_next`; `None` for the usual order.
    pub(super) fn search_start(&self, next: bool) -> Option<usize> {
        if !next {
            return None;
        }
        self.files.last().and_then(|f| f.dir_index).map(|i| i + 1)
    }

    /// Finds header `name`. `start`: search the include directories from
    /// this index only (`#include_next`); otherwise a quoted name is first
    /// looked for beside the including file.
    pub(super) fn find_include(
        &self,
        name: &str,
        angled: bool,
        start: Option<usize>,
    ) -> Option<Found> {
        if name.starts_with('/') {
            return is_file(Path::new(name)).then(|| Found {
                name: name.to_string(),
                path: PathBuf::from(name),
                dir_index: None,
            });
        }
        if !angled && start.is_none() {
            let includer = self
                .files
                .last()
                .map(|f| self.map.file(f.id).name.clone())
                .unwrap_or_else(|| "".into());
            let dir = includer.rfind('/').map_or("", |i| &includer[..i]);
            let candidate = join(dir, name);
            if is_file(Path::new(&candidate)) {
                return Some(Found {
                    path: PathBuf::from(&candidate),
                    name: candidate,
                    dir_index: None,
                });
            }
        }
        // `-iquote` directories are for quoted names only.
        let first = start.unwrap_or(if angled { self.quote_dirs } else { 0 });
        self.include_dirs
            .iter()
            .enumerate()
            .skip(first)
            .find_map(|(i, dir)| {
                let candidate = join(&dir.to_string_lossy(), name);
                is_file(Path::new(&candidate)).then(|| Found {
                    path: PathBuf::from(&candidate),
                    name: candidate,
                    dir_index: Some(i),
                })
            })
    }
}
