//! Questions drawn from a conversation, whose answers are in the capture:
//! "What did the server answer to RCPT TO?" (predict the next reply),
//! "Which reply tells you the password was accepted?", "How many messages
//! are in the mailbox?" (what a line means). The question's words are a
//! catalogue entry (`quiz.*`, with the RFC section that decides the
//! answer); the answer is text from the capture; after answering, the view
//! shows the explanation of the item the question is about.

use crate::model::{Dir, Item, Line, LineKind, Protocol, Stream};
use serde::{Deserialize, Serialize};

/// What kind of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuizKind {
    /// Predict the reply to a command.
    NextReply,
    /// Which line means something (the login was accepted).
    Meaning,
    /// A number the capture holds (messages in the mailbox), typed.
    Count,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuizKind,
    /// The catalogue key of the question's words, and its arguments.
    pub key: String,
    pub args: Vec<String>,
    /// Choices to click; empty when the answer is typed.
    pub choices: Vec<String>,
    /// The right answer, as the capture shows it (one of `choices` when there are choices).
    pub answer: String,
    /// The stream item whose explanation is shown after the answer.
    pub item: usize,
}

impl Question {
    /// Whether `given` (clicked or typed) is the right answer: compared
    /// without case and surrounding spaces.
    pub fn is_right(&self, given: &str) -> bool {
        given.trim().eq_ignore_ascii_case(self.answer.trim())
    }
}

/// Replies usually met in each protocol, for the wrong choices.
fn usual(protocol: Protocol) -> &'static [&'static str] {
    match protocol {
        Protocol::Smtp | Protocol::Lmtp => &["250", "354", "550", "221", "235", "334", "220", "535", "530", "451", "452", "554"],
        Protocol::Pop3 => &["+OK", "-ERR"],
        Protocol::Imap => &["OK", "NO", "BAD"],
        _ => &[],
    }
}

/// The status a reply line shows: "250", "+OK", "OK".
fn status(l: &Line) -> Option<String> {
    l.verb.clone()
}

/// Up to four choices: the answer and usual others, in a fixed order (the
/// protocol's list), so the right one is not always first.
fn choices(protocol: Protocol, answer: &str) -> Vec<String> {
    let mut out: Vec<String> = usual(protocol).iter().filter(|c| **c != answer).take(3).map(|c| c.to_string()).collect();
    out.push(answer.to_string());
    out.sort();
    out
}

/// Commands whose words would show a secret in the question.
fn shows_secret(verb: &str) -> bool {
    matches!(verb, "PASS" | "LOGIN" | "AUTH" | "AUTHENTICATE" | "APOP")
}

/// The questions of a conversation, in the order of the dialogue.
pub fn questions(stream: &Stream) -> Vec<Question> {
    let protocol = stream.protocol;
    if !protocol.is_mail() {
        return Vec::new();
    }
    let lines: Vec<(usize, &Line)> =
        stream.items.iter().enumerate().filter_map(|(i, it)| if let Item::Line(l) = it { Some((i, l)) } else { None }).collect();
    let answer_to = |number: u32| lines.iter().find(|(_, l)| l.answers == Some(number) && l.dir == Dir::Server);
    let mut out = Vec::new();
    let mut asked_verbs: Vec<String> = Vec::new();
    for (_, l) in &lines {
        if l.kind != LineKind::Command || l.dir != Dir::Client {
            continue;
        }
        let Some(verb) = l.verb.as_deref() else { continue };
        let Some((at, reply)) = answer_to(l.number) else { continue };
        let Some(code) = status(reply) else { continue };
        // The reply's first line says what its code means (the last line of a multi-line reply may be a keyword).
        let mut at = *at;
        while at > 0
            && matches!(&stream.items[at - 1], Item::Line(p) if p.dir == Dir::Server && p.kind == LineKind::Reply && p.answers.is_none() && p.verb.as_deref() == Some(code.as_str()))
        {
            at -= 1;
        }
        // Login: which reply says the password was accepted (or refused).
        if shows_secret(verb) {
            let accepted = stream.items.iter().find_map(|i| match i {
                Item::Credential(c) => c.accepted,
                _ => None,
            });
            if accepted.is_some() && !out.iter().any(|q: &Question| q.kind == QuizKind::Meaning) && !matches!(verb, "USER") {
                let key = if accepted == Some(true) { "quiz.login.accepted" } else { "quiz.login.refused" };
                out.push(Question {
                    kind: QuizKind::Meaning,
                    key: format!("{key}.{}", protocol.name()),
                    args: vec![],
                    choices: choices(protocol, &code),
                    answer: code.clone(),
                    item: at,
                });
            }
            continue;
        }
        // One reply question per command and reply (a RCPT accepted, another refused), with the command as the client sent it.
        let asked = format!("{verb} {code}");
        if asked_verbs.contains(&asked) || usual(protocol).len() < 2 {
            continue;
        }
        asked_verbs.push(asked);
        out.push(Question {
            kind: QuizKind::NextReply,
            key: format!("quiz.next_reply.{}", protocol.name()),
            args: vec![l.text.clone()],
            choices: choices(protocol, &code),
            answer: code,
            item: at,
        });
    }
    // How many messages: POP3's STAT answer (RFC 1939 §5), IMAP's EXISTS (RFC 9051 §7.4.1).
    for (i, l) in &lines {
        if l.dir != Dir::Server || l.kind != LineKind::Reply {
            continue;
        }
        let words: Vec<&str> = l.text.split_whitespace().collect();
        let count = match protocol {
            Protocol::Pop3 if l.explain.has("pop3.reply.+OK.STAT") => words.get(1).copied(),
            Protocol::Imap if words.len() == 3 && words[0] == "*" && words[2].eq_ignore_ascii_case("EXISTS") => Some(words[1]),
            _ => None,
        };
        if let Some(n) = count.filter(|n| n.bytes().all(|b| b.is_ascii_digit())) {
            out.push(Question {
                kind: QuizKind::Count,
                key: format!("quiz.count.{}", protocol.name()),
                args: vec![],
                choices: vec![],
                answer: n.to_string(),
                item: *i,
            });
            break;
        }
    }
    out
}
