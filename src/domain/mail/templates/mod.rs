//! The sentences of every kind of mail in Italian, German, French and English. Values are
//! put in as single lines; the HTML part escapes them afterwards (`render`).

mod account;
mod events;
mod meetings;
mod partnerships;

use account::{email_verification, invitation, password_reset};
use events::{
    event_invitation, event_reminder, registration_confirmed, registration_promoted,
    registration_status, schedule_published,
};
use meetings::{meeting_request_answered, meeting_request_received};
use partnerships::{partnership_received, partnership_status};

use super::render::{Context, one_line, when};
use super::{Language, MailKind, Params};

/// A mail's texts before they are laid out as plain text and HTML.
pub struct Texts {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// Free text someone wrote, with the line that introduces it.
    pub quote: Option<(String, String)>,
    /// People named in the mail, with the line that introduces them.
    pub people: Option<(String, Vec<String>)>,
    /// The button's label.
    pub action: String,
    /// A last line below the button (what to do if the mail was not expected).
    pub notice: Option<String>,
    pub unsubscribe_text: String,
    pub unsubscribe_label: String,
    pub transactional_note: String,
}

/// The values of `params` as single lines, "—" where a needed value is missing.
struct Values<'a> {
    p: &'a Params,
    ctx: &'a Context<'a>,
}

impl Values<'_> {
    fn v(&self, value: &Option<String>) -> String {
        value
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "—".to_owned())
    }
    fn company(&self) -> String {
        self.v(&self.p.company)
    }
    fn other(&self) -> String {
        self.v(&self.p.other_company)
    }
    fn event(&self) -> String {
        self.v(&self.p.event)
    }
    fn place(&self) -> String {
        self.v(&self.p.place)
    }
    fn subject(&self) -> String {
        self.v(&self.p.subject)
    }
    fn starts(&self) -> String {
        self.p
            .starts_at
            .map(|at| when(at, self.ctx.time_zone, self.ctx.language))
            .unwrap_or_else(|| "—".to_owned())
    }
    fn expires(&self) -> Option<String> {
        self.p
            .expires_at
            .map(|at| when(at, self.ctx.time_zone, self.ctx.language))
    }
    fn message(&self) -> Option<String> {
        self.p
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
    }
    fn people(&self) -> Vec<String> {
        self.p
            .people
            .iter()
            .map(|p| one_line(p))
            .filter(|p| !p.is_empty())
            .collect()
    }
    fn status(&self, l: Language) -> String {
        let status = self.p.status.as_deref().unwrap_or_default();
        let word = match (l, status) {
            (Language::En, "accepted") => "accepted",
            (Language::En, "declined") => "declined",
            (Language::En, "withdrawn") => "withdrawn",
            (Language::En, "concluded") => "concluded",
            (Language::En, "closed") => "closed",
            (Language::It, "accepted") => "accettata",
            (Language::It, "declined") => "rifiutata",
            (Language::It, "withdrawn") => "ritirata",
            (Language::It, "concluded") => "conclusa",
            (Language::It, "closed") => "chiusa",
            (Language::De, "accepted") => "angenommen",
            (Language::De, "declined") => "abgelehnt",
            (Language::De, "withdrawn") => "zurückgezogen",
            (Language::De, "concluded") => "abgeschlossen",
            (Language::De, "closed") => "beendet",
            (Language::Fr, "accepted") => "acceptée",
            (Language::Fr, "declined") => "refusée",
            (Language::Fr, "withdrawn") => "retirée",
            (Language::Fr, "concluded") => "conclue",
            (Language::Fr, "closed") => "close",
            _ => return self.v(&self.p.status),
        };
        word.to_owned()
    }
    fn role(&self, l: Language) -> String {
        let role = self.p.role.as_deref().unwrap_or_default();
        let word = match (l, role) {
            (Language::En, "member_editor") => "editor",
            (Language::En, "cluster_manager") => "cluster manager",
            (Language::En, "admin") => "platform administrator",
            (Language::It, "member_editor") => "redattore",
            (Language::It, "cluster_manager") => "responsabile",
            (Language::It, "admin") => "amministratore della piattaforma",
            (Language::De, "member_editor") => "Bearbeiter",
            (Language::De, "cluster_manager") => "Cluster-Manager",
            (Language::De, "admin") => "Plattform-Administrator",
            (Language::Fr, "member_editor") => "éditeur",
            (Language::Fr, "cluster_manager") => "responsable",
            (Language::Fr, "admin") => "administrateur de la plateforme",
            _ => return self.v(&self.p.role),
        };
        word.to_owned()
    }
}

