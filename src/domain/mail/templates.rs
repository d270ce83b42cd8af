//! The sentences of every kind of mail in Italian, German, French and English. Values are
//! put in as single lines; the HTML part escapes them afterwards (`render`).

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
        MailKind::MeetingRequestReceived => meeting_request_received(&mut t, l, &x),
        MailKind::MeetingRequestAccepted
        | MailKind::MeetingRequestDeclined
        | MailKind::MeetingRequestCancelled => meeting_request_answered(&mut t, kind, l, &x),
        MailKind::SchedulePublished => schedule_published(&mut t, l, &x),
        MailKind::PartnershipRequestReceived => partnership_received(&mut t, l, &x),
        MailKind::PartnershipRequestStatus => partnership_status(&mut t, l, &x),
        MailKind::EventReminder => event_reminder(&mut t, l, &x),
    }
    t
}

fn invitation(t: &mut Texts, l: Language, x: &Values) {
    let org = x.v(&x.p.organisation);
    let role = x.role(l);
    let person =
        x.p.person
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty());
    let expires = x.expires();
    match l {
        Language::En => {
            t.subject = format!("Invitation to Cluster2Cluster: {org}");
            t.paragraphs.push(match person {
                Some(p) => format!("{p} invites you to join Cluster2Cluster as {role} of {org}."),
                None => format!("You are invited to join Cluster2Cluster as {role} of {org}."),
            });
            t.paragraphs.push(match expires {
                Some(e) => format!("Accept the invitation and choose your password with the link below. The link works once and expires on {e}."),
                None => "Accept the invitation and choose your password with the link below. The link works once.".into(),
            });
            t.action = "Accept the invitation".into();
            t.notice =
                Some("If you did not expect this invitation, you can ignore this e-mail.".into());
        }
        Language::It => {
            t.subject = format!("Invito a Cluster2Cluster: {org}");
            t.paragraphs.push(match person {
                Some(p) => {
                    format!("{p} La invita a unirsi a Cluster2Cluster come {role} di {org}.")
                }
                None => format!("È invitato a unirsi a Cluster2Cluster come {role} di {org}."),
            });
            t.paragraphs.push(match expires {
                Some(e) => format!("Accetti l'invito e scelga la Sua password con il link qui sotto. Il link vale una sola volta e scade il {e}."),
                None => "Accetti l'invito e scelga la Sua password con il link qui sotto. Il link vale una sola volta.".into(),
            });
            t.action = "Accetta l'invito".into();
            t.notice =
                Some("Se non si aspettava questo invito, può ignorare questa e-mail.".into());
        }
        Language::De => {
            t.subject = format!("Einladung zu Cluster2Cluster: {org}");
            t.paragraphs.push(match person {
                Some(p) => {
                    format!("{p} lädt Sie ein, Cluster2Cluster als {role} von {org} beizutreten.")
                }
                None => format!(
                    "Sie sind eingeladen, Cluster2Cluster als {role} von {org} beizutreten."
                ),
            });
            t.paragraphs.push(match expires {
                Some(e) => format!("Nehmen Sie die Einladung an und wählen Sie Ihr Passwort über den folgenden Link. Der Link gilt einmal und läuft am {e} ab."),
                None => "Nehmen Sie die Einladung an und wählen Sie Ihr Passwort über den folgenden Link. Der Link gilt einmal.".into(),
            });
            t.action = "Einladung annehmen".into();
            t.notice = Some("Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.".into());
        }
        Language::Fr => {
            t.subject = format!("Invitation à Cluster2Cluster : {org}");
            t.paragraphs.push(match person {
                Some(p) => format!(
                    "{p} vous invite à rejoindre Cluster2Cluster en tant que {role} de {org}."
                ),
                None => format!(
                    "Vous êtes invité à rejoindre Cluster2Cluster en tant que {role} de {org}."
                ),
            });
            t.paragraphs.push(match expires {
                Some(e) => format!("Acceptez l'invitation et choisissez votre mot de passe avec le lien ci-dessous. Le lien ne sert qu'une fois et expire le {e}."),
                None => "Acceptez l'invitation et choisissez votre mot de passe avec le lien ci-dessous. Le lien ne sert qu'une fois.".into(),
            });
            t.action = "Accepter l'invitation".into();
            t.notice = Some(
                "Si vous n'attendiez pas cette invitation, vous pouvez ignorer cet e-mail.".into(),
            );
        }
    }
}

