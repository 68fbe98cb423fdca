//! Files that leave the machine, encrypted with age: `export --encrypt`, `backup --encrypt`,
//! and `import` of such a file, with a passphrase (file or terminal) or age keys; every wrong
//! passphrase, cut or changed file refused in one sentence with nothing written.

use crate::common::diary::Diary;
use crate::common::pty::Session;
use crate::common::words;
use age::secrecy::ExposeSecret;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Debug builds honour this: age's passphrase work at 2^10, not a second per file.
const FAST: (&str, &str) = ("CRAMP_TEST_SCRYPT_LOG_N", "10");

fn secret_file(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A diary with one night holding a note and a cramp.
fn diary_with_a_note() -> Diary {
    let d = Diary::new();
    let cramp = words("cramp --leg left --intensity 6 --duration 2m --night 2026-11-20 --note");
    d.run(&[&cramp[..], &["knot below the left calf"]].concat())
        .ok();
    d
}

fn run(d: &Diary, args: &[&str]) -> crate::common::run::Run {
    crate::common::run::Run::from(d.command().env(FAST.0, FAST.1).args(args).output().unwrap())
}

/// The arguments of `cramp export --format json --encrypt` to the passphrase in the file
/// `pass`, into `out`.
fn sealed_export_args<'a>(pass: &'a str, out: &'a str) -> Vec<&'a str> {
    let args = words("export --format json --encrypt --passphrase-file");
    [&args[..], &[pass, "--out", out]].concat()
}

/// `cramp export --format json --encrypt` to the passphrase in the file `pass`, into `out`.
fn sealed_export(d: &Diary, pass: &Path, out: &Path) -> crate::common::run::Run {
    run(d, &sealed_export_args(s(pass), s(out)))
}

/// [`diary_with_a_note`] and a passphrase file `pass` beside it holding `passphrase`.
fn with_a_passphrase_file(passphrase: &str) -> (Diary, PathBuf) {
    let d = diary_with_a_note();
    let pass = secret_file(d.dir.path(), "pass", passphrase);
    (d, pass)
}

/// `cramp export --format json --encrypt --out OUT` on a terminal, `first` typed at the
/// passphrase prompt and `second` at the one asking for it again.
fn export_asking(d: &Diary, out: &Path, first: &str, second: &str) -> Session {
    let args = ["export", "--format", "json", "--encrypt", "--out", s(out)];
    let mut pty = Session::start_with_args(&d.path, &args, &[FAST], 100, 30);
    pty.wait_for("New passphrase for");
    pty.keys(&format!("{first}\r"));
    pty.wait_for("The same passphrase again");
    pty.keys(&format!("{second}\r"));
    pty
}

fn refused(d: &Diary, args: &[&str], words: &str) {
    let r = run(d, args);
    assert_eq!(r.code, 2, "{args:?}: {r:#?}");
    let line = r.error_line();
    assert!(line.contains(words), "{args:?}: {line}");
}

#[test]
fn an_encrypted_export_hides_notes_and_dates_and_imports_with_its_passphrase() {
    let (d, pass) = with_a_passphrase_file("long walk on the beach\n");
    let dir = d.dir.path();
    let out = dir.join("e.json.age");
    let r = sealed_export(&d, &pass, &out).ok();
    r.says("encrypted with age to your passphrase");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("knot") && !text.contains("2026-11-20") && !text.contains("2026"));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Into a new diary: merged as a plain export would be.
    let other = Diary::new();
    let r = run(&other, &["import", s(&out), "--passphrase-file", s(&pass)]).ok();
    r.says("added 1 night, 1 cramp");
}

