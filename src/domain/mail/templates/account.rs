//! Mail about the account itself: invitations, password resets, address verification.

use super::*;

pub(super) fn invitation(t: &mut Texts, l: Language, x: &Values) {
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

pub(super) fn password_reset(t: &mut Texts, l: Language, x: &Values) {
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

pub(super) fn email_verification(t: &mut Texts, l: Language, x: &Values) {
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
