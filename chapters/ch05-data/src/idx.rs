//! The IDX file format in which MNIST is published: reading, and checking
//! every number the header promises against what the file holds.
//!
//! An IDX file is a 4-byte magic number, one big-endian `u32` per
//! dimension, then the elements, last dimension fastest:
//!
//! | bytes | what |
//! | --- | --- |
//! | 0, 1 | always 0 |
//! | 2 | element type: `0x08` for unsigned bytes (all of MNIST) |
//! | 3 | number of dimensions `d` |
//! | 4 .. 4 + 4d | the size of each dimension, big-endian `u32` |
//! | then | the elements, as many as the sizes multiply to |

use std::fs;
use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;

/// What went wrong with which data file.
///
/// Shown as `file：problem`, so that a reader knows which file to replace
/// and why.
///
/// # Examples
///
/// ```
/// use ch05_data::idx::DataError;
///
/// let e = DataError::new("t10k-labels-idx1-ubyte", "文件是空的");
/// assert_eq!(e.to_string(), "t10k-labels-idx1-ubyte：文件是空的");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}：{problem}")]
pub struct DataError {
    /// The file, as the caller named it (a path or a name).
    pub file: String,
    /// What is wrong with it.
    pub problem: String,
}

impl DataError {
    /// An error about `file`.
    pub fn new(file: impl Into<String>, problem: impl Into<String>) -> Self {
        DataError {
            file: file.into(),
            problem: problem.into(),
        }
    }
}

/// The content of an IDX file of unsigned bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idx {
    /// The size of each dimension, e.g. `[60000, 28, 28]` for MNIST's
    /// training images.
    pub dims: Vec<usize>,
    /// The elements in row-major order (last dimension fastest), as
    /// ndarray and NumPy store them.
    pub data: Vec<u8>,
}

/// The element-type byte for unsigned bytes, the only type MNIST uses.
pub const UNSIGNED_BYTE: u8 = 0x08;

/// The first two bytes of every gzip file.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The most bytes a data file may hold, on disk or once decompressed
/// (128 MiB; MNIST's largest file is 47 MB). A broken or hostile file
/// cannot make the reader run out of memory.
pub const MAX_BYTES: usize = 1 << 27;

/// Dimensions written as `60000 x 28 x 28`.
fn show_dims(dims: &[usize]) -> String {
    let parts: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    parts.join(" x ")
}

/// The data size the header promises: `1000 字节` for one dimension,
/// `2 x 3 = 6 字节` for more.
fn promised(dims: &[usize], n: usize) -> String {
    if dims.len() == 1 {
        format!("{n} 字节")
    } else {
        format!("{} = {n} 字节", show_dims(dims))
    }
}

