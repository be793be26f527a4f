//! Figures with a knob and self-check questions: everything a page shows
//! is computed here, in Rust, at generation time. The page's scripts
//! (`theme/knob.js`, `theme/quiz.js`) only switch pre-drawn frames and
//! compare what the reader typed with the key written into the page.
//!
//! A [`Knob`] writes one SVG per position (`figures/<ch>/<knob>-<i>.svg`)
//! and an HTML fragment (`outputs/<ch>/<knob>.knob.html`) that the page
//! includes. A [`Quiz`] (a group of [`Question`]s) writes
//! `outputs/<ch>/quiz-<group>.html`. Every key comes from the chapter's
//! code: a number or a printed output is computed, and the correct option
//! of a choice is the one whose claim the code finds true.

use std::fmt::Write as _;
use std::io::Write;

use crate::chapter::Result;

/// A figure with a knob: one frame per position, and a readout (a short
/// Chinese line with the numbers the frame shows) per position.
#[derive(Clone, Copy)]
pub struct Knob {
    /// The stem of its files: `learning-rate` makes `learning-rate-0.svg`,
    /// ... and `learning-rate.knob.html`.
    pub name: &'static str,
    /// The knob's label on the page, e.g. `学习率 η`.
    pub label: &'static str,
    /// The value at each position, in order.
    pub values: &'static [f64],
    /// The position shown first.
    pub start: usize,
    /// Draws the frame for a value (an SVG in the book's style).
    pub frame: fn(f64) -> Result<String>,
    /// The readout for a value.
    pub readout: fn(f64) -> Result<String>,
}

impl std::fmt::Debug for Knob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Knob({})", self.name)
    }
}

/// `text` with `&`, `<`, `>`, `"` escaped, for HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped `text` with `` `code` `` spans as `<code>`.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, piece) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(piece));
        } else {
            out.push_str(&escape(piece));
        }
    }
    out
}

/// A fragment is one HTML block for Markdown: no blank line (it would end
/// the block), no `$` (the math preprocessor would typeset it).
fn check_fragment(what: &str, html: &str) -> Result {
    if html.contains("\n\n") || html.lines().any(|l| l.trim().is_empty()) {
        return Err(format!("{what}: a blank line would end the HTML").into());
    }
    if html.contains('$') {
        return Err(format!("{what}: `$` would be typeset as math").into());
    }
    Ok(())
}

impl Knob {
    /// The frame file of position `i`, relative to `book/`.
    pub fn frame_path(&self, chapter: &str, i: usize) -> String {
        format!("figures/{chapter}/{}-{i}.svg", self.name)
    }

    /// The fragment's path, relative to `book/`.
    pub fn html_path(&self, chapter: &str) -> String {
        format!("outputs/{chapter}/{}.knob.html", self.name)
    }

    /// Every frame, in order.
    ///
    /// # Errors
    ///
    /// A frame that fails or is not an SVG; a knob with fewer than two
    /// positions or a start outside them.
    pub fn frames(&self) -> Result<Vec<String>> {
        if self.values.len() < 2 || self.start >= self.values.len() {
            return Err(format!(
                "knob {}: needs two positions or more and a start among them",
                self.name
            )
            .into());
        }
        self.values
            .iter()
            .map(|&v| {
                let svg = (self.frame)(v)
                    .map_err(|e| format!("knob {} at {v}: {e}", self.name))?;
                if !svg.starts_with("<svg") {
                    return Err(format!(
                        "knob {} at {v}: not an SVG",
                        self.name
                    )
                    .into());
                }
                Ok(svg)
            })
            .collect()
    }

    /// Every readout, in order.
    ///
    /// # Errors
    ///
    /// The first readout that fails.
    pub fn readouts(&self) -> Result<Vec<String>> {
        self.values
            .iter()
            .map(|&v| {
                (self.readout)(v).map_err(|e| {
                    format!("knob {} readout at {v}: {e}", self.name).into()
                })
            })
            .collect()
    }

