//! The four languages of what the service says itself (problem titles, field messages): which
//! one a client asked for (`Accept-Language`) and the one catalogue of texts by message key.
//!
//! Codes and `type` URIs never change with the language; only the human text does. A message
//! the catalogue does not know stays as written (English), so a new message is never lost,
//! only untranslated until it gets its entry (the unit tests below list what must have one).

pub use crate::domain::mail::Language;

/// The language to answer in for an `Accept-Language` value (RFC 9110 §12.5.4): the
/// supported language with the highest weight, the first listed on a tie; `it-CH` is Italian,
/// `*` and anything unknown English. `q=0` means "not this one".
pub fn negotiate(accept_language: Option<&str>) -> Language {
    let Some(value) = accept_language else {
        return Language::En;
    };
    let mut best: Option<(f32, Language)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let mut q = 1.0f32;
        for param in parts {
            if let Some((name, v)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                // A weight that does not parse makes the entry worthless rather than preferred.
                q = v
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .unwrap_or(0.0);
            }
        }
        if q <= 0.0 || tag.is_empty() {
            continue;
        }
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let lang = if primary == "*" {
            Language::En
        } else {
            match Language::parse(&primary) {
                Some(l) => l,
                None => continue,
            }
        };
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(Language::En, |(_, l)| l)
}

/// One message of the catalogue: its key (what code refers to), the public `code` a field
/// error carries (stable, for clients to switch on), and its text in each language.
/// `{name}` marks a parameter, filled in the same in every language.
#[derive(Debug)]
pub struct Entry {
    pub key: &'static str,
    pub code: &'static str,
    pub en: &'static str,
    pub it: &'static str,
    pub de: &'static str,
    pub fr: &'static str,
}

impl Entry {
    pub fn text(&self, lang: Language) -> &'static str {
        match lang {
            Language::En => self.en,
            Language::It => self.it,
            Language::De => self.de,
            Language::Fr => self.fr,
        }
    }
}

macro_rules! entries {
    ($( $key:literal, $code:literal => $en:literal, $it:literal, $de:literal, $fr:literal; )*) => {
        &[ $( Entry { key: $key, code: $code, en: $en, it: $it, de: $de, fr: $fr }, )* ]
    };
}