/// Parses the bytes of an IDX file of unsigned bytes, checking the magic
/// number, the header length, and that exactly as many elements follow as
/// the dimensions multiply to.
///
/// # Errors
///
/// A [`DataError`] naming `file` when the bytes are empty, the header is
/// cut short, the magic number is wrong (including gzipped bytes that were
/// not decompressed), the element type is not unsigned bytes, or the data
/// is shorter or longer than the header says.
///
/// # Examples
///
/// ```
/// use ch05_data::idx::parse_idx;
///
/// // 2 x 3 bytes: magic 00 00 08 02, sizes 2 and 3, then 6 elements
/// let bytes = [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6];
/// let idx = parse_idx(&bytes, "tiny")?;
/// assert_eq!(idx.dims, [2, 3]);
/// assert_eq!(idx.data, [1, 2, 3, 4, 5, 6]);
///
/// let err = parse_idx(&bytes[..15], "tiny").unwrap_err();
/// assert!(err.to_string().starts_with("tiny：数据不完整"));
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
// ANCHOR: parse_idx
pub fn parse_idx(bytes: &[u8], file: &str) -> Result<Idx, DataError> {
    let fail = |problem: String| Err(DataError::new(file, problem));
    if bytes.is_empty() {
        return fail("文件是空的（0 字节）：请重新下载或复制这个文件".into());
    }
    if bytes.starts_with(&GZIP_MAGIC) {
        return fail(
            "这是 gzip 压缩过的字节：要先解压（read_idx 会自动解压）".into(),
        );
    }
    let Some(magic) = bytes.first_chunk::<4>() else {
        return fail(format!(
            "头部不完整：文件只有 {} 字节，光是魔数就要 4 字节",
            bytes.len()
        ));
    };
    if magic[..2] != [0, 0] {
        // 下载失败时，存下来的常常是服务器的错误页面
        let hint = if magic[0] == b'<' {
            "（是 HTML 网页吗？下载失败时常会存下网页，请重新下载）"
        } else {
            ""
        };
        return fail(format!(
            "不是 IDX 文件：开头是 {:02x} {:02x} {:02x} {:02x}，\
             而不是 00 00{hint}",
            magic[0], magic[1], magic[2], magic[3]
        ));
    }
    if magic[2] != UNSIGNED_BYTE {
        return fail(format!(
            "不支持元素类型 0x{:02x}：MNIST 存的是无符号字节（0x08）",
            magic[2]
        ));
    }
    let ndim = usize::from(magic[3]);
    if ndim == 0 {
        return fail("头部说数据有 0 个维度：文件已经损坏".into());
    }
    let header_len = 4 + 4 * ndim;
    if bytes.len() < header_len {
        return fail(format!(
            "头部不完整：{ndim} 个维度的头部有 {header_len} 字节，\
             文件却只有 {} 字节",
            bytes.len()
        ));
    }
    let dims: Vec<usize> = bytes[4..header_len]
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    let Some(expected) = dims.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
    else {
        return fail(format!(
            "各维大小 {} 相乘溢出：文件已经损坏",
            show_dims(&dims)
        ));
    };
    let found = bytes.len() - header_len;
    if found < expected {
        return fail(format!(
            "数据不完整：头部说数据有 {}，后面却只有 {found} 字节\
             （下载中断了？请重新下载）",
            promised(&dims, expected)
        ));
    }
    if found > expected {
        return fail(format!(
            "多了 {} 字节：头部说数据有 {}，后面却有 {found} 字节",
            found - expected,
            promised(&dims, expected)
        ));
    }
    Ok(Idx {
        dims,
        data: bytes[header_len..].to_vec(),
    })
}
// ANCHOR_END: parse_idx

/// Decompresses gzipped bytes (one or more gzip members, as `gzip -d`
/// does), refusing to expand beyond [`MAX_BYTES`].
///
/// # Errors
///
/// A [`DataError`] naming `file` when the bytes are not a complete, valid
/// gzip stream (cut short, corrupted, a wrong checksum) or expand to more
/// than [`MAX_BYTES`].
///
/// # Examples
///
/// ```
/// use ch05_data::idx::gunzip;
/// use std::io::Write;
///
/// let mut enc = flate2::write::GzEncoder::new(
///     Vec::new(),
///     flate2::Compression::default(),
/// );
/// enc.write_all(b"IDX")?;
/// let gz = enc.finish()?;
/// assert_eq!(gunzip(&gz, "x.gz")?, b"IDX");
/// assert!(gunzip(&gz[..gz.len() - 4], "x.gz").is_err()); // cut short
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn gunzip(gz: &[u8], file: &str) -> Result<Vec<u8>, DataError> {
    let mut out = Vec::new();
    MultiGzDecoder::new(gz)
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            let problem = format!(
                "不是有效的 gzip 文件（{e}）：可能没有下载完整，请重新下载"
            );
            DataError::new(file, problem)
        })?;
    if out.len() > MAX_BYTES {
        return Err(DataError::new(
            file,
            format!(
                "解压后超过 {MAX_BYTES} 字节（MNIST 最大的文件是 47 MB）：\
                 这不是 MNIST 的文件"
            ),
        ));
    }
    Ok(out)
}

