//! Mail about an event: registration confirmed, the schedule published, the reminder.

use super::*;

pub(super) fn registration_confirmed(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, when, place) = (x.company(), x.event(), x.starts(), x.place());
    match l {
        Language::En => {
            t.subject = format!("Registration confirmed: {event}");
            t.paragraphs
                .push(format!("{company} is registered for {event}."));
            t.paragraphs
                .push(format!("The event begins on {when} at {place}."));
            t.action = "See the registration".into();
        }
        Language::It => {
            t.subject = format!("Iscrizione confermata: {event}");
            t.paragraphs
                .push(format!("{company} è iscritta a {event}."));
            t.paragraphs
                .push(format!("L'evento inizia il {when} presso {place}."));
            t.action = "Vedi l'iscrizione".into();
        }
        Language::De => {
            t.subject = format!("Anmeldung bestätigt: {event}");
            t.paragraphs
                .push(format!("{company} ist für {event} angemeldet."));
            t.paragraphs.push(format!(
                "Die Veranstaltung beginnt am {when}. Ort: {place}."
            ));
            t.action = "Anmeldung ansehen".into();
        }
        Language::Fr => {
            t.subject = format!("Inscription confirmée : {event}");
            t.paragraphs
                .push(format!("{company} est inscrite à {event}."));
            t.paragraphs
                .push(format!("L'événement commence le {when}. Lieu : {place}."));
            t.action = "Voir l'inscription".into();
        }
    }
}

pub(super) fn schedule_published(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, first) = (x.company(), x.event(), x.starts());
    let n = x.p.count.unwrap_or(0);
    match l {
        Language::En => {
            t.subject = format!("Your meeting schedule for {event}");
            t.paragraphs.push(format!(
                "The organisers published the meeting schedule of {event}."
            ));
            t.paragraphs.push(match n {
                1 if x.p.own_schedule => format!("You have 1 meeting, on {first}. The attached calendar file (.ics) holds it."),
                n if x.p.own_schedule => format!("You have {n} meetings; the first begins on {first}. The attached calendar file (.ics) holds them all."),
                0 => format!("No meeting of {company} could be placed in this schedule."),
                1 => format!("{company} has 1 meeting, on {first}. The attached calendar file (.ics) holds it."),
                n => format!("{company} has {n} meetings; the first begins on {first}. The attached calendar file (.ics) holds them all."),
            });
            t.action = "See the schedule".into();
        }
        Language::It => {
            t.subject = format!("Il Suo programma di incontri per {event}");
            t.paragraphs.push(format!(
                "Gli organizzatori hanno pubblicato il programma degli incontri di {event}."
            ));
            t.paragraphs.push(match n {
                1 if x.p.own_schedule => format!("Ha 1 incontro, il {first}. Il file di calendario allegato (.ics) lo contiene."),
                n if x.p.own_schedule => format!("Ha {n} incontri; il primo inizia il {first}. Il file di calendario allegato (.ics) li contiene tutti."),
                0 => format!("Nessun incontro di {company} ha trovato posto in questo programma."),
                1 => format!("{company} ha 1 incontro, il {first}. Il file di calendario allegato (.ics) lo contiene."),
                n => format!("{company} ha {n} incontri; il primo inizia il {first}. Il file di calendario allegato (.ics) li contiene tutti."),
            });
            t.action = "Vedi il programma".into();
        }
        Language::De => {
            t.subject = format!("Ihr Terminplan für {event}");
            t.paragraphs.push(format!(
                "Die Veranstalter haben den Terminplan von {event} veröffentlicht."
            ));
            t.paragraphs.push(match n {
                1 if x.p.own_schedule => format!("Sie haben 1 Treffen, am {first}. Die angehängte Kalenderdatei (.ics) enthält es."),
                n if x.p.own_schedule => format!("Sie haben {n} Treffen; das erste beginnt am {first}. Die angehängte Kalenderdatei (.ics) enthält alle."),
                0 => format!("Für {company} konnte in diesem Plan kein Treffen eingeplant werden."),
                1 => format!("{company} hat 1 Treffen, am {first}. Die angehängte Kalenderdatei (.ics) enthält es."),
                n => format!("{company} hat {n} Treffen; das erste beginnt am {first}. Die angehängte Kalenderdatei (.ics) enthält alle."),
            });
            t.action = "Terminplan ansehen".into();
        }
        Language::Fr => {
            t.subject = format!("Votre programme de rendez-vous pour {event}");
            t.paragraphs.push(format!(
                "Les organisateurs ont publié le programme des rendez-vous de {event}."
            ));
            t.paragraphs.push(match n {
                1 if x.p.own_schedule => format!("Vous avez 1 rendez-vous, le {first}. Le fichier de calendrier joint (.ics) le contient."),
                n if x.p.own_schedule => format!("Vous avez {n} rendez-vous ; le premier commence le {first}. Le fichier de calendrier joint (.ics) les contient tous."),
                0 => format!("Aucun rendez-vous de {company} n'a pu être placé dans ce programme."),
                1 => format!("{company} a 1 rendez-vous, le {first}. Le fichier de calendrier joint (.ics) le contient."),
                n => format!("{company} a {n} rendez-vous ; le premier commence le {first}. Le fichier de calendrier joint (.ics) les contient tous."),
            });
            t.action = "Voir le programme".into();
        }
    }
}