fn password_reset(t: &mut Texts, l: Language, x: &Values) {
    let expires = x.expires().unwrap_or_else(|| "—".into());
    match l {
        Language::En => {
            t.subject = "Reset your Cluster2Cluster password".into();
            t.paragraphs.push("Someone, hopefully you, asked to reset the password of your Cluster2Cluster account.".into());
            t.paragraphs.push(format!("Choose a new password with the link below. It works once and expires on {expires}; once the password is changed, every session of your account is signed out."));
            t.action = "Choose a new password".into();
            t.notice = Some(
                "If you did not ask for this, ignore this e-mail: your password stays as it is."
                    .into(),
            );
        }
        Language::It => {
            t.subject = "Reimpostazione della password di Cluster2Cluster".into();
            t.paragraphs.push("Qualcuno, speriamo Lei, ha chiesto di reimpostare la password del Suo account Cluster2Cluster.".into());
            t.paragraphs.push(format!("Scelga una nuova password con il link qui sotto. Vale una sola volta e scade il {expires}; cambiata la password, tutte le sessioni del Suo account vengono chiuse."));
            t.action = "Scegli una nuova password".into();
            t.notice = Some(
                "Se non l'ha chiesto Lei, ignori questa e-mail: la Sua password resta invariata."
                    .into(),
            );
        }
        Language::De => {
            t.subject = "Cluster2Cluster-Passwort zurücksetzen".into();
            t.paragraphs.push("Jemand, hoffentlich Sie, möchte das Passwort Ihres Cluster2Cluster-Kontos zurücksetzen.".into());
            t.paragraphs.push(format!("Wählen Sie über den folgenden Link ein neues Passwort. Der Link gilt einmal und läuft am {expires} ab; nach der Änderung werden alle Sitzungen Ihres Kontos abgemeldet."));
            t.action = "Neues Passwort wählen".into();
            t.notice = Some("Wenn Sie das nicht verlangt haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.".into());
        }
        Language::Fr => {
            t.subject = "Réinitialisation de votre mot de passe Cluster2Cluster".into();
            t.paragraphs.push("Quelqu'un, vous sans doute, a demandé à réinitialiser le mot de passe de votre compte Cluster2Cluster.".into());
            t.paragraphs.push(format!("Choisissez un nouveau mot de passe avec le lien ci-dessous. Il ne sert qu'une fois et expire le {expires} ; une fois le mot de passe changé, toutes les sessions de votre compte sont fermées."));
            t.action = "Choisir un nouveau mot de passe".into();
            t.notice = Some("Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.".into());
        }
    }
}

fn email_verification(t: &mut Texts, l: Language, x: &Values) {
    let expires = x.expires().unwrap_or_else(|| "—".into());
    match l {
        Language::En => {
            t.subject = "Confirm your e-mail address for Cluster2Cluster".into();
            t.paragraphs.push("Please confirm that this address is yours: it becomes the e-mail address of your Cluster2Cluster account.".into());
            t.paragraphs
                .push(format!("The link below expires on {expires}."));
            t.action = "Confirm this address".into();
            t.notice = Some(
                "If you did not ask to use this address, ignore this e-mail; nothing changes."
                    .into(),
            );
        }
        Language::It => {
            t.subject = "Confermi il Suo indirizzo e-mail per Cluster2Cluster".into();
            t.paragraphs.push("Confermi che questo indirizzo è Suo: diventerà l'indirizzo e-mail del Suo account Cluster2Cluster.".into());
            t.paragraphs
                .push(format!("Il link qui sotto scade il {expires}."));
            t.action = "Conferma questo indirizzo".into();
            t.notice = Some("Se non ha chiesto di usare questo indirizzo, ignori questa e-mail: non cambia nulla.".into());
        }
        Language::De => {
            t.subject = "Bestätigen Sie Ihre E-Mail-Adresse für Cluster2Cluster".into();
            t.paragraphs.push("Bitte bestätigen Sie, dass diese Adresse Ihnen gehört: Sie wird zur E-Mail-Adresse Ihres Cluster2Cluster-Kontos.".into());
            t.paragraphs
                .push(format!("Der folgende Link läuft am {expires} ab."));
            t.action = "Adresse bestätigen".into();
            t.notice = Some("Wenn Sie diese Adresse nicht angegeben haben, ignorieren Sie diese E-Mail; es ändert sich nichts.".into());
        }
        Language::Fr => {
            t.subject = "Confirmez votre adresse e-mail pour Cluster2Cluster".into();
            t.paragraphs.push("Merci de confirmer que cette adresse est bien la vôtre : elle deviendra l'adresse e-mail de votre compte Cluster2Cluster.".into());
            t.paragraphs
                .push(format!("Le lien ci-dessous expire le {expires}."));
            t.action = "Confirmer cette adresse".into();
            t.notice = Some("Si vous n'avez pas demandé à utiliser cette adresse, ignorez cet e-mail : rien ne change.".into());
        }
    }
}

fn registration_confirmed(t: &mut Texts, l: Language, x: &Values) {
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

fn meeting_request_received(t: &mut Texts, l: Language, x: &Values) {
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

fn meeting_request_answered(t: &mut Texts, kind: MailKind, l: Language, x: &Values) {
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

fn schedule_published(t: &mut Texts, l: Language, x: &Values) {
    let (company, event, first) = (x.company(), x.event(), x.starts());
    let n = x.p.count.unwrap_or(0);
    match l {
        Language::En => {
            t.subject = format!("Your meeting schedule for {event}");
            t.paragraphs.push(format!(
                "The organisers published the meeting schedule of {event}."
            ));
            t.paragraphs.push(match n {
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
                0 => format!("Aucun rendez-vous de {company} n'a pu être placé dans ce programme."),
                1 => format!("{company} a 1 rendez-vous, le {first}. Le fichier de calendrier joint (.ics) le contient."),
                n => format!("{company} a {n} rendez-vous ; le premier commence le {first}. Le fichier de calendrier joint (.ics) les contient tous."),
            });
            t.action = "Voir le programme".into();
        }
    }
}

fn partnership_received(t: &mut Texts, l: Language, x: &Values) {
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

fn partnership_status(t: &mut Texts, l: Language, x: &Values) {
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

fn event_reminder(t: &mut Texts, l: Language, x: &Values) {
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
    }
}
