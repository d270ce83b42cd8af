//! A mail's three texts from its template: the subject (one line, no control characters,
//! so that nothing typed into a company name can add a header), the plain-text body and
//! the HTML body (every value escaped).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::templates::{self, Texts};
use super::{Language, MailKind, Params};

/// What the recipient and the deployment add to a template.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub language: Language,
    /// Times are shown in this zone.
    pub time_zone: Tz,
    /// The frontend's address (`C2C_PUBLIC_URL`); relative links are joined to it.
    pub public_url: &'a str,
    /// The one-click unsubscribe link (none for transactional mail).
    pub unsubscribe_url: Option<&'a str>,
}

/// A rendered mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Longest subject kept (characters); mail clients show far less.
const SUBJECT_MAX: usize = 200;

/// `text` on one line: every control character (CR, LF, tab, and the Unicode line and
/// paragraph separators) becomes a space, runs of spaces become one.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            ' '
        } else {
            c
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_owned()
}

/// A block of text people wrote: line breaks kept (as LF), other control characters
/// dropped.
fn block(text: &str) -> String {
    let unified = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    unified
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The absolute address of `link`: absolute http(s) URLs as they are, anything else as a
/// path under the public URL.
pub fn absolute(public_url: &str, link: &str) -> String {
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return one_line(link);
    }
    format!(
        "{}/{}",
        public_url.trim_end_matches('/'),
        one_line(link).trim_start_matches('/')
    )
}

/// A moment as people of `language` write it, in `zone`, with the zone's abbreviation.
pub fn when(at: DateTime<Utc>, zone: Tz, language: Language) -> String {
    let local = at.with_timezone(&zone);
    let pattern = match language {
        Language::En => "%-d %B %Y, %H:%M (%Z)",
        Language::De => "%-d.%-m.%Y, %H:%M Uhr (%Z)",
        Language::Fr => "%-d/%m/%Y à %Hh%M (%Z)",
        Language::It => "%-d/%m/%Y alle %H:%M (%Z)",
    };
    local.format(pattern).to_string()
}

/// Renders `kind` for one recipient.
pub fn render(kind: MailKind, ctx: &Context<'_>, params: &Params) -> Rendered {
    let texts = templates::texts(kind, ctx, params);
    let link = absolute(ctx.public_url, &params.link);
    let subject: String = one_line(&texts.subject).chars().take(SUBJECT_MAX).collect();
    Rendered {
        text: text_body(&texts, &link, ctx, kind),
        html: html_body(&texts, &subject, &link, ctx, kind),
        subject,
    }
}

fn text_body(t: &Texts, link: &str, ctx: &Context<'_>, kind: MailKind) -> String {
    let mut out = String::new();
    out.push_str(&t.greeting);
    out.push_str("\n\n");
    for p in &t.paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    if let Some((label, text)) = &t.quote {
        out.push_str(label);
        out.push('\n');
        for line in block(text).lines() {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    if let Some((label, people)) = &t.people {
        out.push_str(label);
        out.push('\n');
        for p in people {
            out.push_str("- ");
            out.push_str(p);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&t.action);
    out.push_str(":\n");
    out.push_str(link);
    out.push_str("\n\n");
    if let Some(n) = &t.notice {
        out.push_str(n);
        out.push_str("\n\n");
    }
    out.push_str("-- \nCluster2Cluster\n");
    match (kind.is_transactional(), ctx.unsubscribe_url) {
        (false, Some(url)) => {
            out.push_str(&t.unsubscribe_text);
            out.push('\n');
            out.push_str(url);
            out.push('\n');
        }
        _ => {
            out.push_str(&t.transactional_note);
            out.push('\n');
        }
    }
    out
}

fn html_body(t: &Texts, subject: &str, link: &str, ctx: &Context<'_>, kind: MailKind) -> String {
    let e = escape_html;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(ctx.language.as_str());
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
    out.push_str(&e(subject));
    out.push_str("</title>\n</head>\n<body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em\">\n");
    out.push_str(&format!("<p>{}</p>\n", e(&t.greeting)));
    for p in &t.paragraphs {
        out.push_str(&format!("<p>{}</p>\n", e(p)));
    }
    if let Some((label, text)) = &t.quote {
        out.push_str(&format!(
            "<p>{}</p>\n<blockquote style=\"white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0 0 1em 0; padding-left: 1em\">{}</blockquote>\n",
            e(label),
            e(&block(text))
        ));
    }
    if let Some((label, people)) = &t.people {
        out.push_str(&format!("<p>{}</p>\n<ul>\n", e(label)));
        for p in people {
            out.push_str(&format!("<li>{}</li>\n", e(p)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&format!(
        "<p><a href=\"{}\" style=\"display: inline-block; padding: 0.5em 1em; background: #0b5cad; color: #ffffff; text-decoration: none; border-radius: 4px\">{}</a></p>\n",
        e(link),
        e(&t.action)
    ));
    if let Some(n) = &t.notice {
        out.push_str(&format!("<p>{}</p>\n", e(n)));
    }
    out.push_str("<hr style=\"border: none; border-top: 1px solid #ddd\">\n<p style=\"font-size: small; color: #555\">Cluster2Cluster<br>\n");
    match (kind.is_transactional(), ctx.unsubscribe_url) {
        (false, Some(url)) => out.push_str(&format!(
            "<a href=\"{}\">{}</a></p>\n",
            e(url),
            e(&t.unsubscribe_label)
        )),
        _ => out.push_str(&format!("{}</p>\n", e(&t.transactional_note))),
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The small page behind an unsubscribe link, in the person's language: a question with a
/// button that posts the one-click form (mail scanners open links, so opening it changes
/// nothing), or — `done` — the confirmation.
pub fn unsubscribe_page(kind: MailKind, language: Language, done: bool) -> String {
    let label = escape_html(templates::kind_label(kind, language));
    let (title, question, button, confirmation) = match language {
        Language::En => (
            "Unsubscribe",
            format!("Stop e-mails about {label}?"),
            "Stop these e-mails",
            format!(
                "Done: you no longer receive e-mails about {label}. You can turn them on again in your profile."
            ),
        ),
        Language::It => (
            "Disattiva e-mail",
            format!("Non ricevere più e-mail su: {label}?"),
            "Non ricevere più queste e-mail",
            format!("Fatto: non riceverà più e-mail su: {label}. Può riattivarle nel Suo profilo."),
        ),
        Language::De => (
            "Abbestellen",
            format!("Keine E-Mails mehr zu: {label}?"),
            "Diese E-Mails abbestellen",
            format!(
                "Erledigt: Sie erhalten keine E-Mails mehr zu: {label}. Im Profil können Sie sie wieder einschalten."
            ),
        ),
        Language::Fr => (
            "Se désabonner",
            format!("Ne plus recevoir d'e-mails : {label} ?"),
            "Ne plus recevoir ces e-mails",
            format!(
                "C'est fait : vous ne recevez plus d'e-mails : {label}. Vous pouvez les réactiver dans votre profil."
            ),
        ),
    };
    let body = if done {
        format!("<p>{confirmation}</p>")
    } else {
        format!(
            "<p>{question}</p>\n<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">{}</button></form>",
            escape_html(button)
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>{} · Cluster2Cluster</title>\n</head>\n<body style=\"font-family: sans-serif; max-width: 36em; margin: 2em auto\">\n<h1>{}</h1>\n{body}\n</body>\n</html>\n",
        language.as_str(),
        escape_html(title),
        escape_html(title)
    )
}