pub(super) fn event_reminder(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, when, place) = (x.company(), x.event(), x.starts(), x.place());
    match l {
        Language::En => {
            t.subject = format!("Tomorrow: {event}");
            t.paragraphs.push(format!(
                "A reminder: {event} begins on {when} at {place}. {company} is registered."
            ));
            t.paragraphs
                .push("Your meeting schedule and the agenda are on the event's page.".into());
            t.action = "See the event".into();
        }
        Language::It => {
            t.subject = format!("Domani: {event}");
            t.paragraphs.push(format!(
                "Promemoria: {event} inizia il {when} presso {place}. {company} è iscritta."
            ));
            t.paragraphs.push(
                "Il programma degli incontri e l'agenda sono nella pagina dell'evento.".into(),
            );
            t.action = "Vedi l'evento".into();
        }
        Language::De => {
            t.subject = format!("Morgen: {event}");
            t.paragraphs.push(format!(
                "Zur Erinnerung: {event} beginnt am {when}. Ort: {place}. {company} ist angemeldet."
            ));
            t.paragraphs.push(
                "Ihren Terminplan und die Agenda finden Sie auf der Seite der Veranstaltung."
                    .into(),
            );
            t.action = "Veranstaltung ansehen".into();
        }
        Language::Fr => {
            t.subject = format!("Demain : {event}");
            t.paragraphs.push(format!(
                "Rappel : {event} commence le {when}. Lieu : {place}. {company} est inscrite."
            ));
            t.paragraphs.push("Votre programme de rendez-vous et l'ordre du jour sont sur la page de l'événement.".into());
            t.action = "Voir l'événement".into();
        }
    }
}

pub(super) fn event_invitation(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, when, place) = (x.company(), x.event(), x.starts(), x.place());
    let host = x.v(&x.p.organisation);
    match l {
        Language::En => {
            t.subject = format!("Invitation: {event}");
            t.paragraphs.push(format!(
                "{host} invites {company} to {event}, which begins on {when} at {place}."
            ));
            t.paragraphs.push(
                "Register your company and the people who will attend on the event's page.".into(),
            );
            t.action = "Register".into();
        }
        Language::It => {
            t.subject = format!("Invito: {event}");
            t.paragraphs.push(format!(
                "{host} invita {company} a {event}, che inizia il {when} presso {place}."
            ));
            t.paragraphs.push(
                "Iscriva la Sua azienda e le persone che parteciperanno nella pagina dell'evento."
                    .into(),
            );
            t.action = "Iscriviti".into();
        }
        Language::De => {
            t.subject = format!("Einladung: {event}");
            t.paragraphs.push(format!(
                "{host} lädt {company} zu {event} ein. Die Veranstaltung beginnt am {when}. Ort: {place}."
            ));
            t.paragraphs.push(
                "Melden Sie Ihr Unternehmen und die Teilnehmenden auf der Seite der Veranstaltung an."
                    .into(),
            );
            t.action = "Anmelden".into();
        }
        Language::Fr => {
            t.subject = format!("Invitation : {event}");
            t.paragraphs.push(format!(
                "{host} invite {company} à {event}, qui commence le {when}. Lieu : {place}."
            ));
            t.paragraphs.push(
                "Inscrivez votre entreprise et les personnes qui participeront sur la page de l'événement."
                    .into(),
            );
            t.action = "S'inscrire".into();
        }
    }
}