fn greeting(l: Language, name: Option<&str>) -> String {
    let name = name.map(one_line).filter(|n| !n.is_empty());
    match (l, name) {
        (Language::En, Some(n)) => format!("Hello {n},"),
        (Language::En, None) => "Hello,".into(),
        (Language::It, Some(n)) => format!("Buongiorno {n},"),
        (Language::It, None) => "Buongiorno,".into(),
        (Language::De, Some(n)) => format!("Guten Tag {n}"),
        (Language::De, None) => "Guten Tag".into(),
        (Language::Fr, Some(n)) => format!("Bonjour {n},"),
        (Language::Fr, None) => "Bonjour,".into(),
    }
}

/// The texts of `kind` in the context's language.
pub fn texts(kind: MailKind, ctx: &Context<'_>, p: &Params) -> Texts {
    let l = ctx.language;
    let x = Values { p, ctx };
    let (unsubscribe_text, unsubscribe_label, transactional_note) = match l {
        Language::En => (
            "You can stop e-mails of this kind with one click:",
            "Stop e-mails of this kind",
            "This e-mail concerns your account and cannot be turned off.",
        ),
        Language::It => (
            "Può disattivare le e-mail di questo tipo con un clic:",
            "Non ricevere più e-mail di questo tipo",
            "Questa e-mail riguarda il Suo account e non può essere disattivata.",
        ),
        Language::De => (
            "Sie können E-Mails dieser Art mit einem Klick abbestellen:",
            "E-Mails dieser Art abbestellen",
            "Diese E-Mail betrifft Ihr Konto und kann nicht abbestellt werden.",
        ),
        Language::Fr => (
            "Vous pouvez désactiver les e-mails de ce type en un clic :",
            "Ne plus recevoir d'e-mails de ce type",
            "Cet e-mail concerne votre compte et ne peut pas être désactivé.",
        ),
    };
    let mut t = Texts {
        subject: String::new(),
        greeting: greeting(l, p.name.as_deref()),
        paragraphs: Vec::new(),
        quote: None,
        people: None,
        action: String::new(),
        notice: None,
        unsubscribe_text: unsubscribe_text.into(),
        unsubscribe_label: unsubscribe_label.into(),
        transactional_note: transactional_note.into(),
    };
    match kind {
        MailKind::Invitation => invitation(&mut t, l, &x),
        MailKind::PasswordReset => password_reset(&mut t, l, &x),
        MailKind::EmailVerification => email_verification(&mut t, l, &x),
        MailKind::RegistrationConfirmed => registration_confirmed(&mut t, l, &x),
        MailKind::RegistrationStatus => registration_status(&mut t, l, &x),
        MailKind::RegistrationPromoted => registration_promoted(&mut t, l, &x),
        MailKind::MeetingRequestReceived => meeting_request_received(&mut t, l, &x),
        MailKind::MeetingRequestAccepted
        | MailKind::MeetingRequestDeclined
        | MailKind::MeetingRequestCancelled => meeting_request_answered(&mut t, kind, l, &x),
        MailKind::SchedulePublished => schedule_published(&mut t, l, &x),
        MailKind::PartnershipRequestReceived => partnership_received(&mut t, l, &x),
        MailKind::PartnershipRequestStatus => partnership_status(&mut t, l, &x),
        MailKind::EventReminder => event_reminder(&mut t, l, &x),
        MailKind::EventInvitation => event_invitation(&mut t, l, &x),
    }
    t
}