    /// The fragment the page includes: the first frame, a range input
    /// with a step button on each side, the readout, and the frames'
    /// files and readouts as a hidden list the script reads.
    ///
    /// # Errors
    ///
    /// A readout that fails.
    pub fn html(&self, chapter: &str) -> Result<String> {
        let readouts = self.readouts()?;
        let id = format!("knob-{}", self.name);
        let start = &readouts[self.start];
        let mut h = String::new();
        let _ = writeln!(
            h,
            "<figure class=\"knob\" id=\"{id}\" data-start=\"{}\">",
            self.start
        );
        let _ = writeln!(
            h,
            "<img class=\"figure knob-frame\" src=\"{}\" alt=\"{}\" \
             loading=\"lazy\">",
            self.frame_path(chapter, self.start),
            escape(start)
        );
        let _ = writeln!(h, "<div class=\"knob-controls\">");
        let _ = writeln!(
            h,
            "<label for=\"{id}-input\">{}</label>",
            escape(self.label)
        );
        let _ = writeln!(
            h,
            "<button type=\"button\" class=\"knob-step\" data-step=\"-1\" \
             aria-label=\"{}：上一档\">−</button>",
            escape(self.label)
        );
        let _ = writeln!(
            h,
            "<input type=\"range\" id=\"{id}-input\" min=\"0\" max=\"{}\" \
             step=\"1\" value=\"{}\" aria-valuetext=\"{}\">",
            self.values.len() - 1,
            self.start,
            escape(start)
        );
        let _ = writeln!(
            h,
            "<button type=\"button\" class=\"knob-step\" data-step=\"1\" \
             aria-label=\"{}：下一档\">＋</button>",
            escape(self.label)
        );
        let _ = writeln!(h, "</div>");
        let _ = writeln!(
            h,
            "<output class=\"knob-readout\" for=\"{id}-input\" \
             aria-live=\"polite\">{}</output>",
            escape(start)
        );
        let _ = writeln!(h, "<ol class=\"knob-data\" hidden>");
        for (i, r) in readouts.iter().enumerate() {
            let _ = writeln!(
                h,
                "<li data-src=\"{}\">{}</li>",
                self.frame_path(chapter, i),
                escape(r)
            );
        }
        let _ = writeln!(h, "</ol>");
        let _ = writeln!(h, "</figure>");
        check_fragment(&self.html_path(chapter), &h)?;
        Ok(h)
    }
}

/// One option of a multiple-choice question: its text, and whether the
/// chapter's code finds its claim true.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What the reader reads (`` `code` `` allowed).
    pub text: String,
    /// Computed by the chapter's code, never typed.
    pub correct: bool,
}

/// What a question expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Pick one option; exactly one is correct.
    Choice(Vec<Choice>),
    /// Type a number; right within `tolerance` of `value`.
    Number {
        /// The key, computed by the chapter's code.
        value: f64,
        /// How far off an answer may be (half the last digit asked for).
        tolerance: f64,
    },
    /// Type what a listing prints; compared without whitespace and case.
    Printed {
        /// The listing, an anchored region of the chapter's source.
        listing: String,
        /// What the listing printed when the generation ran it.
        output: String,
    },
}

/// A self-check question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The question (`` `code` `` allowed).
    pub prompt: String,
    /// The key.
    pub answer: Answer,
    /// Why the key is right, shown after answering (`` `code` `` allowed).
    pub explanation: String,
}

/// A group of questions, included at the end of the section it tests.
#[derive(Clone, Copy)]
pub struct Quiz {
    /// The group: `softmax` makes `outputs/<ch>/quiz-softmax.html`.
    pub name: &'static str,
    /// Builds the questions, computing every key.
    pub questions: fn() -> Result<Vec<Question>>,
}

impl std::fmt::Debug for Quiz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Quiz({})", self.name)
    }
}

/// The lines between `// ANCHOR: name` and `// ANCHOR_END: name` of
/// `source`, de-indented as mdBook shows them.
///
/// # Errors
///
/// When the anchor is missing.
pub fn anchored(source: &str, name: &str) -> Result<String> {
    let start = format!("ANCHOR: {name}");
    let end = format!("ANCHOR_END: {name}");
    let mut lines = source.lines();
    lines
        .find(|l| l.trim().trim_start_matches("//").trim() == start)
        .ok_or_else(|| format!("no anchor {name}"))?;
    let mut body = Vec::new();
    for line in lines {
        if line.trim().trim_start_matches("//").trim() == end {
            let indent = body
                .iter()
                .filter(|l: &&&str| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start().len())
                .min()
                .unwrap_or(0);
            let text: Vec<&str> = body
                .iter()
                .map(|l| if l.len() >= indent { &l[indent..] } else { "" })
                .collect();
            return Ok(text.join("\n"));
        }
        body.push(line);
    }
    Err(format!("anchor {name} is not closed").into())
}

/// A "what does this print" answer: the anchored `listing` of `source`,
/// and what `run` (the code of that listing) prints, trimmed.
///
/// # Errors
///
/// A missing anchor, or `run` failing.
pub fn printed(
    source: &str,
    anchor: &str,
    run: fn(&mut dyn Write) -> Result,
) -> Result<Answer> {
    let listing = anchored(source, anchor)?;
    let mut out = Vec::new();
    run(&mut out)?;
    let output = String::from_utf8(out)?.trim().to_string();
    Ok(Answer::Printed { listing, output })
}

