//! Failure modes of the command line: each gives one clear `mcc: error:`
//! line and exit status 1, never overwrites an input and leaves no output.

use std::process::Output;

mod common;

use common::{MCC, run, run_ok_env};

const PROGRAM: &str = "int main(void) { return 0; }\n";

fn assert_one_error(out: &Output, says: &str) {
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("mcc: error: ") && stderr.contains(says),
        "{stderr}"
    );
}

#[test]
fn output_that_is_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    for args in [
        &["x.c", "-o", "x.c"][..],
        &["-c", "x.c", "-o", "./x.c"],
        &["-S", "x.c", "-o", "x.c"],
    ] {
        assert_one_error(
            &run(MCC, args, dir.path()),
            "input file 'x.c' is the same as output file",
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("x.c")).unwrap(),
            PROGRAM
        );
    }
}

#[test]
fn missing_input() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_error(
        &run(MCC, &["nowhere.c"], dir.path()),
        "nowhere.c: no such file or directory",
    );
}

#[test]
fn directory_as_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src.c")).unwrap();
    assert_one_error(&run(MCC, &["src.c"], dir.path()), "src.c: is a directory");
}

#[test]
fn unwritable_output_location_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    std::fs::write(dir.path().join("file"), "").unwrap();
    for mode in ["-c", "-S"] {
        assert_one_error(
            &run(MCC, &[mode, "x.c", "-o", "file/out"], dir.path()),
            "cannot write file/out",
        );
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

/// gcc's multi-letter options with a bad or missing value are command-line
/// errors (exit 2), named as gcc names them.
#[test]
fn bad_gcc_style_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    for (args, says) in [
        (
            &["-std=c++11", "-c", "x.c"][..],
            "unrecognized command-line option '-std=c++11'",
        ),
        (&["-c", "x.c", "-isystem"], "missing path after '-isystem'"),
        (
            &["-c", "x.c", "-include"],
            "missing filename after '-include'",
        ),
        (&["-MD", "-c", "x.c", "-MF"], "missing filename after '-MF'"),
    ] {
        let out = run(MCC, args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!dir.path().join("x.o").exists());
    }
}

/// SIGTERM (to mcc alone) and SIGINT (to its process group, as Ctrl-C
/// sends it) during the link: mcc exits 128 + the signal and leaves no
/// output and no `.mcc-*` staging directory.
#[test]
fn a_signal_during_the_link_leaves_nothing() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    let slow = dir.path().join("slow-link.sh");
    std::fs::write(&slow, "#!/bin/sh\nsleep 2\nexec cc \"$@\"\n").unwrap();
    std::fs::set_permissions(&slow, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    for (signal, group) in [("TERM", false), ("INT", true)] {
        let child = std::process::Command::new(MCC)
            .args(["x.c", "-o", "prog"])
            .env("MCC_LINKER", &slow)
            .current_dir(dir.path())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        let target = if group {
            format!("-{}", child.id())
        } else {
            child.id().to_string()
        };
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), "--".into(), target])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        let expected = if signal == "TERM" { 143 } else { 130 };
        assert_eq!(out.status.code(), Some(expected), "SIG{signal}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".mcc-") || n == "prog")
            .collect();
        assert!(left.is_empty(), "SIG{signal} left {left:?}");
    }
}

/// Installed as `cc` (first on `PATH`), mcc does not call itself to link:
/// it says so and exits 1; `MCC_LINKER` names the real link driver.
#[test]
fn the_link_driver_is_never_mcc_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(MCC, bin.join("cc")).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = std::process::Command::new(MCC)
        .args(["x.c", "-o", "prog"])
        .env("PATH", &path)
        .env_remove("MCC_LINKER")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_one_error(&out, "is mcc itself; set MCC_LINKER");
    assert!(!dir.path().join("prog").exists());
    run_ok_env(
        MCC,
        &["x.c", "-o", "prog"],
        dir.path(),
        &[("PATH", &path), ("MCC_LINKER", "/usr/bin/gcc")],
    );
    assert!(dir.path().join("prog").exists());
}
