//! The regular expressions of `pattern`, for the subset specs use: literals,
//! `.`, classes (`[a-z0-9-]`, `[^…]`, `\d`, `\w`, `\s`), groups (`(…)`,
//! `(?:…)`), alternation, the quantifiers `* + ? {n} {n,} {n,m}`, anchors and
//! lookaheads (`(?=…)`, `(?!…)`). Anything else (backreferences, `\b`,
//! Unicode classes, named groups) is not parsed: the caller falls back.
//!
//! Matching follows the sets of positions each node can end at (no
//! backreferences, so no backtracking is needed); drawing builds a string
//! from the nodes and leaves lookaheads to the matcher, which checks every
//! draw.

use super::rng::Rng;
use std::collections::BTreeSet;

const MAX_LEN: usize = 512;
const MAX_DEPTH: usize = 24;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Char(char),
    Any,
    Class {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
    Start,
    End,
    Alt(Vec<Node>),
    Seq(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
    Look {
        node: Box<Node>,
        negated: bool,
    },
}

/// A parsed `pattern`.
#[derive(Debug, Clone)]
pub struct Regex {
    root: Node,
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
const SPACE: &[(char, char)] = &[(' ', ' '), ('\t', '\t'), ('\n', '\n'), ('\r', '\r')];
/// What `.` and negated classes draw from.
const DRAWABLE: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ ";

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Regex {
    /// `None` for a pattern outside the subset (or malformed).
    pub fn parse(pattern: &str) -> Option<Regex> {
        if pattern.len() > MAX_LEN {
            return None;
        }
        let mut p = Parser {
            chars: pattern.chars().collect(),
            at: 0,
            depth: 0,
        };
        let root = p.alt()?;
        (p.at == p.chars.len()).then_some(Regex { root })
    }

    /// Does the pattern match somewhere in `s` (JSON Schema's reading)?
    pub fn is_match(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        (0..=chars.len()).any(|start| !ends(&self.root, &chars, start).is_empty())
    }

    /// A string built from the pattern; lookaheads are not considered, so
    /// check it with [`Regex::is_match`]. `None` when a negated class leaves
    /// nothing to draw.
    pub fn draw(&self, rng: &mut Rng) -> Option<String> {
        let mut out = String::new();
        draw(&self.root, rng, &mut out)?;
        Some(out)
    }
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn alt(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut branches = vec![self.seq()?];
        while self.eat('|') {
            branches.push(self.seq()?);
        }
        self.depth -= 1;
        Some(if branches.len() == 1 {
            branches.pop()?
        } else {
            Node::Alt(branches)
        })
    }

    fn seq(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Some(Node::Seq(items))
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.at += 1;
        Some(match c {
            '(' => {
                let node = if self.eat('?') {
                    match self.peek()? {
                        ':' => {
                            self.at += 1;
                            self.alt()?
                        }
                        '=' | '!' => {
                            let negated = self.peek() == Some('!');
                            self.at += 1;
                            Node::Look {
                                node: Box::new(self.alt()?),
                                negated,
                            }
                        }
                        _ => return None, // named groups, lookbehinds, flags
                    }
                } else {
                    self.alt()?
                };
                if !self.eat(')') {
                    return None;
                }
                node
            }
            '[' => self.class()?,
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => self.escape(false)?,
            '*' | '+' | '?' | '{' | ')' => return None,
            c => Node::Char(c),
        })
    }

    /// After a `\`: a class, or the escaped character.
    fn escape(&mut self, in_class: bool) -> Option<Node> {
        let c = self.peek()?;
        self.at += 1;
        let class = |ranges: &[(char, char)], negated| Node::Class {
            ranges: ranges.to_vec(),
            negated,
        };
        Some(match c {
            'd' => class(DIGIT, false),
            'w' => class(WORD, false),
            's' => class(SPACE, false),
            'D' | 'W' | 'S' if !in_class => class(
                match c {
                    'D' => DIGIT,
                    'W' => WORD,
                    _ => SPACE,
                },
                true,
            ),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            'r' => Node::Char('\r'),
            c if !c.is_alphanumeric() => Node::Char(c),
            _ => return None, // \b, \p{…}, backreferences, \u…
        })
    }

    fn class(&mut self) -> Option<Node> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            if c == ']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            self.at += 1;
            let lo = if c == '\\' {
                match self.escape(true)? {
                    Node::Char(x) => x,
                    Node::Class { ranges: r, .. } => {
                        ranges.extend(r);
                        continue;
                    }
                    _ => return None,
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|n| *n != ']') {
                self.at += 1;
                let h = self.peek()?;
                self.at += 1;
                let hi = if h == '\\' {
                    match self.escape(true)? {
                        Node::Char(x) => x,
                        _ => return None,
                    }
                } else {
                    h
                };
                if hi < lo {
                    return None;
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Some(Node::Class { ranges, negated })
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let close = self.chars[self.at..].iter().position(|c| *c == '}')? + self.at;
                let body: String = self.chars[self.at + 1..close].iter().collect();
                let (min, max) = match body.split_once(',') {
                    None => {
                        let n = body.parse().ok()?;
                        (n, Some(n))
                    }
                    Some((a, "")) => (a.parse().ok()?, None),
                    Some((a, b)) => (a.parse().ok()?, Some(b.parse().ok()?)),
                };
                if max.is_some_and(|m| m < min) || min > MAX_LEN {
                    return None;
                }
                self.at = close;
                (min, max)
            }
            _ => return Some(atom),
        };
        self.at += 1;
        self.eat('?'); // lazy: the same strings
        if matches!(atom, Node::Start | Node::End | Node::Look { .. }) {
            return None;
        }
        Some(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }
}

fn in_class(c: char, ranges: &[(char, char)]) -> bool {
    ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c))
}

/// The positions where `node` can end when it starts at `start`.
fn ends(node: &Node, s: &[char], start: usize) -> BTreeSet<usize> {
    let one = |ok: bool| {
        if ok {
            BTreeSet::from([start + 1])
        } else {
            BTreeSet::new()
        }
    };
    match node {
        Node::Char(c) => one(s.get(start) == Some(c)),
        Node::Any => one(s.get(start).is_some_and(|c| *c != '\n')),
        Node::Class { ranges, negated } => one(s
            .get(start)
            .is_some_and(|c| in_class(*c, ranges) != *negated)),
        Node::Start => at_if(start, start == 0),
        Node::End => at_if(start, start == s.len()),
        Node::Alt(branches) => branches.iter().flat_map(|b| ends(b, s, start)).collect(),
        Node::Seq(items) => {
            let mut set = BTreeSet::from([start]);
            for item in items {
                set = set.iter().flat_map(|p| ends(item, s, *p)).collect();
                if set.is_empty() {
                    break;
                }
            }
            set
        }
        Node::Repeat { node, min, max } => {
            let mut result = if *min == 0 {
                BTreeSet::from([start])
            } else {
                BTreeSet::new()
            };
            let mut cur = BTreeSet::from([start]);
            let limit = max.unwrap_or(s.len() + min + 1);
            for k in 1..=limit {
                let next: BTreeSet<usize> = cur.iter().flat_map(|p| ends(node, s, *p)).collect();
                if next.is_empty() {
                    break;
                }
                if k >= *min {
                    result.extend(next.iter().copied());
                }
                if next == cur && k >= *min {
                    break; // no progress: the same positions forever
                }
                cur = next;
            }
            result
        }
        Node::Look { node, negated } => at_if(start, ends(node, s, start).is_empty() == *negated),
    }
}

fn at_if(start: usize, ok: bool) -> BTreeSet<usize> {
    if ok {
        BTreeSet::from([start])
    } else {
        BTreeSet::new()
    }
}

fn draw(node: &Node, rng: &mut Rng, out: &mut String) -> Option<()> {
    if out.len() > 4 * MAX_LEN {
        return None; // nested repeats: not a useful test value
    }
    let drawable: Vec<char> = DRAWABLE.chars().collect();
    match node {
        Node::Char(c) => out.push(*c),
        Node::Any => out.push(*rng.pick(&drawable)),
        Node::Class {
            ranges,
            negated: false,
        } => {
            let (lo, hi) = *rng.pick(ranges);
            let span = u64::from(hi) - u64::from(lo) + 1;
            let c = char::from_u32(lo as u32 + rng.below(span) as u32).unwrap_or(lo);
            out.push(c);
        }
        Node::Class {
            ranges,
            negated: true,
        } => {
            let allowed: Vec<char> = drawable
                .iter()
                .copied()
                .filter(|c| !in_class(*c, ranges))
                .collect();
            if allowed.is_empty() {
                return None;
            }
            out.push(*rng.pick(&allowed));
        }
        Node::Start | Node::End | Node::Look { .. } => {}
        Node::Alt(branches) => draw(rng.pick(branches), rng, out)?,
        Node::Seq(items) => {
            for item in items {
                draw(item, rng, out)?;
            }
        }
        Node::Repeat { node, min, max } => {
            let hi = max.unwrap_or(min + 3).min(min + 3);
            let n = *min + rng.below((hi - min + 1) as u64) as usize;
            for _ in 0..n {
                draw(node, rng, out)?;
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_a_regex_engine() {
        let cases = [
            ("^[a-z][a-z0-9-]*[a-zA-Z0-9]$", "ab-9", true),
            ("^[a-z][a-z0-9-]*[a-zA-Z0-9]$", "ab-", false),
            ("^[a-z][a-z0-9-]*[a-zA-Z0-9]$", "9ab", false),
            ("^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$", "1.22.3", true),
            ("^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$", "1.22.3-rc1", true),
            ("^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$", "1.22", false),
            (
                "^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$",
                "aa:bb:cc:dd:ee:0F",
                true,
            ),
            (
                "^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$",
                "aa:bb:cc:dd:ee",
                false,
            ),
            ("[0-9]{3}", "ab123cd", true), // unanchored: somewhere
            ("^(?![0-9a-f]{2}$)^[a-z0-9]{2}$", "ab", false),
            ("^(?![0-9a-f]{2}$)^[a-z0-9]{2}$", "zz", true),
            ("^(?:cat|dog)s?$", "dogs", true),
            ("^(?:cat|dog)s?$", "cow", false),
            ("^[^/]+$", "a/b", false),
            ("^a{2,}$", "aaa", true),
            ("^a{2,}$", "a", false),
            ("^x*$", "", true),
        ];
        for (pattern, s, want) in cases {
            let re = Regex::parse(pattern).unwrap_or_else(|| panic!("{pattern} parses"));
            assert_eq!(re.is_match(s), want, "{pattern} on {s:?}");
        }
    }

    #[test]
    fn outside_the_subset_is_not_parsed() {
        for p in [
            "\\bword\\b",
            "(a)\\1",
            "\\p{L}+",
            "(?<name>a)",
            "a{3,1}",
            "(",
            "[a-",
            "*a",
        ] {
            assert!(Regex::parse(p).is_none(), "{p}");
        }
    }

    #[test]
    fn draws_match() {
        let mut rng = Rng::new(3);
        for pattern in [
            "^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z]([a-zA-Z0-9-]*[a-zA-Z0-9]+)?$",
            "^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$",
            "^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$",
            "^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ",
            "^[^\\s/]+$",
        ] {
            let re = Regex::parse(pattern).unwrap();
            for _ in 0..50 {
                let s = re.draw(&mut rng).unwrap();
                assert!(re.is_match(&s), "{pattern}: drew {s:?}");
            }
        }
    }
}