/// Reads an IDX file, gzipped (`.gz`, as published) or not.
///
/// Whether to decompress is decided by the first two bytes, not by the
/// name: a browser that unpacks a download but keeps the `.gz` name does
/// no harm.
///
/// # Errors
///
/// A [`DataError`] naming the path when the file cannot be read, is not
/// valid gzip, or does not hold a valid IDX file (see [`parse_idx`]).
///
/// # Examples
///
/// ```
/// use ch05_data::idx::read_idx;
///
/// let dir = ch05_data::bundled_dir();
/// let labels = read_idx(&dir.join("t10k-labels-idx1-ubyte.gz"))?;
/// assert_eq!(labels.dims, [10000]);
///
/// let err = read_idx(&dir.join("no-such-file")).unwrap_err();
/// assert!(err.problem.starts_with("读不了这个文件"));
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
// ANCHOR: read_idx
pub fn read_idx(path: &Path) -> Result<Idx, DataError> {
    let file = path.display().to_string();
    let bytes = read_at_most(path, MAX_BYTES)
        .map_err(|problem| DataError::new(&file, problem))?;
    if bytes.starts_with(&GZIP_MAGIC) {
        let raw = gunzip(&bytes, &file)?;
        parse_idx(&raw, &format!("{file}（解压后）"))
    } else {
        parse_idx(&bytes, &file)
    }
}
// ANCHOR_END: read_idx

