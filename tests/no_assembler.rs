//! The default path runs no assembler: with an `as` that always fails first
//! on PATH, mcc still compiles, links and runs programs correctly, while the
//! external path (the control) fails.

mod common;

use common::{build_and_check, c_files, control_compile_fails, fixtures_dir, stand_in_path};

#[test]
fn builtin_path_needs_no_assembler() {
    let dir = tempfile::tempdir().unwrap();
    let fake_as = "#!/bin/sh\necho 'fake as: must not run' >&2\nexit 1\n";
    let path = stand_in_path(
        dir.path(),
        &[("as", fake_as), ("x86_64-linux-gnu-as", fake_as)],
    );
    let fixtures = fixtures_dir().join("run");
    let mut checked = 0;
    for topic in ["functions", "storage", "loops", "switch"] {
        // Programs linked with a gcc-built helper are left out: this test
        // is about mcc's own objects.
        let files = c_files(&fixtures.join(topic), false);
        let own: Vec<_> = files
            .iter()
            .filter(|p| !p.with_extension("gcc.c").exists())
            .collect();
        for file in own.into_iter().take(5) {
            build_and_check(&path, file, &dir.path().join("prog"));
            checked += 1;
        }
    }
    assert_eq!(checked, 20);

    // Control: the stand-in really is found and really fails.
    let file = c_files(&fixtures.join("basics"), false).remove(0);
    control_compile_fails(
        &path,
        "--assembler=external",
        &file,
        &dir.path().join("x.o"),
        "fake as: must not run",
    );
    assert!(
        !dir.path().join("x.o").exists(),
        "a failed compile left its output behind"
    );
}
