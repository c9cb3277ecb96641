-- The read models. Each is written by one processing group, in the same transaction as that
-- group's token, and every query of the API is served by an index below.

-- Per read model and aggregate: the sequence number of the last event applied. Makes the
-- handlers idempotent (an event at or below it is skipped) and answers read-your-writes waits.
create table read_model_position (
    read_model    varchar(64)  not null,
    aggregate_id  varchar(64)  not null,
    last_sequence bigint       not null,
    constraint read_model_position_pk primary key (read_model, aggregate_id)
);

create table member_profile (
    member_id      uuid         not null,
    subject_digest char(64),
    handle         varchar(255),
    display_name   varchar(255),
    email          varchar(320),
    status         varchar(16)  not null,
    registered_at  timestamptz  not null,
    updated_at     timestamptz  not null,
    version        bigint       not null,
    constraint member_profile_pk primary key (member_id)
);

create unique index member_profile_subject_idx on member_profile (subject_digest);

create table member_consent (
    consent_id  uuid        not null,
    member_id   uuid        not null,
    purpose     varchar(32) not null,
    granted_at  timestamptz not null,
    expires_at  timestamptz,
    status      varchar(16) not null,
    ended_at    timestamptz,
    constraint member_consent_pk primary key (consent_id)
);

create index member_consent_member_idx on member_consent (member_id, granted_at, consent_id);

create table share_view (
    share_id           uuid         not null,
    owner_id           uuid         not null,
    recipient_id       uuid         not null,
    item_ref           varchar(512) not null,
    item_title         varchar(512),
    note               varchar(2048),
    permission         varchar(16)  not null,
    status             varchar(16)  not null,
    revocation_reason  varchar(32),
    revocation_note    varchar(2048),
    offered_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    expires_at         timestamptz,
    version            bigint       not null,
    constraint share_view_pk primary key (share_id)
);

-- keyset pagination by (offered_at, share_id), with or without a status filter
create index share_view_owner_idx on share_view (owner_id, offered_at, share_id);
create index share_view_owner_status_idx on share_view (owner_id, status, offered_at, share_id);
create index share_view_recipient_idx on share_view (recipient_id, offered_at, share_id);
create index share_view_recipient_status_idx on share_view (recipient_id, status, offered_at, share_id);

create table member_history (
    entry_id        bigint generated always as identity,
    member_id       uuid         not null,
    occurred_at     timestamptz  not null,
    event_type      varchar(64)  not null,
    actor           varchar(64)  not null,
    aggregate_id    varchar(64)  not null,
    sequence_number bigint       not null,
    constraint member_history_pk primary key (entry_id),
    constraint member_history_event_uk unique (member_id, aggregate_id, sequence_number)
);

-- keyset pagination in event time order (ties: the order the events were applied)
create index member_history_member_idx on member_history (member_id, occurred_at, entry_id);

-- Owners the share read model has seen forgotten: their personal fields are never stored again.
create table share_forgotten_owner (
    member_id uuid not null,
    constraint share_forgotten_owner_pk primary key (member_id)
);