/// The bytes of the regular file `path`, if it holds at most `limit`:
/// the size is checked before anything is read, and the read stops after
/// `limit + 1` bytes in case the file grows meanwhile.
fn read_at_most(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("读不了这个文件：{e}");
    // Asked before opening: opening a pipe would wait for a writer.
    let meta = fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err("不是普通文件（是文件夹、管道或设备？）".into());
    }
    let too_big = |n: u64| {
        format!(
            "文件有 {n} 字节，这个读取器最多只读 {limit} 字节\
             （MNIST 最大的文件是 47 MB）"
        )
    };
    if meta.len() > limit as u64 {
        return Err(too_big(meta.len()));
    }
    let file = fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;
    use proptest::prelude::*;

    /// A valid 2 x 3 file.
    fn tiny() -> Vec<u8> {
        vec![0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn files_are_checked_before_they_are_read() {
        let dir = std::env::temp_dir()
            .join(format!("ch05-idx-read-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big");
        fs::write(&big, vec![0u8; 101]).unwrap();
        assert!(read_at_most(&big, 100).unwrap_err().contains("101 字节"));
        assert_eq!(read_at_most(&big, 101).unwrap().len(), 101);
        let err = read_idx(&dir).unwrap_err();
        assert!(err.problem.contains("不是普通文件"), "{err}");
        let err = read_idx(&dir.join("missing")).unwrap_err();
        assert!(err.problem.starts_with("读不了这个文件"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    fn problem(bytes: &[u8]) -> String {
        let err = parse_idx(bytes, "f").unwrap_err();
        assert_eq!(err.file, "f");
        err.problem
    }

    #[test]
    fn parses_a_valid_file() {
        let idx = parse_idx(&tiny(), "f").unwrap();
        assert_eq!(idx.dims, [2, 3]);
        assert_eq!(idx.data, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn empty_and_short_headers() {
        assert!(problem(&[]).contains("空"));
        assert!(problem(&[0, 0, 8]).contains("头部不完整：文件只有 3 字节"));
        // 2 dimensions need 12 bytes of header
        let p = problem(&tiny()[..9]);
        assert!(p.contains("2 个维度的头部有 12 字节"), "{p}");
    }

    #[test]
    fn wrong_magic_numbers() {
        let mut png = tiny();
        png[..4].copy_from_slice(&[0x89, b'P', b'N', b'G']);
        assert!(problem(&png).contains("89 50 4e 47"));
        let html = b"<html><body>404 Not Found</body></html>";
        assert!(problem(html).contains("HTML 网页"));
        let mut f32s = tiny();
        f32s[2] = 0x0d;
        assert!(problem(&f32s).contains("0x0d"));
        let mut zero_dims = tiny();
        zero_dims[3] = 0;
        assert!(problem(&zero_dims).contains("0 个维度"));
        assert!(problem(&gz(&tiny())).contains("解压"));
    }

    #[test]
    fn data_shorter_or_longer_than_the_header_says() {
        let t = tiny();
        let p = problem(&t[..t.len() - 1]);
        assert!(p.contains("2 x 3 = 6 字节") && p.contains("只有 5"), "{p}");
        let mut long = t.clone();
        long.push(7);
        assert!(problem(&long).starts_with("多了 1 字节"));
    }

    #[test]
    fn sizes_that_overflow_are_an_error_not_a_panic() {
        let mut b = vec![0, 0, 8, 3];
        for _ in 0..3 {
            b.extend_from_slice(&u32::MAX.to_be_bytes());
        }
        let p = problem(&b);
        assert!(p.contains("溢出") || p.contains("不完整"), "{p}");
    }

    #[test]
    fn gzip_round_trip_and_corruption() {
        let packed = gz(&tiny());
        assert_eq!(gunzip(&packed, "g").unwrap(), tiny());
        // cut short
        let err = gunzip(&packed[..packed.len() / 2], "g").unwrap_err();
        assert!(err.problem.starts_with("不是有效的 gzip"), "{err}");
        // a flipped bit in the checksum at the end
        let mut bad = packed.clone();
        let n = bad.len();
        bad[n - 5] ^= 0xff;
        assert!(gunzip(&bad, "g").is_err());
    }

    #[test]
    fn read_idx_names_the_file_and_unpacks_by_content() {
        let dir = std::env::temp_dir().join("ch05-data-read-idx-test");
        fs::create_dir_all(&dir).unwrap();
        // gzipped bytes under a name without .gz, and raw bytes with .gz
        let a = dir.join("packed");
        let b = dir.join("raw.gz");
        fs::write(&a, gz(&tiny())).unwrap();
        fs::write(&b, tiny()).unwrap();
        assert_eq!(read_idx(&a).unwrap().dims, [2, 3]);
        assert_eq!(read_idx(&b).unwrap().dims, [2, 3]);
        // truncated after decompression: the message says so
        let c = dir.join("short.gz");
        fs::write(&c, gz(&tiny()[..10])).unwrap();
        let err = read_idx(&c).unwrap_err();
        assert!(err.file.ends_with("short.gz（解压后）"), "{err}");
        assert!(err.problem.starts_with("头部不完整"), "{err}");
        let empty = dir.join("empty");
        fs::write(&empty, b"").unwrap();
        let err = read_idx(&empty).unwrap_err();
        assert!(err.to_string().contains("文件是空的"), "{err}");
        assert!(err.file.ends_with("empty"));
        fs::remove_dir_all(&dir).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the bytes, parsing returns: it never panics.
        #[test]
        fn any_bytes_parse_or_fail_cleanly(
            bytes in proptest::collection::vec(any::<u8>(), 0..64)
        ) {
            if let Ok(idx) = parse_idx(&bytes, "f") {
                let n: usize = idx.dims.iter().product();
                prop_assert_eq!(n, idx.data.len());
            }
        }

        /// A valid file with one byte changed or cut short either still
        /// parses (consistently) or fails with a message, never a panic.
        #[test]
        fn mutated_files_fail_cleanly(
            pos in 0usize..18, value in any::<u8>(), cut in 0usize..=18
        ) {
            let mut b = tiny();
            b[pos] = value;
            b.truncate(cut);
            if let Ok(idx) = parse_idx(&b, "f") {
                let n: usize = idx.dims.iter().product();
                prop_assert_eq!(n, idx.data.len());
            }
            let packed = gz(&tiny());
            let mut g = packed.clone();
            let p = pos * packed.len() / 18;
            g[p] = value;
            g.truncate(cut * packed.len() / 18);
            if let Ok(raw) = gunzip(&g, "g") {
                let _ = parse_idx(&raw, "g");
            }
        }
    }
}