#[test]
fn a_wrong_passphrase_a_cut_file_and_a_changed_byte_write_nothing() {
    let (d, pass) = with_a_passphrase_file("long walk on the beach");
    let dir = d.dir.path();
    let wrong = secret_file(dir, "wrong", "long walk on the beech");
    let out = dir.join("e.json.age");
    sealed_export(&d, &pass, &out).ok();
    let sealed = std::fs::read(&out).unwrap();
    let cut = dir.join("cut.age");
    std::fs::write(&cut, &sealed[..sealed.len() - 40]).unwrap();
    let changed = dir.join("changed.age");
    let mut bytes = sealed.clone();
    let at = bytes.len() - 30;
    bytes[at] ^= 0x01;
    std::fs::write(&changed, &bytes).unwrap();

    // An existing diary stays byte-for-byte as it was; a missing one is not created.
    let target = Diary::new();
    target
        .run(&["night", "--none", "--night", "2026-11-21"])
        .ok();
    let before = target.bytes();
    let fresh = Diary::new();
    for (file, key, words) in [
        (&out, &wrong, "the passphrase does not open"),
        (&cut, &pass, "is cut short, damaged or was changed"),
        (
            &changed,
            &pass,
            "damaged or was changed after it was encrypted",
        ),
    ] {
        refused(
            &target,
            &["import", s(file), "--passphrase-file", s(key)],
            words,
        );
        assert_eq!(target.bytes(), before, "{words}");
        assert!(target.side_files().is_empty(), "{words}");
        refused(
            &fresh,
            &["import", s(file), "--passphrase-file", s(key)],
            words,
        );
        assert!(!fresh.exists(), "{words}");
    }
    // With no terminal and no passphrase file, the import says how to give one.
    refused(&target, &["import", s(&out)], "give --passphrase-file FILE");
}

#[test]
fn an_export_to_age_keys_opens_with_either_identity_and_no_other() {
    let d = diary_with_a_note();
    let dir = d.dir.path();
    let (a, b, c) = (
        age::x25519::Identity::generate(),
        age::x25519::Identity::generate(),
        age::x25519::Identity::generate(),
    );
    let id = |name: &str, i: &age::x25519::Identity| {
        secret_file(dir, name, &format!("{}\n", i.to_string().expose_secret()))
    };
    let (ida, idb, idc) = (id("a.txt", &a), id("b.txt", &b), id("c.txt", &c));
    let out = dir.join("e.age");
    run(
        &d,
        &[
            "export",
            "--format",
            "json",
            "--encrypt",
            "--armor",
            "--recipient",
            &a.to_public().to_string(),
            "--recipient",
            &b.to_public().to_string(),
            "--out",
            s(&out),
        ],
    )
    .ok();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{text}"
    );
    for key in [&ida, &idb] {
        let other = Diary::new();
        let r = run(&other, &["import", s(&out), "--identity", s(key)]).ok();
        r.says("added 1 night");
    }
    let other = Diary::new();
    refused(
        &other,
        &["import", s(&out), "--identity", s(&idc)],
        "no identity in",
    );
    assert!(!other.exists());
    refused(
        &other,
        &["import", s(&out)],
        "give the key's identity file with --identity FILE",
    );
}

#[test]
fn an_encrypted_backup_is_the_whole_checked_diary_inside_age() {
    let (d, pass) = with_a_passphrase_file("long walk on the beach");
    let dir = d.dir.path();
    let out = dir.join("backup.db.age");
    let r = run(
        &d,
        &[
            "backup",
            s(&out),
            "--encrypt",
            "--passphrase-file",
            s(&pass),
        ],
    )
    .ok();
    r.says("encrypted with age");
    let sealed = std::fs::read(&out).unwrap();
    assert!(!String::from_utf8_lossy(&sealed).contains("knot"));
    // Nothing plain was left beside the backup or the diary.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    // Decrypted by age itself, it is a sound diary with the night in it.
    let mut identity = age::scrypt::Identity::new("long walk on the beach".to_string().into());
    identity.set_max_work_factor(22);
    let plain = {
        let decryptor = age::Decryptor::new(&sealed[..]).unwrap();
        let mut reader = decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .unwrap();
        let mut v = Vec::new();
        reader.read_to_end(&mut v).unwrap();
        v
    };
    let restored = dir.join("restored.db");
    std::fs::write(&restored, &plain).unwrap();
    let read = |sql| crate::common::sql::value::<String>(&restored, sql);
    assert_eq!(read("PRAGMA integrity_check"), "ok");
    assert_eq!(
        read("SELECT note FROM cramp_episodes"),
        "knot below the left calf"
    );
    // An encrypted backup given to import is named for what it is.
    refused(
        &d,
        &["import", s(&out), "--passphrase-file", s(&pass)],
        "is an encrypted backup",
    );
}

