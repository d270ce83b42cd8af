//! Problem titles and details: what the service says about a request it refuses, in the four
//! languages.

use super::Entry;

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
    "would_remove", "detail" => "this mirror sync would remove {count} members, more than the {allowed} allowed; check the list, and if it is right send it again with max_removals={count}",
        "questa sincronizzazione speculare rimuoverebbe {count} membri, più dei {allowed} consentiti; controllare l'elenco e, se è corretto, inviarlo di nuovo con max_removals={count}",
        "dieser Spiegelabgleich würde {count} Mitglieder entfernen, mehr als die erlaubten {allowed}; prüfen Sie die Liste und senden Sie sie, wenn sie stimmt, erneut mit max_removals={count}",
        "cette synchronisation miroir supprimerait {count} membres, plus que les {allowed} permis ; vérifiez la liste et, si elle est juste, renvoyez-la avec max_removals={count}";
    "body_limit", "detail" => "the request body exceeds the limit of {limit} bytes",
        "il corpo della richiesta supera il limite di {limit} byte",
        "der Anfragekörper überschreitet die Grenze von {limit} Bytes",
        "le corps de la requête dépasse la limite de {limit} octets";
    "supports", "detail" => "this resource supports {methods}",
        "questa risorsa supporta {methods}",
        "diese Ressource unterstützt {methods}",
        "cette ressource prend en charge {methods}";
    "retry_in", "detail" => "slow down and retry in {seconds} s",
        "rallentare e riprovare tra {seconds} s",
        "bitte langsamer: erneut versuchen in {seconds} s",
        "ralentissez et réessayez dans {seconds} s";
    "no_problem_type", "detail" => "no problem type {slug}",
        "nessun tipo di problema {slug}",
        "kein Problemtyp {slug}",
        "aucun type de problème {slug}";
];

/// The pages of the problem types (`/problems/{type}`), by slug.
pub static PAGES: &[Entry] = entries![];
