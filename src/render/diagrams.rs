//! Mermaid diagrams: a ` ```mermaid ` code block becomes
//! `<pre class="mermaid">`, which mermaid.js (loaded by `theme/head.hbs`
//! from `book/assets/mermaid/`) draws in the browser; other renderers keep
//! the code block. The same HTML as the mdbook-mermaid preprocessor makes,
//! without its dependencies (toml_edit, env_logger, a second
//! pulldown-cmark), which cost more to compile than the rest of the book
//! tool.

use anyhow::Result;
use kit::interactive::escape;
use mdbook_driver::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The preprocessor of book.toml's `[preprocessor.mermaid]`.
pub struct Diagrams;

impl Preprocessor for Diagrams {
    fn name(&self) -> &str {
        "mermaid"
    }

    fn run(&self, _: &PreprocessorContext, mut book: Book) -> Result<Book> {
        book.for_each_chapter_mut(|chapter| {
            chapter.content = with_diagrams(&chapter.content);
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html")
    }
}

/// `markdown` with each mermaid code block replaced by its HTML.
pub fn with_diagrams(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut blocks = Vec::new(); // (where the block starts, its source)
    let mut source: Option<(usize, String)> = None;
    let parser = Parser::new_ext(markdown, options).into_offset_iter();
    for (event, span) in parser {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.as_ref() == "mermaid" =>
            {
                source = Some((span.start, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = &mut source {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, code)) = source.take() {
                    blocks.push((start..span.end, code));
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len());
    let mut done = 0;
    for (span, code) in blocks {
        out.push_str(&markdown[done..span.start]);
        // a blank line before and after: Markdown reads it as an HTML block
        out.push_str("\n<pre class=\"mermaid\">");
        out.push_str(&escape(&code.replace("\r\n", "\n")));
        out.push_str("</pre>\n\n");
        done = span.end;
    }
    out.push_str(&markdown[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mermaid_block_becomes_a_pre_and_the_rest_stays() {
        let md = "# 标题\n\n```mermaid\ngraph LR\n  x1 --> y\n```\n\n正文\n\n\
                  ```rust\nlet a = 1 > 0;\n```\n";
        assert_eq!(
            with_diagrams(md),
            "# 标题\n\n\n<pre class=\"mermaid\">graph LR\n  x1 --&gt; y\n\
             </pre>\n\n\n\n正文\n\n```rust\nlet a = 1 > 0;\n```\n"
        );
    }

    #[test]
    fn markdown_without_diagrams_is_unchanged() {
        let md = "text\n\n    indented code\n\n```\nfenced\n```\n";
        assert_eq!(with_diagrams(md), md);
    }
}
