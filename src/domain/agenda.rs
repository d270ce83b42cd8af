//! The agenda of a Cluster2Cluster day: generating it from the registrations and computing
//! each item's times from the event's start and the durations before it.
//!
//! Times are computed in absolute time (UTC) and only shown in the event's zone, so a day
//! that crosses a daylight-saving change still lasts exactly the sum of its items.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::translation::{AgendaItemText, AgendaItemTranslations, Language, Translations};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Welcome,
    Introduction,
    Pitch,
    Break,
    Networking,
    /// The B2B block of 1:1 meetings (linked to its meeting session).
    Meetings,
    Lunch,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Welcome => "welcome",
            ItemKind::Introduction => "introduction",
            ItemKind::Pitch => "pitch",
            ItemKind::Break => "break",
            ItemKind::Networking => "networking",
            ItemKind::Meetings => "meetings",
            ItemKind::Lunch => "lunch",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        match s {
            "welcome" => Some(ItemKind::Welcome),
            "introduction" => Some(ItemKind::Introduction),
            "pitch" => Some(ItemKind::Pitch),
            "break" => Some(ItemKind::Break),
            "networking" => Some(ItemKind::Networking),
            "meetings" => Some(ItemKind::Meetings),
            "lunch" => Some(ItemKind::Lunch),
            _ => None,
        }
    }
}

/// How pitches are ordered by `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PitchOrder {
    /// The host cluster's companies first, then each guest cluster's, each in registration order.
    #[default]
    ByCluster,
    /// One company of each cluster in turn, so that nobody listens to their neighbours only.
    Alternating,
    /// The order of `registration_ids` in the request.
    AsGiven,
}

/// A cluster as the agenda names it.
#[derive(Debug, Clone)]
pub struct ClusterRef {
    pub id: Uuid,
    pub name: String,
}

/// A registered company as the agenda names it.
#[derive(Debug, Clone)]
pub struct PitchRef {
    pub registration_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    pub company: String,
}

/// An agenda item before it has times.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedItem {
    pub kind: ItemKind,
    pub title: String,
    /// The language of `title` (null: not said).
    pub original_language: Option<Language>,
    pub translations: AgendaItemTranslations,
    pub member_id: Option<Uuid>,
    pub cluster_id: Option<Uuid>,
    pub registration_id: Option<Uuid>,
    pub duration_minutes: u32,
    /// Minutes left free before the item (after the previous one ends).
    pub gap_before_minutes: u32,
    /// For a `meetings` block: its meeting session, whose times it takes.
    pub meeting_session_id: Option<Uuid>,
}

/// What makes an item "the same item" across a regeneration of the agenda, so that it keeps
/// its id (and with it the UID subscribed calendars know it by): a pitch is its registration,
/// an introduction its cluster, any other item its occurrence among the items of its kind
/// (the first break stays the first break).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Pitch(Option<Uuid>),
    Introduction(Option<Uuid>),
    Nth(ItemKind, usize),
}

/// The identities of items in agenda order (`kind`, `cluster_id`, `registration_id`).
pub fn identities(
    items: impl IntoIterator<Item = (ItemKind, Option<Uuid>, Option<Uuid>)>,
) -> Vec<Identity> {
    let mut seen: Vec<(ItemKind, usize)> = Vec::new();
    items
        .into_iter()
        .map(|(kind, cluster_id, registration_id)| match kind {
            ItemKind::Pitch => Identity::Pitch(registration_id),
            ItemKind::Introduction => Identity::Introduction(cluster_id),
            kind => {
                let n = match seen.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        seen.push((kind, 0));
                        0
                    }
                };
                Identity::Nth(kind, n)
            }
        })
        .collect()
}

