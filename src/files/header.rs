//! Reads the 100-byte SQLite header before SQLite opens the file, so a file that is not ours,
//! is damaged or is newer than this program is refused without a single byte being changed.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// 'CRMP': the `application_id` every cramp diary carries.
pub const APPLICATION_ID: u32 = 0x4352_4D50;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a new diary will be made here.
    New,
    /// An SQLite database with no tables and no identity yet: safe to make into a diary.
    BlankSqlite,
    /// A cramp diary at this schema version.
    Diary { schema_version: u32 },
    /// Not an SQLite database at all.
    NotSqlite,
    /// An SQLite database that belongs to another program.
    Foreign,
    /// Shorter than its own header says it is.
    Truncated { have: u64, expected: u64 },
    /// The header is present but makes no sense.
    Corrupt(&'static str),
    /// Whole pages of what looks like ciphertext: an encrypted (SQLCipher) diary, which only
    /// its key can tell from random bytes. Never called damaged or foreign without the key.
    Encrypted,
}

pub fn inspect(path: &Path) -> io::Result<FileKind> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(FileKind::New),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(FileKind::New);
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    let head = &header[..read];
    let magic_len = head.len().min(MAGIC.len());
    if head[..magic_len] != MAGIC[..magic_len] {
        return Ok(if looks_encrypted(&header, read, len) {
            FileKind::Encrypted
        } else {
            FileKind::NotSqlite
        });
    }
    if read < header.len() {
        return Ok(FileKind::Truncated {
            have: len,
            expected: 100,
        });
    }
    Ok(classify(&header, len))
}

/// The smallest page an SQLCipher file can have; every encrypted diary is whole pages of it.
const MIN_PAGE: u64 = 512;

/// An SQLCipher file starts with a random 16-byte salt and is ciphertext after it, in whole
/// pages. A plain SQLite file whose first bytes were damaged still has the header's fixed
/// payload fractions (64, 32, 32 at bytes 21-23), which ciphertext has once in 2^24 files.
fn looks_encrypted(header: &[u8; 100], read: usize, len: u64) -> bool {
    read == header.len()
        && len >= 2 * MIN_PAGE
        && len.is_multiple_of(MIN_PAGE)
        && header[21..24] != [64, 32, 32]
        && header[..16].iter().any(|&b| b != 0)
        && !header[..16]
            .iter()
            .all(|b| b.is_ascii_graphic() || *b == b' ')
}

fn be_u32(header: &[u8; 100], at: usize) -> u32 {
    u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
}