/// How the page compares a typed output: without whitespace, lower case
/// (`quiz.js` does the same).
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Question {
    /// The key as the reader is told it after answering.
    pub fn key_text(&self) -> String {
        match &self.answer {
            Answer::Choice(options) => options
                .iter()
                .find(|o| o.correct)
                .map_or(String::new(), |o| o.text.clone()),
            Answer::Number { value, tolerance } => {
                // as many decimals as the tolerance asks for
                let digits = (-(tolerance * 2.0).log10()).ceil().max(0.0);
                format!("{value:.*}", digits as usize)
            }
            Answer::Printed { output, .. } => output.clone(),
        }
    }

    /// Checks the question is well made: a choice has exactly one correct
    /// option, a number is finite with a tolerance above 0, an output is
    /// not empty.
    ///
    /// # Errors
    ///
    /// Says what is wrong.
    pub fn check(&self) -> Result {
        match &self.answer {
            Answer::Choice(options) => {
                let right = options.iter().filter(|o| o.correct).count();
                if right != 1 || options.len() < 2 {
                    return Err(format!(
                        "{:?}: {right} of {} options are correct; exactly one \
                         must be",
                        self.prompt,
                        options.len()
                    )
                    .into());
                }
            }
            Answer::Number { value, tolerance } => {
                if !value.is_finite()
                    || !tolerance.is_finite()
                    || *tolerance <= 0.0
                {
                    return Err(format!(
                        "{:?}: key {value}, tolerance {tolerance}",
                        self.prompt
                    )
                    .into());
                }
            }
            Answer::Printed { output, .. } => {
                if normalize(output).is_empty() {
                    return Err(
                        format!("{:?}: prints nothing", self.prompt).into()
                    );
                }
            }
        }
        Ok(())
    }
}

/// A listing on one line (newlines as `&#10;`), so a blank line in it
/// cannot end the page's HTML block.
fn listing_html(listing: &str) -> String {
    escape(listing).replace('\n', "&#10;")
}

impl Quiz {
    /// The fragment's path, relative to `book/`.
    pub fn html_path(&self, chapter: &str) -> String {
        format!("outputs/{chapter}/quiz-{}.html", self.name)
    }

    /// The questions, each checked ([`Question::check`]).
    ///
    /// # Errors
    ///
    /// A question that fails to build or is badly made.
    pub fn build(&self) -> Result<Vec<Question>> {
        let questions = (self.questions)()
            .map_err(|e| format!("quiz {}: {e}", self.name))?;
        if questions.is_empty() {
            return Err(format!("quiz {} has no questions", self.name).into());
        }
        for q in &questions {
            q.check().map_err(|e| format!("quiz {}: {e}", self.name))?;
        }
        Ok(questions)
    }