/// A registration that holds no seat yet, or no longer waits: `pending` (awaiting the
/// organisers' approval), `waitlisted` (with its position, `count`) or `declined` (with
/// the organisers' reason, `message`).
pub(super) fn registration_status(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, when, place) = (x.company(), x.event(), x.starts(), x.place());
    let status = x.p.status.as_deref().unwrap_or_default();
    let position = x.p.count.map_or_else(|| "—".to_owned(), |n| n.to_string());
    if status == "declined"
        && let Some(reason) = x.message()
    {
        let intro = match l {
            Language::En => "The organisers wrote:",
            Language::It => "Gli organizzatori hanno scritto:",
            Language::De => "Die Veranstalter schreiben:",
            Language::Fr => "Les organisateurs ont écrit :",
        };
        t.quote = Some((intro.into(), reason));
    }
    match l {
        Language::En => {
            let (subject, line) = match status {
                "pending" => (
                    "Registration received",
                    format!(
                        "The registration of {company} for {event} awaits the organisers' approval. It holds no seat until they approve it; you will hear from us."
                    ),
                ),
                "waitlisted" => (
                    "On the waiting list",
                    format!(
                        "{event} is full: {company} is on the waiting list, in position {position}. When seats free up, the first in line get them, and you will hear from us."
                    ),
                ),
                _ => (
                    "Registration declined",
                    format!("The organisers declined the registration of {company} for {event}."),
                ),
            };
            t.subject = format!("{subject}: {event}");
            t.paragraphs.push(line);
            t.paragraphs
                .push(format!("The event begins on {when} at {place}."));
            t.action = "See the registration".into();
        }
        Language::It => {
            let (subject, line) = match status {
                "pending" => (
                    "Iscrizione ricevuta",
                    format!(
                        "L'iscrizione di {company} a {event} attende l'approvazione degli organizzatori. Non occupa posti finché non è approvata; la terremo informata."
                    ),
                ),
                "waitlisted" => (
                    "In lista d'attesa",
                    format!(
                        "{event} è al completo: {company} è in lista d'attesa, in posizione {position}. Quando si liberano posti, li ottiene chi è primo in lista; la terremo informata."
                    ),
                ),
                _ => (
                    "Iscrizione rifiutata",
                    format!(
                        "Gli organizzatori hanno rifiutato l'iscrizione di {company} a {event}."
                    ),
                ),
            };
            t.subject = format!("{subject}: {event}");
            t.paragraphs.push(line);
            t.paragraphs
                .push(format!("L'evento inizia il {when} presso {place}."));
            t.action = "Vedi l'iscrizione".into();
        }
        Language::De => {
            let (subject, line) = match status {
                "pending" => (
                    "Anmeldung eingegangen",
                    format!(
                        "Die Anmeldung von {company} für {event} wartet auf die Freigabe der Veranstalter. Bis dahin belegt sie keine Plätze; wir melden uns."
                    ),
                ),
                "waitlisted" => (
                    "Auf der Warteliste",
                    format!(
                        "{event} ist ausgebucht: {company} steht auf der Warteliste, an Position {position}. Werden Plätze frei, erhalten sie die Ersten auf der Liste; wir melden uns."
                    ),
                ),
                _ => (
                    "Anmeldung abgelehnt",
                    format!(
                        "Die Veranstalter haben die Anmeldung von {company} für {event} abgelehnt."
                    ),
                ),
            };
            t.subject = format!("{subject}: {event}");
            t.paragraphs.push(line);
            t.paragraphs.push(format!(
                "Die Veranstaltung beginnt am {when}. Ort: {place}."
            ));
            t.action = "Anmeldung ansehen".into();
        }
        Language::Fr => {
            let (subject, line) = match status {
                "pending" => (
                    "Inscription reçue",
                    format!(
                        "L'inscription de {company} à {event} attend l'approbation des organisateurs. Elle n'occupe aucune place tant qu'elle n'est pas approuvée ; nous vous tiendrons informés."
                    ),
                ),
                "waitlisted" => (
                    "Sur la liste d'attente",
                    format!(
                        "{event} est complet : {company} est sur la liste d'attente, en position {position}. Quand des places se libèrent, les premiers de la liste les obtiennent ; nous vous tiendrons informés."
                    ),
                ),
                _ => (
                    "Inscription refusée",
                    format!("Les organisateurs ont refusé l'inscription de {company} à {event}."),
                ),
            };
            t.subject = format!("{subject} : {event}");
            t.paragraphs.push(line);
            t.paragraphs
                .push(format!("L'événement commence le {when}. Lieu : {place}."));
            t.action = "Voir l'inscription".into();
        }
    }
}

/// A registration that was waiting got its seats: promoted from the waiting list.
pub(super) fn registration_promoted(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, when, place) = (x.company(), x.event(), x.starts(), x.place());
    match l {
        Language::En => {
            t.subject = format!("Seats free: {company} is registered for {event}");
            t.paragraphs.push(format!(
                "Seats became free at {event}: {company} moved up from the waiting list and is now registered."
            ));
            t.paragraphs
                .push(format!("The event begins on {when} at {place}."));
            t.action = "See the registration".into();
        }
        Language::It => {
            t.subject = format!("Posti liberi: {company} è iscritta a {event}");
            t.paragraphs.push(format!(
                "Si sono liberati posti a {event}: {company} è passata dalla lista d'attesa ed è ora iscritta."
            ));
            t.paragraphs
                .push(format!("L'evento inizia il {when} presso {place}."));
            t.action = "Vedi l'iscrizione".into();
        }
        Language::De => {
            t.subject = format!("Plätze frei: {company} ist für {event} angemeldet");
            t.paragraphs.push(format!(
                "Bei {event} sind Plätze frei geworden: {company} ist von der Warteliste nachgerückt und jetzt angemeldet."
            ));
            t.paragraphs.push(format!(
                "Die Veranstaltung beginnt am {when}. Ort: {place}."
            ));
            t.action = "Anmeldung ansehen".into();
        }
        Language::Fr => {
            t.subject = format!("Places libérées : {company} est inscrite à {event}");
            t.paragraphs.push(format!(
                "Des places se sont libérées à {event} : {company} quitte la liste d'attente et est maintenant inscrite."
            ));
            t.paragraphs
                .push(format!("L'événement commence le {when}. Lieu : {place}."));
            t.action = "Voir l'inscription".into();
        }
    }
}
