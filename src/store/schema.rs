//! diesel's view of the tables. Only portable SQL types, so one schema serves both backends
//! (UUIDs and JSON lists are TEXT, timestamps are UTC `Timestamp`).

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
        language -> Text,
        time_zone -> Text,
        email_verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    clusters (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        country -> Text,
        region -> Nullable<Text>,
        sector -> Text,
        description -> Text,
        website -> Nullable<Text>,
        founded_year -> Nullable<Integer>,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> Text,
        cluster_id -> Text,
        legal_name -> Text,
        country -> Text,
        city -> Text,
        website -> Nullable<Text>,
        size_class -> Text,
        core_business -> Text,
        areas_of_interest -> Text,
        areas_of_interest_notes -> Text,
        partners_sought -> Text,
        partners_sought_notes -> Text,
        ongoing_projects -> Text,
        offices -> Text,
        external_id -> Nullable<Text>,
        search_text -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        sync_hash -> Nullable<Text>,
        purged_at -> Nullable<Timestamp>,
        people_changed_at -> Nullable<Timestamp>,
        name_key -> Nullable<Text>,
        translations -> Text,
        original_language -> Nullable<Text>,
        translations_search -> Text,
    }
}

diesel::table! {
    contacts (id) {
        id -> Text,
        member_id -> Text,
        name -> Text,
        role -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        languages -> Text,
        share_consent -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
        given_name -> Nullable<Text>,
        family_name -> Nullable<Text>,
    }
}

diesel::table! {
    role_grants (id) {
        id -> Text,
        user_id -> Text,
        role -> Text,
        cluster_id -> Nullable<Text>,
        member_id -> Nullable<Text>,
        scope_key -> Text,
        granted_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        title -> Text,
        host_cluster_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        venue_name -> Text,
        venue_address -> Text,
        venue_city -> Text,
        venue_region -> Nullable<Text>,
        venue_country -> Text,
        transport -> Text,
        coordinator_contact_id -> Nullable<Text>,
        capacity -> Integer,
        registration_deadline -> Nullable<Timestamp>,
        pitch_minutes -> Integer,
        status -> Text,
        description -> Text,
        media_links -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        public_slug -> Nullable<Text>,
        approval_required -> Bool,
        invitation_only -> Bool,
        agenda_changed_at -> Nullable<Timestamp>,
        translations -> Text,
        original_language -> Nullable<Text>,
    }
}

