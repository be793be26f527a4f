//! The chapter program, the same for every chapter:
//! `cargo run -p <chapter> [-- --figures DIR]` prints the chapter's demos
//! and can write its figures. A chapter with flags of its own (a data
//! folder, training settings) adds them with [`Flags`].

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser};

use crate::chapter::{Chapter, Error, Result};

/// A chapter's own command-line flags, beside the shared `--figures`, and
/// what the program does with them.
pub trait Flags: Args {
    /// Runs the program; by default, prints every demo.
    ///
    /// # Errors
    ///
    /// Whatever the chapter's code or `out` meets.
    fn run(&self, chapter: &Chapter, out: &mut dyn Write) -> Result {
        chapter.run_demos(out)
    }
}

/// The flags of a chapter that has none of its own.
#[derive(Debug, Clone, Default, Args)]
pub struct NoFlags {}

impl Flags for NoFlags {}

const HELP_TEMPLATE: &str = "\
{about}

用法：{usage}

{all-args}";

/// The shared flags, with the chapter's flattened in.
#[derive(Debug, Parser)]
#[command(
    disable_help_flag = true,
    help_template = HELP_TEMPLATE,
    next_help_heading = "选项"
)]
struct Cli<F: Flags> {
    /// 把本章的图写成 SVG 文件，放进 DIR（没有就新建）
    #[arg(long, value_name = "DIR")]
    figures: Option<PathBuf>,
    #[command(flatten)]
    flags: F,
    /// 显示这段帮助
    #[arg(short, long, action = ArgAction::Help)]
    help: Option<bool>,
}

/// The `main` of a chapter without flags of its own.
pub fn main(chapter: &Chapter) -> ExitCode {
    main_with::<NoFlags>(chapter)
}

/// The `main` of a chapter with the flags `F`.
pub fn main_with<F: Flags>(chapter: &Chapter) -> ExitCode {
    let code = run::<F>(
        chapter,
        std::env::args_os(),
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// Runs the program on `args` (the program name first), printing to `out`
/// and reporting errors to `err`; returns the exit code: 0 on success, 2
/// for arguments it cannot use, 1 for any other failure.
pub fn run<F: Flags>(
    chapter: &Chapter,
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let command = Cli::<F>::command().name(chapter.name).about(chapter.about);
    let cli = match command
        .try_get_matches_from(args)
        .and_then(|m| Cli::<F>::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            // --help is an "error" that goes to `out` with exit code 0.
            let usage = || {
                let mut command = Cli::<F>::command().name(chapter.name);
                command.render_usage().to_string()
            };
            let text =
                in_chinese(&e, usage).unwrap_or_else(|| e.render().to_string());
            let written = if e.use_stderr() {
                write!(err, "{text}").and_then(|()| err.flush())
            } else {
                write!(out, "{text}").and_then(|()| out.flush())
            };
            return match written {
                Ok(()) => e.exit_code() as u8,
                Err(write_error) => report(&write_error.into(), err),
            };
        }
    };
    let result = cli.flags.run(chapter, out).and_then(|()| {
        if let Some(dir) = &cli.figures {
            for path in chapter.write_figures(dir)? {
                writeln!(out, "已写入 {}", path.display())?;
            }
        }
        Ok(out.flush()?)
    });
    match result {
        Ok(()) => 0,
        Err(e) => report(&e, err),
    }
}

/// clap's message for flags the program cannot use, in the reader's
/// language, with the usage line (clap's, else the one `usage` renders)
/// and a pointer to `--help`; `None` for `--help` itself and for kinds of
/// error no chapter program meets (clap's own English text is shown then).
fn in_chinese(
    e: &clap::Error,
    usage: impl FnOnce() -> String,
) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => s.first().cloned(),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    // clap's usage line, as `--help` shows it, without "Usage: "
    let usage = context(ContextKind::Usage).unwrap_or_else(usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    // "--iters <ITERS>" -> "--iters"
    let flag = arg.split(' ').next().unwrap_or_default().to_string();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{flag} 后面要跟一个值")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(why_not);
            match why {
                Some(why) => format!("{flag} 的值 '{value}' 用不了：{why}"),
                None => format!("{flag} 的值 '{value}' 用不了"),
            }
        }
        ErrorKind::UnknownArgument if arg.parse::<f64>().is_ok() => {
            format!("不认识的参数 '{arg}'：负数不能用作这里的值")
        }
        ErrorKind::UnknownArgument => {
            let mut text = format!("不认识的参数 '{arg}'");
            if let Some(like) = context(ContextKind::SuggestedArg) {
                text.push_str(&format!("；是不是想用 '{like}'？"));
            }
            text
        }
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg).unwrap_or_default();
            if other == arg {
                format!("{flag} 只能给一次")
            } else {
                format!("{flag} 不能与 {other} 一起用")
            }
        }
        ErrorKind::TooManyValues => {
            format!("多出来的值 '{value}'：每个选项只跟一个值")
        }
        _ => return None,
    };
    Some(format!(
        "错误：{message}\n\n用法：{usage}\n\n想看全部选项：--help\n"
    ))
}

