//! mcc as `CC` in real build tooling: make (in-tree and out-of-tree, with
//! everyday `CFLAGS`, `-MMD -MP` and a header change rebuilding exactly
//! what includes it, and make's own suffix rule without `-o`), ccache
//! (a second build all cache hits, in direct and preprocessor modes) and
//! CMake (Ninja and Makefiles: a shared library and an executable using
//! it) and distcc (jobs compiled by a local `distccd`). Each tool is
//! installed by `.ci/run`; a missing one fails the test.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{MCC, write_tree};

const UTIL_H: &str = "#define FACTOR 3\nint scale(int x);\n";
const UTIL_C: &str = "#include \"util.h\"\nint scale(int x) { return x * FACTOR; }\n";
const MAIN_C: &str = "int printf(char *fmt, ...);\n#include \"util.h\"\nint main(void) {\n    printf(\"%d\\n\", scale(14));\n    return 0;\n}\n";
const MAKEFILE: &str = "VPATH = $(SRC)\nSRC ?= .\nCFLAGS = -O2 -g -Wall -Wextra -fPIC -pipe -MMD -MP -I$(SRC)\nOBJS = main.o util.o\nprog: $(OBJS)\n\t$(CC) $(CFLAGS) -o $@ $(OBJS)\n-include $(OBJS:.o=.d)\n";

fn tool(program: &str, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let out = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (installed by .ci/run): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn program_prints(exe: &Path, expected: &str) {
    let out = Command::new(exe).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        expected,
        "{}",
        exe.display()
    );
}

fn sources(dir: &Path) {
    write_tree(
        dir,
        &[
            ("src/util.h", UTIL_H),
            ("src/util.c", UTIL_C),
            ("src/main.c", MAIN_C),
            ("src/Makefile", MAKEFILE),
        ],
    );
}

/// Out of tree (objects in `build/`, sources in `src/`), then in tree; a
/// header change remakes both objects, a second `make` nothing.
#[test]
fn make_in_and_out_of_tree() {
    let dir = tempfile::tempdir().unwrap();
    sources(dir.path());
    let cc = format!("CC={MCC}");
    let build = dir.path().join("build");
    std::fs::create_dir(&build).unwrap();
    tool(
        "make",
        &["-f", "../src/Makefile", "SRC=../src", &cc],
        &build,
        &[],
    );
    program_prints(&build.join("prog"), "42\n");
    let rule = std::fs::read_to_string(build.join("main.d")).unwrap();
    assert_eq!(
        rule,
        "main.o: ../src/main.c ../src/util.h\n../src/util.h:\n"
    );
    // A header change: make sees it through the rules (mtime resolution).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(dir.path().join("src/util.h"), UTIL_H.replace('3', "4")).unwrap();
    let again = tool(
        "make",
        &["-f", "../src/Makefile", "SRC=../src", &cc],
        &build,
        &[],
    );
    let log = String::from_utf8_lossy(&again.stdout);
    assert!(log.contains("main.c") && log.contains("util.c"), "{log}");
    program_prints(&build.join("prog"), "56\n");
    let nothing = tool(
        "make",
        &["-f", "../src/Makefile", "SRC=../src", &cc],
        &build,
        &[],
    );
    assert!(String::from_utf8_lossy(&nothing.stdout).contains("up to date"));
    // In tree.
    let src = dir.path().join("src");
    tool("make", &[&cc], &src, &[]);
    program_prints(&src.join("prog"), "56\n");
}

/// make's own suffix rule as a plain `.c.o` rule without `-o` writes the
/// object where make runs (gcc's naming), not beside the source.
#[test]
fn suffix_rule_without_dash_o() {
    let dir = tempfile::tempdir().unwrap();
    sources(dir.path());
    let build = dir.path().join("build");
    std::fs::create_dir(&build).unwrap();
    std::fs::write(
        build.join("Makefile"),
        "VPATH = ../src\nCFLAGS = -I../src\n.SUFFIXES: .c .o\n.c.o:\n\t$(CC) $(CFLAGS) -c $<\nprog: main.o util.o\n\t$(CC) main.o util.o\n\tmv a.out prog\n",
    )
    .unwrap();
    tool("make", &[&format!("CC={MCC}")], &build, &[]);
    assert!(build.join("main.o").exists() && !dir.path().join("src/main.o").exists());
    program_prints(&build.join("prog"), "42\n");
}

