//! Placeholder replaced by the cross-check comparison (work in progress).
