//! The parser: tokens to a [`NodeList`] (Django's `Parser` in
//! `django/template/base.py`).
//!
//! Block tags are compiled by the function registered for their name in a
//! [`Library`]; a block tag reads its body by calling [`Parser::parse`]
//! with its end tags, like Django's `parser.parse(("endfor",))`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::EngineInner;
use crate::exceptions::{Result, TemplateError};
use crate::lexer::{Token, TokenType};
use crate::library::{Filter, Library};
use crate::loader_tags::BlockDef;
use crate::nodes::{NodeList, TextNode, VariableNode};
use crate::variable::FilterExpression;

/// How deeply block tags may nest before parsing stops with an error
/// (instead of exhausting the stack).
pub const MAX_NESTING: usize = 200;

/// Compiles a token stream, tag by tag.
pub struct Parser<'a> {
    tokens: Vec<Token>,
    libraries: Vec<Arc<Library>>,
    engine: &'a EngineInner,
    origin: Option<String>,
    command_stack: Vec<(String, Token)>,
    pub(crate) loaded_blocks: Vec<String>,
    pub(crate) blocks: Vec<Arc<BlockDef>>,
    pub(crate) named_cycles: HashMap<String, Arc<crate::defaulttags::cycle::CycleDef>>,
    pub(crate) last_cycle: Option<Arc<crate::defaulttags::cycle::CycleDef>>,
    pub(crate) extends_seen: usize,
    /// `{% partialdef %}` bodies defined so far (Django's `extra_data["partials"]`).
    pub(crate) partials: crate::defaulttags::partials::PartialMap,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(tokens: Vec<Token>, engine: &'a EngineInner, origin: Option<String>) -> Self {
        let mut tokens = tokens;
        tokens.reverse();
        Parser {
            tokens,
            libraries: engine.builtins.clone(),
            engine,
            origin,
            command_stack: Vec::new(),
            loaded_blocks: Vec::new(),
            blocks: Vec::new(),
            named_cycles: HashMap::new(),
            last_cycle: None,
            extends_seen: 0,
            partials: Default::default(),
        }
    }

    /// The name of the template being parsed, when known.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// Parse nodes until a block tag whose command is in `parse_until`
    /// (that tag is left as the next token), or the end of the template.
    ///
    /// # Errors
    /// `TemplateSyntaxError` for an unknown tag, an empty tag, a bad
    /// expression, or a missing end tag.
    pub fn parse(&mut self, parse_until: &[&str]) -> Result<NodeList> {
        let mut nodelist = NodeList::new();
        while let Some(token) = self.tokens.pop() {
            match token.token_type {
                TokenType::Text => nodelist.push(Box::new(TextNode(token.contents))),
                TokenType::Comment => {}
                TokenType::Var => {
                    if token.contents.is_empty() {
                        return Err(self.error(&token, format!("Empty variable tag on line {}", token.lineno)));
                    }
                    let fe = self
                        .compile_filter(&token.contents)
                        .map_err(|e| self.locate(e, &token))?;
                    nodelist.push(Box::new(VariableNode(fe)));
                }
                TokenType::Block => {
                    let Some(command) = token.contents.split_whitespace().next().map(str::to_owned) else {
                        return Err(self.error(&token, format!("Empty block tag on line {}", token.lineno)));
                    };
                    if parse_until.contains(&command.as_str()) {
                        self.tokens.push(token);
                        return Ok(nodelist);
                    }
                    let Some(compile) = self.find_tag(&command) else {
                        return Err(self.invalid_block_tag(&token, &command, parse_until));
                    };
                    if self.command_stack.len() >= MAX_NESTING {
                        return Err(self.error(
                            &token,
                            format!(
                                "Tags are nested more than {MAX_NESTING} levels deep on line {}",
                                token.lineno
                            ),
                        ));
                    }
                    self.command_stack.push((command, token.clone()));
                    let node = compile(self, &token).map_err(|e| self.locate(e, &token))?;
                    if node.must_be_first() && nodelist.contains_nontext() {
                        return Err(self.error(
                            &token,
                            format!("{{% {} %}} must be the first tag in the template.", token.contents),
                        ));
                    }
                    nodelist.push(node);
                    self.command_stack.pop();
                }
            }
        }
        if !parse_until.is_empty() {
            let (command, token) = self.command_stack.pop().unwrap_or_else(|| {
                (
                    String::new(),
                    Token {
                        token_type: TokenType::Block,
                        contents: String::new(),
                        lineno: 0,
                    },
                )
            });
            let msg = format!(
                "Unclosed tag on line {}: '{}'. Looking for one of: {}.",
                token.lineno,
                command,
                parse_until.join(", ")
            );
            return Err(self.error(&token, msg));
        }
        Ok(nodelist)
    }

    /// Skip tokens up to and including the block tag `endtag` (used by
    /// `{% comment %}`).
    ///
    /// # Errors
    /// `TemplateSyntaxError` when `endtag` never comes.
    pub fn skip_past(&mut self, endtag: &str) -> Result<()> {
        while let Some(token) = self.tokens.pop() {
            if token.token_type == TokenType::Block && token.contents == endtag {
                return Ok(());
            }
        }
        let (command, token) = self.command_stack.pop().unwrap_or_else(|| {
            (
                String::new(),
                Token {
                    token_type: TokenType::Block,
                    contents: String::new(),
                    lineno: 0,
                },
            )
        });
        let msg = format!(
            "Unclosed tag on line {}: '{}'. Looking for one of: {}.",
            token.lineno, command, endtag
        );
        Err(self.error(&token, msg))
    }

    /// Take the next token.
    pub fn next_token(&mut self) -> Option<Token> {
        self.tokens.pop()
    }

    /// Drop the next token (the end tag [`Parser::parse`] stopped at).
    pub fn delete_first_token(&mut self) {
        self.tokens.pop();
    }

    /// Put a token back in front of the stream.
    pub fn prepend_token(&mut self, token: Token) {
        self.tokens.push(token);
    }

    /// Compile a filter expression (`var|filter:arg`).
    ///
    /// # Errors
    /// `TemplateSyntaxError` for bad syntax or an unknown filter.
    pub fn compile_filter(&self, token: &str) -> Result<FilterExpression> {
        FilterExpression::new(token, &|name| self.find_filter(name))
    }

    /// Look up a filter among the loaded libraries.
    ///
    /// # Errors
    /// `TemplateSyntaxError` "Invalid filter: 'name'".
    pub fn find_filter(&self, name: &str) -> Result<Arc<Filter>> {
        self.libraries
            .iter()
            .rev()
            .find_map(|l| l.filters.get(name).cloned())
            .ok_or_else(|| TemplateError::syntax(format!("Invalid filter: '{name}'")))
    }

    fn find_tag(&self, name: &str) -> Option<Arc<crate::library::TagFn>> {
        self.libraries.iter().rev().find_map(|l| l.tags.get(name).cloned())
    }

    /// Make a library's tags and filters available to the rest of the
    /// template (what `{% load %}` does).
    pub fn add_library(&mut self, library: Arc<Library>) {
        self.libraries.push(library);
    }

    /// A library the engine knows under `name` (for `{% load name %}`).
    pub fn engine_library(&self, name: &str) -> Option<Arc<Library>> {
        self.engine.libraries.get(name).cloned()
    }

    /// Names of the libraries `{% load %}` can load, sorted.
    pub fn engine_library_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.engine.libraries.keys().cloned().collect();
        v.sort();
        v
    }

    /// A syntax error located at `token`.
    pub fn error(&self, token: &Token, message: impl Into<String>) -> TemplateError {
        self.locate(TemplateError::syntax(message), token)
    }

    fn locate(&self, e: TemplateError, token: &Token) -> TemplateError {
        e.with_location(self.origin.as_deref(), token.lineno, &token.source())
    }

    pub(crate) fn invalid_block_tag(&self, token: &Token, command: &str, parse_until: &[&str]) -> TemplateError {
        let msg = if parse_until.is_empty() {
            format!(
                "Invalid block tag on line {}: '{}'. Did you forget to register or load this tag?",
                token.lineno, command
            )
        } else {
            let quoted: Vec<String> = parse_until.iter().map(|p| format!("'{p}'")).collect();
            format!(
                "Invalid block tag on line {}: '{}', expected {}. Did you forget to register or load this tag?",
                token.lineno,
                command,
                text_list(&quoted, "or")
            )
        };
        self.error(token, msg)
    }
}

