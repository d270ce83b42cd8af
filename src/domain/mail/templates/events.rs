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
