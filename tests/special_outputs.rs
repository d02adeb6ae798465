//! Outputs that are not regular files (`-o /dev/null`, a FIFO) are written
//! in place, as `cc` does. Staging them under a temporary name and renaming
//! that over them would replace the device node with a plain file.

mod common;

use std::process::Command;

use common::{MCC, run_ok};

const PROGRAM: &str = "#define CODE 7\nint main(void) { return CODE; }\n";

fn is_char_device(path: &str) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

#[test]
fn dev_null_stays_a_device_in_every_mode() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    assert!(is_char_device("/dev/null"), "/dev/null is broken already");
    for mode in [
        &["-c"][..],
        &["-S"],
        &["-E"],
        &["-E", "-P"],
        &[],
        &["--assembler=external", "-c"],
        &["--preprocessor=external", "-E"],
    ] {
        let mut args = mode.to_vec();
        args.extend(["x.c", "-o", "/dev/null"]);
        run_ok(MCC, &args, dir.path());
        assert!(
            is_char_device("/dev/null"),
            "mcc {args:?} replaced /dev/null"
        );
    }
}

/// A FIFO gets the same bytes a regular file would.
#[test]
fn fifo_receives_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.c"), PROGRAM).unwrap();
    for (mode, name) in [("-c", "x.o"), ("-S", "x.s"), ("-E", "x.i")] {
        run_ok(MCC, &[mode, "x.c", "-o", name], dir.path());
        let expected = std::fs::read(dir.path().join(name)).unwrap();

        let fifo = dir.path().join(format!("{name}.fifo"));
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // The reader blocks until a writer opens the FIFO; if mcc never
        // does, the timeout turns that into a failure instead of a hang.
        let (send, received) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || send.send(std::fs::read(path).unwrap()));
        run_ok(
            MCC,
            &[mode, "x.c", "-o", fifo.to_str().unwrap()],
            dir.path(),
        );
        let got = received
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("mcc {mode} never wrote into the FIFO"));
        assert_eq!(got, expected, "mcc {mode} into a FIFO");
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(
            std::os::unix::fs::FileTypeExt::is_fifo(&kind),
            "mcc {mode} replaced the FIFO"
        );
    }
}
