-- The tables of the shares read model, created in the schema first on the search_path
-- (rm_shares_v<n>). The only DDL of this read model since V3 (see member-profiles.sql).

create table read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);

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

-- Owners the share read model has seen forgotten: their personal fields are never stored again.
create table share_forgotten_owner (
    member_id uuid not null,
    constraint share_forgotten_owner_pk primary key (member_id)
);
