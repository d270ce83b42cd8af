//! Details said of each kind of object (for the articles and agreements of Italian, German
//! and French; found before the general template, having more written-out text), and what a
//! side may do to a request, said inside `only the {who} may {action} …`.

use super::Entry;

/// The details of [`super::DETAILS`] said of each kind of object, and the sides' actions.
pub static OBJECT_DETAILS: &[Entry] = entries![
    // The same, said of each kind of object, for the articles and agreements of the
    // other languages (found before the template: more written-out text).
    "changed_cluster", "detail" => "the cluster was changed by someone else meanwhile; fetch it again and retry",
        "il cluster è stato modificato da qualcun altro nel frattempo; recuperarlo di nuovo e riprovare",
        "der Cluster wurde inzwischen von jemand anderem geändert; rufen Sie ihn erneut ab und versuchen Sie es noch einmal",
        "le cluster a été modifié par quelqu'un d'autre entre-temps ; récupérez-le à nouveau et réessayez";
    "changed_contact", "detail" => "the contact was changed by someone else meanwhile; fetch it again and retry",
        "il contatto è stato modificato da qualcun altro nel frattempo; recuperarlo di nuovo e riprovare",
        "der Kontakt wurde inzwischen von jemand anderem geändert; rufen Sie ihn erneut ab und versuchen Sie es noch einmal",
        "le contact a été modifié par quelqu'un d'autre entre-temps ; récupérez-le à nouveau et réessayez";
    "changed_event", "detail" => "the event was changed by someone else meanwhile; fetch it again and retry",
        "l'evento è stato modificato da qualcun altro nel frattempo; recuperarlo di nuovo e riprovare",
        "die Veranstaltung wurde inzwischen von jemand anderem geändert; rufen Sie sie erneut ab und versuchen Sie es noch einmal",
        "l'événement a été modifié par quelqu'un d'autre entre-temps ; récupérez-le à nouveau et réessayez";
    "changed_meeting_request", "detail" => "the meeting request was changed by someone else meanwhile; fetch it again and retry",
        "la richiesta di incontro è stata modificata da qualcun altro nel frattempo; recuperarla di nuovo e riprovare",
        "die Treffenanfrage wurde inzwischen von jemand anderem geändert; rufen Sie sie erneut ab und versuchen Sie es noch einmal",
        "la demande de rencontre a été modifiée par quelqu'un d'autre entre-temps ; récupérez-la à nouveau et réessayez";
    "changed_meeting", "detail" => "the meeting was changed by someone else meanwhile; fetch it again and retry",
        "l'incontro è stato modificato da qualcun altro nel frattempo; recuperarlo di nuovo e riprovare",
        "das Treffen wurde inzwischen von jemand anderem geändert; rufen Sie es erneut ab und versuchen Sie es noch einmal",
        "la rencontre a été modifiée par quelqu'un d'autre entre-temps ; récupérez-la à nouveau et réessayez";
    "changed_member", "detail" => "the member company was changed by someone else meanwhile; fetch it again and retry",
        "l'azienda membro è stata modificata da qualcun altro nel frattempo; recuperarla di nuovo e riprovare",
        "das Mitgliedsunternehmen wurde inzwischen von jemand anderem geändert; rufen Sie es erneut ab und versuchen Sie es noch einmal",
        "l'entreprise membre a été modifiée par quelqu'un d'autre entre-temps ; récupérez-la à nouveau et réessayez";
    "changed_registration", "detail" => "the registration was changed by someone else meanwhile; fetch it again and retry",
        "l'iscrizione è stata modificata da qualcun altro nel frattempo; recuperarla di nuovo e riprovare",
        "die Anmeldung wurde inzwischen von jemand anderem geändert; rufen Sie sie erneut ab und versuchen Sie es noch einmal",
        "l'inscription a été modifiée par quelqu'un d'autre entre-temps ; récupérez-la à nouveau et réessayez";
    "changed_trade_note", "detail" => "the trade note was changed by someone else meanwhile; fetch it again and retry",
        "la nota commerciale è stata modificata da qualcun altro nel frattempo; recuperarla di nuovo e riprovare",
        "die Handelsnotiz wurde inzwischen von jemand anderem geändert; rufen Sie sie erneut ab und versuchen Sie es noch einmal",
        "la note commerciale a été modifiée par quelqu'un d'autre entre-temps ; récupérez-la à nouveau et réessayez";
    "member_no_translation", "detail" => "this member company has no translation into {lang}",
        "questa azienda membro non ha una traduzione in {lang}",
        "dieses Mitgliedsunternehmen hat keine Übersetzung in {lang}",
        "cette entreprise membre n'a pas de traduction en {lang}";
    "event_no_translation", "detail" => "this event has no translation into {lang}",
        "questo evento non ha una traduzione in {lang}",
        "diese Veranstaltung hat keine Übersetzung in {lang}",
        "cet événement n'a pas de traduction en {lang}";
    "changed_meanwhile", "detail" => "the {what} was changed by someone else meanwhile; fetch it again and retry",
        "l'oggetto {what} è stato modificato da qualcun altro nel frattempo; recuperarlo di nuovo e riprovare",
        "das Objekt {what} wurde inzwischen von jemand anderem geändert; rufen Sie es erneut ab und versuchen Sie es noch einmal",
        "l'objet {what} a été modifié par quelqu'un d'autre entre-temps ; récupérez-le à nouveau et réessayez";
    "unique_exists", "detail" => "an object with the same unique value already exists",
        "esiste già un oggetto con lo stesso valore univoco",
        "es gibt bereits ein Objekt mit demselben eindeutigen Wert",
        "un objet ayant la même valeur unique existe déjà";
    "referenced", "detail" => "the object is referenced by, or refers to, an object that does not allow this change",
        "l'oggetto è referenziato da, o fa riferimento a, un oggetto che non consente questa modifica",
        "das Objekt wird von einem Objekt referenziert oder verweist auf eines, das diese Änderung nicht zulässt",
        "l'objet est référencé par, ou fait référence à, un objet qui ne permet pas cette modification";
    "concurrent_change", "detail" => "a concurrent change got there first; retry the request",
        "una modifica concorrente è arrivata prima; riprovare la richiesta",
        "eine gleichzeitige Änderung war schneller; wiederholen Sie die Anfrage",
        "une modification concurrente est passée avant ; réessayez la requête";
    "no_such_object", "detail" => "no such object",
        "oggetto inesistente",
        "kein solches Objekt",
        "cet objet n'existe pas";
    "no_invitation_store", "detail" => "event {event_id} has no invitation {id}",
        "l'evento {event_id} non ha un invito {id}",
        "die Veranstaltung {event_id} hat keine Einladung {id}",
        "l'événement {event_id} n'a pas d'invitation {id}";
    "already_invited", "detail" => "this company is already invited to this event",
        "questa azienda è già invitata a questo evento",
        "dieses Unternehmen ist bereits zu dieser Veranstaltung eingeladen",
        "cette entreprise est déjà invitée à cet événement";
    "overlaps_session", "detail" => "it overlaps meeting session {id} ({from} to {to})",
        "si sovrappone alla sessione di incontri {id} (da {from} a {to})",
        "sie überschneidet sich mit der Treffen-Sitzung {id} ({from} bis {to})",
        "elle chevauche la session de rencontres {id} ({from} à {to})";
    "meeting_request_cannot_be", "detail" => "a {status} meeting request cannot be {done}",
        "una richiesta di incontro {status} non può essere {done}",
        "eine Treffenanfrage im Status {status} kann nicht {done} werden",
        "une demande de rencontre {status} ne peut pas être {done}";
    "only_who_may_meeting", "detail" => "only the {who} may {action} this meeting request",
        "possono {action} questa richiesta di incontro solo: {who}",
        "diese Treffenanfrage {action} dürfen nur: {who}",
        "il n'y a que {who} qui puisse {action} cette demande de rencontre";
    "only_who_may_request", "detail" => "only the {who} may {action} a request",
        "possono {action} una richiesta solo: {who}",
        "eine Anfrage {action} dürfen nur: {who}",
        "il n'y a que {who} qui puisse {action} une demande";
    "request_cannot_be", "detail" => "a {status} request cannot be {done}; allowed now: {allowed}",
        "una richiesta {status} non può essere {done}; ora consentito: {allowed}",
        "eine Anfrage im Status {status} kann nicht {done} werden; jetzt erlaubt: {allowed}",
        "une demande {status} ne peut pas être {done} ; permis maintenant : {allowed}";
    "event_cannot_action", "detail" => "a {status} event cannot {event_action}; allowed: {allowed}",
        "un evento {status} non ammette l'azione {event_action}; consentito: {allowed}",
        "eine Veranstaltung im Status {status} erlaubt die Aktion {event_action} nicht; erlaubt: {allowed}",
        "un événement {status} ne permet pas l'action {event_action} ; permis : {allowed}";
    "you_may_not", "detail" => "you may not {what}",
        "non puoi {what}",
        "Das dürfen Sie nicht: {what}",
        "vous ne pouvez pas {what}";
    "no_cluster_with_id", "detail" => "no cluster with id {id}",
        "nessun cluster con id {id}",
        "kein Cluster mit der ID {id}",
        "aucun cluster avec l'id {id}";
    "no_member_company", "detail" => "no member company with id {id}",
        "nessuna azienda membro con id {id}",
        "kein Mitgliedsunternehmen mit der ID {id}",
        "aucune entreprise membre avec l'id {id}";
    "who_two_or_organisers", "detail" => "two companies or the organisers",
        "le due aziende o gli organizzatori",
        "die beiden Unternehmen oder die Veranstalter",
        "les deux entreprises ou les organisateurs";
    "who_recipient_or_organisers", "detail" => "recipient or the organisers",
        "il destinatario o gli organizzatori",
        "der Empfänger oder die Veranstalter",
        "le destinataire ou les organisateurs";
    "who_recipient", "detail" => "recipient",
        "il destinatario",
        "der Empfänger",
        "le destinataire";
    "who_sender", "detail" => "sender",
        "il mittente",
        "der Absender",
        "l'expéditeur";
    "reason_not_published_yet", "detail" => "the event is not published yet",
        "l'evento non è ancora pubblicato",
        "die Veranstaltung ist noch nicht veröffentlicht",
        "l'événement n'est pas encore publié";
    "reason_closed", "detail" => "the event is closed",
        "l'evento è chiuso",
        "die Veranstaltung ist abgeschlossen",
        "l'événement est clos";
    "reason_cancelled", "detail" => "the event is cancelled",
        "l'evento è annullato",
        "die Veranstaltung ist abgesagt",
        "l'événement est annulé";
    "reason_deadline", "detail" => "the registration deadline has passed",
        "il termine di iscrizione è scaduto",
        "die Anmeldefrist ist abgelaufen",
        "la date limite d'inscription est passée";
    "reason_over", "detail" => "the event is over",
        "l'evento è terminato",
        "die Veranstaltung ist vorbei",
        "l'événement est terminé";
    "reason_not_published", "detail" => "the event is not published",
        "l'evento non è pubblicato",
        "die Veranstaltung ist nicht veröffentlicht",
        "l'événement n'est pas publié";
    "reason_answers_from", "detail" => "answers are taken from the start of the event, {at}Z",
        "le risposte si accettano dall'inizio dell'evento, {at}Z",
        "Antworten werden ab Beginn der Veranstaltung angenommen, {at}Z",
        "les réponses sont acceptées dès le début de l'événement, {at}Z";
    "reason_answers_until", "detail" => "answers were taken until {at}Z, {days} days after the event",
        "le risposte si accettavano fino al {at}Z, {days} giorni dopo l'evento",
        "Antworten wurden bis {at}Z angenommen, {days} Tage nach der Veranstaltung",
        "les réponses étaient acceptées jusqu'au {at}Z, {days} jours après l'événement";
    "refresh_invalid", "detail" => "the refresh token is not valid; log in again",
        "il token di rinnovo non è valido; accedere di nuovo",
        "das Erneuerungstoken ist ungültig; melden Sie sich erneut an",
        "le jeton de rafraîchissement n'est pas valide ; reconnectez-vous";
    "refresh_expired", "detail" => "the refresh token has expired; log in again",
        "il token di rinnovo è scaduto; accedere di nuovo",
        "das Erneuerungstoken ist abgelaufen; melden Sie sich erneut an",
        "le jeton de rafraîchissement a expiré ; reconnectez-vous";
    "session_max_days", "detail" => "sessions last at most {days} days; log in again",
        "le sessioni durano al massimo {days} giorni; accedere di nuovo",
        "Sitzungen dauern höchstens {days} Tage; melden Sie sich erneut an",
        "les sessions durent au plus {days} jours ; reconnectez-vous";
    "invitation_link_invalid", "detail" => "this invitation link is not valid: check that it was copied whole",
        "questo link di invito non è valido: verificare che sia stato copiato per intero",
        "dieser Einladungslink ist ungültig: prüfen Sie, ob er vollständig kopiert wurde",
        "ce lien d'invitation n'est pas valide : vérifiez qu'il a été copié en entier";
    "path_uuid", "detail" => "`{field}` in the path must be a UUID",
        "`{field}` nel percorso deve essere un UUID",
        "`{field}` im Pfad muss eine UUID sein",
        "`{field}` dans le chemin doit être un UUID";
    "path_invalid", "detail" => "the path is not valid: {error}",
        "il percorso non è valido: {error}",
        "der Pfad ist ungültig: {error}",
        "le chemin n'est pas valide : {error}";
    "may_profile", "detail" => "change another person's profile",
        "modificare il profilo di un'altra persona",
        "das Profil einer anderen Person ändern",
        "modifier le profil d'une autre personne";
    "may_change_registration", "detail" => "change this company's registration",
        "modificare l'iscrizione di questa azienda",
        "die Anmeldung dieses Unternehmens ändern",
        "modifier l'inscription de cette entreprise";
    "may_event_status", "detail" => "change this event's status",
        "modificare lo stato di questo evento",
        "den Status dieser Veranstaltung ändern",
        "modifier le statut de cet événement";
    "may_define_survey", "detail" => "define this event's survey (the host cluster's managers do)",
        "definire il sondaggio di questo evento (lo fanno i gestori del cluster ospitante)",
        "die Umfrage dieser Veranstaltung festlegen (das tun die Verwaltenden des gastgebenden Clusters)",
        "définir le sondage de cet événement (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_edit_agenda", "detail" => "edit this event's agenda (the host cluster's managers and co-organisers do)",
        "modificare il programma di questo evento (lo fanno i gestori del cluster ospitante e i co-organizzatori)",
        "das Programm dieser Veranstaltung bearbeiten (das tun die Verwaltenden des gastgebenden Clusters und die Mitveranstaltenden)",
        "modifier le programme de cet événement (ce sont les gestionnaires du cluster hôte et les co-organisateurs qui le font)";
    "may_invite_companies", "detail" => "invite companies to this event (the host cluster's managers do)",
        "invitare aziende a questo evento (lo fanno i gestori del cluster ospitante)",
        "Unternehmen zu dieser Veranstaltung einladen (das tun die Verwaltenden des gastgebenden Clusters)",
        "inviter des entreprises à cet événement (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_invite_role", "detail" => "invite someone to this role (admins to any; cluster managers to edit their cluster's companies or to manage their cluster)",
        "invitare qualcuno a questo ruolo (gli amministratori a qualsiasi ruolo; i gestori di cluster a modificare le aziende del loro cluster o a gestire il loro cluster)",
        "jemanden zu dieser Rolle einladen (Admins zu jeder; Cluster-Verwaltende zum Bearbeiten der Unternehmen ihres Clusters oder zum Verwalten ihres Clusters)",
        "inviter quelqu'un à ce rôle (les administrateurs à n'importe lequel ; les gestionnaires de cluster à modifier les entreprises de leur cluster ou à gérer leur cluster)";
    "may_list_cluster_invitations", "detail" => "list this cluster's invitations",
        "elencare gli inviti di questo cluster",
        "die Einladungen dieses Clusters auflisten",
        "lister les invitations de ce cluster";
    "may_make_public", "detail" => "make this event public (the host cluster's managers do)",
        "rendere pubblico questo evento (lo fanno i gestori del cluster ospitante)",
        "diese Veranstaltung öffentlich machen (das tun die Verwaltenden des gastgebenden Clusters)",
        "rendre cet événement public (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_name_co_organisers", "detail" => "name this event's co-organisers (the host cluster's managers do)",
        "nominare i co-organizzatori di questo evento (lo fanno i gestori del cluster ospitante)",
        "die Mitveranstaltenden dieser Veranstaltung benennen (das tun die Verwaltenden des gastgebenden Clusters)",
        "désigner les co-organisateurs de cet événement (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_read_cluster_audit", "detail" => "read this cluster's audit log",
        "leggere il registro di audit di questo cluster",
        "das Audit-Protokoll dieses Clusters lesen",
        "lire le journal d'audit de ce cluster";
    "may_read_survey_results", "detail" => "read this event's survey results (the host cluster's managers do)",
        "leggere i risultati del sondaggio di questo evento (lo fanno i gestori del cluster ospitante)",
        "die Umfrageergebnisse dieser Veranstaltung lesen (das tun die Verwaltenden des gastgebenden Clusters)",
        "lire les résultats du sondage de cet événement (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_revoke_event_invitations", "detail" => "revoke invitations to this event (the host cluster's managers do)",
        "revocare gli inviti a questo evento (lo fanno i gestori del cluster ospitante)",
        "Einladungen zu dieser Veranstaltung widerrufen (das tun die Verwaltenden des gastgebenden Clusters)",
        "révoquer des invitations à cet événement (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_contacts", "detail" => "see or change this member company's contact people",
        "vedere o modificare le persone di contatto di questa azienda membro",
        "die Kontaktpersonen dieses Mitgliedsunternehmens sehen oder ändern",
        "voir ou modifier les personnes de contact de cette entreprise membre";
    "may_cluster_catalogue", "detail" => "see this cluster's catalogue (its managers and members do)",
        "vedere il catalogo di questo cluster (lo fanno i suoi gestori e membri)",
        "den Katalog dieses Clusters sehen (das tun seine Verwaltenden und Mitglieder)",
        "voir le catalogue de ce cluster (ce sont ses gestionnaires et ses membres qui le font)";
    "may_partnership_figures", "detail" => "see this cluster's partnership figures",
        "vedere le cifre sui partenariati di questo cluster",
        "die Partnerschaftszahlen dieses Clusters sehen",
        "voir les chiffres des partenariats de ce cluster";
    "may_company_invitations", "detail" => "see this company's event invitations (its editors do)",
        "vedere gli inviti agli eventi di questa azienda (lo fanno i suoi editor)",
        "die Veranstaltungseinladungen dieses Unternehmens sehen (das tun seine Bearbeitenden)",
        "voir les invitations aux événements de cette entreprise (ce sont ses éditeurs qui le font)";
    "may_event_catalogue", "detail" => "see this event's catalogue (attendees and organisers do)",
        "vedere il catalogo di questo evento (lo fanno i partecipanti e gli organizzatori)",
        "den Katalog dieser Veranstaltung sehen (das tun Teilnehmende und Veranstalter)",
        "voir le catalogue de cet événement (ce sont les participants et les organisateurs qui le font)";
    "may_see_co_organisers", "detail" => "see this event's co-organisers (its organisers do)",
        "vedere i co-organizzatori di questo evento (lo fanno i suoi organizzatori)",
        "die Mitveranstaltenden dieser Veranstaltung sehen (das tun ihre Veranstalter)",
        "voir les co-organisateurs de cet événement (ce sont ses organisateurs qui le font)";
    "may_event_invitations", "detail" => "see this event's invitations (its organisers do)",
        "vedere gli inviti di questo evento (lo fanno i suoi organizzatori)",
        "die Einladungen dieser Veranstaltung sehen (das tun ihre Veranstalter)",
        "voir les invitations de cet événement (ce sont ses organisateurs qui le font)";
    "may_schedule_runs", "detail" => "see this event's schedule runs",
        "vedere le esecuzioni di pianificazione di questo evento",
        "die Planungsläufe dieser Veranstaltung sehen",
        "voir les exécutions de planification de cet événement";
    "may_video_link", "detail" => "set this meeting's video link",
        "impostare il link video di questo incontro",
        "den Videolink dieses Treffens festlegen",
        "définir le lien vidéo de cette rencontre";
    "may_sync", "detail" => "sync this cluster's members",
        "sincronizzare i membri di questo cluster",
        "die Mitglieder dieses Clusters abgleichen",
        "synchroniser les membres de ce cluster";
    "may_add_members", "detail" => "add members to this cluster",
        "aggiungere membri a questo cluster",
        "diesem Cluster Mitglieder hinzufügen",
        "ajouter des membres à ce cluster";
    "may_decide_registrations", "detail" => "approve or decline registrations for this event (its organisers do)",
        "approvare o rifiutare le iscrizioni a questo evento (lo fanno i suoi organizzatori)",
        "Anmeldungen zu dieser Veranstaltung annehmen oder ablehnen (das tun ihre Veranstalter)",
        "approuver ou refuser les inscriptions à cet événement (ce sont ses organisateurs qui le font)";
    "may_ask_meetings", "detail" => "ask for meetings on behalf of this company",
        "chiedere incontri per conto di questa azienda",
        "im Namen dieses Unternehmens um Treffen bitten",
        "demander des rencontres au nom de cette entreprise";
    "may_change_mail_settings_key", "detail" => "change mail settings with an API key",
        "modificare le impostazioni e-mail con una chiave API",
        "E-Mail-Einstellungen mit einem API-Schlüssel ändern",
        "modifier les paramètres de courriel avec une clé API";
    "may_change_meeting", "detail" => "change this meeting",
        "modificare questo incontro",
        "dieses Treffen ändern",
        "modifier cette rencontre";
    "may_check_in", "detail" => "check people in at this event (its organisers do)",
        "registrare l'arrivo delle persone a questo evento (lo fanno i suoi organizzatori)",
        "Personen bei dieser Veranstaltung einchecken (das tun ihre Veranstalter)",
        "enregistrer l'arrivée des personnes à cet événement (ce sont ses organisateurs qui le font)";
    "may_create_clusters", "detail" => "create clusters (platform admins do)",
        "creare cluster (lo fanno gli amministratori della piattaforma)",
        "Cluster anlegen (das tun die Plattform-Admins)",
        "créer des clusters (ce sont les administrateurs de la plateforme qui le font)";
    "may_create_events", "detail" => "create events for this cluster",
        "creare eventi per questo cluster",
        "Veranstaltungen für diesen Cluster anlegen",
        "créer des événements pour ce cluster";
    "may_create_keys", "detail" => "create keys for this cluster",
        "creare chiavi per questo cluster",
        "Schlüssel für diesen Cluster erstellen",
        "créer des clés pour ce cluster";
    "may_create_users", "detail" => "create user accounts",
        "creare account utente",
        "Benutzerkonten anlegen",
        "créer des comptes utilisateur";
    "may_delete_clusters", "detail" => "delete clusters (platform admins do)",
        "eliminare cluster (lo fanno gli amministratori della piattaforma)",
        "Cluster löschen (das tun die Plattform-Admins)",
        "supprimer des clusters (ce sont les administrateurs de la plateforme qui le font)";
    "may_delete_trade_note", "detail" => "delete this trade note",
        "eliminare questa nota commerciale",
        "diese Handelsnotiz löschen",
        "supprimer cette note commerciale";
    "may_delete_users", "detail" => "delete user accounts",
        "eliminare account utente",
        "Benutzerkonten löschen",
        "supprimer des comptes utilisateur";
    "may_edit_cluster", "detail" => "edit this cluster",
        "modificare questo cluster",
        "diesen Cluster bearbeiten",
        "modifier ce cluster";
    "may_edit_member", "detail" => "edit this member company",
        "modificare questa azienda membro",
        "dieses Mitgliedsunternehmen bearbeiten",
        "modifier cette entreprise membre";
    "may_edit_trade_note", "detail" => "edit this trade note (managers of every linked cluster do)",
        "modificare questa nota commerciale (lo fanno i gestori di ogni cluster collegato)",
        "diese Handelsnotiz bearbeiten (das tun die Verwaltenden jedes verknüpften Clusters)",
        "modifier cette note commerciale (ce sont les gestionnaires de chaque cluster lié qui le font)";
    "may_grant_role", "detail" => "grant this role",
        "assegnare questo ruolo",
        "diese Rolle vergeben",
        "attribuer ce rôle";
    "may_invite_with_key", "detail" => "invite people with an API key",
        "invitare persone con una chiave API",
        "Personen mit einem API-Schlüssel einladen",
        "inviter des personnes avec une clé API";
    "may_link_trade_note", "detail" => "link a trade note to clusters you do not manage",
        "collegare una nota commerciale a cluster che non gestisci",
        "eine Handelsnotiz mit Clustern verknüpfen, die Sie nicht verwalten",
        "lier une note commerciale à des clusters que vous ne gérez pas";
    "may_list_invitations", "detail" => "list invitations",
        "elencare gli inviti",
        "Einladungen auflisten",
        "lister les invitations";
    "may_list_users", "detail" => "list user accounts",
        "elencare gli account utente",
        "Benutzerkonten auflisten",
        "lister les comptes utilisateur";
    "may_name_attendees", "detail" => "name the attendees of this company",
        "indicare i partecipanti di questa azienda",
        "die Teilnehmenden dieses Unternehmens benennen",
        "désigner les participants de cette entreprise";
    "may_organise_matchmaking", "detail" => "organise matchmaking for this event",
        "organizzare il matchmaking per questo evento",
        "das Matchmaking für diese Veranstaltung organisieren",
        "organiser le matchmaking de cet événement";
    "may_read_mail_settings_key", "detail" => "read mail settings with an API key",
        "leggere le impostazioni e-mail con una chiave API",
        "E-Mail-Einstellungen mit einem API-Schlüssel lesen",
        "lire les paramètres de courriel avec une clé API";
    "may_read_audit", "detail" => "read the audit log (admins and cluster managers do)",
        "leggere il registro di audit (lo fanno gli amministratori e i gestori di cluster)",
        "das Audit-Protokoll lesen (das tun Admins und Cluster-Verwaltende)",
        "lire le journal d'audit (ce sont les administrateurs et les gestionnaires de cluster qui le font)";
    "may_read_outbox", "detail" => "read the mail outbox (admins do)",
        "leggere la posta in uscita (lo fanno gli amministratori)",
        "den E-Mail-Postausgang lesen (das tun Admins)",
        "lire la boîte d'envoi des courriels (ce sont les administrateurs qui le font)";
    "may_record_outcome", "detail" => "record the outcome for this company",
        "registrare l'esito per questa azienda",
        "das Ergebnis für dieses Unternehmen erfassen",
        "enregistrer le résultat pour cette entreprise";
    "may_register_company", "detail" => "register this company",
        "iscrivere questa azienda",
        "dieses Unternehmen anmelden",
        "inscrire cette entreprise";
    "may_remove_member", "detail" => "remove this member company",
        "rimuovere questa azienda membro",
        "dieses Mitgliedsunternehmen entfernen",
        "retirer cette entreprise membre";
    "may_restore_member", "detail" => "restore this member company",
        "ripristinare questa azienda membro",
        "dieses Mitgliedsunternehmen wiederherstellen",
        "restaurer cette entreprise membre";
    "may_revoke_grant", "detail" => "revoke this grant",
        "revocare questa assegnazione di ruolo",
        "diese Rollenvergabe widerrufen",
        "révoquer cette attribution de rôle";
    "may_revoke_invitation", "detail" => "revoke this invitation",
        "revocare questo invito",
        "diese Einladung widerrufen",
        "révoquer cette invitation";
    "may_send_requests", "detail" => "send requests for this company",
        "inviare richieste per questa azienda",
        "Anfragen für dieses Unternehmen senden",
        "envoyer des demandes pour cette entreprise";
    "may_subscribe_webhooks", "detail" => "subscribe webhooks for this cluster",
        "sottoscrivere webhook per questo cluster",
        "Webhooks für diesen Cluster abonnieren",
        "abonner des webhooks pour ce cluster";
    "may_write_trade_notes", "detail" => "write trade notes for these clusters (managers of every linked cluster do)",
        "scrivere note commerciali per questi cluster (lo fanno i gestori di ogni cluster collegato)",
        "Handelsnotizen für diese Cluster schreiben (das tun die Verwaltenden jedes verknüpften Clusters)",
        "rédiger des notes commerciales pour ces clusters (ce sont les gestionnaires de chaque cluster lié qui le font)";
    "may_edit_event", "detail" => "edit this event (the host cluster's managers do)",
        "modificare questo evento (lo fanno i gestori del cluster ospitante)",
        "diese Veranstaltung bearbeiten (das tun die Verwaltenden des gastgebenden Clusters)",
        "modifier cet événement (ce sont les gestionnaires du cluster hôte qui le font)";
    "may_delete_event", "detail" => "delete this event",
        "eliminare questo evento",
        "diese Veranstaltung löschen",
        "supprimer cet événement";
    "demo_data", "detail" => "the demo data does not parse: {error}",
        "i dati dimostrativi non sono leggibili: {error}",
        "die Demodaten lassen sich nicht einlesen: {error}",
        "les données de démonstration ne se lisent pas : {error}";
    "check_in_status", "detail" => "check-in is only for published or closed events; this one is {status}",
        "il check-in è solo per eventi pubblicati o chiusi; questo è {status}",
        "den Check-in gibt es nur für veröffentlichte oder abgeschlossene Veranstaltungen; diese ist {status}",
        "l'enregistrement n'est possible que pour les événements publiés ou clos ; celui-ci est {status}";
    // What a side may do to a request, said inside `only the {who} may {action} …`.
    "verb_accept", "detail" => "accept",
        "accettare",
        "annehmen",
        "accepter";
    "verb_decline", "detail" => "decline",
        "rifiutare",
        "ablehnen",
        "refuser";
    "verb_cancel", "detail" => "cancel",
        "annullare",
        "stornieren",
        "annuler";
    "verb_withdraw", "detail" => "withdraw",
        "ritirare",
        "zurückziehen",
        "retirer";
    "verb_conclude", "detail" => "conclude",
        "concludere",
        "abschließen",
        "conclure";
    "verb_close", "detail" => "close",
        "chiudere",
        "schließen",
        "clore";
];