#[test]
fn bad_passphrase_files_and_keys_are_refused_before_anything_is_written() {
    let d = diary_with_a_note();
    let dir = d.dir.path();
    let empty = secret_file(dir, "empty", "\n");
    let open = secret_file(dir, "open", "pass");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let huge = secret_file(dir, "huge", &"x".repeat(70_000));
    let out = dir.join("out.age");
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "--format", "json", "--out", s(&out), "--encrypt"];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            export(&["--passphrase-file", s(&dir.join("missing"))]),
            "does not exist",
        ),
        (export(&["--passphrase-file", s(&empty)]), "is empty"),
        (
            export(&["--passphrase-file", s(&open)]),
            "others may read it (0644)",
        ),
        (
            export(&["--passphrase-file", s(&huge)]),
            "must be at most 64 KiB",
        ),
        (
            export(&["--recipient", "age1qqqq"]),
            "--recipient must be an age public key",
        ),
        (export(&[]), "no terminal to ask on"),
    ];
    let before = d.bytes();
    for (args, words) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&d, &args, words);
        assert!(!out.exists(), "{words}");
        // The same refusals for a backup.
        let mut backup = vec!["backup", s(&out)];
        backup.extend_from_slice(&args[5..]);
        refused(&d, &backup, words);
        assert!(!out.exists(), "{words}");
    }
    assert_eq!(d.bytes(), before);
    // --identity on a plain file is a mistake worth saying.
    let plain = dir.join("plain.json");
    run(&d, &["export", "--format", "json", "--out", s(&plain)]).ok();
    refused(
        &d,
        &["import", s(&plain), "--identity", s(&empty)],
        "is not encrypted",
    );
}

#[test]
fn the_passphrase_is_asked_twice_on_the_terminal_and_binary_never_goes_to_it() {
    // The passphrase file is for the import and the last exports; the first two ask for it.
    let (d, pass) = with_a_passphrase_file("tide pool");
    let out = d.dir.path().join("asked.json.age");
    let mut pty = export_asking(&d, &out, "tide pool", "tide pool");
    pty.wait_for("encrypted with age to your passphrase");
    assert_eq!(pty.wait_exit(), 0);
    assert!(
        !pty.screen().contains("tide pool"),
        "the passphrase was echoed"
    );
    let other = Diary::new();
    run(&other, &["import", s(&out), "--passphrase-file", s(&pass)]).ok();

    // Two different answers: nothing is written.
    let out2 = d.dir.path().join("differ.json.age");
    let mut pty = export_asking(&d, &out2, "tide pool", "tide poll");
    pty.wait_for("the two passphrases differ");
    assert_eq!(pty.wait_exit(), 2);
    assert!(!out2.exists());

    // --out - on a terminal: binary is refused, armor is allowed.
    let args = sealed_export_args(s(&pass), "-");
    let mut pty = Session::start_with_args(&d.path, &args, &[FAST], 100, 30);
    pty.wait_for("would print binary to the terminal");
    assert_eq!(pty.wait_exit(), 2);
    let mut args = args.clone();
    args.push("--armor");
    let mut pty = Session::start_with_args(&d.path, &args, &[FAST], 100, 30);
    pty.wait_for("BEGIN AGE ENCRYPTED FILE");
    assert_eq!(pty.wait_exit(), 0);
}
