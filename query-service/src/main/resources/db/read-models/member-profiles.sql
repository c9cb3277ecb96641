-- The tables of the member-profiles read model, created in the schema first on the search_path
-- (rm_member_profiles_v<n>). The only DDL of this read model since V3: a rebuild creates its new
-- version from it, and ReadModelDdlIT checks that it creates what the migrations made of v1.

create table read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
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