fn classify(header: &[u8; 100], len: u64) -> FileKind {
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => return FileKind::Corrupt("its page size is invalid"),
    };
    let header_pages = u64::from(be_u32(header, 28));
    let size_is_valid = be_u32(header, 92) == be_u32(header, 24) && header_pages > 0;
    let expected = if size_is_valid {
        header_pages * page_size
    } else {
        len.div_ceil(page_size) * page_size
    };
    // Bytes after the pages the header counts (something appended to the file) are ignored by
    // SQLite, as they are here; without a trusted count a partial last page is a cut-off write.
    let cut_off = if size_is_valid {
        len < expected
    } else {
        !len.is_multiple_of(page_size)
    };
    if cut_off {
        return FileKind::Truncated {
            have: len,
            expected: expected.max(len.div_ceil(page_size) * page_size),
        };
    }
    let pages = len / page_size;
    let user_version = be_u32(header, 60);
    match be_u32(header, 68) {
        APPLICATION_ID => FileKind::Diary {
            schema_version: user_version,
        },
        0 if user_version == 0 && pages == 1 => FileKind::BlankSqlite,
        _ => FileKind::Foreign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn header(page_size: u16, pages: u32, app_id: u32, user_version: u32) -> [u8; 100] {
        let mut h = [0u8; 100];
        h[..16].copy_from_slice(MAGIC);
        h[16..18].copy_from_slice(&page_size.to_be_bytes());
        h[24..28].copy_from_slice(&7u32.to_be_bytes());
        h[28..32].copy_from_slice(&pages.to_be_bytes());
        h[60..64].copy_from_slice(&user_version.to_be_bytes());
        h[68..72].copy_from_slice(&app_id.to_be_bytes());
        h[92..96].copy_from_slice(&7u32.to_be_bytes());
        h
    }

    #[test]
    fn a_diary_gives_its_schema_version() {
        let h = header(4096, 3, APPLICATION_ID, 4);
        assert_eq!(
            classify(&h, 3 * 4096),
            FileKind::Diary { schema_version: 4 }
        );
    }

    #[test]
    fn another_programs_database_is_foreign() {
        let h = header(4096, 3, 0, 0);
        assert_eq!(classify(&h, 3 * 4096), FileKind::Foreign);
        let h = header(4096, 3, 0x1234, 0);
        assert_eq!(classify(&h, 3 * 4096), FileKind::Foreign);
    }

    #[test]
    fn a_blank_database_may_become_a_diary() {
        let h = header(4096, 1, 0, 0);
        assert_eq!(classify(&h, 4096), FileKind::BlankSqlite);
    }

    #[test]
    fn a_file_shorter_than_its_header_says_is_truncated() {
        let h = header(4096, 5, APPLICATION_ID, 1);
        assert_eq!(
            classify(&h, 2 * 4096),
            FileKind::Truncated {
                have: 8192,
                expected: 5 * 4096
            }
        );
        assert!(matches!(
            classify(&h, 5 * 4096 - 10),
            FileKind::Truncated { .. }
        ));
    }

    #[test]
    fn bytes_after_the_counted_pages_are_no_damage() {
        let h = header(4096, 3, APPLICATION_ID, 4);
        assert_eq!(
            classify(&h, 3 * 4096 + 1234),
            FileKind::Diary { schema_version: 4 }
        );
    }

    #[test]
    fn text_files_and_short_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::File::create(&text)
            .unwrap()
            .write_all(b"hello")
            .unwrap();
        assert_eq!(inspect(&text).unwrap(), FileKind::NotSqlite);
        let short = dir.path().join("short.db");
        std::fs::File::create(&short)
            .unwrap()
            .write_all(&MAGIC[..10])
            .unwrap();
        assert!(matches!(
            inspect(&short).unwrap(),
            FileKind::Truncated { .. }
        ));
        assert_eq!(
            inspect(&dir.path().join("missing.db")).unwrap(),
            FileKind::New
        );
    }

    #[test]
    fn whole_pages_of_ciphertext_look_encrypted_and_a_damaged_magic_does_not() {
        use rand::{Rng, SeedableRng};
        let dir = tempfile::tempdir().unwrap();
        let sealed = dir.path().join("sealed.db");
        let mut bytes = vec![0u8; 3 * 4096];
        rand::rngs::StdRng::seed_from_u64(7).fill_bytes(&mut bytes);
        bytes[21] = 0; // never the plain header's fixed 64
        std::fs::write(&sealed, &bytes).unwrap();
        assert_eq!(inspect(&sealed).unwrap(), FileKind::Encrypted);
        // The same bytes cut mid-page, or a plain header with its magic overwritten, are not.
        std::fs::write(&sealed, &bytes[..3 * 4096 - 7]).unwrap();
        assert_eq!(inspect(&sealed).unwrap(), FileKind::NotSqlite);
        let mut plain = header(4096, 3, APPLICATION_ID, 4).to_vec();
        plain[21..24].copy_from_slice(&[64, 32, 32]);
        plain[..16].copy_from_slice(b"SQLite format 9\0");
        plain.resize(3 * 4096, 0);
        std::fs::write(&sealed, &plain).unwrap();
        assert_eq!(inspect(&sealed).unwrap(), FileKind::NotSqlite);
    }
}
