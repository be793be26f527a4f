//! KaTeX, as mdbook-katex runs it, but a formula KaTeX cannot typeset
//! fails the build with its page, line and KaTeX's reason. mdbook-katex
//! itself logs the failure (without the page) and leaves the TeX source on
//! the page.

use std::fs;

use anyhow::{Result, anyhow};
use mdbook_driver::book::Book;
use mdbook_katex::cfg::get_config;
use mdbook_katex::preprocess::{
    ExtraOpts, KATEX_HEADER, KatexProcessor, Render, get_render_tasks,
};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use rayon::prelude::*;

use super::includes::{Problem, line_of};

/// mdbook-katex's preprocessor (same name, same `[preprocessor.katex]`
/// settings), failing on any formula KaTeX rejects.
pub struct CheckedKatex;

impl Preprocessor for CheckedKatex {
    fn name(&self) -> &str {
        "katex"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let cfg = get_config(&ctx.config)
            .map_err(|e| anyhow!("book.toml [preprocessor.katex]: {e}"))?;
        if !cfg.pre_render {
            // Escaping only: KaTeX runs in the browser, nothing to check.
            return KatexProcessor.run(ctx, book);
        }
        let header = if cfg.no_css { "" } else { KATEX_HEADER };
        let extra = cfg.build_extra_opts();
        let (inline, display) = cfg.build_opts(&ctx.root);
        let src = ctx.root.join(&ctx.config.book.src);
        let mut problems = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            let page = chapter
                .source_path
                .as_ref()
                .map(|p| ctx.config.book.src.join(p))
                .unwrap_or_else(|| chapter.name.clone().into());
            let source = chapter
                .source_path
                .as_ref()
                .and_then(|p| fs::read_to_string(src.join(p)).ok())
                .unwrap_or_default();
            let content = &chapter.content;
            let tasks = get_render_tasks(content, header, &extra);
            let done: Vec<Result<String, String>> = tasks
                .par_iter()
                .map(|task| match *task {
                    Render::Text(text) => Ok(text.to_string()),
                    Render::InlineTask(tex) => typeset(tex, &inline, &extra),
                    Render::DisplayTask(tex) => typeset(tex, &display, &extra),
                })
                .collect();
            let mut searched = 0;
            let mut out = String::with_capacity(content.len() * 2);
            for (task, result) in tasks.iter().zip(done) {
                match result {
                    Ok(html) => out.push_str(&html),
                    Err(why) => {
                        let (Render::InlineTask(tex)
                        | Render::DisplayTask(tex)) = *task
                        else {
                            unreachable!("text is never typeset");
                        };
                        let line = source[searched..].find(tex).map(|at| {
                            searched += at + tex.len();
                            line_of(&source, searched - tex.len())
                        });
                        let place = if line.is_some() {
                            ""
                        } else {
                            " (in an included file)"
                        };
                        problems.push(Problem {
                            page: page.clone(),
                            line,
                            what: format!(
                                "KaTeX cannot typeset `{}`{place}: {why}",
                                shorten(tex.trim())
                            ),
                        });
                        out.push_str(tex);
                    }
                }
            }
            chapter.content = out;
        });
        // Reported to the build's capture, the book goes on to the HTML
        // renderer, so that one build lists every problem; without a
        // capture, the build stops here.
        problems.retain(|p| !super::messages::report(p.to_string()));
        if problems.is_empty() {
            Ok(book)
        } else {
            Err(anyhow!(super::Problems::from(problems)))
        }
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        KatexProcessor.supports_renderer(renderer)
    }
}

/// One formula as HTML (as mdbook-katex writes it), or KaTeX's reason.
fn typeset(
    tex: &str,
    opts: &katex::Opts,
    extra: &ExtraOpts,
) -> Result<String, String> {
    let html = katex::render_with_opts(tex, opts).map_err(|e| match e {
        katex::Error::JsExecError(why) => reason(&why),
        other => other.to_string(),
    })?;
    // With `throw-on-error = false` KaTeX "succeeds" with a red error
    // message in place of the formula: that is a failure too.
    if let Some(at) = html.find("class=\"katex-error\"") {
        let title = html[at..]
            .split("title=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap_or("KaTeX error");
        return Err(reason(title));
    }
    let html = html.replace('\n', " ");
    Ok(if extra.include_src {
        format!(
            r#"<data class="katex-src" value="{}">{html}</data>"#,
            tex.replace('"', r#"\""#).replace('\n', r"&#10;")
        )
    } else {
        html
    })
}

/// KaTeX's message as a plain sentence. The katex crate hands it over as
/// the Debug form of a JavaScript value (`String("ParseError: ...")`, with
/// Rust escapes); KaTeX underlines the culprit with U+0332 after each of
/// its characters. Both are undone, and the `ParseError: ` prefix dropped.
fn reason(why: &str) -> String {
    let why = why.trim();
    let inner = why
        .strip_prefix("String(\"")
        .and_then(|w| w.strip_suffix("\")"))
        .map_or_else(|| why.to_string(), unescape);
    let plain: String = inner.chars().filter(|&c| c != '\u{332}').collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    plain
        .strip_prefix("ParseError: ")
        .unwrap_or(&plain)
        .to_string()
}

/// Undoes Rust's Debug escapes of a string: `\\`, `\"`, `\n`, `\u{332}`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let rest = chars.as_str();
                let code = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .and_then(|(hex, after)| {
                        let c =
                            char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                        Some((c, after))
                    });
                match code {
                    Some((c, after)) => {
                        out.push(c);
                        chars = after.chars();
                    }
                    None => out.push_str("\\u"),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// At most 60 characters of `tex`, on one line.
fn shorten(tex: &str) -> String {
    let flat = tex.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        flat.chars().take(60).chain(['…']).collect()
    } else {
        flat
    }
}

/// `tex` typeset inline with mdbook-katex's default settings.
#[cfg(test)]
fn typesets(tex: &str) -> Result<String, String> {
    let cfg = mdbook_katex::cfg::KatexConfig::default();
    let (inline, _) = cfg.build_opts(std::path::Path::new("."));
    typeset(tex, &inline, &cfg.build_extra_opts())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_formula_has_a_reason() {
        assert!(typesets(r"\frac{1}{2}").unwrap().contains("katex"));
        let why = typesets(r"\fraq{1}{2}").unwrap_err();
        assert_eq!(
            why,
            r"KaTeX parse error: Undefined control sequence: \fraq at position 1: \fraq{1}{2}"
        );
        assert_eq!(unescape(r#"a\\b\"c\u{332}\n"#), "a\\b\"c\u{332}\n");
        assert_eq!(shorten(&"x ".repeat(50)).chars().count(), 61);
    }

    /// What a good formula becomes is exactly what mdbook-katex makes.
    #[test]
    fn good_formulas_are_typeset_as_mdbook_katex_does() {
        for include_src in [false, true] {
            let cfg = mdbook_katex::cfg::KatexConfig {
                include_src,
                ..Default::default()
            };
            let extra = cfg.build_extra_opts();
            let (inline, display) = cfg.build_opts(std::path::Path::new("."));
            for tex in [r"\sigma(x) = \frac{1}{1 + e^{-x}}", "W_1\n+ \"b\""] {
                for (opts, is_display) in [(&inline, false), (&display, true)] {
                    assert_eq!(
                        typeset(tex, opts, &extra).unwrap(),
                        mdbook_katex::render::render(
                            tex,
                            opts.clone(),
                            extra.clone(),
                            is_display
                        )
                    );
                }
            }
        }
    }
}