/// Why a value could not be parsed, in the reader's language: the number
/// parsers' errors are worded here, a chapter's own parser's message is
/// shown as it is.
fn why_not(source: &(dyn std::error::Error + 'static)) -> String {
    use std::num::{IntErrorKind, ParseFloatError, ParseIntError};
    if let Some(e) = source.downcast_ref::<ParseIntError>() {
        return match e.kind() {
            IntErrorKind::Empty => "是空的".into(),
            IntErrorKind::PosOverflow => "太大了".into(),
            IntErrorKind::NegOverflow => "太小了".into(),
            _ => "要一个非负整数，例如 1000".into(),
        };
    }
    if source.downcast_ref::<ParseFloatError>().is_some() {
        return "要一个数，例如 0.1 或 1e-4".into();
    }
    source.to_string()
}

/// Reports `e` on `err` as one line; returns the exit code. A closed
/// output (the reader of a pipe went away) is not an error worth a word.
fn report(e: &Error, err: &mut dyn Write) -> u8 {
    let closed = e
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
    if closed {
        return 0;
    }
    let full = e
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::StorageFull);
    if full {
        let _ = writeln!(
            err,
            "错误：磁盘已满，写不下输出（{e}）；请腾出空间，或把输出重定向到别处"
        );
        return 1;
    }
    let mut line = format!("错误：{e}");
    let mut source = e.source();
    while let Some(cause) = source {
        line.push_str(&format!("：{cause}"));
        source = cause.source();
    }
    // If stderr is gone too, there is no one left to tell.
    let _ = writeln!(err, "{line}");
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::fixtures::{broken, hello, svg};

    const CH: Chapter = Chapter {
        name: "ch99-test",
        about: "测试用的一章",
        demos: crate::demos![hello],
        figures: crate::figures![svg],
        knobs: &[],
        quizzes: &[],
    };

    fn run_on(chapter: &Chapter, args: &[&str]) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = std::iter::once("ch99").chain(args.iter().copied());
        let code = run::<NoFlags>(chapter, args, &mut out, &mut err);
        let text = |v| String::from_utf8(v).unwrap();
        (code, text(out), text(err))
    }

    #[test]
    fn prints_the_demos_and_writes_the_figures() {
        assert_eq!(
            run_on(&CH, &[]),
            (0, "== hello ==\n你好\n\n".into(), "".into())
        );
        let dir = std::env::temp_dir().join("kit-cli-test-figures");
        let (code, out, _) = run_on(&CH, &["--figures", dir.to_str().unwrap()]);
        assert_eq!(code, 0);
        assert!(
            out.ends_with(&format!(
                "已写入 {}\n",
                dir.join("svg.svg").display()
            ))
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("svg.svg")).unwrap(),
            "<svg></svg>"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn help_goes_to_out_and_bad_flags_to_err() {
        let (code, out, err) = run_on(&CH, &["--help"]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(
            out.starts_with("测试用的一章\n\n用法：ch99 [OPTIONS]"),
            "{out}"
        );
        assert!(out.contains("--figures <DIR>"), "{out}");
        let (code, out, err) = run_on(&CH, &["--nope"]);
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            "错误：不认识的参数 '--nope'\n\n用法：ch99 [OPTIONS]\n\n\
             想看全部选项：--help\n"
        );
    }

    /// A chapter's flags of every kind the programs have.
    #[derive(Debug, Clone, Args)]
    struct Numbers {
        #[arg(long, default_value_t = 1)]
        iters: usize,
        #[arg(long, default_value_t = 0.1)]
        lr: f64,
    }

    impl Flags for Numbers {}

    #[test]
    fn flags_it_cannot_use_are_named_in_chinese() {
        let first_line = |args: &[&str]| {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let args = std::iter::once("ch99").chain(args.iter().copied());
            let code = run::<Numbers>(&CH, args, &mut out, &mut err);
            let err = String::from_utf8(err).unwrap();
            (code, err.lines().next().unwrap_or_default().to_string())
        };
        for (args, line) in [
            (
                &["--iters", "abc"][..],
                "错误：--iters 的值 'abc' 用不了：要一个非负整数，例如 1000",
            ),
            (
                &["--iters", "99999999999999999999999"],
                "错误：--iters 的值 '99999999999999999999999' 用不了：太大了",
            ),
            (
                &["--lr", "x"],
                "错误：--lr 的值 'x' 用不了：要一个数，例如 0.1 或 1e-4",
            ),
            (&["--lr"], "错误：--lr 后面要跟一个值"),
            (
                &["--iters", "-3"],
                "错误：不认识的参数 '-3'：负数不能用作这里的值",
            ),
            (
                &["--iter", "5"],
                "错误：不认识的参数 '--iter'；是不是想用 '--iters'？",
            ),
            (&["extra"], "错误：不认识的参数 'extra'"),
            (
                &["--iters", "5", "--iters", "6"],
                "错误：--iters 只能给一次",
            ),
        ] {
            assert_eq!(first_line(args), (2, line.to_string()), "{args:?}");
        }
    }

    #[test]
    fn errors_are_one_line_sentences() {
        let chapter = Chapter {
            demos: crate::demos![broken],
            ..CH
        };
        let (code, _, err) = run_on(&chapter, &[]);
        assert_eq!(
            (code, err.as_str()),
            (1, "错误：演示 broken 出错：没有数据\n")
        );
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_reported() {
        struct Fails(io::ErrorKind);
        impl Write for Fails {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(self.0.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        for (kind, args, expected) in [
            (io::ErrorKind::BrokenPipe, &[][..], (0, "")),
            (io::ErrorKind::BrokenPipe, &["--help"], (0, "")),
            (io::ErrorKind::StorageFull, &[], (1, "错误：")),
            (io::ErrorKind::StorageFull, &["--help"], (1, "错误：")),
        ] {
            let mut err = Vec::new();
            let args = std::iter::once("ch99").chain(args.iter().copied());
            let code = run::<NoFlags>(&CH, args, &mut Fails(kind), &mut err);
            let err = String::from_utf8(err).unwrap();
            assert_eq!(code, expected.0, "{kind:?} {err}");
            assert!(err.starts_with(expected.1), "{kind:?}: {err}");
        }
    }

    /// Errors print as sentences (Display), never as Rust debug structs
    /// (`Os { code: 28, kind: StorageFull, .. }`).
    #[test]
    fn errors_are_sentences_not_debug_structs() {
        fn os(_: &mut dyn Write) -> Result {
            Err(io::Error::from_raw_os_error(28).into())
        }
        let chapter = Chapter {
            demos: crate::demos![os],
            ..CH
        };
        let (code, _, err) = run_on(&chapter, &[]);
        assert_eq!(
            (code, err.as_str()),
            (
                1,
                "错误：磁盘已满，写不下输出（No space left on device \
                 (os error 28)）；请腾出空间，或把输出重定向到别处\n"
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn arguments_that_are_not_utf8_are_reported() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(vec![b'-', b'-', 0xff]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = [OsString::from("ch99"), bad];
        let code = run::<NoFlags>(&CH, args, &mut out, &mut err);
        assert_eq!(code, 2);
        assert!(!err.is_empty());
    }
}
