//! Mail about partnership requests: received and each change of status.

use super::*;

pub(super) fn partnership_received(t: &mut Texts, l: Language, x: &Values) {
    let (company, other, subject) = (x.company(), x.other(), x.subject());
    let label = match l {
        Language::En => {
            t.subject = format!("Partnership request from {other}: {subject}");
            t.paragraphs.push(format!(
                "{other} sent {company} a partnership request: “{subject}”."
            ));
            t.action = "Answer the request".into();
            "Their message:"
        }
        Language::It => {
            t.subject = format!("Richiesta di partnership da {other}: {subject}");
            t.paragraphs.push(format!(
                "{other} ha inviato a {company} una richiesta di partnership: «{subject}»."
            ));
            t.action = "Rispondi alla richiesta".into();
            "Il loro messaggio:"
        }
        Language::De => {
            t.subject = format!("Partnerschaftsanfrage von {other}: {subject}");
            t.paragraphs.push(format!(
                "{other} hat {company} eine Partnerschaftsanfrage gesendet: „{subject}“."
            ));
            t.action = "Anfrage beantworten".into();
            "Die Nachricht dazu:"
        }
        Language::Fr => {
            t.subject = format!("Demande de partenariat de {other} : {subject}");
            t.paragraphs.push(format!(
                "{other} a envoyé à {company} une demande de partenariat : « {subject} »."
            ));
            t.action = "Répondre à la demande".into();
            "Leur message :"
        }
    };
    t.quote = x.message().map(|m| (label.to_owned(), m));
}

pub(super) fn partnership_status(t: &mut Texts, l: Language, x: &Values) {
    let (company, other, subject, status) = (x.company(), x.other(), x.subject(), x.status(l));
    let label = match l {
        Language::En => {
            t.subject = format!("Partnership request {status}: {subject}");
            t.paragraphs.push(format!(
                "The partnership request “{subject}” between {company} and {other} is now {status}."
            ));
            t.action = "See the request".into();
            "Comment:"
        }
        Language::It => {
            t.subject = format!("Richiesta di partnership {status}: {subject}");
            t.paragraphs.push(format!(
                "La richiesta di partnership «{subject}» tra {company} e {other} è ora {status}."
            ));
            t.action = "Vedi la richiesta".into();
            "Commento:"
        }
        Language::De => {
            t.subject = format!("Partnerschaftsanfrage {status}: {subject}");
            t.paragraphs.push(format!("Die Partnerschaftsanfrage „{subject}“ zwischen {company} und {other} ist jetzt {status}."));
            t.action = "Anfrage ansehen".into();
            "Kommentar:"
        }
        Language::Fr => {
            t.subject = format!("Demande de partenariat {status} : {subject}");
            t.paragraphs.push(format!("La demande de partenariat « {subject} » entre {company} et {other} est maintenant {status}."));
            t.action = "Voir la demande".into();
            "Commentaire :"
        }
    };
    t.quote = x.message().map(|m| (label.to_owned(), m));
}
