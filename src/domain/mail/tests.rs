use chrono::TimeZone;

use super::render::{absolute, escape_html, when};
use super::*;

fn ctx(language: Language) -> Context<'static> {
    Context {
        language,
        time_zone: chrono_tz::Europe::Zurich,
        public_url: "https://c2c.example/",
        unsubscribe_url: Some("https://c2c.example/api/v1/unsubscribe?token=abc.def"),
    }
}

fn params() -> Params {
    Params {
        name: Some("Anna Keller".into()),
        company: Some("Helvetic Aero Services AG".into()),
        other_company: Some("Aviometal".into()),
        event: Some("Cluster2Cluster Nidwalden".into()),
        starts_at: Some(chrono::Utc.with_ymd_and_hms(2030, 5, 14, 7, 30, 0).unwrap()),
        place: Some("Stans".into()),
        subject: Some("Joint EMC offer".into()),
        message: Some("Sheet-metal parts\nfor your assemblies?".into()),
        status: Some("accepted".into()),
        person: Some("Paola Margnini".into()),
        role: Some("member_editor".into()),
        organisation: Some("Aviometal".into()),
        expires_at: Some(chrono::Utc.with_ymd_and_hms(2030, 5, 21, 7, 30, 0).unwrap()),
        people: vec!["Massimo Buffetto (Manager)".into()],
        count: Some(3),
        own_schedule: false,
        link: "/events/1/meeting-requests/2".into(),
        attachment: None,
    }
}

#[test]
fn every_kind_renders_in_every_language() {
    for kind in MailKind::ALL {
        let mut subjects = Vec::new();
        for language in Language::ALL {
            let r = render(kind, &ctx(language), &params());
            assert!(
                !r.subject.is_empty() && !r.subject.contains('—'),
                "{kind:?} {language:?}: {}",
                r.subject
            );
            assert!(
                !r.text.contains('—'),
                "{kind:?} {language:?}: a value is missing\n{}",
                r.text
            );
            assert!(
                r.text
                    .contains("https://c2c.example/events/1/meeting-requests/2"),
                "{}",
                r.text
            );
            assert!(
                r.html
                    .contains("href=\"https://c2c.example/events/1/meeting-requests/2\"")
            );
            assert!(r.html.starts_with("<!DOCTYPE html>"));
            assert!(
                r.html
                    .contains(&format!("<html lang=\"{}\">", language.as_str()))
            );
            subjects.push(r.subject);
        }
        subjects.sort();
        subjects.dedup();
        assert_eq!(
            subjects.len(),
            4,
            "{kind:?}: the four languages have four subjects"
        );
    }
}

#[test]
fn the_recipients_language_and_time_zone() {
    let r = render(
        MailKind::MeetingRequestReceived,
        &ctx(Language::De),
        &params(),
    );
    assert_eq!(
        r.subject,
        "Terminanfrage von Aviometal: Cluster2Cluster Nidwalden"
    );
    assert!(
        r.text.starts_with("Guten Tag Anna Keller\n\n"),
        "{}",
        r.text
    );
    assert!(
        r.text
            .contains("> Sheet-metal parts\n> for your assemblies?\n"),
        "{}",
        r.text
    );
    assert!(
        r.text
            .contains("Für Aviometal nehmen teil:\n- Massimo Buffetto (Manager)\n")
    );
    let it = render(
        MailKind::RegistrationConfirmed,
        &ctx(Language::It),
        &params(),
    );
    assert!(
        it.text.contains("14/05/2030 alle 09:30 (CEST)"),
        "{}",
        it.text
    );
    let at = chrono::Utc
        .with_ymd_and_hms(2017, 11, 23, 8, 30, 0)
        .unwrap();
    assert_eq!(
        when(at, chrono_tz::Europe::Zurich, Language::De),
        "23.11.2017, 09:30 Uhr (CET)"
    );
    assert_eq!(
        when(at, chrono_tz::Europe::Zurich, Language::En),
        "23 November 2017, 09:30 (CET)"
    );
    assert_eq!(
        when(at, chrono_tz::America::New_York, Language::Fr),
        "23/11/2017 à 03h30 (EST)"
    );
}

