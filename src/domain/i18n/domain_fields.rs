//! The domain's field messages in the four languages, written in English where they arise
//! (`Error::invalid`, `FieldError::new`, and the HTTP layer's field errors) and found again
//! by their text; `invalid` is the code they always had.

use super::Entry;

/// The domain's field messages (after the built-in rules' in [`super::FIELD_TABLES`]).
pub static DOMAIN_FIELD_MESSAGES: &[Entry] = entries![
    "survey_several_contacts", "invalid" => "you attend the event as more than one contact person: name one",
        "partecipi all'evento come più di una persona di contatto: indicane una",
        "Sie nehmen als mehr als eine Kontaktperson an der Veranstaltung teil: nennen Sie eine",
        "vous participez à l'événement en tant que plusieurs personnes de contact : indiquez-en une";
    "check_in_unknown_code", "invalid" => "no attendee of this event has this check-in code",
        "nessun partecipante a questo evento ha questo codice di check-in",
        "niemand, der an dieser Veranstaltung teilnimmt, hat diesen Check-in-Code",
        "aucun participant de cet événement n'a ce code d'enregistrement";
    "request_to_itself", "invalid" => "a company cannot send a request to itself",
        "un'azienda non può inviare una richiesta a se stessa",
        "ein Unternehmen kann sich selbst keine Anfrage senden",
        "une entreprise ne peut pas s'envoyer une demande à elle-même";
    "region_not_subdivision", "invalid" => "{region} is not a subdivision of {country}",
        "{region} non è una suddivisione di {country}",
        "{region} ist keine Untereinheit von {country}",
        "{region} n'est pas une subdivision de {country}";
    "no_cluster_with_id", "invalid" => "no cluster with id {id}",
        "nessun cluster con id {id}",
        "kein Cluster mit der ID {id}",
        "aucun cluster avec l'id {id}";
    "member_cannot_move", "invalid" => "a member company cannot move to another cluster; create it there instead",
        "un'azienda membro non può passare a un altro cluster; crearla lì",
        "ein Mitgliedsunternehmen kann nicht in einen anderen Cluster wechseln; legen Sie es stattdessen dort an",
        "une entreprise membre ne peut pas passer dans un autre cluster ; créez-la plutôt là-bas";
    "region_not_in", "invalid" => "{region} is not in {country}",
        "{region} non è in {country}",
        "{region} liegt nicht in {country}",
        "{region} n'est pas en {country}";
    "cluster_listed_twice", "invalid" => "lists a cluster twice",
        "elenca un cluster due volte",
        "führt einen Cluster doppelt auf",
        "mentionne un cluster deux fois";
    "contact_of_host_or_guest", "invalid" => "must be a contact person of a company in the host or a guest cluster",
        "deve essere una persona di contatto di un'azienda del cluster ospitante o di un cluster ospite",
        "muss eine Kontaktperson eines Unternehmens im gastgebenden oder einem Gast-Cluster sein",
        "doit être une personne de contact d'une entreprise du cluster hôte ou d'un cluster invité";
    "meeting_participants", "invalid" => "must be a contact person of your company, or one of the other company who agreed to share their details; each listed once",
        "deve essere una persona di contatto della tua azienda, o dell'altra azienda che ha accettato di condividere i propri dati; ciascuna elencata una volta",
        "muss eine Kontaktperson Ihres Unternehmens sein oder eine des anderen Unternehmens, die der Weitergabe ihrer Angaben zugestimmt hat; jede nur einmal aufgeführt",
        "doit être une personne de contact de votre entreprise, ou de l'autre entreprise ayant accepté de partager ses coordonnées ; chacune mentionnée une fois";
    "no_member_company", "invalid" => "no member company with id {id}",
        "nessuna azienda membro con id {id}",
        "kein Mitgliedsunternehmen mit der ID {id}",
        "aucune entreprise membre avec l'id {id}";
    "admin_platform_role", "invalid" => "admin is a platform role: send neither cluster_id nor member_id",
        "admin è un ruolo della piattaforma: non inviare né cluster_id né member_id",
        "admin ist eine Plattformrolle: senden Sie weder cluster_id noch member_id",
        "admin est un rôle de la plateforme : n'envoyez ni cluster_id ni member_id";
    "manager_needs_cluster", "invalid" => "cluster_manager needs cluster_id (and no member_id)",
        "cluster_manager richiede cluster_id (e nessun member_id)",
        "cluster_manager benötigt cluster_id (und keine member_id)",
        "cluster_manager nécessite cluster_id (et aucun member_id)";
    "analyst_scope", "invalid" => "analyst is held on a cluster (cluster_id) or platform-wide (neither)",
        "analyst vale per un cluster (cluster_id) o per tutta la piattaforma (nessuno dei due)",
        "analyst gilt für einen Cluster (cluster_id) oder plattformweit (keines von beiden)",
        "analyst s'applique à un cluster (cluster_id) ou à toute la plateforme (ni l'un ni l'autre)";
    "editor_needs_member", "invalid" => "member_editor needs member_id (and no cluster_id)",
        "member_editor richiede member_id (e nessun cluster_id)",
        "member_editor benötigt member_id (und keine cluster_id)",
        "member_editor nécessite member_id (et aucun cluster_id)";
    "time_zone_name", "invalid" => "must be an IANA time zone name such as Europe/Zurich or Europe/Rome",
        "deve essere il nome di un fuso orario IANA come Europe/Zurich o Europe/Rome",
        "muss der Name einer IANA-Zeitzone wie Europe/Zurich oder Europe/Rome sein",
        "doit être le nom d'un fuseau horaire IANA comme Europe/Zurich ou Europe/Rome";
    "meetings_block_only", "invalid" => "only a `meetings` block is linked to a meeting session",
        "solo un blocco `meetings` è collegato a una sessione di incontri",
        "nur ein Block `meetings` ist mit einer Treffen-Sitzung verknüpft",
        "seul un bloc `meetings` est lié à une session de rencontres";
    "no_meeting_session", "invalid" => "the event has no meeting session {session}",
        "l'evento non ha una sessione di incontri {session}",
        "die Veranstaltung hat keine Treffen-Sitzung {session}",
        "l'événement n'a pas de session de rencontres {session}";
    "pitches_generated", "invalid" => "pitches come from registrations: use agenda/generate",
        "le presentazioni derivano dalle iscrizioni: usare agenda/generate",
        "Pitches ergeben sich aus den Anmeldungen: verwenden Sie agenda/generate",
        "les présentations viennent des inscriptions : utilisez agenda/generate";
    "cluster_not_taking_part", "invalid" => "the company's cluster does not take part in this event",
        "il cluster dell'azienda non partecipa a questo evento",
        "der Cluster des Unternehmens nimmt an dieser Veranstaltung nicht teil",
        "le cluster de l'entreprise ne participe pas à cet événement";
    "not_contact_of_member", "invalid" => "{contact} is not a contact person of member {member_id}",
        "{contact} non è una persona di contatto del membro {member_id}",
        "{contact} ist keine Kontaktperson des Mitglieds {member_id}",
        "{contact} n'est pas une personne de contact du membre {member_id}";
    "already_your_address", "invalid" => "is already the address of your account",
        "è già l'indirizzo del tuo account",
        "ist bereits die Adresse Ihres Kontos",
        "est déjà l'adresse de votre compte";
    "idempotency_reused", "invalid" => "was used with a different request in the last 24 hours; use a new key for a new request",
        "è stata usata con una richiesta diversa nelle ultime 24 ore; usare una nuova chiave per una nuova richiesta",
        "wurde in den letzten 24 Stunden mit einer anderen Anfrage verwendet; verwenden Sie für eine neue Anfrage einen neuen Schlüssel",
        "a été utilisée avec une autre requête au cours des dernières 24 heures ; utilisez une nouvelle clé pour une nouvelle requête";
    "no_editor_account", "invalid" => "this company has no editor account: name the contact person to write to",
        "questa azienda non ha un account editor: indicare la persona di contatto a cui scrivere",
        "dieses Unternehmen hat kein Bearbeitungskonto: nennen Sie die Kontaktperson, der geschrieben werden soll",
        "cette entreprise n'a pas de compte éditeur : indiquez la personne de contact à qui écrire";
    "contact_no_email", "invalid" => "this contact person has no e-mail address",
        "questa persona di contatto non ha un indirizzo e-mail",
        "diese Kontaktperson hat keine E-Mail-Adresse",
        "cette personne de contact n'a pas d'adresse e-mail";
    "co_organisers_guest_managers", "invalid" => "co-organisers are managers of a guest cluster of the event",
        "i co-organizzatori sono gestori di un cluster ospite dell'evento",
        "Mitveranstaltende sind Verwaltende eines Gast-Clusters der Veranstaltung",
        "les co-organisateurs sont des gestionnaires d'un cluster invité de l'événement";
    "trade_area", "invalid" => "must be an ISO 3166-1 country (CH), an ISO 3166-2 region (IT-25) or a NUTS code (ITC41)",
        "deve essere un paese ISO 3166-1 (CH), una regione ISO 3166-2 (IT-25) o un codice NUTS (ITC41)",
        "muss ein Land nach ISO 3166-1 (CH), eine Region nach ISO 3166-2 (IT-25) oder ein NUTS-Code (ITC41) sein",
        "doit être un pays ISO 3166-1 (CH), une région ISO 3166-2 (IT-25) ou un code NUTS (ITC41)";
    "trade_area_long", "invalid" => "must be an ISO 3166-1 country (CH), an ISO 3166-2 region (IT-25, IT-VA) or a NUTS code (ITC41)",
        "deve essere un paese ISO 3166-1 (CH), una regione ISO 3166-2 (IT-25, IT-VA) o un codice NUTS (ITC41)",
        "muss ein Land nach ISO 3166-1 (CH), eine Region nach ISO 3166-2 (IT-25, IT-VA) oder ein NUTS-Code (ITC41) sein",
        "doit être un pays ISO 3166-1 (CH), une région ISO 3166-2 (IT-25, IT-VA) ou un code NUTS (ITC41)";
    "hs_code", "invalid" => "must be a Harmonized System code of 2, 4 or 6 digits",
        "deve essere un codice del Sistema armonizzato di 2, 4 o 6 cifre",
        "muss ein Code des Harmonisierten Systems mit 2, 4 oder 6 Ziffern sein",
        "doit être un code du Système harmonisé de 2, 4 ou 6 chiffres";
    "hs_code_example", "invalid" => "must be a Harmonized System code of 2, 4 or 6 digits, such as 88 (aircraft)",
        "deve essere un codice del Sistema armonizzato di 2, 4 o 6 cifre, come 88 (aeromobili)",
        "muss ein Code des Harmonisierten Systems mit 2, 4 oder 6 Ziffern sein, etwa 88 (Luftfahrzeuge)",
        "doit être un code du Système harmonisé de 2, 4 ou 6 chiffres, comme 88 (aéronefs)";
    "differ_from_reporter", "invalid" => "must differ from reporter_area",
        "deve essere diverso da reporter_area",
        "muss sich von reporter_area unterscheiden",
        "doit être différent de reporter_area";
    "differ_from_reporter_itself", "invalid" => "must differ from reporter_area: an area does not trade with itself",
        "deve essere diverso da reporter_area: un'area non commercia con se stessa",
        "muss sich von reporter_area unterscheiden: ein Gebiet handelt nicht mit sich selbst",
        "doit être différent de reporter_area : une zone ne commerce pas avec elle-même";
    "currency", "invalid" => "must be an ISO 4217 currency code such as EUR",
        "deve essere un codice valuta ISO 4217 come EUR",
        "muss ein Währungscode nach ISO 4217 wie EUR sein",
        "doit être un code de devise ISO 4217 comme EUR";
    "currency_chf", "invalid" => "must be an ISO 4217 currency code such as EUR or CHF",
        "deve essere un codice valuta ISO 4217 come EUR o CHF",
        "muss ein Währungscode nach ISO 4217 wie EUR oder CHF sein",
        "doit être un code de devise ISO 4217 comme EUR ou CHF";
    "not_before_period_start", "invalid" => "must not be before period_start",
        "non deve essere prima di period_start",
        "darf nicht vor period_start liegen",
        "ne doit pas être avant period_start";
    "not_before_comparison_start", "invalid" => "must not be before comparison_period_start",
        "non deve essere prima di comparison_period_start",
        "darf nicht vor comparison_period_start liegen",
        "ne doit pas être avant comparison_period_start";
    "series_one_product", "invalid" => "a series is of one product: give product or hs_code",
        "una serie riguarda un solo prodotto: indicare product o hs_code",
        "eine Reihe betrifft ein einziges Produkt: geben Sie product oder hs_code an",
        "une série porte sur un seul produit : indiquez product ou hs_code";
    "no_event_with_id", "invalid" => "no event with id {id}",
        "nessun evento con id {id}",
        "keine Veranstaltung mit der ID {id}",
        "aucun événement avec l'id {id}";
    "mail_kind_always", "invalid" => "{kind} mail concerns the account itself and cannot be turned off",
        "l'e-mail {kind} riguarda l'account stesso e non può essere disattivata",
        "E-Mails der Art {kind} betreffen das Konto selbst und können nicht abgeschaltet werden",
        "le courriel {kind} concerne le compte lui-même et ne peut pas être désactivé";
    "unsubscribe_link", "invalid" => "is not a valid unsubscribe link; use the link of the e-mail",
        "non è un link di disiscrizione valido; usare il link dell'e-mail",
        "ist kein gültiger Abmeldelink; verwenden Sie den Link aus der E-Mail",
        "n'est pas un lien de désinscription valide ; utilisez le lien du courriel";
    "neither_side", "invalid" => "is neither side of meeting request {request_id}",
        "non è nessuna delle due parti della richiesta di incontro {request_id}",
        "ist keine der beiden Seiten der Treffenanfrage {request_id}",
        "n'est aucune des deux parties de la demande de rencontre {request_id}";
    "not_attendee_add", "invalid" => "is not an attendee of registration {registration_id} (add them to its attendees first)",
        "non è un partecipante dell'iscrizione {registration_id} (aggiungerlo prima ai suoi partecipanti)",
        "ist nicht unter den Teilnehmenden der Anmeldung {registration_id} (zuerst dort hinzufügen)",
        "n'est pas un participant de l'inscription {registration_id} (ajoutez-le d'abord à ses participants)";
    "no_active_registration", "invalid" => "event {event_id} has no active registration {id}",
        "l'evento {event_id} non ha un'iscrizione attiva {id}",
        "die Veranstaltung {event_id} hat keine aktive Anmeldung {id}",
        "l'événement {event_id} n'a pas d'inscription active {id}";
    "company_meets_itself", "invalid" => "a company does not meet itself",
        "un'azienda non incontra se stessa",
        "ein Unternehmen trifft sich nicht selbst",
        "une entreprise ne se rencontre pas elle-même";
    "slots_range", "invalid" => "the event has {count} slots (0 to {last})",
        "l'evento ha {count} fasce orarie (da 0 a {last})",
        "die Veranstaltung hat {count} Zeitfenster (0 bis {last})",
        "l'événement a {count} créneaux (0 à {last})";
    "tables", "invalid" => "the event has {tables} tables",
        "l'evento ha {tables} tavoli",
        "die Veranstaltung hat {tables} Tische",
        "l'événement a {tables} tables";
    "slots", "invalid" => "the event has {count} slots",
        "l'evento ha {count} fasce orarie",
        "die Veranstaltung hat {count} Zeitfenster",
        "l'événement a {count} créneaux";
    "not_attendee", "invalid" => "is not an attendee of registration {registration_id}",
        "non è un partecipante dell'iscrizione {registration_id}",
        "ist nicht unter den Teilnehmenden der Anmeldung {registration_id}",
        "n'est pas un participant de l'inscription {registration_id}";
    "one_of", "invalid" => "must be one of {allowed}",
        "deve essere uno tra {allowed}",
        "muss eines von {allowed} sein",
        "doit être l'un de {allowed}";
    "option_length", "invalid" => "each option has at most {max} characters",
        "ogni opzione ha al massimo {max} caratteri",
        "jede Option hat höchstens {max} Zeichen",
        "chaque option a au plus {max} caractères";
    "feed_kinds", "invalid" => "must list event, registration, partnership_request, meeting_request or trade_note",
        "deve elencare event, registration, partnership_request, meeting_request o trade_note",
        "muss event, registration, partnership_request, meeting_request oder trade_note aufführen",
        "doit lister event, registration, partnership_request, meeting_request ou trade_note";
    "sync_length", "invalid" => "must have 1 to 100 characters",
        "deve avere da 1 a 100 caratteri",
        "muss 1 bis 100 Zeichen haben",
        "doit avoir de 1 à 100 caractères";
    "sync_also_used", "invalid" => "is also used by members[{first}]",
        "è usato anche da members[{first}]",
        "wird auch von members[{first}] verwendet",
        "est aussi utilisé par members[{first}]";
    "sync_contacts_max", "invalid" => "at most 200 contact people per member",
        "al massimo 200 persone di contatto per membro",
        "höchstens 200 Kontaktpersonen pro Mitglied",
        "au plus 200 personnes de contact par membre";
    "tombstones_json", "invalid" => "tombstones exist in JSON only; the files list what is in the catalogue",
        "le tombstone esistono solo in JSON; i file elencano ciò che è nel catalogo",
        "Tombstones gibt es nur in JSON; die Dateien listen auf, was im Katalog steht",
        "les tombstones n'existent qu'en JSON ; les fichiers listent ce qui est au catalogue";
    "limit_between", "invalid" => "must be between 1 and {max}",
        "deve essere tra 1 e {max}",
        "muss zwischen 1 und {max} liegen",
        "doit être entre 1 et {max}";
    "cursor_foreign", "invalid" => "is not a cursor this service issued; start without one",
        "non è un cursore emesso da questo servizio; iniziare senza",
        "ist kein von diesem Dienst ausgegebener Cursor; beginnen Sie ohne",
        "n'est pas un curseur émis par ce service ; commencez sans curseur";
    "workbook_rows", "invalid" => "more than {max} rows is too many for one workbook; ask for {instead}, or narrow the request",
        "più di {max} righe sono troppe per una cartella di lavoro; chiedere {instead} o restringere la richiesta",
        "mehr als {max} Zeilen sind zu viele für eine Arbeitsmappe; fragen Sie nach {instead} oder grenzen Sie die Anfrage ein",
        "plus de {max} lignes, c'est trop pour un classeur ; demandez {instead} ou restreignez la requête";
    "idempotency_key_format", "invalid" => "must be 1 to 255 visible ASCII characters (a UUID, say)",
        "deve avere da 1 a 255 caratteri ASCII visibili (per esempio un UUID)",
        "muss aus 1 bis 255 sichtbaren ASCII-Zeichen bestehen (etwa einer UUID)",
        "doit comporter de 1 à 255 caractères ASCII visibles (un UUID, par exemple)";
    "session_within_event", "invalid" => "the session must lie within the event ({from} to {to})",
        "la sessione deve rientrare nell'evento (da {from} a {to})",
        "die Sitzung muss innerhalb der Veranstaltung liegen ({from} bis {to})",
        "la session doit se situer pendant l'événement ({from} à {to})";
    "break_within_session", "invalid" => "a break ends after it starts and lies within the session",
        "una pausa finisce dopo essere iniziata e rientra nella sessione",
        "eine Pause endet nach ihrem Beginn und liegt innerhalb der Sitzung",
        "une pause finit après son début et se situe pendant la session";
    "session_no_room", "invalid" => "the session has no room for one slot",
        "la sessione non ha spazio per una fascia oraria",
        "die Sitzung hat keinen Platz für ein Zeitfenster",
        "la session n'a pas la place pour un créneau";
    "session_too_many_slots", "invalid" => "the session would have {n} slots; at most {max}",
        "la sessione avrebbe {n} fasce orarie; al massimo {max}",
        "die Sitzung hätte {n} Zeitfenster; höchstens {max}",
        "la session aurait {n} créneaux ; au plus {max}";
    "survey_questions_count", "invalid" => "must have between 1 and {max} questions",
        "deve avere tra 1 e {max} domande",
        "muss zwischen 1 und {max} Fragen haben",
        "doit avoir entre 1 et {max} questions";
    "survey_key", "invalid" => "must start with a lower-case letter and have at most {max} lower-case letters, digits or _",
        "deve iniziare con una lettera minuscola e avere al massimo {max} lettere minuscole, cifre o _",
        "muss mit einem Kleinbuchstaben beginnen und höchstens {max} Kleinbuchstaben, Ziffern oder _ haben",
        "doit commencer par une lettre minuscule et avoir au plus {max} lettres minuscules, chiffres ou _";
    "survey_key_twice", "invalid" => "is the key of an earlier question",
        "è la chiave di una domanda precedente",
        "ist der Schlüssel einer früheren Frage",
        "est la clé d'une question précédente";
    "survey_options_count", "invalid" => "a choice needs between {min} and {max} options",
        "una scelta richiede tra {min} e {max} opzioni",
        "eine Auswahl braucht zwischen {min} und {max} Optionen",
        "un choix nécessite entre {min} et {max} options";
    "survey_option_repeats", "invalid" => "repeats an earlier option",
        "ripete un'opzione precedente",
        "wiederholt eine frühere Option",
        "répète une option précédente";
    "survey_options_choice_only", "invalid" => "only choice questions have options",
        "solo le domande a scelta hanno opzioni",
        "nur Auswahlfragen haben Optionen",
        "seules les questions à choix ont des options";
    "survey_no_question", "invalid" => "is no question of this survey",
        "non è una domanda di questo sondaggio",
        "ist keine Frage dieser Umfrage",
        "n'est pas une question de ce sondage";
    "link_unknown", "invalid" => "is not a valid link; ask for a new one",
        "non è un link valido; chiederne uno nuovo",
        "ist kein gültiger Link; fordern Sie einen neuen an",
        "n'est pas un lien valide ; demandez-en un nouveau";
    "link_used", "invalid" => "was already used; ask for a new one",
        "è già stato usato; chiederne uno nuovo",
        "wurde bereits verwendet; fordern Sie einen neuen an",
        "a déjà été utilisé ; demandez-en un nouveau";
    "link_expired", "invalid" => "has expired or a newer link replaced it; ask for a new one",
        "è scaduto o è stato sostituito da un link più recente; chiederne uno nuovo",
        "ist abgelaufen oder wurde durch einen neueren Link ersetzt; fordern Sie einen neuen an",
        "a expiré ou un lien plus récent l'a remplacé ; demandez-en un nouveau";
    "scan_future", "invalid" => "lies in the future (more than {seconds} seconds ahead of the server's clock)",
        "è nel futuro (più di {seconds} secondi avanti rispetto all'orologio del server)",
        "liegt in der Zukunft (mehr als {seconds} Sekunden vor der Uhr des Servers)",
        "est dans le futur (plus de {seconds} secondes d'avance sur l'horloge du serveur)";
    "scan_too_early", "invalid" => "lies more than a day before the event was created: check the scanner's clock",
        "è più di un giorno prima della creazione dell'evento: controllare l'orologio dello scanner",
        "liegt mehr als einen Tag vor der Erstellung der Veranstaltung: prüfen Sie die Uhr des Scanners",
        "est plus d'un jour avant la création de l'événement : vérifiez l'horloge du scanner";
    "pitches_twice", "invalid" => "lists a registration more than once",
        "elenca un'iscrizione più di una volta",
        "führt eine Anmeldung mehrfach auf",
        "mentionne une inscription plus d'une fois";
    "pitches_not_active", "invalid" => "{id} is not an active registration of this event",
        "{id} non è un'iscrizione attiva di questo evento",
        "{id} ist keine aktive Anmeldung dieser Veranstaltung",
        "{id} n'est pas une inscription active de cet événement";
    "webhook_absolute", "invalid" => "must be an absolute http(s) URL",
        "deve essere un URL http(s) assoluto",
        "muss eine absolute http(s)-URL sein",
        "doit être une URL http(s) absolue";
    "webhook_scheme", "invalid" => "must use http or https",
        "deve usare http o https",
        "muss http oder https verwenden",
        "doit utiliser http ou https";
    "webhook_host", "invalid" => "must name a host",
        "deve indicare un host",
        "muss einen Host nennen",
        "doit indiquer un hôte";
    "webhook_local", "invalid" => "must not point to this machine",
        "non deve puntare a questa macchina",
        "darf nicht auf diesen Rechner zeigen",
        "ne doit pas pointer vers cette machine";
    "webhook_private", "invalid" => "must not point to a private or local address",
        "non deve puntare a un indirizzo privato o locale",
        "darf nicht auf eine private oder lokale Adresse zeigen",
        "ne doit pas pointer vers une adresse privée ou locale";
    "sort_other_order", "invalid" => "was issued for another sort order; start without a cursor",
        "è stato emesso per un altro ordinamento; iniziare senza cursore",
        "wurde für eine andere Sortierung ausgegeben; beginnen Sie ohne Cursor",
        "a été émis pour un autre ordre de tri ; commencez sans curseur";
    "sort_not_for", "invalid" => "was not issued for sort={sort}; start without a cursor",
        "non è stato emesso per sort={sort}; iniziare senza cursore",
        "wurde nicht für sort={sort} ausgegeben; beginnen Sie ohne Cursor",
        "n'a pas été émis pour sort={sort} ; commencez sans curseur";
    "password_min_length", "invalid" => "must be at least {min} characters long",
        "deve essere lunga almeno {min} caratteri",
        "muss mindestens {min} Zeichen lang sein",
        "doit comporter au moins {min} caractères";
    "password_max_length", "invalid" => "must be at most {max} characters long",
        "deve essere lunga al massimo {max} caratteri",
        "darf höchstens {max} Zeichen lang sein",
        "doit comporter au plus {max} caractères";
    "survey_text", "invalid" => "must be text",
        "deve essere un testo",
        "muss Text sein",
        "doit être du texte";
    "survey_scale", "invalid" => "must be a whole number from 1 to {max}",
        "deve essere un numero intero da 1 a {max}",
        "muss eine ganze Zahl von 1 bis {max} sein",
        "doit être un nombre entier de 1 à {max}";
    "survey_one_of", "invalid" => "must be one of: {options}",
        "deve essere uno tra: {options}",
        "muss eines davon sein: {options}",
        "doit être l'un de : {options}";
    "survey_not_blank", "invalid" => "must not be blank (leave it out instead)",
        "non deve essere vuoto (ometterlo invece)",
        "darf nicht leer sein (lassen Sie es stattdessen weg)",
        "ne doit pas être vide (omettez-le plutôt)";
    "survey_text_max", "invalid" => "must have at most {max} characters",
        "deve avere al massimo {max} caratteri",
        "darf höchstens {max} Zeichen haben",
        "doit avoir au plus {max} caractères";
    "no_such_member_company", "invalid" => "no such member company",
        "azienda membro inesistente",
        "kein solches Mitgliedsunternehmen",
        "cette entreprise membre n'existe pas";
    "no_such_event", "invalid" => "no such event",
        "evento inesistente",
        "keine solche Veranstaltung",
        "cet événement n'existe pas";
    "agenda_all_registrations", "invalid" => "must list all {count} active registrations, not {given}",
        "deve elencare tutte le {count} iscrizioni attive, non {given}",
        "muss alle {count} aktiven Anmeldungen aufführen, nicht {given}",
        "doit lister les {count} inscriptions actives, pas {given}";
    "required_with_comparison_start", "invalid" => "is required when comparison_period_start is given",
        "è obbligatorio quando è indicato comparison_period_start",
        "ist erforderlich, wenn comparison_period_start angegeben ist",
        "est obligatoire quand comparison_period_start est indiqué";
    "required_with_comparison_end", "invalid" => "is required when comparison_period_end is given",
        "è obbligatorio quando è indicato comparison_period_end",
        "ist erforderlich, wenn comparison_period_end angegeben ist",
        "est obligatoire quand comparison_period_end est indiqué";
    "comparison_as_long", "invalid" => "the comparison period must be as long as the period ({months} months, not {given})",
        "il periodo di confronto deve durare quanto il periodo ({months} mesi, non {given})",
        "der Vergleichszeitraum muss so lang sein wie der Zeitraum ({months} Monate, nicht {given})",
        "la période de comparaison doit être aussi longue que la période ({months} mois, pas {given})";
    "comparison_overlap", "invalid" => "the comparison period must not overlap the period",
        "il periodo di confronto non deve sovrapporsi al periodo",
        "der Vergleichszeitraum darf sich nicht mit dem Zeitraum überschneiden",
        "la période de comparaison ne doit pas chevaucher la période";
    "required_with_comparison_value", "invalid" => "is required when comparison_value is given",
        "è obbligatorio quando è indicato comparison_value",
        "ist erforderlich, wenn comparison_value angegeben ist",
        "est obligatoire quand comparison_value est indiqué";
    "exports_negative", "invalid" => "exports cannot be negative; only a balance can",
        "le esportazioni non possono essere negative; solo un saldo può esserlo",
        "Exporte können nicht negativ sein; nur ein Saldo kann es",
        "les exportations ne peuvent pas être négatives ; seul un solde le peut";
    "imports_negative", "invalid" => "imports cannot be negative; only a balance can",
        "le importazioni non possono essere negative; solo un saldo può esserlo",
        "Importe können nicht negativ sein; nur ein Saldo kann es",
        "les importations ne peuvent pas être négatives ; seul un solde le peut";
    "flow_negative", "invalid" => "{flow} cannot be negative; only a balance can",
        "{flow} non può essere negativo; solo un saldo può esserlo",
        "{flow} kann nicht negativ sein; nur ein Saldo kann es",
        "{flow} ne peut pas être négatif ; seul un solde le peut";
    "balance_not_part", "invalid" => "a balance is not a part of a total; give totals for exports or imports",
        "un saldo non è parte di un totale; indicare i totali per esportazioni o importazioni",
        "ein Saldo ist kein Teil einer Summe; geben Sie Summen für Exporte oder Importe an",
        "un solde n'est pas une part d'un total ; indiquez des totaux pour les exportations ou les importations";
    "greater_than_zero", "invalid" => "must be greater than zero",
        "deve essere maggiore di zero",
        "muss größer als null sein",
        "doit être supérieur à zéro";
    "total_not_smaller", "invalid" => "must not be smaller than value, of which it is the total",
        "non deve essere minore di value, di cui è il totale",
        "darf nicht kleiner sein als value, dessen Summe es ist",
        "ne doit pas être inférieur à value, dont il est le total";
];
