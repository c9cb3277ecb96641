-- The tables of the member-history read model, created in the schema first on the search_path
-- (rm_member_history_v<n>). The only DDL of this read model since V3 (see member-profiles.sql).

create table read_model_position (
    aggregate_id  varchar(64) not null,
    last_sequence bigint      not null,
    constraint read_model_position_pk primary key (aggregate_id)
);

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