/// Field messages. Keys of validator's built-in rules are `<rule>_<variant>`; the messages of
/// custom rules and of the domain are found by their English text (see [`by_english`]).
pub static FIELD_MESSAGES: &[Entry] = entries![
    "length_equal", "length" => "must have exactly {equal} characters or items",
        "deve avere esattamente {equal} caratteri o elementi",
        "muss genau {equal} Zeichen oder Einträge haben",
        "doit avoir exactement {equal} caractères ou éléments";
    "length_between", "length" => "must have between {min} and {max} characters or items",
        "deve avere tra {min} e {max} caratteri o elementi",
        "muss zwischen {min} und {max} Zeichen oder Einträge haben",
        "doit avoir entre {min} et {max} caractères ou éléments";
    "length_min", "length" => "must have at least {min} characters or items",
        "deve avere almeno {min} caratteri o elementi",
        "muss mindestens {min} Zeichen oder Einträge haben",
        "doit avoir au moins {min} caractères ou éléments";
    "length_max", "length" => "must have at most {max} characters or items",
        "deve avere al massimo {max} caratteri o elementi",
        "darf höchstens {max} Zeichen oder Einträge haben",
        "doit avoir au plus {max} caractères ou éléments";
    "length_invalid", "length" => "has an invalid length",
        "ha una lunghezza non valida",
        "hat eine ungültige Länge",
        "a une longueur non valide";
    "range_between", "range" => "must be between {min} and {max}",
        "deve essere tra {min} e {max}",
        "muss zwischen {min} und {max} liegen",
        "doit être entre {min} et {max}";
    "range_min", "range" => "must be at least {min}",
        "deve essere almeno {min}",
        "muss mindestens {min} sein",
        "doit être au moins {min}";
    "range_max", "range" => "must be at most {max}",
        "deve essere al massimo {max}",
        "darf höchstens {max} sein",
        "doit être au plus {max}";
    "range_invalid", "range" => "is out of range",
        "è fuori dall'intervallo ammesso",
        "liegt außerhalb des erlaubten Bereichs",
        "est hors de la plage admise";
    "email", "email" => "must be a valid e-mail address",
        "deve essere un indirizzo e-mail valido",
        "muss eine gültige E-Mail-Adresse sein",
        "doit être une adresse e-mail valide";
    "email_not", "email" => "is not an e-mail address",
        "non è un indirizzo e-mail",
        "ist keine E-Mail-Adresse",
        "n'est pas une adresse e-mail";
    "url", "url" => "must be a valid http(s) URL",
        "deve essere un URL http(s) valido",
        "muss eine gültige http(s)-URL sein",
        "doit être une URL http(s) valide";
    "url_absolute", "url" => "must be an absolute http(s) URL such as https://example.org",
        "deve essere un URL http(s) assoluto come https://example.org",
        "muss eine absolute http(s)-URL wie https://example.org sein",
        "doit être une URL http(s) absolue comme https://example.org";
    "url_spaces", "url" => "must not contain spaces, line breaks or control characters",
        "non deve contenere spazi, a capo o caratteri di controllo",
        "darf keine Leerzeichen, Zeilenumbrüche oder Steuerzeichen enthalten",
        "ne doit contenir ni espaces, ni sauts de ligne, ni caractères de contrôle";
    "regex", "regex" => "has an invalid format",
        "ha un formato non valido",
        "hat ein ungültiges Format",
        "a un format non valide";
    "required", "required" => "is required",
        "è obbligatorio",
        "ist erforderlich",
        "est obligatoire";
    "rule", "invalid" => "is invalid ({rule})",
        "non è valido ({rule})",
        "ist ungültig ({rule})",
        "n'est pas valide ({rule})";
    "slug", "slug" => "must be 2 to 64 lower-case letters, digits and single hyphens, such as lombardia-aerospace",
        "deve avere da 2 a 64 lettere minuscole, cifre e trattini singoli, come lombardia-aerospace",
        "muss aus 2 bis 64 Kleinbuchstaben, Ziffern und einzelnen Bindestrichen bestehen, etwa lombardia-aerospace",
        "doit comporter de 2 à 64 lettres minuscules, chiffres et tirets simples, comme lombardia-aerospace";
    "single_line", "single_line" => "must be one line, without tabs, line breaks or control characters",
        "deve stare su una riga, senza tabulazioni, a capo o caratteri di controllo",
        "muss eine Zeile sein, ohne Tabulatoren, Zeilenumbrüche oder Steuerzeichen",
        "doit tenir sur une ligne, sans tabulations, sauts de ligne ni caractères de contrôle";
    "phone", "phone" => "must be a phone number such as +41 41 618 00 00",
        "deve essere un numero di telefono come +41 41 618 00 00",
        "muss eine Telefonnummer wie +41 41 618 00 00 sein",
        "doit être un numéro de téléphone comme +41 41 618 00 00";
    "language", "language" => "must be an ISO 639-1 language code such as it, de, fr or en",
        "deve essere un codice di lingua ISO 639-1 come it, de, fr o en",
        "muss ein ISO-639-1-Sprachcode wie it, de, fr oder en sein",
        "doit être un code de langue ISO 639-1 comme it, de, fr ou en";
    "blank", "blank" => "must not be blank",
        "non deve essere vuoto",
        "darf nicht leer sein",
        "ne doit pas être vide";
    "tags", "tags" => "each tag must have 1 to 60 characters on one line",
        "ogni tag deve avere da 1 a 60 caratteri su una riga",
        "jedes Schlagwort muss 1 bis 60 Zeichen auf einer Zeile haben",
        "chaque mot-clé doit avoir de 1 à 60 caractères sur une ligne";
    "country", "country" => "must be an ISO 3166-1 alpha-2 country code such as CH or IT",
        "deve essere un codice paese ISO 3166-1 alpha-2 come CH o IT",
        "muss ein Ländercode nach ISO 3166-1 alpha-2 wie CH oder IT sein",
        "doit être un code pays ISO 3166-1 alpha-2 comme CH ou IT";
    "region", "region" => "must be an ISO 3166-2 subdivision code such as CH-NW or IT-25",
        "deve essere un codice di suddivisione ISO 3166-2 come CH-NW o IT-25",
        "muss ein Regionscode nach ISO 3166-2 wie CH-NW oder IT-25 sein",
        "doit être un code de subdivision ISO 3166-2 comme CH-NW ou IT-25";
    "time_zone", "time_zone" => "must be an IANA time zone such as Europe/Zurich",
        "deve essere un fuso orario IANA come Europe/Zurich",
        "muss eine IANA-Zeitzone wie Europe/Zurich sein",
        "doit être un fuseau horaire IANA comme Europe/Zurich";
    "founded_year", "range" => "must be a year between 1800 and this year",
        "deve essere un anno tra il 1800 e quest'anno",
        "muss ein Jahr zwischen 1800 und diesem Jahr sein",
        "doit être une année entre 1800 et cette année";
    "vcard_only", "format" => "applies to vCard exports only (format=vcf)",
        "vale solo per le esportazioni vCard (format=vcf)",
        "gilt nur für vCard-Exporte (format=vcf)",
        "ne s'applique qu'aux exports vCard (format=vcf)";
    "no_such_cluster", "not_found" => "no such cluster",
        "cluster inesistente",
        "kein solcher Cluster",
        "ce cluster n'existe pas";
    "after_starts_at", "order" => "must be after starts_at",
        "deve essere dopo starts_at",
        "muss nach starts_at liegen",
        "doit être après starts_at";
    "not_before_from", "order" => "must not be before from",
        "non deve essere prima di from",
        "darf nicht vor from liegen",
        "ne doit pas être avant from";
    "in_future", "future" => "must be in the future",
        "deve essere nel futuro",
        "muss in der Zukunft liegen",
        "doit être dans le futur";
    "json_object", "type" => "must be a JSON object",
        "deve essere un oggetto JSON",
        "muss ein JSON-Objekt sein",
        "doit être un objet JSON";
    "uuid", "uuid" => "must be a UUID",
        "deve essere un UUID",
        "muss eine UUID sein",
        "doit être un UUID";
    "control_characters", "control_characters" => "must not contain control characters",
        "non deve contenere caratteri di controllo",
        "darf keine Steuerzeichen enthalten",
        "ne doit pas contenir de caractères de contrôle";
    "wrong", "wrong" => "is wrong",
        "è errato",
        "ist falsch",
        "est incorrect";
    "listed_twice", "duplicate" => "is listed twice",
        "compare due volte",
        "ist doppelt aufgeführt",
        "figure deux fois";
    "named_twice", "duplicate" => "is named twice",
        "è indicato due volte",
        "ist doppelt genannt",
        "est indiqué deux fois";
    "header_text", "header" => "is not valid header text",
        "non è un testo di intestazione valido",
        "ist kein gültiger Header-Text",
        "n'est pas un texte d'en-tête valide";
    "place_or_online", "required" => "give a place or an online_url",
        "indicare un luogo o un online_url",
        "einen Ort oder eine online_url angeben",
        "indiquer un lieu ou une online_url";
    "event_max_days", "range" => "an event lasts at most 14 days",
        "un evento dura al massimo 14 giorni",
        "eine Veranstaltung dauert höchstens 14 Tage",
        "un événement dure au plus 14 jours";
    "meeting_max_days", "range" => "a meeting lasts at most 7 days",
        "un incontro dura al massimo 7 giorni",
        "ein Treffen dauert höchstens 7 Tage",
        "une rencontre dure au plus 7 jours";
    "needs_member", "required" => "needs member_id",
        "richiede member_id",
        "benötigt member_id",
        "nécessite member_id";
    "password_few_characters", "password" => "uses too few different characters",
        "usa troppo pochi caratteri diversi", "verwendet zu wenige verschiedene Zeichen", "utilise trop peu de caractères différents";
    "password_common", "password" => "is a commonly used password",
        "è una password molto diffusa", "ist ein häufig verwendetes Passwort", "est un mot de passe très répandu";
    "password_email", "password" => "must not contain the e-mail address",
        "non deve contenere l'indirizzo e-mail", "darf die E-Mail-Adresse nicht enthalten", "ne doit pas contenir l'adresse e-mail";
    "not_before_ends_at", "order" => "must not be after ends_at",
        "non deve essere dopo ends_at", "darf nicht nach ends_at liegen", "ne doit pas être après ends_at";
    "not_company_contact", "not_found" => "is not a contact person of this company",
        "non è una persona di contatto di questa azienda", "ist keine Kontaktperson dieses Unternehmens", "n'est pas une personne de contact de cette entreprise";
    "required_for_account", "required" => "is required to make your account",
        "è necessario per creare il tuo account", "wird für Ihr Konto benötigt", "est nécessaire pour créer votre compte";
    "not_host_cluster", "conflict" => "must not contain the host cluster",
        "non deve contenere il cluster ospitante", "darf den gastgebenden Cluster nicht enthalten", "ne doit pas contenir le cluster hôte";
    "host_fixed", "conflict" => "the host of an event cannot change",
        "l'organizzatore di un evento non può cambiare", "der Gastgeber einer Veranstaltung kann sich nicht ändern", "l'hôte d'un événement ne peut pas changer";
    "not_participant", "conflict" => "this company did not take part in the event",
        "questa azienda non ha partecipato all'evento", "dieses Unternehmen hat nicht an der Veranstaltung teilgenommen", "cette entreprise n'a pas participé à l'événement";
    "lang", "language" => "must be one of it, de, fr, en",
        "deve essere uno tra it, de, fr, en",
        "muss it, de, fr oder en sein",
        "doit être it, de, fr ou en";
    "translation_original", "original_language" => "is the language of the original; edit the object itself",
        "è la lingua dell'originale; modificare l'oggetto stesso",
        "ist die Sprache des Originals; bearbeiten Sie das Objekt selbst",
        "est la langue de l'original ; modifiez l'objet lui-même";
    "translation_empty", "required" => "give at least one translated field",
        "indicare almeno un campo tradotto",
        "mindestens ein übersetztes Feld angeben",
        "indiquez au moins un champ traduit";
    "translation_exists", "conflict" => "has a translation; delete that translation first",
        "ha una traduzione; eliminare prima quella traduzione",
        "hat eine Übersetzung; löschen Sie zuerst diese Übersetzung",
        "a une traduction ; supprimez d'abord cette traduction";
];