diesel::table! {
    event_guests (event_id, cluster_id) {
        event_id -> Text,
        cluster_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    registrations (id) {
        id -> Text,
        event_id -> Text,
        member_id -> Text,
        cluster_id -> Text,
        status -> Text,
        pitch_core_business -> Text,
        pitch_areas_of_interest -> Text,
        pitch_partners_sought -> Text,
        pitch_ongoing_projects -> Text,
        registered_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        waitlisted_at -> Nullable<Timestamp>,
        decline_reason -> Nullable<Text>,
    }
}

diesel::table! {
    registration_attendees (registration_id, contact_id) {
        registration_id -> Text,
        contact_id -> Text,
    }
}

diesel::table! {
    check_in_codes (code) {
        code -> Text,
        event_id -> Text,
        contact_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    check_ins (id) {
        id -> Text,
        event_id -> Text,
        contact_id -> Text,
        registration_id -> Text,
        scanned_at -> Timestamp,
        created_at -> Timestamp,
        checked_in_by_user -> Nullable<Text>,
        checked_in_by_key -> Nullable<Text>,
    }
}

diesel::table! {
    agenda_items (id) {
        id -> Text,
        event_id -> Text,
        position -> Integer,
        kind -> Text,
        title -> Text,
        member_id -> Nullable<Text>,
        cluster_id -> Nullable<Text>,
        registration_id -> Nullable<Text>,
        duration_minutes -> Integer,
        gap_before_minutes -> Integer,
        meeting_session_id -> Nullable<Text>,
        translations -> Text,
        original_language -> Nullable<Text>,
    }
}

diesel::table! {
    surveys (event_id) {
        event_id -> Text,
        questions -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    survey_responses (id) {
        id -> Text,
        event_id -> Text,
        answers -> Text,
    }
}

diesel::table! {
    survey_respondents (event_id, contact_id) {
        event_id -> Text,
        contact_id -> Text,
    }
}

diesel::table! {
    partnership_requests (id) {
        id -> Text,
        from_member_id -> Text,
        to_member_id -> Text,
        from_cluster_id -> Text,
        to_cluster_id -> Text,
        event_id -> Nullable<Text>,
        event_key -> Text,
        subject -> Text,
        message -> Text,
        kind -> Text,
        areas -> Text,
        status -> Text,
        created_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    partnership_request_history (id) {
        id -> Text,
        request_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_user_id -> Nullable<Text>,
        comment -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        request_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        location -> Text,
        online_url -> Nullable<Text>,
        notes -> Text,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meeting_participants (meeting_id, contact_id) {
        meeting_id -> Text,
        contact_id -> Text,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        cluster_id -> Text,
        name -> Text,
        scopes -> Text,
        secret_hash -> Text,
        prefix -> Text,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    feed_state (id) {
        id -> Integer,
        last_seq -> BigInt,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        entity_type -> Text,
        entity_id -> Text,
        cluster_id -> Nullable<Text>,
        deleted -> Bool,
        at -> Timestamp,
        parent_id -> Nullable<Text>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        cluster_id -> Text,
        url -> Text,
        event_types -> Text,
        secret -> Text,
        active -> Bool,
        created_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_user_id -> Nullable<Text>,
        actor_api_key_id -> Nullable<Text>,
        operation -> Text,
        path -> Text,
        fields -> Text,
        clusters -> Text,
        objects -> Text,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        fingerprint -> Text,
        status -> Nullable<Integer>,
        headers -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (key) {
        key -> Text,
        window_start -> Timestamp,
        failures -> Integer,
    }
}

diesel::table! {
    trade_notes (id) {
        id -> Text,
        title -> Text,
        narrative -> Text,
        source_publisher -> Text,
        source_url -> Nullable<Text>,
        source_date -> Nullable<Date>,
        language -> Text,
        status -> Text,
        author_user_id -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    trade_note_clusters (note_id, cluster_id) {
        note_id -> Text,
        cluster_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    trade_note_events (note_id, event_id) {
        note_id -> Text,
        event_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    trade_figures (id) {
        id -> Text,
        note_id -> Text,
        position -> Integer,
        reporter_area -> Text,
        reporter_area_name -> Nullable<Text>,
        partner_area -> Text,
        partner_area_name -> Nullable<Text>,
        product -> Text,
        product_key -> Text,
        hs_code -> Nullable<Text>,
        flow -> Text,
        period_start -> Text,
        period_end -> Text,
        comparison_period_start -> Nullable<Text>,
        comparison_period_end -> Nullable<Text>,
        value -> Text,
        comparison_value -> Nullable<Text>,
        currency -> Text,
        scale -> Text,
        comparison_scale -> Text,
        stated_change_pct -> Nullable<Text>,
        total_value -> Nullable<Text>,
    }
}

diesel::table! {
    event_matchmaking (event_id) {
        event_id -> Text,
        auto_accept -> Bool,
        tables -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meeting_sessions (id) {
        id -> Text,
        event_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        slot_minutes -> Integer,
        breaks -> Text,
        max_meetings_per_participant -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_requests (id) {
        id -> Text,
        event_id -> Text,
        requester_registration_id -> Text,
        recipient_registration_id -> Text,
        pair_key -> Text,
        mutual -> Bool,
        status -> Text,
        message -> Text,
        locked_starts_at -> Nullable<Timestamp>,
        locked_table -> Nullable<Integer>,
        created_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        video_url -> Nullable<Text>,
    }
}

diesel::table! {
    blocked_slots (registration_id, starts_at) {
        registration_id -> Text,
        starts_at -> Timestamp,
    }
}

diesel::table! {
    schedule_runs (id) {
        id -> Text,
        event_id -> Text,
        status -> Text,
        slot_count -> Integer,
        tables -> Integer,
        result -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        kind -> Text,
        to_address -> Text,
        to_user_id -> Nullable<Text>,
        language -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment -> Nullable<Text>,
        unsubscribe_url -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mail_opt_outs (user_id, kind) {
        user_id -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_request_attendees (request_id, contact_id) {
        request_id -> Text,
        registration_id -> Text,
        contact_id -> Text,
    }
}

diesel::table! {
    event_reminders (registration_id) {
        registration_id -> Text,
        queued_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        new_email -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_outcomes (meeting_request_id, registration_id) {
        meeting_request_id -> Text,
        registration_id -> Text,
        event_id -> Text,
        outcome -> Text,
        rating -> Nullable<Integer>,
        note -> Text,
        recorded_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_co_organisers (event_id, user_id) {
        event_id -> Text,
        user_id -> Text,
        granted_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(members -> clusters (cluster_id));
diesel::joinable!(trade_figures -> trade_notes (note_id));
diesel::joinable!(trade_note_clusters -> trade_notes (note_id));
diesel::joinable!(trade_note_events -> trade_notes (note_id));
diesel::table! {
    invitations (id) {
        id -> Text,
        email -> Text,
        role -> Text,
        cluster_id -> Nullable<Text>,
        member_id -> Nullable<Text>,
        scope_key -> Text,
        language -> Text,
        token_hash -> Text,
        invited_by -> Nullable<Text>,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_user_id -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    event_invitations (id) {
        id -> Text,
        event_id -> Text,
        member_id -> Text,
        contact_id -> Nullable<Text>,
        invited_by -> Nullable<Text>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(partnership_request_history -> partnership_requests (request_id));
diesel::joinable!(meetings -> partnership_requests (request_id));
diesel::joinable!(meeting_participants -> meetings (meeting_id));
diesel::joinable!(meeting_participants -> contacts (contact_id));
diesel::joinable!(events -> clusters (host_cluster_id));
diesel::joinable!(event_guests -> events (event_id));
diesel::joinable!(registrations -> events (event_id));
diesel::joinable!(registration_attendees -> registrations (registration_id));
diesel::joinable!(registration_attendees -> contacts (contact_id));
diesel::joinable!(check_ins -> registrations (registration_id));
diesel::joinable!(check_ins -> contacts (contact_id));
diesel::joinable!(meeting_request_attendees -> contacts (contact_id));
diesel::joinable!(meeting_request_attendees -> meeting_requests (request_id));
diesel::joinable!(meeting_request_attendees -> registrations (registration_id));
diesel::joinable!(agenda_items -> events (event_id));
diesel::joinable!(surveys -> events (event_id));
diesel::joinable!(survey_responses -> events (event_id));
diesel::joinable!(survey_respondents -> events (event_id));
diesel::joinable!(contacts -> members (member_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(mail_opt_outs -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(calendar_feeds -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    users,
    clusters,
    members,
    contacts,
    role_grants,
    refresh_tokens,
    account_tokens,
    calendar_feeds,
    events,
    event_guests,
    registrations,
    registration_attendees,
    check_in_codes,
    check_ins,
    agenda_items,
    surveys,
    survey_responses,
    survey_respondents,
    partnership_requests,
    partnership_request_history,
    meetings,
    meeting_participants,
    api_keys,
    feed_state,
    changes,
    webhooks,
    webhook_deliveries,
    login_failures,
    idempotency_keys,
    audit_log,
    trade_notes,
    trade_note_clusters,
    trade_note_events,
    trade_figures,
    event_matchmaking,
    meeting_sessions,
    meeting_request_attendees,
    meeting_requests,
    meeting_outcomes,
    event_co_organisers,
    blocked_slots,
    schedule_runs,
    mail_outbox,
    mail_opt_outs,
    event_reminders,
    invitations,
    event_invitations,
);

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    partnership_requests::from_cluster_id,
    partnership_requests::to_cluster_id,
    meetings::status,
);