/// Django's `get_text_list`: `a, b or c`.
pub(crate) fn text_list(items: &[String], last_word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {}", init.join(", "), last_word, last),
    }
}

/// Parse `key=value` arguments (or, with `support_legacy`, `value as key
/// and ...`) from the front of `bits`, consuming them (Django's
/// `token_kwargs`). Returns an empty list when `bits` does not start with
/// a keyword argument.
///
/// # Errors
/// A bad filter expression in a value.
pub fn token_kwargs(
    bits: &mut Vec<String>,
    parser: &Parser<'_>,
    support_legacy: bool,
) -> Result<Vec<(String, FilterExpression)>> {
    let mut out = Vec::new();
    let Some(first) = bits.first() else { return Ok(out) };
    let kwarg_format = split_kwarg(first).is_some();
    if !kwarg_format && (!support_legacy || bits.len() < 3 || bits[1] != "as") {
        return Ok(out);
    }
    while !bits.is_empty() {
        let (key, value) = if kwarg_format {
            let Some((k, v)) = split_kwarg(&bits[0]) else {
                return Ok(out);
            };
            let kv = (k.to_owned(), v.to_owned());
            bits.remove(0);
            kv
        } else {
            if bits.len() < 3 || bits[1] != "as" {
                return Ok(out);
            }
            let kv = (bits[2].clone(), bits[0].clone());
            bits.drain(..3);
            kv
        };
        out.push((key, parser.compile_filter(&value)?));
        if !bits.is_empty() && !kwarg_format {
            if bits[0] != "and" {
                return Ok(out);
            }
            bits.remove(0);
        }
    }
    Ok(out)
}

/// `key=value` -> (`key`, `value`) when `key` is a word (Django's `kwarg_re`).
pub(crate) fn split_kwarg(bit: &str) -> Option<(&str, &str)> {
    let (k, v) = bit.split_once('=')?;
    if k.is_empty() || v.is_empty() || !k.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some((k, v))
}
