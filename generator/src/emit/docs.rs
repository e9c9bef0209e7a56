//! Doc comments: one builder, one shape.

use proc_macro2::TokenStream;
use quote::quote;

/// Lines of a doc comment, built up in order, then turned into `#[doc]` attributes.
#[derive(Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub fn new() -> Self {
        Self::default()
    }

    /// A paragraph (skipped when empty); separated from the previous one by a blank line.
    pub fn para(&mut self, text: Option<&str>) -> &mut Self {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return self;
        };
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        let mut in_fence = false;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                // Spec code fences are not Rust: open them as text so doctests skip them.
                self.lines.push(if in_fence {
                    "```".into()
                } else {
                    "```text".into()
                });
                in_fence = !in_fence;
            } else if in_fence {
                self.lines.push(line.trim_end().replace('\t', "    "));
            } else {
                self.lines.push(clean(line));
            }
        }
        if in_fence {
            self.lines.push("```".into());
        }
        self
    }

    /// A single line appended to the current paragraph.
    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.lines.push(clean(&text.into()));
        self
    }

    pub fn blank(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self
    }

    pub fn tokens(&self) -> TokenStream {
        let mut end = self.lines.len();
        while end > 0 && self.lines[end - 1].is_empty() {
            end -= 1;
        }
        let lines = self.lines[..end].iter().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        });
        quote! { #(#[doc = #lines])* }
    }
}

/// Doc text must not close the comment or start a code block by accident;
/// trailing spaces are noise.
fn clean(line: &str) -> String {
    let l = line.trim_end().replace('\t', "    ");
    // Indented text would become a Rust code block that doctests compile.
    let trimmed = l.trim_start();
    if l.len() - trimmed.len() >= 4 {
        trimmed.to_string()
    } else {
        l
    }
}

/// One-line summary of a JSON example for docs.
pub fn example_text(v: &serde_json::Value) -> String {
    crate::json::excerpt(v, 80)
}
