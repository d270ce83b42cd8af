//! Field messages: what is wrong with one input value, in the four languages.

use super::Entry;

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

/// serde's messages for JSON bodies and query strings (`field` names and expected types,
/// which are Rust's, stay as serde writes them).
pub static SERDE_MESSAGES: &[Entry] = entries![
    "serde_invalid_type", "invalid" => "invalid type: {found}, expected {expected}",
        "tipo non valido: {found}, atteso {expected}",
        "ungültiger Typ: {found}, erwartet {expected}",
        "type non valide : {found}, attendu {expected}";
    "serde_invalid_value", "invalid" => "invalid value: {found}, expected {expected}",
        "valore non valido: {found}, atteso {expected}",
        "ungültiger Wert: {found}, erwartet {expected}",
        "valeur non valide : {found}, attendu {expected}";
    "serde_invalid_length", "invalid" => "invalid length {length}, expected {expected}",
        "lunghezza non valida {length}, attesa {expected}",
        "ungültige Länge {length}, erwartet {expected}",
        "longueur non valide {length}, attendu {expected}";
    "serde_unknown_variant", "invalid" => "unknown variant `{variant}`, expected {expected}",
        "variante sconosciuta `{variant}`, atteso {expected}",
        "unbekannte Variante `{variant}`, erwartet {expected}",
        "variante inconnue `{variant}`, attendu {expected}";
    "serde_no_variants", "invalid" => "unknown variant `{variant}`, there are no variants",
        "variante sconosciuta `{variant}`, non ci sono varianti",
        "unbekannte Variante `{variant}`, es gibt keine Varianten",
        "variante inconnue `{variant}`, il n'y a aucune variante";
    "serde_unknown_field", "invalid" => "unknown field `{field}`, expected {expected}",
        "campo sconosciuto `{field}`, atteso {expected}",
        "unbekanntes Feld `{field}`, erwartet {expected}",
        "champ inconnu `{field}`, attendu {expected}";
    "serde_no_fields", "invalid" => "unknown field `{field}`, there are no fields",
        "campo sconosciuto `{field}`, non ci sono campi",
        "unbekanntes Feld `{field}`, es gibt keine Felder",
        "champ inconnu `{field}`, il n'y a aucun champ";
    "serde_duplicate_field", "invalid" => "duplicate field `{field}`",
        "campo duplicato `{field}`",
        "doppeltes Feld `{field}`",
        "champ en double `{field}`";
    "serde_one_of", "invalid" => "one of {names}",
        "uno tra {names}",
        "eines von {names}",
        "l'un de {names}";
    "serde_either", "invalid" => "`{first}` or `{second}`",
        "`{first}` o `{second}`",
        "`{first}` oder `{second}`",
        "`{first}` ou `{second}`";
    "json_at", "invalid" => "{error} at line {line} column {column}",
        "{error} alla riga {line}, colonna {column}",
        "{error} in Zeile {line}, Spalte {column}",
        "{error} à la ligne {line}, colonne {column}";
    "json_eof_list", "invalid" => "EOF while parsing a list",
        "fine del testo durante la lettura di una lista",
        "Ende des Textes beim Lesen einer Liste",
        "fin du texte pendant la lecture d'une liste";
    "json_eof_object", "invalid" => "EOF while parsing an object",
        "fine del testo durante la lettura di un oggetto",
        "Ende des Textes beim Lesen eines Objekts",
        "fin du texte pendant la lecture d'un objet";
    "json_eof_string", "invalid" => "EOF while parsing a string",
        "fine del testo durante la lettura di una stringa",
        "Ende des Textes beim Lesen einer Zeichenkette",
        "fin du texte pendant la lecture d'une chaîne";
    "json_eof_value", "invalid" => "EOF while parsing a value",
        "fine del testo durante la lettura di un valore",
        "Ende des Textes beim Lesen eines Werts",
        "fin du texte pendant la lecture d'une valeur";
    "json_colon", "invalid" => "expected `:`",
        "atteso `:`",
        "`:` erwartet",
        "`:` attendu";
    "json_list_end", "invalid" => "expected `,` or `]`",
        "atteso `,` o `]`",
        "`,` oder `]` erwartet",
        "`,` ou `]` attendu";
    "json_object_end", "invalid" => "expected `,` or `}`",
        "atteso `,` o `}`",
        "`,` oder `}` erwartet",
        "`,` ou `}` attendu";
    "json_ident", "invalid" => "expected ident",
        "atteso un identificatore",
        "Bezeichner erwartet",
        "identifiant attendu";
    "json_value", "invalid" => "expected value",
        "atteso un valore",
        "Wert erwartet",
        "valeur attendue";
    "json_quote", "invalid" => "expected `\"`",
        "atteso `\"`",
        "`\"` erwartet",
        "`\"` attendu";
    "json_escape", "invalid" => "invalid escape",
        "sequenza di escape non valida",
        "ungültige Escape-Sequenz",
        "séquence d'échappement non valide";
    "json_number", "invalid" => "invalid number",
        "numero non valido",
        "ungültige Zahl",
        "nombre non valide";
    "json_range", "invalid" => "number out of range",
        "numero fuori intervallo",
        "Zahl außerhalb des Wertebereichs",
        "nombre hors limites";
    "json_code_point", "invalid" => "invalid unicode code point",
        "punto di codice Unicode non valido",
        "ungültiger Unicode-Codepunkt",
        "point de code Unicode non valide";
    "json_key", "invalid" => "key must be a string",
        "la chiave deve essere una stringa",
        "der Schlüssel muss eine Zeichenkette sein",
        "la clé doit être une chaîne";
    "json_trailing_comma", "invalid" => "trailing comma",
        "virgola finale di troppo",
        "überzähliges Komma am Ende",
        "virgule finale en trop";
    "json_trailing", "invalid" => "trailing characters",
        "caratteri in eccesso dopo la fine",
        "überzählige Zeichen nach dem Ende",
        "caractères en trop après la fin";
    "json_hex_escape", "invalid" => "unexpected end of hex escape",
        "fine inattesa di una sequenza di escape esadecimale",
        "unerwartetes Ende einer hexadezimalen Escape-Sequenz",
        "fin inattendue d'une séquence d'échappement hexadécimale";
    "json_recursion", "invalid" => "recursion limit exceeded",
        "limite di annidamento superato",
        "Verschachtelungsgrenze überschritten",
        "limite d'imbrication dépassée";
    "parse_digit", "invalid" => "invalid digit found in string",
        "cifra non valida nel testo",
        "ungültige Ziffer im Text",
        "chiffre non valide dans le texte";
    "parse_too_large", "invalid" => "number too large to fit in target type",
        "numero troppo grande per il tipo di destinazione",
        "Zahl zu groß für den Zieltyp",
        "nombre trop grand pour le type cible";
    "parse_too_small", "invalid" => "number too small to fit in target type",
        "numero troppo piccolo per il tipo di destinazione",
        "Zahl zu klein für den Zieltyp",
        "nombre trop petit pour le type cible";
    "parse_bool", "invalid" => "provided string was not `true` or `false`",
        "il testo fornito non è `true` o `false`",
        "der angegebene Text ist nicht `true` oder `false`",
        "le texte fourni n'est ni `true` ni `false`";
    "parse_float", "invalid" => "invalid float literal",
        "numero decimale non valido",
        "ungültige Dezimalzahl",
        "nombre décimal non valide";
];