/// `CC="ccache mcc"`: the second build of the same tree is all hits.
#[test]
fn ccache_hits_in_both_modes() {
    for (mode, switch) in [
        ("direct", "CCACHE_DIRECT"),
        ("preprocessor", "CCACHE_NODIRECT"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        sources(dir.path());
        let cache = dir.path().join("cache");
        let cache = cache.to_str().unwrap();
        let env = [("CCACHE_DIR", cache), (switch, "1")];
        let src = dir.path().join("src");
        let cc = format!("CC=ccache {MCC}");
        tool("make", &[&cc], &src, &env);
        for object in ["main.o", "util.o", "prog"] {
            std::fs::remove_file(src.join(object)).unwrap();
        }
        tool("ccache", &["-z"], &src, &env);
        tool("make", &[&cc], &src, &env);
        program_prints(&src.join("prog"), "42\n");
        let stats = tool("ccache", &["--print-stats"], &src, &env);
        let stats = String::from_utf8_lossy(&stats.stdout);
        let count = |key: &str| -> u64 {
            stats
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .filter(|(k, _)| k.starts_with(key))
                .map(|(_, v)| v.trim().parse::<u64>().unwrap_or(0))
                .sum()
        };
        let hits = count("direct_cache_hit") + count("preprocessed_cache_hit");
        let misses = count("cache_miss");
        assert_eq!((hits, misses), (2, 0), "{mode} mode:\n{stats}");
    }
}

/// CMake with mcc as the C compiler, with both generators: a shared
/// library and an executable linked against it, which runs.
#[test]
fn cmake_shared_library_and_executable() {
    for generator in ["Ninja", "Unix Makefiles"] {
        let dir = tempfile::tempdir().unwrap();
        write_tree(
            dir.path(),
            &[
                (
                    "CMakeLists.txt",
                    "cmake_minimum_required(VERSION 3.13)\nproject(demo C)\nadd_library(tri SHARED tri.c)\nadd_executable(demo main.c)\ntarget_link_libraries(demo tri)\n",
                ),
                ("tri.c", "int triple(int x) { return 3 * x; }\n"),
                (
                    "main.c",
                    "int printf(char *fmt, ...);\nint triple(int x);\nint main(void) {\n    printf(\"%d\\n\", triple(14));\n    return 0;\n}\n",
                ),
            ],
        );
        let build = dir.path().join("build");
        std::fs::create_dir(&build).unwrap();
        let compiler = format!("-DCMAKE_C_COMPILER={MCC}");
        tool("cmake", &["-G", generator, &compiler, ".."], &build, &[]);
        tool("cmake", &["--build", "."], &build, &[]);
        program_prints(&build.join("demo"), "42\n");
    }
}

/// distcc on 127.0.0.1: a `distccd` started here (and stopped by its pid)
/// compiles the preprocessed sources mcc's client side sends; its log
/// shows each job done remotely, and the program links and runs.
#[test]
fn distcc_compiles_remotely() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    // distccd, started as root, runs jobs as an unprivileged user: the
    // directory, the log and the compiler must be open to it.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    sources(dir.path());
    let src = dir.path().join("src");
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mcc = dir.path().join("mcc");
    std::fs::copy(MCC, &mcc).unwrap();
    std::fs::set_permissions(&mcc, std::fs::Permissions::from_mode(0o755)).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = dir.path().join("distccd.log");
    let daemon = Command::new("distccd")
        .args([
            "--daemon",
            "--no-detach",
            "--allow",
            "127.0.0.1",
            "--listen",
            "127.0.0.1",
        ])
        .args([
            "--port",
            &port.to_string(),
            "--enable-tcp-insecure",
            "--log-file",
        ])
        .arg(&log)
        // Its own process group, so that stopping it stops the workers it
        // forks too; and no inherited output, which would keep the test
        // harness's pipes open after it.
        .process_group(0)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("distccd (installed by .ci/run)");
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let group = format!("-{}", self.0.id());
            let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
            let _ = self.0.wait();
        }
    }
    let daemon = Stop(daemon);
    // Wait for it to listen.
    let ready = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(ready, "distccd did not start");
    let hosts = format!("127.0.0.1:{port}/2");
    let cc = format!("CC=distcc {}", mcc.display());
    tool(
        "make",
        &[&cc],
        &src,
        &[("DISTCC_HOSTS", &hosts), ("DISTCC_FALLBACK", "0")],
    );
    program_prints(&src.join("prog"), "42\n");
    drop(daemon);
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    let remote = log.lines().filter(|l| l.contains("COMPILE_OK")).count();
    assert_eq!(remote, 2, "jobs done by distccd:\n{log}");
}