/// What a kind of mail is about, in words (for the unsubscribe page).
pub fn kind_label(kind: MailKind, l: Language) -> &'static str {
    use Language::*;
    use MailKind::*;
    match (kind, l) {
        (Invitation, En) => "invitations",
        (Invitation, It) => "inviti",
        (Invitation, De) => "Einladungen",
        (Invitation, Fr) => "invitations",
        (PasswordReset, En) => "password resets",
        (PasswordReset, It) => "reimpostazioni della password",
        (PasswordReset, De) => "Zurücksetzen des Passworts",
        (PasswordReset, Fr) => "réinitialisations du mot de passe",
        (EmailVerification, En) => "e-mail address confirmations",
        (EmailVerification, It) => "conferme dell'indirizzo e-mail",
        (EmailVerification, De) => "Bestätigungen der E-Mail-Adresse",
        (EmailVerification, Fr) => "confirmations d'adresse e-mail",
        (RegistrationConfirmed, En) => "registration confirmations",
        (RegistrationConfirmed, It) => "conferme di iscrizione",
        (RegistrationConfirmed, De) => "Anmeldebestätigungen",
        (RegistrationConfirmed, Fr) => "confirmations d'inscription",
        (RegistrationStatus, En) => "registrations pending, waitlisted or declined",
        (RegistrationStatus, It) => "iscrizioni in attesa, in lista d'attesa o rifiutate",
        (RegistrationStatus, De) => "ausstehende, wartende oder abgelehnte Anmeldungen",
        (RegistrationStatus, Fr) => "inscriptions en attente, sur liste d'attente ou refusées",
        (RegistrationPromoted, En) => "places freed on waiting lists",
        (RegistrationPromoted, It) => "posti liberati dalle liste d'attesa",
        (RegistrationPromoted, De) => "Nachrücken von der Warteliste",
        (RegistrationPromoted, Fr) => "places libérées sur les listes d'attente",
        (MeetingRequestReceived, En) => "meeting requests received",
        (MeetingRequestReceived, It) => "richieste di incontro ricevute",
        (MeetingRequestReceived, De) => "erhaltene Terminanfragen",
        (MeetingRequestReceived, Fr) => "demandes de rendez-vous reçues",
        (MeetingRequestAccepted, En) => "accepted meeting requests",
        (MeetingRequestAccepted, It) => "richieste di incontro accettate",
        (MeetingRequestAccepted, De) => "angenommene Terminanfragen",
        (MeetingRequestAccepted, Fr) => "demandes de rendez-vous acceptées",
        (MeetingRequestDeclined, En) => "declined meeting requests",
        (MeetingRequestDeclined, It) => "richieste di incontro rifiutate",
        (MeetingRequestDeclined, De) => "abgelehnte Terminanfragen",
        (MeetingRequestDeclined, Fr) => "demandes de rendez-vous refusées",
        (MeetingRequestCancelled, En) => "cancelled meetings",
        (MeetingRequestCancelled, It) => "incontri annullati",
        (MeetingRequestCancelled, De) => "abgesagte Treffen",
        (MeetingRequestCancelled, Fr) => "rendez-vous annulés",
        (SchedulePublished, En) => "published meeting schedules",
        (SchedulePublished, It) => "programmi degli incontri pubblicati",
        (SchedulePublished, De) => "veröffentlichte Terminpläne",
        (SchedulePublished, Fr) => "programmes de rendez-vous publiés",
        (PartnershipRequestReceived, En) => "partnership requests received",
        (PartnershipRequestReceived, It) => "richieste di partnership ricevute",
        (PartnershipRequestReceived, De) => "erhaltene Partnerschaftsanfragen",
        (PartnershipRequestReceived, Fr) => "demandes de partenariat reçues",
        (PartnershipRequestStatus, En) => "news of partnership requests",
        (PartnershipRequestStatus, It) => "aggiornamenti delle richieste di partnership",
        (PartnershipRequestStatus, De) => "Neuigkeiten zu Partnerschaftsanfragen",
        (PartnershipRequestStatus, Fr) => "suivi des demandes de partenariat",
        (EventReminder, En) => "event reminders",
        (EventReminder, It) => "promemoria degli eventi",
        (EventReminder, De) => "Erinnerungen an Veranstaltungen",
        (EventReminder, Fr) => "rappels d'événements",
        (EventInvitation, En) => "invitations to events",
        (EventInvitation, It) => "inviti agli eventi",
        (EventInvitation, De) => "Einladungen zu Veranstaltungen",
        (EventInvitation, Fr) => "invitations aux événements",
    }
}
