-- The tables of the member-consents read model, created in the schema first on the search_path
-- (rm_member_consents_v<n>). The only DDL of this read model since V3 (see member-profiles.sql).

create table read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);

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
