//! The chapter program's own flag, `--data DIR`: the demos, then a report
//! on the full MNIST files in DIR (the report is printed by
//! `demos::data_report`, beside the demos it shares its lines with).

use std::io::Write;
use std::path::PathBuf;

use kit::Chapter;

use crate::demos::data_report;
use crate::mnist::{bundled_dir, mnist_dir};

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
        chapter.run_demos(out)?;
        let dir = mnist_dir(self.data.as_deref());
        if dir != bundled_dir() {
            data_report(&dir, out)?;
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
    }
}