/// For each planned item, the index of the existing item it continues (each existing item
/// matched at most once); `None`: a new item.
pub fn match_existing(existing: &[Identity], planned: &[Identity]) -> Vec<Option<usize>> {
    let mut used = vec![false; existing.len()];
    planned
        .iter()
        .map(|identity| {
            let found = existing
                .iter()
                .enumerate()
                .position(|(i, e)| !used[i] && e == identity);
            if let Some(i) = found {
                used[i] = true;
            }
            found
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Durations {
    pub welcome: u32,
    pub introduction: u32,
    pub pitch: u32,
    /// A break after every this many pitches (none when `None` or 0).
    pub break_every: Option<u32>,
    pub break_minutes: u32,
    /// The closing networking block (none when 0).
    pub networking: u32,
}

/// Orders pitches. `given` must list each registration exactly once for [`PitchOrder::AsGiven`];
/// otherwise the error names what is wrong.
pub fn order_pitches(
    pitches: Vec<PitchRef>,
    host: Uuid,
    guests: &[Uuid],
    order: PitchOrder,
    given: &[Uuid],
) -> Result<Vec<PitchRef>, String> {
    let cluster_rank = |c: Uuid| {
        std::iter::once(host)
            .chain(guests.iter().copied())
            .position(|x| x == c)
            .unwrap_or(usize::MAX)
    };
    match order {
        PitchOrder::ByCluster => {
            let mut sorted = pitches;
            // Stable: registration order is kept within a cluster.
            sorted.sort_by_key(|p| cluster_rank(p.cluster_id));
            Ok(sorted)
        }
        PitchOrder::Alternating => {
            let mut queues: Vec<std::collections::VecDeque<PitchRef>> = Vec::new();
            let mut ranks: Vec<usize> = Vec::new();
            for p in pitches {
                let rank = cluster_rank(p.cluster_id);
                match ranks.iter().position(|r| *r == rank) {
                    Some(i) => queues[i].push_back(p),
                    None => {
                        ranks.push(rank);
                        queues.push(std::collections::VecDeque::from([p]));
                    }
                }
            }
            let mut by_rank: Vec<(usize, std::collections::VecDeque<PitchRef>)> =
                ranks.into_iter().zip(queues).collect();
            by_rank.sort_by_key(|(r, _)| *r);
            let mut out = Vec::new();
            while by_rank.iter().any(|(_, q)| !q.is_empty()) {
                for (_, q) in by_rank.iter_mut() {
                    if let Some(p) = q.pop_front() {
                        out.push(p);
                    }
                }
            }
            Ok(out)
        }
        PitchOrder::AsGiven => {
            let mut unique = given.to_vec();
            unique.sort();
            unique.dedup();
            if unique.len() != given.len() {
                return Err("lists a registration more than once".into());
            }
            let mut out = Vec::with_capacity(given.len());
            for id in given {
                match pitches.iter().find(|p| p.registration_id == *id) {
                    Some(p) => out.push(p.clone()),
                    None => {
                        return Err(format!("{id} is not an active registration of this event"));
                    }
                }
            }
            if out.len() != pitches.len() {
                return Err(format!(
                    "must list all {} active registrations, not {}",
                    pitches.len(),
                    out.len()
                ));
            }
            Ok(out)
        }
    }
}

/// The title the service gives an item it writes itself, in `lang`: `name` is the cluster
/// (introductions) or the company (pitches). `None` for kinds it never writes (lunch, B2B
/// blocks: their organisers name them).
pub fn generated_title(kind: ItemKind, name: &str, lang: Language) -> Option<String> {
    use Language::{De, En, Fr, It};
    let fixed = |en: &str, it: &str, de: &str, fr: &str| {
        Some(
            match lang {
                En => en,
                It => it,
                De => de,
                Fr => fr,
            }
            .to_owned(),
        )
    };
    match kind {
        ItemKind::Welcome => fixed("Welcome", "Benvenuto", "Begrüssung", "Accueil"),
        ItemKind::Break => fixed("Break", "Pausa", "Pause", "Pause"),
        ItemKind::Networking => fixed("Networking", "Networking", "Networking", "Réseautage"),
        ItemKind::Introduction => Some(match lang {
            En => format!("Introduction: {name}"),
            It => format!("Presentazione: {name}"),
            De => format!("Vorstellung: {name}"),
            Fr => format!("Présentation : {name}"),
        }),
        ItemKind::Pitch => Some(match lang {
            Fr => format!("Pitch : {name}"),
            En | It | De => format!("Pitch: {name}"),
        }),
        ItemKind::Lunch | ItemKind::Meetings => None,
    }
}

/// A generated item's title: written in English, with a translation into each language
/// where it reads differently.
fn generated(kind: ItemKind, name: &str) -> (String, AgendaItemTranslations) {
    let en = generated_title(kind, name, Language::En).unwrap_or_default();
    let mut translations = AgendaItemTranslations::default();
    for lang in [Language::It, Language::De, Language::Fr] {
        let title = generated_title(kind, name, lang).filter(|t| *t != en);
        *translations.slot_mut(lang) = title.map(|t| AgendaItemText { title: Some(t) });
    }
    (en, translations)
}

/// Welcome, the host's introduction, each guest's, the pitches (with breaks), networking.
pub fn plan(
    host: &ClusterRef,
    guests: &[ClusterRef],
    pitches: &[PitchRef],
    d: &Durations,
) -> Vec<PlannedItem> {
    let item = |kind, name: &str, minutes| {
        let (title, translations) = generated(kind, name);
        PlannedItem {
            kind,
            title,
            original_language: Some(Language::En),
            translations,
            member_id: None,
            cluster_id: None,
            registration_id: None,
            duration_minutes: minutes,
            gap_before_minutes: 0,
            meeting_session_id: None,
        }
    };
    let mut items = Vec::new();
    if d.welcome > 0 {
        items.push(item(ItemKind::Welcome, "", d.welcome));
    }
    for cluster in std::iter::once(host).chain(guests) {
        items.push(PlannedItem {
            cluster_id: Some(cluster.id),
            ..item(ItemKind::Introduction, &cluster.name, d.introduction)
        });
    }
    let every = d.break_every.filter(|n| *n > 0);
    for (i, p) in pitches.iter().enumerate() {
        if let Some(n) = every
            && i > 0
            && (i as u32).is_multiple_of(n)
            && d.break_minutes > 0
        {
            items.push(item(ItemKind::Break, "", d.break_minutes));
        }
        items.push(PlannedItem {
            member_id: Some(p.member_id),
            cluster_id: Some(p.cluster_id),
            registration_id: Some(p.registration_id),
            ..item(ItemKind::Pitch, &p.company, d.pitch)
        });
    }
    if d.networking > 0 {
        items.push(item(ItemKind::Networking, "", d.networking));
    }
    items
}

/// How one item is placed in the day.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub gap_before_minutes: u32,
    pub duration_minutes: u32,
    /// Fixed times (a B2B block takes its meeting session's); the next item follows its end.
    pub fixed: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Timing {
    pub fn back_to_back(duration_minutes: u32) -> Timing {
        Timing {
            gap_before_minutes: 0,
            duration_minutes,
            fixed: None,
        }
    }
}

/// Start and end of each item from `start`: each after the previous one's end and its own
/// gap, unless its times are fixed.
pub fn schedule(
    start: DateTime<Utc>,
    timings: impl IntoIterator<Item = Timing>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut at = start;
    timings
        .into_iter()
        .map(|t| {
            let slot = t.fixed.unwrap_or_else(|| {
                let from = at + Duration::minutes(i64::from(t.gap_before_minutes));
                (
                    from,
                    from + Duration::minutes(i64::from(t.duration_minutes)),
                )
            });
            at = slot.1;
            slot
        })
        .collect()
}

/// The instant as the event's local time, with the offset in force then (RFC 3339).
pub fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).to_rfc3339()
}

/// Moves the element at `from` to `to` (both clamped), keeping the others in order.
pub fn move_item<T>(items: &mut Vec<T>, from: usize, to: usize) {
    if from >= items.len() {
        return;
    }
    let item = items.remove(from);
    let to = to.min(items.len());
    items.insert(to, item);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pitch(cluster: Uuid, company: &str) -> PitchRef {
        PitchRef {
            registration_id: Uuid::now_v7(),
            member_id: Uuid::now_v7(),
            cluster_id: cluster,
            company: company.into(),
        }
    }

    #[test]
    fn orders_by_cluster_alternating_and_as_given() {
        let (host, guest) = (Uuid::now_v7(), Uuid::now_v7());
        let regs = vec![
            pitch(guest, "L1"),
            pitch(host, "S1"),
            pitch(guest, "L2"),
            pitch(guest, "L3"),
            pitch(host, "S2"),
        ];
        let names = |v: Vec<PitchRef>| v.into_iter().map(|p| p.company).collect::<Vec<_>>();
        assert_eq!(
            names(order_pitches(regs.clone(), host, &[guest], PitchOrder::ByCluster, &[]).unwrap()),
            ["S1", "S2", "L1", "L2", "L3"]
        );
        assert_eq!(
            names(
                order_pitches(regs.clone(), host, &[guest], PitchOrder::Alternating, &[]).unwrap()
            ),
            ["S1", "L1", "S2", "L2", "L3"]
        );
        let given: Vec<Uuid> = regs.iter().rev().map(|p| p.registration_id).collect();
        assert_eq!(
            names(
                order_pitches(regs.clone(), host, &[guest], PitchOrder::AsGiven, &given).unwrap()
            ),
            ["S2", "L3", "L2", "S1", "L1"]
        );
        assert!(
            order_pitches(
                regs.clone(),
                host,
                &[guest],
                PitchOrder::AsGiven,
                &given[..4]
            )
            .unwrap_err()
            .contains("all 5")
        );
        let twice = vec![given[0], given[0], given[1], given[2], given[3]];
        assert!(
            order_pitches(regs.clone(), host, &[guest], PitchOrder::AsGiven, &twice)
                .unwrap_err()
                .contains("more than once")
        );
        assert!(
            order_pitches(regs, host, &[guest], PitchOrder::AsGiven, &[Uuid::now_v7()])
                .unwrap_err()
                .contains("not an active")
        );
    }

    #[test]
    fn plans_welcome_introductions_pitches_breaks_and_networking() {
        let host = ClusterRef {
            id: Uuid::now_v7(),
            name: "Swiss Aerospace Cluster".into(),
        };
        let guest = ClusterRef {
            id: Uuid::now_v7(),
            name: "Lombardia Aerospace Cluster".into(),
        };
        let pitches: Vec<PitchRef> = (0..5).map(|i| pitch(guest.id, &format!("C{i}"))).collect();
        let d = Durations {
            welcome: 10,
            introduction: 15,
            pitch: 3,
            break_every: Some(2),
            break_minutes: 10,
            networking: 60,
        };
        let kinds: Vec<&str> = plan(&host, std::slice::from_ref(&guest), &pitches, &d)
            .iter()
            .map(|i| i.kind.as_str())
            .collect();
        assert_eq!(
            kinds,
            [
                "welcome",
                "introduction",
                "introduction",
                "pitch",
                "pitch",
                "break",
                "pitch",
                "pitch",
                "break",
                "pitch",
                "networking"
            ]
        );
        let items = plan(&host, &[guest], &pitches, &d);
        assert_eq!(items[1].title, "Introduction: Swiss Aerospace Cluster");
        assert_eq!(items[1].original_language, Some(Language::En));
        let in_ = |i: usize, lang| {
            items[i]
                .translations
                .get(lang)
                .and_then(|t| t.title.clone())
        };
        assert_eq!(
            in_(1, Language::It).as_deref(),
            Some("Presentazione: Swiss Aerospace Cluster")
        );
        assert_eq!(in_(0, Language::De).as_deref(), Some("Begrüssung"));
        assert_eq!(in_(5, Language::Fr).as_deref(), Some("Pause"));
        // Where a language reads as the original, no translation is stored.
        assert_eq!(in_(3, Language::It), None);
        assert!(in_(3, Language::Fr).unwrap().starts_with("Pitch : "));
        assert_eq!(
            items.iter().map(|i| i.duration_minutes).sum::<u32>(),
            10 + 30 + 15 + 20 + 60
        );
    }

    #[test]
    fn times_cross_the_autumn_daylight_saving_change_exactly() {
        // Europe/Zurich leaves summer time on 2026-10-25 at 03:00 local (01:00 UTC).
        let zone: Tz = "Europe/Zurich".parse().unwrap();
        let start = "2026-10-25T00:30:00Z".parse::<DateTime<Utc>>().unwrap(); // 02:30 CEST
        let slots = schedule(start, [60, 60].map(Timing::back_to_back));
        assert_eq!(local(slots[0].0, zone), "2026-10-25T02:30:00+02:00");
        assert_eq!(
            local(slots[0].1, zone),
            "2026-10-25T02:30:00+01:00",
            "one hour later, the clock shows the same time"
        );
        assert_eq!(local(slots[1].1, zone), "2026-10-25T03:30:00+01:00");
        assert_eq!(slots[1].1 - slots[0].0, Duration::minutes(120));
    }

    #[test]
    fn items_leave_gaps_and_a_fixed_block_keeps_its_times() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let timing = |gap, minutes| Timing {
            gap_before_minutes: gap,
            duration_minutes: minutes,
            fixed: None,
        };
        let b2b = Timing {
            fixed: Some((at("2030-05-14T12:00:00Z"), at("2030-05-14T13:40:00Z"))),
            ..timing(0, 1)
        };
        let slots = schedule(
            at("2030-05-14T07:00:00Z"),
            [timing(0, 30), timing(15, 60), b2b, timing(10, 20)],
        );
        let s = |i: usize| (slots[i].0.to_rfc3339(), slots[i].1.to_rfc3339());
        assert_eq!(
            s(0),
            (
                "2030-05-14T07:00:00+00:00".into(),
                "2030-05-14T07:30:00+00:00".into()
            )
        );
        assert_eq!(
            s(1),
            (
                "2030-05-14T07:45:00+00:00".into(),
                "2030-05-14T08:45:00+00:00".into()
            )
        );
        assert_eq!(
            s(2),
            (
                "2030-05-14T12:00:00+00:00".into(),
                "2030-05-14T13:40:00+00:00".into()
            )
        );
        assert_eq!(
            s(3),
            (
                "2030-05-14T13:50:00+00:00".into(),
                "2030-05-14T14:10:00+00:00".into()
            )
        );
    }

    #[test]
    fn moving_keeps_the_others_in_order() {
        let mut v = vec!['a', 'b', 'c', 'd'];
        move_item(&mut v, 0, 2);
        assert_eq!(v, ['b', 'c', 'a', 'd']);
        move_item(&mut v, 3, 0);
        assert_eq!(v, ['d', 'b', 'c', 'a']);
        move_item(&mut v, 1, 99);
        assert_eq!(v, ['d', 'c', 'a', 'b']);
    }

    #[test]
    fn regenerated_items_continue_the_same_items() {
        let (c1, c2, r1, r2, r3) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let old = identities([
            (ItemKind::Welcome, None, None),
            (ItemKind::Introduction, Some(c1), None),
            (ItemKind::Pitch, Some(c1), Some(r1)),
            (ItemKind::Break, None, None),
            (ItemKind::Pitch, Some(c2), Some(r2)),
            (ItemKind::Break, None, None),
        ]);
        assert_eq!(old[5], Identity::Nth(ItemKind::Break, 1));
        let new = identities([
            (ItemKind::Welcome, None, None),
            (ItemKind::Introduction, Some(c2), None),
            (ItemKind::Pitch, Some(c2), Some(r2)),
            (ItemKind::Pitch, Some(c1), Some(r3)),
            (ItemKind::Break, None, None),
            (ItemKind::Pitch, Some(c1), Some(r1)),
        ]);
        assert_eq!(
            match_existing(&old, &new),
            vec![Some(0), None, Some(4), None, Some(3), Some(2)]
        );
    }
}
