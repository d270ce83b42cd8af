//! Who may do what. Roles are granted per object (a cluster, a member company); every rule
//! here takes the object's owning ids so that handlers check the object, not only the route.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the platform: creates clusters, grants any role.
    Admin,
    /// Manages one cluster: its profile, its member companies and their editors.
    ClusterManager,
    /// Edits one member company's profile and contact people.
    MemberEditor,
    /// Writes and publishes trade-statistics notes for one cluster (or, held platform-wide,
    /// for any): no right over member companies or their people.
    Analyst,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ClusterManager => "cluster_manager",
            Role::MemberEditor => "member_editor",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "cluster_manager" => Some(Role::ClusterManager),
            "member_editor" => Some(Role::MemberEditor),
            "analyst" => Some(Role::Analyst),
            _ => None,
        }
    }
}

/// What a role is granted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Platform,
    Cluster(Uuid),
    /// A member company, with the cluster it belongs to (so that cluster rules need no query).
    Member {
        member_id: Uuid,
        cluster_id: Uuid,
    },
}

impl Scope {
    /// The key that makes "one grant per user, role and scope" a unique constraint.
    pub fn key(&self) -> String {
        match self {
            Scope::Platform => "platform".to_owned(),
            Scope::Cluster(id) => format!("cluster:{id}"),
            Scope::Member { member_id, .. } => format!("member:{member_id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

impl Grant {
    /// A role only makes sense on one kind of scope.
    pub fn is_well_formed(&self) -> bool {
        matches!(
            (self.role, self.scope),
            (Role::Admin, Scope::Platform)
                | (Role::ClusterManager, Scope::Cluster(_))
                | (Role::MemberEditor, Scope::Member { .. })
                | (Role::Analyst, Scope::Platform | Scope::Cluster(_))
        )
    }
}

/// The signed-in caller and what they hold, loaded afresh on every request so that a revoked
/// role stops working at once.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user; the nil UUID for an API key, which is no user.
    pub user_id: Uuid,
    pub grants: Vec<Grant>,
    /// Set when the caller is an API key rather than a person.
    pub api_key: Option<KeyCaller>,
}

/// An API key calling: it acts for one cluster as its manager would, within its scopes
/// (enforced per operation by `domain::api_key::required_scope`).
#[derive(Debug, Clone)]
pub struct KeyCaller {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub scopes: Vec<super::api_key::ApiScope>,
}

impl Principal {
    pub fn user(user_id: Uuid, grants: Vec<Grant>) -> Principal {
        Principal {
            user_id,
            grants,
            api_key: None,
        }
    }

    pub fn key(key: KeyCaller) -> Principal {
        Principal {
            user_id: Uuid::nil(),
            grants: vec![Grant {
                role: Role::ClusterManager,
                scope: Scope::Cluster(key.cluster_id),
            }],
            api_key: Some(key),
        }
    }
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::Admin)
    }

    pub fn manages_cluster(&self, cluster_id: Uuid) -> bool {
        self.is_admin()
            || self
                .grants
                .iter()
                .any(|g| g.role == Role::ClusterManager && g.scope == Scope::Cluster(cluster_id))
    }

    /// Write trade notes for a cluster: its managers, its analysts, platform-wide analysts
    /// and admins. Nothing else follows from it: an analyst is no manager.
    pub fn writes_notes_for(&self, cluster_id: Uuid) -> bool {
        self.writes_notes_everywhere()
            || self.manages_cluster(cluster_id)
            || self
                .grants
                .iter()
                .any(|g| g.role == Role::Analyst && g.scope == Scope::Cluster(cluster_id))
    }

    /// Admins and platform-wide analysts: notes of every cluster.
    pub fn writes_notes_everywhere(&self) -> bool {
        self.is_admin()
            || self
                .grants
                .iter()
                .any(|g| g.role == Role::Analyst && g.scope == Scope::Platform)
    }

    /// The clusters whose notes (drafts too) this caller writes: managed and analysed ones
    /// (a list; see [`Self::writes_notes_everywhere`] for those not limited to one).
    pub fn note_clusters(&self) -> Vec<Uuid> {
        self.grants
            .iter()
            .filter_map(|g| match (g.role, g.scope) {
                (Role::ClusterManager | Role::Analyst, Scope::Cluster(id)) => Some(id),
                _ => None,
            })
            .collect()
    }

    /// Clusters this caller manages (empty for admins, who are not limited to a list).
    pub fn managed_clusters(&self) -> Vec<Uuid> {
        self.grants
            .iter()
            .filter_map(|g| match (g.role, g.scope) {
                (Role::ClusterManager, Scope::Cluster(id)) => Some(id),
                _ => None,
            })
            .collect()
    }

    /// Member companies this caller edits by an explicit `member_editor` grant.
    pub fn edited_members(&self) -> Vec<Uuid> {
        self.grants
            .iter()
            .filter_map(|g| match (g.role, g.scope) {
                (Role::MemberEditor, Scope::Member { member_id, .. }) => Some(member_id),
                _ => None,
            })
            .collect()
    }

    /// Edit a member company's profile and its contact people; read its private data.
    pub fn can_edit_member(&self, cluster_id: Uuid, member_id: Uuid) -> bool {
        self.manages_cluster(cluster_id) || self.edited_members().contains(&member_id)
    }

    /// **The one rule for contact people**, applied to every answer, export, feed, webhook
    /// and mail that carries one: their company's editors, its cluster's managers and the
    /// admins see everyone; anybody else only the people who consented to sharing.
    pub fn sees_contact(&self, cluster_id: Uuid, member_id: Uuid, share_consent: bool) -> bool {
        share_consent || self.can_edit_member(cluster_id, member_id)
    }

    /// Part of a cluster: its manager, or an editor of one of its member companies.
    pub fn belongs_to_cluster(&self, cluster_id: Uuid) -> bool {
        self.manages_cluster(cluster_id)
            || self.grants.iter().any(|g| {
                g.role == Role::MemberEditor
                    && matches!(g.scope, Scope::Member { cluster_id: c, .. } if c == cluster_id)
            })
    }

    /// Whether a role grant of `holder` in `cluster` (none for admin grants) is the caller's
    /// business: their own grants, any for admins, their clusters' grants for managers.
    pub fn can_see_grant(&self, holder: Uuid, cluster: Option<Uuid>) -> bool {
        self.user_id == holder
            || self.is_admin()
            || cluster.is_some_and(|c| self.managed_clusters().contains(&c))
    }

    /// Grant or revoke `grant`. Admins grant anything; cluster managers grant `member_editor`
    /// on their own cluster's members and `analyst` on their own cluster, nothing else.
    pub fn can_grant(&self, grant: &Grant) -> bool {
        if self.is_admin() {
            return true;
        }
        match (grant.role, grant.scope) {
            (Role::MemberEditor, Scope::Member { cluster_id, .. })
            | (Role::Analyst, Scope::Cluster(cluster_id)) => {
                self.managed_clusters().contains(&cluster_id)
            }
            _ => false,
        }
    }

    /// Invite someone by e-mail to `grant`: whoever may grant it directly, and a cluster's
    /// managers also to managing their own cluster (a manager hands over to a successor or
    /// brings in a colleague; accepting needs the invited mailbox).
    pub fn can_invite(&self, grant: &Grant) -> bool {
        self.api_key.is_none()
            && (self.can_grant(grant)
                || matches!(
                    (grant.role, grant.scope),
                    (Role::ClusterManager, Scope::Cluster(c)) if self.manages_cluster(c)
                ))
    }

    /// Create user accounts: admins, and cluster managers (who onboard their members' people).
    pub fn can_create_users(&self) -> bool {
        self.is_admin() || !self.managed_clusters().is_empty()
    }
}

/// Turns a failed rule into the error a handler returns.
pub fn require(allowed: bool, what: &str) -> Result<()> {
    if allowed {
        Ok(())
    } else {
        Err(Error::Forbidden(format!("you may not {what}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(grants: Vec<Grant>) -> Principal {
        Principal::user(Uuid::now_v7(), grants)
    }

    #[test]
    fn manager_rules_stop_at_the_cluster_border() {
        let (swiss, lombard) = (Uuid::now_v7(), Uuid::now_v7());
        let (aviometal, pilatus) = (Uuid::now_v7(), Uuid::now_v7());
        let paola = principal(vec![Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(lombard),
        }]);
        assert!(paola.manages_cluster(lombard));
        assert!(!paola.manages_cluster(swiss));
        assert!(paola.can_edit_member(lombard, aviometal));
        assert!(!paola.can_edit_member(swiss, pilatus));
        assert!(paola.can_grant(&Grant {
            role: Role::MemberEditor,
            scope: Scope::Member {
                member_id: aviometal,
                cluster_id: lombard
            },
        }));
        assert!(!paola.can_grant(&Grant {
            role: Role::MemberEditor,
            scope: Scope::Member {
                member_id: pilatus,
                cluster_id: swiss
            },
        }));
        assert!(!paola.can_grant(&Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(lombard),
        }));
        assert!(paola.can_create_users());
    }

    #[test]
    fn editor_edits_only_their_company() {
        let lombard = Uuid::now_v7();
        let (aviometal, soliani) = (Uuid::now_v7(), Uuid::now_v7());
        let massimo = principal(vec![Grant {
            role: Role::MemberEditor,
            scope: Scope::Member {
                member_id: aviometal,
                cluster_id: lombard,
            },
        }]);
        assert!(massimo.can_edit_member(lombard, aviometal));
        assert!(!massimo.can_edit_member(lombard, soliani));
        assert!(!massimo.manages_cluster(lombard));
        assert!(!massimo.can_create_users());
    }

    #[test]
    fn admin_may_do_everything_and_grants_must_match_their_scope() {
        let admin = principal(vec![Grant {
            role: Role::Admin,
            scope: Scope::Platform,
        }]);
        assert!(admin.manages_cluster(Uuid::now_v7()));
        assert!(
            !Grant {
                role: Role::Admin,
                scope: Scope::Cluster(Uuid::now_v7())
            }
            .is_well_formed()
        );
        assert!(
            Grant {
                role: Role::ClusterManager,
                scope: Scope::Cluster(Uuid::now_v7())
            }
            .is_well_formed()
        );
    }
}