    /// The fragment the page includes: each question with its input, a
    /// check button, the feedback and the explanation (hidden until
    /// answered); the key in `data-` attributes for `quiz.js`.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build).
    pub fn html(&self, chapter: &str) -> Result<String> {
        let questions = self.build()?;
        let mut h = String::new();
        let _ = writeln!(
            h,
            "<section class=\"quiz\" data-quiz=\"{chapter}/{}\">",
            self.name
        );
        let _ = writeln!(h, "<p class=\"quiz-title\">自测题</p>");
        for (n, q) in questions.iter().enumerate() {
            let key = format!("{chapter}/{}/{}", self.name, n + 1);
            let (kind, data) = match &q.answer {
                Answer::Choice(options) => {
                    let i = options.iter().position(|o| o.correct);
                    ("choice", format!("data-answer=\"{}\"", i.unwrap_or(0)))
                }
                Answer::Number { value, tolerance } => (
                    "number",
                    format!(
                        "data-answer=\"{value:?}\" data-tolerance=\"{tolerance:?}\""
                    ),
                ),
                Answer::Printed { output, .. } => {
                    ("printed", format!("data-answer=\"{}\"", escape(output)))
                }
            };
            let _ = writeln!(
                h,
                "<div class=\"question\" data-kind=\"{kind}\" data-key=\"{key}\" \
                 {data}>"
            );
            let _ = writeln!(
                h,
                "<p class=\"question-prompt\"><span class=\"question-number\">\
                 {}.</span> {}</p>",
                n + 1,
                inline(&q.prompt)
            );
            let input_id = format!("q-{}", key.replace('/', "-"));
            match &q.answer {
                Answer::Choice(options) => {
                    let _ = writeln!(h, "<ul class=\"choices\">");
                    for (i, o) in options.iter().enumerate() {
                        let _ = writeln!(
                            h,
                            "<li><label><input type=\"radio\" name=\"{input_id}\" \
                             value=\"{i}\"> {}</label></li>",
                            inline(&o.text)
                        );
                    }
                    let _ = writeln!(h, "</ul>");
                }
                Answer::Number { .. } => {
                    let _ = writeln!(
                        h,
                        "<p class=\"answer-line\"><label for=\"{input_id}\">\
                         答案：</label><input type=\"text\" id=\"{input_id}\" \
                         inputmode=\"decimal\" autocomplete=\"off\"></p>"
                    );
                }
                Answer::Printed { listing, .. } => {
                    let _ = writeln!(
                        h,
                        "<pre><code class=\"language-rust\">{}</code></pre>",
                        listing_html(listing)
                    );
                    let _ = writeln!(
                        h,
                        "<p class=\"answer-line\"><label for=\"{input_id}\">\
                         打印：</label><input type=\"text\" id=\"{input_id}\" \
                         autocomplete=\"off\" autocapitalize=\"off\" \
                         spellcheck=\"false\"></p>"
                    );
                }
            }
            let _ = writeln!(
                h,
                "<p class=\"quiz-buttons\"><button type=\"button\" \
                 class=\"quiz-check\">检查</button> <button type=\"button\" \
                 class=\"quiz-show\" hidden>显示答案</button></p>"
            );
            let _ = writeln!(
                h,
                "<p class=\"quiz-feedback\" aria-live=\"polite\" hidden></p>"
            );
            let _ = writeln!(
                h,
                "<div class=\"quiz-explanation\" hidden><p>答案：\
                 <strong class=\"quiz-key\">{}</strong>。{}</p></div>",
                inline(&q.key_text()),
                inline(&q.explanation)
            );
            let _ = writeln!(h, "</div>");
        }
        let _ = writeln!(h, "</section>");
        check_fragment(&self.html_path(chapter), &h)?;
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(v: f64) -> Result<String> {
        Ok(format!("<svg>{v}</svg>"))
    }

    fn readout(v: f64) -> Result<String> {
        Ok(format!("x = {v} <a & b>"))
    }

    const KNOB: Knob = Knob {
        name: "x",
        label: "数 x",
        values: &[1.0, 2.0, 3.0],
        start: 1,
        frame,
        readout,
    };

    #[test]
    fn a_knob_lists_every_frame_and_readout() {
        assert_eq!(KNOB.frames().unwrap()[2], "<svg>3</svg>");
        let html = KNOB.html("ch99").unwrap();
        assert!(html.contains("src=\"figures/ch99/x-1.svg\""), "{html}");
        assert!(
            html.contains("<li data-src=\"figures/ch99/x-2.svg\">x = 3 &lt;a &amp; b&gt;</li>"),
            "{html}"
        );
        assert!(html.contains("max=\"2\" step=\"1\" value=\"1\""), "{html}");
        let bad = Knob { start: 3, ..KNOB };
        assert!(bad.frames().is_err());
    }

    fn question(answer: Answer) -> Question {
        Question {
            prompt: "问 `x`".into(),
            answer,
            explanation: "因为".into(),
        }
    }

    #[test]
    fn a_choice_needs_exactly_one_correct_option() {
        let opts = |a, b| {
            Answer::Choice(vec![
                Choice {
                    text: "甲".into(),
                    correct: a,
                },
                Choice {
                    text: "乙".into(),
                    correct: b,
                },
            ])
        };
        assert!(question(opts(true, false)).check().is_ok());
        assert!(question(opts(true, true)).check().is_err());
        assert!(question(opts(false, false)).check().is_err());
    }

    #[test]
    fn printed_runs_the_anchored_listing() {
        fn run(out: &mut dyn Write) -> Result {
            // ANCHOR: two
            writeln!(out, "{}", 1 + 1)?;
            // ANCHOR_END: two
            Ok(())
        }
        let answer = printed(include_str!("interactive.rs"), "two", run);
        assert_eq!(
            answer.unwrap(),
            Answer::Printed {
                listing: "writeln!(out, \"{}\", 1 + 1)?;".into(),
                output: "2".into()
            }
        );
        assert_eq!(normalize(" [NaN,  0]\n"), "[nan,0]");
    }

    #[test]
    fn a_number_key_is_shown_to_the_digits_asked_for() {
        let q = question(Answer::Number {
            value: 16.0001,
            tolerance: 0.005,
        });
        assert_eq!(q.key_text(), "16.00");
        fn qs() -> Result<Vec<Question>> {
            Ok(vec![question(Answer::Number {
                value: 0.25,
                tolerance: 0.005,
            })])
        }
        let quiz = Quiz {
            name: "g",
            questions: qs,
        };
        let html = quiz.html("ch99").unwrap();
        assert!(
            html.contains("data-answer=\"0.25\" data-tolerance=\"0.005\""),
            "{html}"
        );
        assert!(html.contains("<code>x</code>"), "{html}");
    }
}
