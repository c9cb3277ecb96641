-- Versioned read models (ADR 0010): each read model lives in a schema of its own per version,
-- rm_<name>_v<n>, with its own read_model_position table. Readers keep their unqualified names
-- through views in public that point at the live version; a rebuild fills rm_<name>_v<n+1> and
-- re-points the views in one transaction. This migration makes the existing tables version 1
-- without copying them (ALTER TABLE ... SET SCHEMA keeps rows, indexes and constraints).
-- The DDL of later versions is db/read-models/<name>.sql.

create schema rm_member_profiles_v1;
create schema rm_member_consents_v1;
create schema rm_shares_v1;
create schema rm_member_history_v1;

alter table member_profile set schema rm_member_profiles_v1;
alter table member_consent set schema rm_member_consents_v1;
alter table share_view set schema rm_shares_v1;
alter table share_forgotten_owner set schema rm_shares_v1;
alter table member_history set schema rm_member_history_v1;

-- the shared positions table is split into one per read model
create table rm_member_profiles_v1.read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);
create table rm_member_consents_v1.read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);
create table rm_shares_v1.read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);
create table rm_member_history_v1.read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);

insert into rm_member_profiles_v1.read_model_position (aggregate_id, last_sequence)
    select aggregate_id, last_sequence from public.read_model_position where read_model = 'member-profiles';
insert into rm_member_consents_v1.read_model_position (aggregate_id, last_sequence)
    select aggregate_id, last_sequence from public.read_model_position where read_model = 'member-consents';
insert into rm_shares_v1.read_model_position (aggregate_id, last_sequence)
    select aggregate_id, last_sequence from public.read_model_position where read_model = 'shares';
insert into rm_member_history_v1.read_model_position (aggregate_id, last_sequence)
    select aggregate_id, last_sequence from public.read_model_position where read_model = 'member-history';

drop table public.read_model_position;

-- what readers query: one view per table, and one per read model for its positions
create view public.member_profile as select * from rm_member_profiles_v1.member_profile;
create view public.member_profiles_position as select * from rm_member_profiles_v1.read_model_position;
create view public.member_consent as select * from rm_member_consents_v1.member_consent;
create view public.member_consents_position as select * from rm_member_consents_v1.read_model_position;
create view public.share_view as select * from rm_shares_v1.share_view;
create view public.share_forgotten_owner as select * from rm_shares_v1.share_forgotten_owner;
create view public.shares_position as select * from rm_shares_v1.read_model_position;
create view public.member_history as select * from rm_member_history_v1.member_history;
create view public.member_history_position as select * from rm_member_history_v1.read_model_position;

-- The registry: which version of each read model is live, and its rebuild if one was started.
-- Live writers take their row FOR KEY SHARE in every transaction and a switch takes it FOR UPDATE,
-- so a switch waits for the live batches in flight and the next ones write to the new version.
create table read_model (
    name             varchar(64)  not null,
    live_version     integer      not null,
    rebuild_state    varchar(16),
    target_version   integer,
    started_at       timestamptz,
    finished_at      timestamptz,
    total            bigint,
    processed        bigint,
    events_per_second double precision,
    eta_seconds      bigint,
    failure          varchar(255),
    rebuild_owner    varchar(128),
    heartbeat_at     timestamptz,
    constraint read_model_pk primary key (name),
    constraint read_model_rebuild_state_ck
        check (rebuild_state in ('RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED'))
);

insert into read_model (name, live_version) values
    ('member-profiles', 1), ('member-consents', 1), ('shares', 1), ('member-history', 1);

-- A running rebuild's next offset per partition, written in the transaction of each batch it applies.
create table read_model_rebuild_offset (
    name        varchar(64)  not null,
    topic       varchar(255) not null,
    partition   integer      not null,
    next_offset bigint       not null,
    constraint read_model_rebuild_offset_pk primary key (name, topic, partition)
);
