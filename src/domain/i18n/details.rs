//! The details of the domain's refusals in the four languages, and the phrases said inside
//! them (what you may not do, why registration is closed), translated with them.

use super::Entry;

/// The details of the domain's refusals (409, 403, 404, 412, 400), found again by their
/// English text (templates with `{name}` parameters for those built with `format!`).
pub static DETAILS: &[Entry] = entries![
    "survey_event_cancelled", "detail" => "the event is cancelled: its survey cannot change",
        "l'evento è annullato: il suo sondaggio non può cambiare",
        "die Veranstaltung ist abgesagt: ihre Umfrage kann sich nicht ändern",
        "l'événement est annulé : son sondage ne peut pas changer";
    "survey_questions_answered", "detail" => "the questions cannot change once answers exist ({answered} so far): changing them would change what the answers mean",
        "le domande non possono cambiare una volta che esistono risposte ({answered} finora): cambiarle cambierebbe il significato delle risposte",
        "die Fragen können sich nicht mehr ändern, sobald es Antworten gibt (bisher {answered}): sonst würde sich die Bedeutung der Antworten ändern",
        "les questions ne peuvent plus changer une fois que des réponses existent ({answered} jusqu'ici) : les changer changerait le sens des réponses";
    "survey_none", "detail" => "the organisers have defined no survey",
        "gli organizzatori non hanno definito alcun sondaggio",
        "die Veranstalter haben keine Umfrage festgelegt",
        "les organisateurs n'ont défini aucun sondage";
    "survey_closed", "detail" => "the survey takes no answers: {reason}",
        "il sondaggio non accetta risposte: {reason}",
        "die Umfrage nimmt keine Antworten an: {reason}",
        "le sondage n'accepte pas de réponses : {reason}";
    "survey_people_only", "detail" => "surveys are answered by people; API keys answer none",
        "ai sondaggi rispondono le persone; le chiavi API non rispondono",
        "Umfragen werden von Personen beantwortet; API-Schlüssel beantworten keine",
        "ce sont des personnes qui répondent aux sondages ; les clés API n'y répondent pas";
    "survey_attendees_only", "detail" => "only the event's attendees answer its survey: the contact people of its registrations whose e-mail address is your account's confirmed one",
        "solo i partecipanti all'evento rispondono al suo sondaggio: le persone di contatto delle sue iscrizioni il cui indirizzo e-mail è quello confermato del tuo account",
        "nur die Teilnehmenden der Veranstaltung beantworten ihre Umfrage: die Kontaktpersonen ihrer Anmeldungen, deren E-Mail-Adresse die bestätigte Adresse Ihres Kontos ist",
        "seuls les participants de l'événement répondent à son sondage : les personnes de contact de ses inscriptions dont l'adresse e-mail est celle, confirmée, de votre compte";
    "survey_not_that_contact", "detail" => "you do not attend the event as that contact person",
        "non partecipi all'evento come quella persona di contatto",
        "Sie nehmen nicht als diese Kontaktperson an der Veranstaltung teil",
        "vous ne participez pas à l'événement en tant que cette personne de contact";
    "suggestions_active_only", "detail" => "the registration is {status}; suggestions are for active ones",
        "l'iscrizione è {status}; i suggerimenti sono per quelle attive",
        "die Anmeldung ist {status}; Vorschläge gibt es für aktive Anmeldungen",
        "l'inscription est {status} ; les suggestions concernent les inscriptions actives";
    "event_has_no_registration", "detail" => "event {event_id} has no registration {registration_id}",
        "l'evento {event_id} non ha un'iscrizione {registration_id}",
        "die Veranstaltung {event_id} hat keine Anmeldung {registration_id}",
        "l'événement {event_id} n'a pas d'inscription {registration_id}";
    "decided_while_published", "detail" => "the event is {status}; registrations are decided while it is published",
        "l'evento è {status}; le iscrizioni si decidono mentre è pubblicato",
        "die Veranstaltung ist {status}; über Anmeldungen wird entschieden, solange sie veröffentlicht ist",
        "l'événement est {status} ; les inscriptions se décident tant qu'il est publié";
    "only_registrations_can_be", "detail" => "only {allowed} registrations can be {what}; this one is {status}",
        "solo le iscrizioni {allowed} possono essere {what}; questa è {status}",
        "nur Anmeldungen im Status {allowed} können {what} werden; diese ist {status}",
        "seules les inscriptions {allowed} peuvent être {what} ; celle-ci est {status}";
    "api_key_lacks_scope", "detail" => "this API key lacks the scope {scope}",
        "a questa chiave API manca l'ambito {scope}",
        "diesem API-Schlüssel fehlt der Bereich {scope}",
        "il manque à cette clé API la portée {scope}";
    "api_keys_cannot_call", "detail" => "API keys cannot call this operation; sign in as a person",
        "le chiavi API non possono chiamare questa operazione; accedere come persona",
        "API-Schlüssel können diese Operation nicht aufrufen; melden Sie sich als Person an",
        "les clés API ne peuvent pas appeler cette opération ; connectez-vous en tant que personne";
    "refresh_reused", "detail" => "this refresh token was already used; all sessions of this login are revoked",
        "questo token di rinnovo è già stato usato; tutte le sessioni di questo accesso sono revocate",
        "dieses Erneuerungstoken wurde bereits verwendet; alle Sitzungen dieser Anmeldung sind widerrufen",
        "ce jeton de rafraîchissement a déjà été utilisé ; toutes les sessions de cette connexion sont révoquées";
    "session_ended", "detail" => "this session has ended (the account was removed or its password changed); log in again",
        "questa sessione è terminata (l'account è stato rimosso o la sua password è cambiata); accedere di nuovo",
        "diese Sitzung ist beendet (das Konto wurde entfernt oder sein Passwort geändert); melden Sie sich erneut an",
        "cette session a pris fin (le compte a été supprimé ou son mot de passe a changé) ; reconnectez-vous";
    "api_key_revoked", "detail" => "the API key has been revoked",
        "la chiave API è stata revocata",
        "der API-Schlüssel wurde widerrufen",
        "la clé API a été révoquée";
    "api_key_suspended", "detail" => "the API key is suspended: the person who made it no longer manages its cluster; a current manager must make a new one",
        "la chiave API è sospesa: la persona che l'ha creata non gestisce più il suo cluster; un gestore attuale deve crearne una nuova",
        "der API-Schlüssel ist gesperrt: die Person, die ihn erstellt hat, verwaltet seinen Cluster nicht mehr; eine aktuelle verwaltende Person muss einen neuen erstellen",
        "la clé API est suspendue : la personne qui l'a créée ne gère plus son cluster ; un gestionnaire actuel doit en créer une nouvelle";
    "check_in_cancelled", "detail" => "the registration of the person with this code is cancelled",
        "l'iscrizione della persona con questo codice è annullata",
        "die Anmeldung der Person mit diesem Code ist storniert",
        "l'inscription de la personne ayant ce code est annulée";
    "check_in_not_attendee", "detail" => "the person with this code is no longer among their company's attendees",
        "la persona con questo codice non è più tra i partecipanti della sua azienda",
        "die Person mit diesem Code gehört nicht mehr zu den Teilnehmenden ihres Unternehmens",
        "la personne ayant ce code ne fait plus partie des participants de son entreprise";
    "no_partnership_request", "detail" => "no partnership request with id {id}",
        "nessuna richiesta di partenariato con id {id}",
        "keine Partnerschaftsanfrage mit der ID {id}",
        "aucune demande de partenariat avec l'id {id}";
    "open_request_exists", "detail" => "an open request between these companies for this event already exists",
        "esiste già una richiesta aperta tra queste aziende per questo evento",
        "zwischen diesen Unternehmen besteht für diese Veranstaltung bereits eine offene Anfrage",
        "une demande ouverte entre ces entreprises existe déjà pour cet événement";
    "retention_ended", "detail" => "the retention period ended and the company's people were deleted; create it again",
        "il periodo di conservazione è terminato e le persone dell'azienda sono state eliminate; crearla di nuovo",
        "die Aufbewahrungsfrist ist abgelaufen und die Personen des Unternehmens wurden gelöscht; legen Sie es neu an",
        "la durée de conservation a pris fin et les personnes de l'entreprise ont été supprimées ; créez-la à nouveau";
    "external_id_managers", "detail" => "only the cluster's managers (and portal keys through the member sync) may set or change external_id",
        "solo i gestori del cluster (e le chiavi del portale tramite la sincronizzazione dei membri) possono impostare o modificare external_id",
        "nur die Verwaltenden des Clusters (und Portal-Schlüssel über den Mitgliederabgleich) dürfen external_id setzen oder ändern",
        "seuls les gestionnaires du cluster (et les clés de portail via la synchronisation des membres) peuvent définir ou modifier external_id";
    "event_cannot_be_edited", "detail" => "a {status} event cannot be edited",
        "un evento {status} non può essere modificato",
        "eine Veranstaltung im Status {status} kann nicht bearbeitet werden",
        "un événement {status} ne peut pas être modifié";
    "seats_taken", "detail" => "{seats_taken} seats are taken; the capacity cannot go below that",
        "{seats_taken} posti sono occupati; la capienza non può scendere al di sotto",
        "{seats_taken} Plätze sind belegt; die Kapazität kann nicht darunter sinken",
        "{seats_taken} places sont prises ; la capacité ne peut pas descendre en dessous";
    "no_event_with_id", "detail" => "no event with id {id}",
        "nessun evento con id {id}",
        "keine Veranstaltung mit der ID {id}",
        "aucun événement avec l'id {id}";
    "only_draft_deleted", "detail" => "only draft events can be deleted; cancel it instead",
        "solo gli eventi in bozza possono essere eliminati; annullarlo invece",
        "nur Veranstaltungsentwürfe können gelöscht werden; sagen Sie sie stattdessen ab",
        "seuls les événements en brouillon peuvent être supprimés ; annulez-le plutôt";
    "meetings_on_accepted", "detail" => "meetings are agreed on accepted requests; this one is {status}",
        "gli incontri si concordano su richieste accettate; questa è {status}",
        "Treffen werden zu angenommenen Anfragen vereinbart; diese ist {status}",
        "les rencontres se conviennent sur des demandes acceptées ; celle-ci est {status}";
    "delivery_delivered", "detail" => "this delivery was delivered already",
        "questa consegna è già stata effettuata",
        "diese Zustellung ist bereits erfolgt",
        "cette livraison a déjà été effectuée";
    "no_webhook_with_id", "detail" => "no webhook with id {id}",
        "nessun webhook con id {id}",
        "kein Webhook mit der ID {id}",
        "aucun webhook avec l'id {id}";
    "webhook_no_delivery", "detail" => "webhook {id} has no delivery {delivery_id}",
        "il webhook {id} non ha una consegna {delivery_id}",
        "der Webhook {id} hat keine Zustellung {delivery_id}",
        "le webhook {id} n'a pas de livraison {delivery_id}";
    "own_account", "detail" => "you cannot delete your own account",
        "non puoi eliminare il tuo account",
        "Sie können Ihr eigenes Konto nicht löschen",
        "vous ne pouvez pas supprimer votre propre compte";
    "last_admin", "detail" => "this is the last platform admin; grant the role to someone else first",
        "questo è l'ultimo amministratore della piattaforma; assegnare prima il ruolo a qualcun altro",
        "dies ist das letzte Konto mit der Rolle Plattform-Admin; vergeben Sie die Rolle zuerst an jemand anderen",
        "c'est le dernier administrateur de la plateforme ; attribuez d'abord le rôle à quelqu'un d'autre";
    "no_user_with_id", "detail" => "no user with id {id}",
        "nessun utente con id {id}",
        "kein Benutzer mit der ID {id}",
        "aucun utilisateur avec l'id {id}";
    "user_no_grant", "detail" => "user {user_id} has no grant {grant_id}",
        "l'utente {user_id} non ha un'assegnazione di ruolo {grant_id}",
        "der Benutzer {user_id} hat keine Rollenvergabe {grant_id}",
        "l'utilisateur {user_id} n'a pas d'attribution de rôle {grant_id}";
    "agenda_cannot_change", "detail" => "the agenda of a {status} event cannot change",
        "il programma di un evento {status} non può cambiare",
        "das Programm einer Veranstaltung im Status {status} kann sich nicht ändern",
        "le programme d'un événement {status} ne peut pas changer";
    "not_enough_seats", "detail" => "not enough seats: {wanted} requested, {left} left of {capacity}",
        "posti insufficienti: {wanted} richiesti, {left} rimasti su {capacity}",
        "nicht genug Plätze: {wanted} angefragt, {left} von {capacity} frei",
        "pas assez de places : {wanted} demandées, {left} restantes sur {capacity}";
    "registration_closed", "detail" => "registration is closed: {reason}",
        "le iscrizioni sono chiuse: {reason}",
        "die Anmeldung ist geschlossen: {reason}",
        "les inscriptions sont closes : {reason}";
    "registration_is", "detail" => "the registration is {status}",
        "l'iscrizione è {status}",
        "die Anmeldung ist {status}",
        "l'inscription est {status}";
    "registration_already", "detail" => "the registration is already {status}",
        "l'iscrizione è già {status}",
        "die Anmeldung ist bereits {status}",
        "l'inscription est déjà {status}";
    "event_closed_record", "detail" => "the event is closed; its registrations are part of the record",
        "l'evento è chiuso; le sue iscrizioni fanno parte dell'archivio",
        "die Veranstaltung ist abgeschlossen; ihre Anmeldungen gehören zum Archiv",
        "l'événement est clos ; ses inscriptions font partie des archives";
    "invited_only", "detail" => "this event is for invited companies only, and {company} has no invitation to it",
        "questo evento è riservato alle aziende invitate e {company} non ha un invito",
        "diese Veranstaltung ist nur für eingeladene Unternehmen, und {company} hat keine Einladung dazu",
        "cet événement est réservé aux entreprises invitées, et {company} n'y est pas invitée";
    "already_registered", "detail" => "this company is already registered for the event",
        "questa azienda è già iscritta all'evento",
        "dieses Unternehmen ist bereits für die Veranstaltung angemeldet",
        "cette entreprise est déjà inscrite à l'événement";
    "idempotency_in_progress", "detail" => "a request with this Idempotency-Key is still being processed; retry when it has finished",
        "una richiesta con questa Idempotency-Key è ancora in elaborazione; riprovare quando è terminata",
        "eine Anfrage mit diesem Idempotency-Key wird noch verarbeitet; versuchen Sie es erneut, wenn sie abgeschlossen ist",
        "une requête avec cette Idempotency-Key est encore en cours de traitement ; réessayez quand elle sera terminée";
    "no_translation_into", "detail" => "{what} has no translation into {lang}",
        "{what} non ha una traduzione in {lang}",
        "{what} hat keine Übersetzung in {lang}",
        "{what} n'a pas de traduction en {lang}";
    "calendar_feed_person", "detail" => "a calendar feed belongs to a person; API keys have none",
        "un feed di calendario appartiene a una persona; le chiavi API non ne hanno",
        "ein Kalender-Feed gehört einer Person; API-Schlüssel haben keinen",
        "un flux de calendrier appartient à une personne ; les clés API n'en ont pas";
    "no_calendar_feed", "detail" => "no calendar feed here",
        "qui non c'è nessun feed di calendario",
        "hier gibt es keinen Kalender-Feed",
        "aucun flux de calendrier ici";
    "no_api_key_with_id", "detail" => "no API key with id {id}",
        "nessuna chiave API con id {id}",
        "kein API-Schlüssel mit der ID {id}",
        "aucune clé API avec l'id {id}";
    "invitation_accepted_revoke", "detail" => "this invitation was accepted; revoke the role grant instead",
        "questo invito è stato accettato; revocare invece l'assegnazione del ruolo",
        "diese Einladung wurde angenommen; widerrufen Sie stattdessen die Rollenvergabe",
        "cette invitation a été acceptée ; révoquez plutôt l'attribution du rôle";
    "invitation_used", "detail" => "this invitation was already accepted; its link works only once",
        "questo invito è già stato accettato; il suo link funziona una sola volta",
        "diese Einladung wurde bereits angenommen; ihr Link funktioniert nur einmal",
        "cette invitation a déjà été acceptée ; son lien ne fonctionne qu'une fois";
    "invitation_revoked", "detail" => "this invitation was revoked; ask the person who invited you for a new one",
        "questo invito è stato revocato; chiederne uno nuovo alla persona che ti ha invitato",
        "diese Einladung wurde widerrufen; bitten Sie die Person, die Sie eingeladen hat, um eine neue",
        "cette invitation a été révoquée ; demandez-en une nouvelle à la personne qui vous a invité";
    "invitation_expired", "detail" => "this invitation expired on {date}; ask the person who invited you for a new one",
        "questo invito è scaduto il {date}; chiederne uno nuovo alla persona che ti ha invitato",
        "diese Einladung ist am {date} abgelaufen; bitten Sie die Person, die Sie eingeladen hat, um eine neue",
        "cette invitation a expiré le {date} ; demandez-en une nouvelle à la personne qui vous a invité";
    "invitation_changed", "detail" => "this invitation changed meanwhile; try again",
        "questo invito è cambiato nel frattempo; riprovare",
        "diese Einladung hat sich inzwischen geändert; versuchen Sie es erneut",
        "cette invitation a changé entre-temps ; réessayez";
    "invitation_company_removed", "detail" => "the company of this invitation was removed from its cluster; ask its cluster's managers",
        "l'azienda di questo invito è stata rimossa dal suo cluster; rivolgersi ai gestori del cluster",
        "das Unternehmen dieser Einladung wurde aus seinem Cluster entfernt; wenden Sie sich an die Verwaltenden des Clusters",
        "l'entreprise de cette invitation a été retirée de son cluster ; adressez-vous aux gestionnaires de son cluster";
    "inviter_may_not", "detail" => "the person who invited you may no longer give this role; ask a current manager for a new invitation",
        "la persona che ti ha invitato non può più assegnare questo ruolo; chiedere un nuovo invito a un gestore attuale",
        "die Person, die Sie eingeladen hat, darf diese Rolle nicht mehr vergeben; bitten Sie eine aktuelle verwaltende Person um eine neue Einladung",
        "la personne qui vous a invité ne peut plus attribuer ce rôle ; demandez une nouvelle invitation à un gestionnaire actuel";
    "already_registered_this", "detail" => "this company is already registered for this event",
        "questa azienda è già iscritta a questo evento",
        "dieses Unternehmen ist bereits für diese Veranstaltung angemeldet",
        "cette entreprise est déjà inscrite à cet événement";
    "api_keys_no_invitations", "detail" => "API keys cannot accept invitations; sign in as a person",
        "le chiavi API non possono accettare inviti; accedere come persona",
        "API-Schlüssel können keine Einladungen annehmen; melden Sie sich als Person an",
        "les clés API ne peuvent pas accepter d'invitations ; connectez-vous en tant que personne";
    "invitation_other_address", "detail" => "this invitation was sent to another e-mail address than your account's: sign out, or sign in to the account of the invited address, and accept it again",
        "questo invito è stato inviato a un indirizzo e-mail diverso da quello del tuo account: esci, oppure accedi all'account dell'indirizzo invitato, e accettalo di nuovo",
        "diese Einladung wurde an eine andere E-Mail-Adresse als die Ihres Kontos gesendet: melden Sie sich ab oder beim Konto der eingeladenen Adresse an und nehmen Sie sie erneut an",
        "cette invitation a été envoyée à une autre adresse e-mail que celle de votre compte : déconnectez-vous, ou connectez-vous au compte de l'adresse invitée, et acceptez-la à nouveau";
    "no_invitation_with_id", "detail" => "no invitation with id {id}",
        "nessun invito con id {id}",
        "keine Einladung mit der ID {id}",
        "aucune invitation avec l'id {id}";
    "account_exists_sign_in", "detail" => "an account with the invited e-mail address exists: sign in to it, then accept the invitation (send the access token with it)",
        "esiste un account con l'indirizzo e-mail invitato: accedervi, poi accettare l'invito (inviando con esso il token di accesso)",
        "es gibt ein Konto mit der eingeladenen E-Mail-Adresse: melden Sie sich dort an und nehmen Sie dann die Einladung an (mit dem Zugriffstoken)",
        "un compte existe avec l'adresse e-mail invitée : connectez-vous-y, puis acceptez l'invitation (en envoyant le jeton d'accès avec elle)";
    "no_co_organiser", "detail" => "{user_id} is no co-organiser of event {event_id}",
        "{user_id} non è co-organizzatore dell'evento {event_id}",
        "{user_id} ist nicht Mitveranstalter der Veranstaltung {event_id}",
        "{user_id} n'est pas co-organisateur de l'événement {event_id}";
    "series_too_many", "detail" => "more than {max} figures match; narrow the series with hs_code or currency",
        "più di {max} cifre corrispondono; restringere la serie con hs_code o currency",
        "mehr als {max} Zahlen passen; grenzen Sie die Reihe mit hs_code oder currency ein",
        "plus de {max} chiffres correspondent ; restreignez la série avec hs_code ou currency";
    "no_trade_note", "detail" => "no trade note with id {id}",
        "nessuna nota commerciale con id {id}",
        "keine Handelsnotiz mit der ID {id}",
        "aucune note commerciale avec l'id {id}";
    "mail_sent_once", "detail" => "this mail was sent; it is not sent twice",
        "questa e-mail è stata inviata; non viene inviata due volte",
        "diese E-Mail wurde gesendet; sie wird nicht zweimal gesendet",
        "ce courriel a été envoyé ; il n'est pas envoyé deux fois";
    "no_published_schedule", "detail" => "the event has no published schedule yet",
        "l'evento non ha ancora un calendario pubblicato",
        "die Veranstaltung hat noch keinen veröffentlichten Zeitplan",
        "l'événement n'a pas encore de planning publié";
    "meeting_not_in_schedule", "detail" => "the meeting is not in the published schedule",
        "l'incontro non è nel calendario pubblicato",
        "das Treffen ist nicht im veröffentlichten Zeitplan",
        "la rencontre ne figure pas dans le planning publié";
    "meeting_not_begun", "detail" => "the meeting has not begun: it starts at {starts_at}",
        "l'incontro non è ancora iniziato: inizia alle {starts_at}",
        "das Treffen hat noch nicht begonnen: es beginnt um {starts_at}",
        "la rencontre n'a pas commencé : elle commence à {starts_at}";
    "outcome_accepted_only", "detail" => "only accepted meetings have an outcome; this one is {status}",
        "solo gli incontri accettati hanno un esito; questo è {status}",
        "nur angenommene Treffen haben ein Ergebnis; dieses ist {status}",
        "seules les rencontres acceptées ont un résultat ; celle-ci est {status}";
    "video_links", "detail" => "video links are for pending or accepted meetings; this one is {status}",
        "i link video sono per incontri in attesa o accettati; questo è {status}",
        "Videolinks gibt es für ausstehende oder angenommene Treffen; dieses ist {status}",
        "les liens vidéo sont pour les rencontres en attente ou acceptées ; celle-ci est {status}";
    "requests_published_only", "detail" => "meeting requests are for published events; this one is {status}",
        "le richieste di incontro sono per eventi pubblicati; questo è {status}",
        "Treffenanfragen gibt es für veröffentlichte Veranstaltungen; diese ist {status}",
        "les demandes de rencontre sont pour les événements publiés ; celui-ci est {status}";
    "meeting_request_already", "detail" => "meeting request {id} between these companies is already {status}",
        "la richiesta di incontro {id} tra queste aziende è già {status}",
        "die Treffenanfrage {id} zwischen diesen Unternehmen ist bereits {status}",
        "la demande de rencontre {id} entre ces entreprises est déjà {status}";
    "locked_accepted_only", "detail" => "only accepted meetings are locked; this one is {status}",
        "solo gli incontri accettati vengono bloccati; questo è {status}",
        "nur angenommene Treffen werden fixiert; dieses ist {status}",
        "seules les rencontres acceptées sont verrouillées ; celle-ci est {status}";
    "attendees_pending_accepted", "detail" => "attendees are named for pending or accepted meetings; this one is {status}",
        "i partecipanti si indicano per incontri in attesa o accettati; questo è {status}",
        "Teilnehmende werden für ausstehende oder angenommene Treffen genannt; dieses ist {status}",
        "les participants sont indiqués pour les rencontres en attente ou acceptées ; celle-ci est {status}";
    "no_meeting_request", "detail" => "event {event_id} has no meeting request {id}",
        "l'evento {event_id} non ha una richiesta di incontro {id}",
        "die Veranstaltung {event_id} hat keine Treffenanfrage {id}",
        "l'événement {event_id} n'a pas de demande de rencontre {id}";
    "no_meeting_slots", "detail" => "the event has no meeting slots yet: add meeting sessions first",
        "l'evento non ha ancora fasce per gli incontri: aggiungere prima delle sessioni di incontri",
        "die Veranstaltung hat noch keine Zeitfenster für Treffen: fügen Sie zuerst Treffen-Sitzungen hinzu",
        "l'événement n'a pas encore de créneaux de rencontre : ajoutez d'abord des sessions de rencontres";
    "run_replaced", "detail" => "this run was published and replaced since; start a new run",
        "questa esecuzione è stata pubblicata e poi sostituita; avviarne una nuova",
        "dieser Lauf wurde veröffentlicht und inzwischen ersetzt; starten Sie einen neuen Lauf",
        "cette exécution a été publiée puis remplacée ; lancez-en une nouvelle";
    "slots_company_host", "detail" => "only the company and the host change its meeting slots",
        "solo l'azienda e l'organizzatore modificano le sue fasce per gli incontri",
        "nur das Unternehmen und der Gastgeber ändern seine Zeitfenster für Treffen",
        "seuls l'entreprise et l'hôte modifient ses créneaux de rencontre";
    "no_schedule_published", "detail" => "no schedule is published for this event yet",
        "per questo evento non è ancora pubblicato alcun calendario",
        "für diese Veranstaltung ist noch kein Zeitplan veröffentlicht",
        "aucun planning n'est encore publié pour cet événement";
    "schedule_person", "detail" => "a schedule belongs to a person; API keys have none",
        "un calendario appartiene a una persona; le chiavi API non ne hanno",
        "ein Zeitplan gehört einer Person; API-Schlüssel haben keinen",
        "un planning appartient à une personne ; les clés API n'en ont pas";
    "available_as", "detail" => "this resource is available as {formats}; use format= or a matching Accept header",
        "questa risorsa è disponibile come {formats}; usare format= o un'intestazione Accept corrispondente",
        "diese Ressource ist als {formats} verfügbar; verwenden Sie format= oder einen passenden Accept-Header",
        "cette ressource est disponible en {formats} ; utilisez format= ou un en-tête Accept correspondant";
    "send_json", "detail" => "send the body as `Content-Type: application/json`",
        "inviare il corpo come `Content-Type: application/json`",
        "senden Sie den Körper als `Content-Type: application/json`",
        "envoyez le corps en `Content-Type: application/json`";
    "agenda_no_item", "detail" => "the agenda has no item {item_id}",
        "il programma non ha una voce {item_id}",
        "das Programm hat keinen Eintrag {item_id}",
        "le programme n'a pas d'élément {item_id}";
    "could_not_read_body", "detail" => "could not read the request body: {cause}",
        "impossibile leggere il corpo della richiesta: {cause}",
        "der Anfragekörper konnte nicht gelesen werden: {cause}",
        "impossible de lire le corps de la requête : {cause}";
    "body_empty_json", "detail" => "the request body is empty; send a JSON object",
        "il corpo della richiesta è vuoto; inviare un oggetto JSON",
        "der Anfragekörper ist leer; senden Sie ein JSON-Objekt",
        "le corps de la requête est vide ; envoyez un objet JSON";
    "body_empty", "detail" => "the request body is empty",
        "il corpo della richiesta è vuoto",
        "der Anfragekörper ist leer",
        "le corps de la requête est vide";
    "if_match_mismatch", "detail" => "If-Match does not match the current ETag {current}; fetch the object again",
        "If-Match non corrisponde all'ETag attuale {current}; recuperare di nuovo l'oggetto",
        "If-Match stimmt nicht mit dem aktuellen ETag {current} überein; rufen Sie das Objekt erneut ab",
        "If-Match ne correspond pas à l'ETag actuel {current} ; récupérez à nouveau l'objet";
    "body_not_json", "detail" => "the request body is not valid JSON: {error}",
        "il corpo della richiesta non è JSON valido: {error}",
        "der Anfragekörper ist kein gültiges JSON: {error}",
        "le corps de la requête n'est pas du JSON valide : {error}";
    "query_invalid", "detail" => "invalid query parameters",
        "parametri di query non validi",
        "ungültige Abfrageparameter",
        "paramètres de requête non valides";
    "query_count_invalid", "detail" => "{count} query parameters are invalid",
        "{count} parametri di query non sono validi",
        "{count} Abfrageparameter sind ungültig",
        "{count} paramètres de requête ne sont pas valides";
    "no_public_event", "detail" => "no public event at {slug}",
        "nessun evento pubblico in {slug}",
        "keine öffentliche Veranstaltung unter {slug}",
        "aucun événement public à {slug}";
    "if_match_no_translation", "detail" => "If-Match names a version, but there is no translation into this language yet; send the request without If-Match",
        "If-Match indica una versione, ma non esiste ancora una traduzione in questa lingua; inviare la richiesta senza If-Match",
        "If-Match nennt eine Version, aber es gibt noch keine Übersetzung in diese Sprache; senden Sie die Anfrage ohne If-Match",
        "If-Match désigne une version, mais il n'existe pas encore de traduction dans cette langue ; envoyez la requête sans If-Match";
    "no_meeting_session_store", "detail" => "event {event_id} has no meeting session {id}",
        "l'evento {event_id} non ha una sessione di incontri {id}",
        "die Veranstaltung {event_id} hat keine Treffen-Sitzung {id}",
        "l'événement {event_id} n'a pas de session de rencontres {id}";
    "no_schedule_run", "detail" => "event {event_id} has no schedule run {id}",
        "l'evento {event_id} non ha un'esecuzione di pianificazione {id}",
        "die Veranstaltung {event_id} hat keinen Planungslauf {id}",
        "l'événement {event_id} n'a pas d'exécution de planification {id}";
    "survey_answered_once", "detail" => "attendee {contact_id} has answered this survey already; a survey is answered once",
        "il partecipante {contact_id} ha già risposto a questo sondaggio; a un sondaggio si risponde una volta",
        "die teilnehmende Person {contact_id} hat diese Umfrage bereits beantwortet; eine Umfrage wird einmal beantwortet",
        "le participant {contact_id} a déjà répondu à ce sondage ; on répond une seule fois à un sondage";
    "no_mail", "detail" => "no mail with id {id}",
        "nessuna e-mail con id {id}",
        "keine E-Mail mit der ID {id}",
        "aucun courriel avec l'id {id}";
    "no_check_in", "detail" => "event {event_id} has no check-in {id}",
        "l'evento {event_id} non ha un check-in {id}",
        "die Veranstaltung {event_id} hat keinen Check-in {id}",
        "l'événement {event_id} n'a pas d'enregistrement {id}";
    "cluster_has_members", "detail" => "the cluster still has {member_count} member companies; remove them first",
        "il cluster ha ancora {member_count} aziende membro; rimuoverle prima",
        "der Cluster hat noch {member_count} Mitgliedsunternehmen; entfernen Sie sie zuerst",
        "le cluster a encore {member_count} entreprises membres ; retirez-les d'abord";
    "slug_taken", "detail" => "the slug `{slug}` is taken by another cluster",
        "lo slug `{slug}` è già usato da un altro cluster",
        "der Slug `{slug}` ist bereits von einem anderen Cluster belegt",
        "le slug `{slug}` est déjà pris par un autre cluster";
    "no_removed_member", "detail" => "no removed member company with id {id}",
        "nessuna azienda membro rimossa con id {id}",
        "kein entferntes Mitgliedsunternehmen mit der ID {id}",
        "aucune entreprise membre retirée avec l'id {id}";
    "external_id_taken", "detail" => "another member of this cluster has external_id `{external_id}`",
        "un altro membro di questo cluster ha external_id `{external_id}`",
        "ein anderes Mitglied dieses Clusters hat external_id `{external_id}`",
        "un autre membre de ce cluster a l'external_id `{external_id}`";
    "public_slug_taken", "detail" => "another event is public at /public/events/{slug}; choose another slug",
        "un altro evento è pubblico in /public/events/{slug}; scegliere un altro slug",
        "eine andere Veranstaltung ist unter /public/events/{slug} öffentlich; wählen Sie einen anderen Slug",
        "un autre événement est public à /public/events/{slug} ; choisissez un autre slug";
    "request_no_meeting", "detail" => "request {request_id} has no meeting {id}",
        "la richiesta {request_id} non ha un incontro {id}",
        "die Anfrage {request_id} hat kein Treffen {id}",
        "la demande {request_id} n'a pas de rencontre {id}";
    "member_no_contact", "detail" => "member {member_id} has no contact {id}",
        "il membro {member_id} non ha un contatto {id}",
        "das Mitglied {member_id} hat keinen Kontakt {id}",
        "le membre {member_id} n'a pas de contact {id}";
    "email_not_for_new_account", "detail" => "this e-mail address cannot be used for a new account",
        "questo indirizzo e-mail non può essere usato per un nuovo account",
        "diese E-Mail-Adresse kann nicht für ein neues Konto verwendet werden",
        "cette adresse e-mail ne peut pas être utilisée pour un nouveau compte";
    "email_other_account", "detail" => "this e-mail address now belongs to another account",
        "questo indirizzo e-mail appartiene ora a un altro account",
        "diese E-Mail-Adresse gehört jetzt zu einem anderen Konto",
        "cette adresse e-mail appartient désormais à un autre compte";
    "role_held", "detail" => "the user already holds this role",
        "l'utente ha già questo ruolo",
        "der Benutzer hat diese Rolle bereits",
        "l'utilisateur détient déjà ce rôle";
];