/// Problem titles by the problem's slug (the `type` URI's last segment), and the few texts
/// around field messages.
pub static PROBLEM_TEXTS: &[Entry] = entries![
    "bad-request", "bad-request" => "The request is malformed",
        "La richiesta è malformata", "Die Anfrage ist fehlerhaft", "La requête est mal formée";
    "validation", "validation" => "The request is not valid",
        "La richiesta non è valida", "Die Anfrage ist ungültig", "La requête n'est pas valide";
    "unauthorized", "unauthorized" => "Authentication is required",
        "È necessaria l'autenticazione", "Anmeldung erforderlich", "Une authentification est requise";
    "forbidden", "forbidden" => "You may not do this",
        "Non è consentito", "Das dürfen Sie nicht", "Vous n'avez pas le droit de faire cela";
    "not-found", "not-found" => "Not found",
        "Non trovato", "Nicht gefunden", "Introuvable";
    "conflict", "conflict" => "Conflict with the current state",
        "Conflitto con lo stato attuale", "Konflikt mit dem aktuellen Zustand", "Conflit avec l'état actuel";
    "too-many-removals", "too-many-removals" => "The sync would remove more members than allowed",
        "La sincronizzazione rimuoverebbe più membri del consentito",
        "Der Abgleich würde mehr Mitglieder entfernen als erlaubt",
        "La synchronisation supprimerait plus de membres que permis";
    "precondition-failed", "precondition-failed" => "The object has changed",
        "L'oggetto è cambiato", "Das Objekt hat sich geändert", "L'objet a changé";
    "payload-too-large", "payload-too-large" => "The request body is too large",
        "Il corpo della richiesta è troppo grande", "Der Anfragekörper ist zu groß", "Le corps de la requête est trop volumineux";
    "unsupported-media-type", "unsupported-media-type" => "Unsupported content type",
        "Tipo di contenuto non supportato", "Nicht unterstützter Inhaltstyp", "Type de contenu non pris en charge";
    "not-acceptable", "not-acceptable" => "No acceptable representation",
        "Nessuna rappresentazione accettabile", "Keine annehmbare Darstellung", "Aucune représentation acceptable";
    "method-not-allowed", "method-not-allowed" => "Method not allowed",
        "Metodo non consentito", "Methode nicht erlaubt", "Méthode non autorisée";
    "too-many-requests", "too-many-requests" => "Too many requests",
        "Troppe richieste", "Zu viele Anfragen", "Trop de requêtes";
    "unavailable", "unavailable" => "The service is temporarily unavailable",
        "Il servizio è temporaneamente non disponibile", "Der Dienst ist vorübergehend nicht verfügbar", "Le service est temporairement indisponible";
    "internal", "internal" => "Internal server error",
        "Errore interno del server", "Interner Serverfehler", "Erreur interne du serveur";
    "fields_invalid", "detail" => "{count} fields are invalid",
        "{count} campi non sono validi", "{count} Felder sind ungültig", "{count} champs ne sont pas valides";
    "invalid_value", "detail" => "invalid value for `{field}`: {message}",
        "valore non valido per `{field}`: {message}", "ungültiger Wert für `{field}`: {message}", "valeur non valide pour `{field}` : {message}";
    "no_resource", "detail" => "there is no resource here",
        "qui non c'è nessuna risorsa", "hier gibt es keine Ressource", "il n'y a aucune ressource ici";
    "no_resource_at", "detail" => "there is no resource at {path}",
        "non c'è nessuna risorsa in {path}", "unter {path} gibt es keine Ressource", "il n'y a aucune ressource à {path}";
    "bad_credentials", "detail" => "the e-mail address or the password is wrong",
        "l'indirizzo e-mail o la password sono errati", "die E-Mail-Adresse oder das Passwort ist falsch", "l'adresse e-mail ou le mot de passe est incorrect";
    "token_expired", "detail" => "the access token has expired; refresh it",
        "il token di accesso è scaduto; rinnovarlo", "das Zugriffstoken ist abgelaufen; bitte erneuern", "le jeton d'accès a expiré ; renouvelez-le";
    "token_invalid", "detail" => "the access token is not valid",
        "il token di accesso non è valido", "das Zugriffstoken ist ungültig", "le jeton d'accès n'est pas valide";
    "api_key_invalid", "detail" => "the API key is not valid",
        "la chiave API non è valida", "der API-Schlüssel ist ungültig", "la clé API n'est pas valide";
    "api_key_expired", "detail" => "the API key has expired",
        "la chiave API è scaduta", "der API-Schlüssel ist abgelaufen", "la clé API a expiré";
    "authorization_text", "detail" => "the Authorization header is not valid text",
        "l'intestazione Authorization non è un testo valido", "der Authorization-Header ist kein gültiger Text", "l'en-tête Authorization n'est pas un texte valide";
    "authorization_bearer", "detail" => "the Authorization header must be `Bearer <token>`",
        "l'intestazione Authorization deve essere `Bearer <token>`", "der Authorization-Header muss `Bearer <token>` lauten", "l'en-tête Authorization doit être `Bearer <token>`";
    "database_unreachable", "detail" => "the database is not reachable right now; retry shortly",
        "il database non è raggiungibile in questo momento; riprovare tra poco", "die Datenbank ist gerade nicht erreichbar; bitte gleich erneut versuchen", "la base de données est injoignable pour le moment ; réessayez sous peu";
    "internal_logged", "detail" => "an unexpected error occurred; it has been logged with the request id given in the X-Request-Id header",
        "si è verificato un errore imprevisto; è stato registrato con l'id di richiesta indicato nell'intestazione X-Request-Id",
        "ein unerwarteter Fehler ist aufgetreten; er wurde mit der Anfrage-ID aus dem Header X-Request-Id protokolliert",
        "une erreur inattendue s'est produite ; elle a été journalisée avec l'identifiant de requête indiqué dans l'en-tête X-Request-Id";
    "send_bearer", "detail" => "send `Authorization: Bearer <access token>`",
        "inviare `Authorization: Bearer <access token>`", "`Authorization: Bearer <access token>` senden", "envoyez `Authorization: Bearer <access token>`";
];

