//! Mail about meeting requests: received, accepted, declined, cancelled.

use super::*;

pub(super) fn meeting_request_received(t: &mut Texts, l: Language, x: &Values) {
    let (company, other, event) = (x.company(), x.other(), x.event());
    let people = x.people();
    let (label_message, label_people) = match l {
        Language::En => {
            t.subject = format!("Meeting request from {other}: {event}");
            t.paragraphs.push(format!(
                "{other} asks {company} for a 1:1 meeting at {event}."
            ));
            t.action = "Answer the request".into();
            ("Their message:", format!("Attending for {other}:"))
        }
        Language::It => {
            t.subject = format!("Richiesta di incontro da {other}: {event}");
            t.paragraphs.push(format!(
                "{other} chiede a {company} un incontro 1:1 durante {event}."
            ));
            t.action = "Rispondi alla richiesta".into();
            ("Il loro messaggio:", format!("Partecipano per {other}:"))
        }
        Language::De => {
            t.subject = format!("Terminanfrage von {other}: {event}");
            t.paragraphs.push(format!(
                "{other} bittet {company} um ein 1:1-Treffen bei {event}."
            ));
            t.action = "Anfrage beantworten".into();
            ("Die Nachricht dazu:", format!("Für {other} nehmen teil:"))
        }
        Language::Fr => {
            t.subject = format!("Demande de rendez-vous de {other} : {event}");
            t.paragraphs.push(format!(
                "{other} propose à {company} un rendez-vous individuel lors de {event}."
            ));
            t.action = "Répondre à la demande".into();
            ("Leur message :", format!("Participent pour {other} :"))
        }
    };
    t.quote = x.message().map(|m| (label_message.to_owned(), m));
    if !people.is_empty() {
        t.people = Some((label_people, people));
    }
}

pub(super) fn meeting_request_answered(t: &mut Texts, kind: MailKind, l: Language, x: &Values) {
    let (company, other, event) = (x.company(), x.other(), x.event());
    match (l, kind) {
        (Language::En, MailKind::MeetingRequestAccepted) => {
            t.subject = format!("{other} accepted your meeting request");
            t.paragraphs.push(format!(
                "{other} accepted the meeting request of {company} at {event}."
            ));
            t.paragraphs
                .push("The meeting will be placed in the schedule the organisers publish.".into());
        }
        (Language::En, MailKind::MeetingRequestDeclined) => {
            t.subject = format!("{other} declined your meeting request");
            t.paragraphs.push(format!(
                "{other} declined the meeting request of {company} at {event}."
            ));
        }
        (Language::En, _) => {
            t.subject = format!("Meeting cancelled: {other}, {event}");
            t.paragraphs.push(format!(
                "The 1:1 meeting between {company} and {other} at {event} was cancelled."
            ));
        }
        (Language::It, MailKind::MeetingRequestAccepted) => {
            t.subject = format!("{other} ha accettato la richiesta di incontro");
            t.paragraphs.push(format!(
                "{other} ha accettato la richiesta di incontro di {company} per {event}."
            ));
            t.paragraphs.push(
                "L'incontro sarà inserito nel programma che gli organizzatori pubblicheranno."
                    .into(),
            );
        }
        (Language::It, MailKind::MeetingRequestDeclined) => {
            t.subject = format!("{other} ha rifiutato la richiesta di incontro");
            t.paragraphs.push(format!(
                "{other} ha rifiutato la richiesta di incontro di {company} per {event}."
            ));
        }
        (Language::It, _) => {
            t.subject = format!("Incontro annullato: {other}, {event}");
            t.paragraphs.push(format!(
                "L'incontro 1:1 tra {company} e {other} durante {event} è stato annullato."
            ));
        }
        (Language::De, MailKind::MeetingRequestAccepted) => {
            t.subject = format!("{other} hat Ihre Terminanfrage angenommen");
            t.paragraphs.push(format!(
                "{other} hat die Terminanfrage von {company} für {event} angenommen."
            ));
            t.paragraphs.push(
                "Das Treffen kommt in den Terminplan, den die Veranstalter veröffentlichen.".into(),
            );
        }
        (Language::De, MailKind::MeetingRequestDeclined) => {
            t.subject = format!("{other} hat Ihre Terminanfrage abgelehnt");
            t.paragraphs.push(format!(
                "{other} hat die Terminanfrage von {company} für {event} abgelehnt."
            ));
        }
        (Language::De, _) => {
            t.subject = format!("Treffen abgesagt: {other}, {event}");
            t.paragraphs.push(format!(
                "Das 1:1-Treffen zwischen {company} und {other} bei {event} wurde abgesagt."
            ));
        }
        (Language::Fr, MailKind::MeetingRequestAccepted) => {
            t.subject = format!("{other} a accepté votre demande de rendez-vous");
            t.paragraphs.push(format!(
                "{other} a accepté la demande de rendez-vous de {company} pour {event}."
            ));
            t.paragraphs.push(
                "Le rendez-vous figurera dans le programme que les organisateurs publieront."
                    .into(),
            );
        }
        (Language::Fr, MailKind::MeetingRequestDeclined) => {
            t.subject = format!("{other} a refusé votre demande de rendez-vous");
            t.paragraphs.push(format!(
                "{other} a refusé la demande de rendez-vous de {company} pour {event}."
            ));
        }
        (Language::Fr, _) => {
            t.subject = format!("Rendez-vous annulé : {other}, {event}");
            t.paragraphs.push(format!(
                "Le rendez-vous individuel entre {company} et {other} lors de {event} a été annulé."
            ));
        }
    }
    t.action = match l {
        Language::En => "See the request",
        Language::It => "Vedi la richiesta",
        Language::De => "Anfrage ansehen",
        Language::Fr => "Voir la demande",
    }
    .into();
}
