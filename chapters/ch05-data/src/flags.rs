//! The chapter program's own flag, `--data DIR`: the folder is read and
//! checked first, then the demos run, then a report on the MNIST files in
//! DIR (printed by `demos::data_report`, beside the demos it shares its
//! lines with).

use std::io::Write;
use std::path::PathBuf;

use kit::Chapter;

use crate::demos::data_report;
use crate::mnist::{bundled_dir, mnist_dir, read_mnist};

/// `cargo run -p ch05-data -- --data DIR`.
#[derive(Debug, Clone, clap::Args)]
pub struct DataFlags {
    /// 完整 MNIST 文件（四个 *-ubyte.gz 或解压后的文件）所在的目录：打印完本章的演示后，
    /// 再在它上面运行未训练的网络。不给时用环境变量 MNIST_DIR（若设置了）
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

impl kit::cli::Flags for DataFlags {
    fn run(&self, chapter: &Chapter, out: &mut dyn Write) -> kit::Result {
        let dir = mnist_dir(self.data.as_deref());
        // A missing or broken folder is reported at once, before the demos
        // (which take a while) have run.
        let theirs = if dir == bundled_dir() {
            None
        } else {
            Some(read_mnist(&dir)?)
        };
        chapter.run_demos(out)?;
        if let Some(mnist) = theirs {
            data_report(&dir, &mnist, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_data_folder_is_named() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = ["ch05", "--data", "/no/such/folder"];
        let code = kit::cli::run::<DataFlags>(
            &crate::CHAPTER,
            args,
            &mut out,
            &mut err,
        );
        let err = String::from_utf8(err).unwrap();
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("/no/such/folder"), "{err}");
        // the folder is checked before any demo runs
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    }
}