/// The entry with this key, in `table`.
pub fn entry(table: &'static [Entry], key: &str) -> Option<&'static Entry> {
    table.iter().find(|e| e.key == key)
}

/// The field message whose English text (without parameters) is exactly `text`: how the
/// messages of custom rules and of the domain, written in English where they arise, are
/// found again to be said in another language.
pub fn by_english(table: &'static [Entry], text: &str) -> Option<&'static Entry> {
    table.iter().find(|e| e.en == text && !e.en.contains('{'))
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, params: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn accept_language_weights_regions_and_unknowns() {
        assert_eq!(negotiate(None), Language::En);
        assert_eq!(negotiate(Some("")), Language::En);
        assert_eq!(negotiate(Some("it-CH")), Language::It);
        assert_eq!(negotiate(Some("de-CH, fr;q=0.9")), Language::De);
        assert_eq!(
            negotiate(Some("fr;q=0.5, de;q=0.8, it;q=0.7")),
            Language::De
        );
        assert_eq!(negotiate(Some("ja, fr-CA;q=0.3")), Language::Fr);
        assert_eq!(negotiate(Some("ja, zh;q=0.9")), Language::En);
        assert_eq!(negotiate(Some("de;q=0, fr;q=0.1")), Language::Fr);
        assert_eq!(negotiate(Some("de;q=0")), Language::En);
        assert_eq!(negotiate(Some("de;q=abc, it;q=0.2")), Language::It);
        assert_eq!(negotiate(Some("*;q=0.9, de;q=0.5")), Language::En);
        assert_eq!(negotiate(Some("FR , it")), Language::Fr, "first on a tie");
        assert_eq!(negotiate(Some("it_IT")), Language::It);
    }

    #[test]
    fn every_entry_has_four_languages_with_the_same_parameters() {
        for table in [FIELD_MESSAGES, PROBLEM_TEXTS] {
            let mut keys = std::collections::HashSet::new();
            for e in table {
                assert!(keys.insert(e.key), "key {} twice", e.key);
                for lang in Language::ALL {
                    let text = e.text(lang);
                    assert!(
                        !text.trim().is_empty(),
                        "{} has no {}",
                        e.key,
                        lang.as_str()
                    );
                    assert_eq!(
                        placeholders(text),
                        placeholders(e.en),
                        "{} in {}",
                        e.key,
                        lang.as_str()
                    );
                }
                // Only the English text is allowed to be the English text.
                for lang in [Language::It, Language::De, Language::Fr] {
                    assert!(
                        e.text(lang) != e.en || e.en.starts_with('`'),
                        "{} is not translated into {}",
                        e.key,
                        lang.as_str()
                    );
                }
            }
        }
    }

    /// Every rule code the service can produce, found in its source: the built-in validator
    /// rules named in `#[validate(...)]` attributes and the codes custom rules and the domain
    /// give (`ValidationError::new("…")`, `err("…", "…")`, `FieldError::coded(…, "…")`), must
    /// have its message in the catalogue. A new rule without its four texts fails here.
    #[test]
    fn every_message_code_the_source_uses_is_in_the_catalogue() {
        let mut sources = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for item in std::fs::read_dir(dir).unwrap() {
                let path = item.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    // This file names the patterns it looks for.
                    && !path.ends_with("domain/i18n.rs")
                {
                    sources.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let all = sources.join("\n");
        assert!(all.len() > 100_000, "read the whole source");
        let mut codes = std::collections::BTreeSet::new();
        let mut literal_after = |needle: &str, nth_arg: usize| {
            for piece in all.split(needle).skip(1) {
                let args: String = piece.chars().take(400).collect();
                let literal = args
                    .split(',')
                    .nth(nth_arg)
                    .and_then(|arg| arg.trim().strip_prefix('"'))
                    .and_then(|rest| rest.split_once('"'))
                    .map(|(code, _)| code.to_owned());
                if let Some(code) = literal {
                    codes.insert(code);
                }
            }
        };
        literal_after("ValidationError::new(", 0);
        literal_after("FieldError::coded(", 1);
        // Custom rules give their messages as English text: each must be found again.
        let mut messages = Vec::new();
        for piece in all.split(".with_message(").skip(1) {
            if let Some(text) = piece
                .trim_start()
                .strip_prefix('"')
                .and_then(|r| r.split_once('"'))
                .map(|(t, _)| t.to_owned())
            {
                messages.push(text);
            }
        }
        // `Err(err("code", "message"))` in the format rules.
        for piece in all.split("Err(err(").skip(1) {
            let quoted: Vec<&str> = piece.splitn(5, '"').collect();
            if quoted.len() == 5 {
                codes.insert(quoted[1].to_owned());
                messages.push(quoted[3].to_owned());
            }
        }
        for rule in ["length", "range", "email", "url", "regex", "required"] {
            if all.contains(&format!("#[validate({rule}"))
                || all.contains(&format!(", {rule}("))
                || all.contains(&format!("({rule},"))
            {
                codes.insert(rule.to_owned());
            }
        }
        assert!(
            codes.contains("length") && codes.contains("country"),
            "{codes:?}"
        );
        assert!(messages.len() >= 8, "{messages:?}");
        for code in &codes {
            assert!(
                FIELD_MESSAGES
                    .iter()
                    .any(|e| e.code == code || e.key == code),
                "the rule code {code:?} has no message in the catalogue"
            );
        }
        for text in &messages {
            assert!(
                by_english(FIELD_MESSAGES, text).is_some(),
                "the message {text:?} has no entry in the catalogue"
            );
        }
    }
}