#[test]
fn values_are_escaped_and_cannot_add_headers() {
    let mut p = params();
    p.other_company = Some("Evil <script>alert(1)</script> & Co\r\nBcc: victim@example.org".into());
    p.message = Some("<img src=x onerror=alert(1)>\r\nsecond line".into());
    p.people = vec!["\"Mallory\" <b>bold</b>".into()];
    for kind in MailKind::ALL {
        for language in Language::ALL {
            let r = render(kind, &ctx(language), &p);
            assert!(!r.subject.contains(['\r', '\n']), "{:?}", r.subject);
            assert!(
                !r.html.contains("<script>") && !r.html.contains("<img") && !r.html.contains("<b>"),
                "{}",
                r.html
            );
            assert!(
                !r.text.contains("\r\nBcc:") && !r.text.contains("\nBcc:"),
                "{}",
                r.text
            );
        }
    }
    let r = render(MailKind::MeetingRequestReceived, &ctx(Language::En), &p);
    assert_eq!(
        r.subject,
        "Meeting request from Evil <script>alert(1)</script> & Co Bcc: victim@example.org: Cluster2Cluster Nidwalden"
    );
    assert!(
        r.html.contains(
            "Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co Bcc: victim@example.org"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("&lt;img src=x onerror=alert(1)&gt;\nsecond line</blockquote>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<li>&quot;Mallory&quot; &lt;b&gt;bold&lt;/b&gt;</li>")
    );
    assert_eq!(one_line(" a\r\n\tb\u{2028}c  "), "a b c");
    assert_eq!(
        escape_html("<a href='x'>&\"</a>"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
    );
}

#[test]
fn only_optional_kinds_carry_the_unsubscribe_link() {
    for kind in MailKind::ALL {
        let r = render(kind, &ctx(Language::Fr), &params());
        let url = "https://c2c.example/api/v1/unsubscribe?token=abc.def";
        assert_eq!(r.text.contains(url), !kind.is_transactional(), "{kind:?}");
        assert_eq!(r.html.contains(url), !kind.is_transactional(), "{kind:?}");
    }
    assert_eq!(
        MailKind::ALL
            .iter()
            .filter(|k| k.is_transactional())
            .count(),
        3
    );
}

#[test]
fn links_are_joined_to_the_public_url() {
    assert_eq!(
        absolute("http://localhost:8080", "/events/1"),
        "http://localhost:8080/events/1"
    );
    assert_eq!(
        absolute("http://localhost:8080/", "events/1"),
        "http://localhost:8080/events/1"
    );
    assert_eq!(
        absolute("http://x", "https://c2c.example/accept?t=1"),
        "https://c2c.example/accept?t=1"
    );
    assert_eq!(absolute("http://x", "/a\r\nb"), "http://x/a b");
}

#[test]
fn names_and_tags() {
    for kind in MailKind::ALL {
        assert_eq!(MailKind::parse(kind.as_str()), Some(kind));
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    assert_eq!(Language::from_tag("de-CH"), Language::De);
    assert_eq!(Language::from_tag("FR"), Language::Fr);
    assert_eq!(Language::from_tag("it_IT"), Language::It);
    assert_eq!(Language::from_tag("rm"), Language::En);
    assert_eq!(Language::parse("de-CH"), None);
    assert_eq!(MailStatus::parse("failed"), Some(MailStatus::Failed));
}

#[test]
fn unsubscribe_tokens_name_one_person_and_one_kind() {
    let key = b"a key of the service, kept in its database";
    let user = uuid::Uuid::now_v7();
    let t = token::sign(key, user, MailKind::MeetingRequestReceived);
    assert_eq!(
        token::verify(key, &t),
        Some((user, MailKind::MeetingRequestReceived))
    );
    assert_eq!(token::verify(b"another key", &t), None);
    // Another kind or person with the same signature is refused.
    let (_, sig) = t.rsplit_once('.').unwrap();
    let other_kind = format!(
        "{}.{}.{sig}",
        user.simple(),
        MailKind::EventReminder.as_str()
    );
    assert_eq!(token::verify(key, &other_kind), None);
    let other_user = format!(
        "{}.{}.{sig}",
        uuid::Uuid::now_v7().simple(),
        MailKind::MeetingRequestReceived.as_str()
    );
    assert_eq!(token::verify(key, &other_user), None);
    // Transactional mail has no off switch, whatever is signed.
    let t = token::sign(key, user, MailKind::PasswordReset);
    assert_eq!(token::verify(key, &t), None);
    assert_eq!(token::verify(key, "garbage"), None);
    assert_eq!(token::verify(key, ""), None);
}

#[test]
fn a_persons_own_schedule_speaks_to_them() {
    let own = Params {
        own_schedule: true,
        ..params()
    };
    for (language, words) in [
        (Language::En, "You have 3 meetings; the first begins on"),
        (Language::It, "Ha 3 incontri; il primo inizia il"),
        (Language::De, "Sie haben 3 Treffen; das erste beginnt am"),
        (
            Language::Fr,
            "Vous avez 3 rendez-vous ; le premier commence le",
        ),
    ] {
        let r = render(MailKind::SchedulePublished, &ctx(language), &own);
        assert!(r.text.contains(words), "{language:?}: {}", r.text);
        let company = render(MailKind::SchedulePublished, &ctx(language), &params());
        assert!(
            !company.text.contains(words),
            "{language:?}: {}",
            company.text
        );
    }
}

#[test]
fn an_event_invitation_names_host_company_event_and_start() {
    let p = Params {
        organisation: Some("Swiss Aerospace Cluster".into()),
        link: "/events/1".into(),
        ..params()
    };
    let de = render(MailKind::EventInvitation, &ctx(Language::De), &p);
    assert_eq!(de.subject, "Einladung: Cluster2Cluster Nidwalden");
    assert!(de.text.contains("Swiss Aerospace Cluster lädt Helvetic Aero Services AG zu Cluster2Cluster Nidwalden ein."), "{}", de.text);
    // 07:30 UTC is 09:30 in Zurich.
    assert!(de.text.contains("09:30"), "{}", de.text);
    assert!(
        de.text.contains("https://c2c.example/events/1"),
        "{}",
        de.text
    );
    let it = render(MailKind::EventInvitation, &ctx(Language::It), &p);
    assert_eq!(it.subject, "Invito: Cluster2Cluster Nidwalden");
    let fr = render(MailKind::EventInvitation, &ctx(Language::Fr), &p);
    assert!(
        fr.text
            .contains("Swiss Aerospace Cluster invite Helvetic Aero Services AG"),
        "{}",
        fr.text
    );
    let en = render(MailKind::EventInvitation, &ctx(Language::En), &p);
    assert!(en.text.contains("Register"), "{}", en.text);
    assert!(!MailKind::EventInvitation.is_transactional());
    assert_eq!(
        MailKind::parse("event_invitation"),
        Some(MailKind::EventInvitation)
    );
}
