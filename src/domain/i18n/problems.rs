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
    "page_status", "page" => "HTTP status {status}. Problem type {type} (RFC 9457).",
        "Stato HTTP {status}. Tipo di problema {type} (RFC 9457).",
        "HTTP-Status {status}. Problemtyp {type} (RFC 9457).",
        "Statut HTTP {status}. Type de problème {type} (RFC 9457).";
];

/// The pages of the problem types (`/problems/{type}`), by slug.
pub static PAGES: &[Entry] = entries![    "bad-request", "page" => "The JSON does not parse, an id or a query parameter is malformed, or a parameter is unknown. `errors` names the field; fix the request before sending it again.",
        "Il JSON non è leggibile, un id o un parametro di query è malformato, oppure un parametro è sconosciuto. `errors` indica il campo; correggere la richiesta prima di inviarla di nuovo.",
        "Das JSON lässt sich nicht lesen, eine ID oder ein Abfrageparameter ist fehlerhaft, oder ein Parameter ist unbekannt. `errors` nennt das Feld; korrigieren Sie die Anfrage, bevor Sie sie erneut senden.",
        "Le JSON ne se lit pas, un id ou un paramètre de requête est mal formé, ou un paramètre est inconnu. `errors` indique le champ ; corrigez la requête avant de la renvoyer.";
    "validation", "page" => "The request is well-formed but breaks a rule. `errors` lists every field at fault with a message (`offices[1].country`); nothing was changed.",
        "La richiesta è ben formata ma viola una regola. `errors` elenca ogni campo in errore con un messaggio (`offices[1].country`); non è stato modificato nulla.",
        "Die Anfrage ist wohlgeformt, verletzt aber eine Regel. `errors` listet jedes fehlerhafte Feld mit einer Meldung auf (`offices[1].country`); es wurde nichts geändert.",
        "La requête est bien formée mais enfreint une règle. `errors` liste chaque champ en faute avec un message (`offices[1].country`) ; rien n'a été modifié.";
    "unauthorized", "page" => "Send `Authorization: Bearer <token>` with an access token from `POST /api/v1/auth/login` (or a refreshed one), or an API key.",
        "Inviare `Authorization: Bearer <token>` con un token di accesso ottenuto da `POST /api/v1/auth/login` (o uno rinnovato), oppure una chiave API.",
        "Senden Sie `Authorization: Bearer <token>` mit einem Zugriffstoken aus `POST /api/v1/auth/login` (oder einem erneuerten) oder einem API-Schlüssel.",
        "Envoyez `Authorization: Bearer <token>` avec un jeton d'accès obtenu par `POST /api/v1/auth/login` (ou un jeton renouvelé), ou une clé API.";
    "forbidden", "page" => "You are signed in, but your roles do not allow this on this object. `detail` says what you may not do; README, Access, says who may.",
        "Hai effettuato l'accesso, ma i tuoi ruoli non consentono questa azione su questo oggetto. `detail` dice che cosa non puoi fare; il README, sezione Access, dice chi può farlo.",
        "Sie sind angemeldet, aber Ihre Rollen erlauben dies für dieses Objekt nicht. `detail` sagt, was Sie nicht dürfen; das README, Abschnitt Access, sagt, wer es darf.",
        "Vous êtes connecté, mais vos rôles ne permettent pas cela sur cet objet. `detail` dit ce que vous ne pouvez pas faire ; le README, section Access, dit qui le peut.";
    "not-found", "page" => "No such object, or one you may not see (objects you may not see answer as if they did not exist).",
        "L'oggetto non esiste, oppure non puoi vederlo (gli oggetti che non puoi vedere rispondono come se non esistessero).",
        "Kein solches Objekt, oder eines, das Sie nicht sehen dürfen (Objekte, die Sie nicht sehen dürfen, antworten, als gäbe es sie nicht).",
        "Cet objet n'existe pas, ou vous n'avez pas le droit de le voir (les objets que vous ne pouvez pas voir répondent comme s'ils n'existaient pas).";
    "conflict", "page" => "The object is not in a state that allows this (`allowed` lists what is), or another object holds the place (`existing_id`). Read it again and decide.",
        "L'oggetto non è in uno stato che lo consente (`allowed` elenca ciò che è consentito), oppure un altro oggetto occupa il posto (`existing_id`). Rileggerlo e decidere.",
        "Das Objekt ist nicht in einem Zustand, der dies erlaubt (`allowed` listet auf, was erlaubt ist), oder ein anderes Objekt belegt den Platz (`existing_id`). Lesen Sie es erneut und entscheiden Sie.",
        "L'objet n'est pas dans un état qui permet cela (`allowed` liste ce qui est permis), ou un autre objet occupe la place (`existing_id`). Relisez-le et décidez.";
    "too-many-removals", "page" => "A mirror sync would remove more companies than `max_removals`. Check `would_remove`; if the list is right, send it again with a higher `max_removals`.",
        "Una sincronizzazione speculare rimuoverebbe più aziende di `max_removals`. Controllare `would_remove`; se l'elenco è corretto, inviarlo di nuovo con un `max_removals` più alto.",
        "Ein Spiegelabgleich würde mehr Unternehmen entfernen als `max_removals`. Prüfen Sie `would_remove`; wenn die Liste stimmt, senden Sie sie erneut mit einem höheren `max_removals`.",
        "Une synchronisation miroir supprimerait plus d'entreprises que `max_removals`. Vérifiez `would_remove` ; si la liste est juste, renvoyez-la avec un `max_removals` plus élevé.";
    "precondition-failed", "page" => "`If-Match` named an older version. Read the object again (new `ETag`), apply your change to it and send it with the new ETag.",
        "`If-Match` indicava una versione precedente. Rileggere l'oggetto (nuovo `ETag`), applicarvi la modifica e inviarlo con il nuovo ETag.",
        "`If-Match` nannte eine ältere Version. Lesen Sie das Objekt erneut (neues `ETag`), übertragen Sie Ihre Änderung darauf und senden Sie es mit dem neuen ETag.",
        "`If-Match` désignait une version plus ancienne. Relisez l'objet (nouvel `ETag`), appliquez-y votre modification et envoyez-le avec le nouvel ETag.";
    "payload-too-large", "page" => "The body exceeds the operation's limit (`detail` gives it). Split the data or use the operation meant for large inputs.",
        "Il corpo supera il limite dell'operazione (`detail` lo indica). Suddividere i dati o usare l'operazione pensata per grandi quantità di dati.",
        "Der Körper überschreitet die Grenze der Operation (`detail` nennt sie). Teilen Sie die Daten auf oder verwenden Sie die Operation für große Eingaben.",
        "Le corps dépasse la limite de l'opération (`detail` l'indique). Découpez les données ou utilisez l'opération prévue pour les gros volumes.";
    "unsupported-media-type", "page" => "Send the body as `application/json` (with `Content-Type`).",
        "Inviare il corpo come `application/json` (con `Content-Type`).",
        "Senden Sie den Körper als `application/json` (mit `Content-Type`).",
        "Envoyez le corps en `application/json` (avec `Content-Type`).";
    "not-acceptable", "page" => "The `Accept` header or `format` names no format this operation offers; `detail` lists those it does.",
        "L'intestazione `Accept` o `format` non indica alcun formato offerto da questa operazione; `detail` elenca quelli offerti.",
        "Der Header `Accept` oder `format` nennt kein Format, das diese Operation anbietet; `detail` listet die angebotenen auf.",
        "L'en-tête `Accept` ou `format` ne désigne aucun format que cette opération propose ; `detail` liste ceux qu'elle propose.";
    "method-not-allowed", "page" => "The resource exists but not with this method; `Allow` lists the methods it supports.",
        "La risorsa esiste ma non con questo metodo; `Allow` elenca i metodi che supporta.",
        "Die Ressource existiert, aber nicht mit dieser Methode; `Allow` listet die Methoden auf, die sie unterstützt.",
        "La ressource existe, mais pas avec cette méthode ; `Allow` liste les méthodes qu'elle prend en charge.";
    "too-many-requests", "page" => "A limit was reached. Wait for `Retry-After` seconds (the `RateLimit` headers say how much is left) and try again.",
        "È stato raggiunto un limite. Attendere i secondi indicati da `Retry-After` (le intestazioni `RateLimit` dicono quanto resta) e riprovare.",
        "Eine Grenze wurde erreicht. Warten Sie die in `Retry-After` genannten Sekunden ab (die `RateLimit`-Header sagen, wie viel übrig ist) und versuchen Sie es erneut.",
        "Une limite a été atteinte. Attendez le nombre de secondes de `Retry-After` (les en-têtes `RateLimit` disent ce qu'il reste) et réessayez.";
    "unavailable", "page" => "The database is not reachable or busy. Retry after `Retry-After` seconds; the request did nothing.",
        "Il database non è raggiungibile o è occupato. Riprovare dopo i secondi indicati da `Retry-After`; la richiesta non ha avuto alcun effetto.",
        "Die Datenbank ist nicht erreichbar oder ausgelastet. Versuchen Sie es nach `Retry-After` Sekunden erneut; die Anfrage hat nichts bewirkt.",
        "La base de données est injoignable ou occupée. Réessayez après `Retry-After` secondes ; la requête n'a rien fait.";
    "internal", "page" => "Something failed on our side and was logged with the request id. Quote the `X-Request-Id` of the answer when you report it.",
        "Qualcosa non ha funzionato da parte nostra ed è stato registrato con l'id della richiesta. Indicare l'`X-Request-Id` della risposta quando lo si segnala.",
        "Bei uns ist etwas fehlgeschlagen und wurde mit der Anfrage-ID protokolliert. Geben Sie die `X-Request-Id` der Antwort an, wenn Sie es melden.",
        "Quelque chose a échoué de notre côté et a été journalisé avec l'identifiant de la requête. Indiquez le `X-Request-Id` de la réponse quand vous le signalez.";
];
