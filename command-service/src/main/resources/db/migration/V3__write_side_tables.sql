-- The member directory: what rules across aggregates need, updated in the same transaction as
-- the events (see MemberDirectoryProjection). Rows of a forgotten member are deleted, which
-- frees its handle and unlinks its account.
create table member_account (
    member_id      uuid not null,
    subject_digest text not null,
    handle         text not null,
    constraint member_account_pk primary key (member_id),
    constraint member_account_subject_uk unique (subject_digest),
    constraint member_account_handle_uk unique (handle)
);

create table active_consent (
    consent_id uuid not null,
    member_id  uuid not null,
    purpose    text not null,
    expires_at timestamp with time zone,
    constraint active_consent_pk primary key (consent_id)
);

create index active_consent_member_purpose_idx on active_consent (member_id, purpose);

-- First answers to requests sent with an Idempotency-Key, per caller (digest of the token subject).
create table idempotency_record (
    scope           text                     not null,
    idempotency_key text                     not null,
    request_hash    text                     not null,
    resource_id     text                     not null,
    version         bigint                   not null,
    created_at      timestamp with time zone not null default now(),
    constraint idempotency_record_pk primary key (scope, idempotency_key)
);

create index idempotency_record_created_idx on idempotency_record (created_at);

-- db-scheduler's table: persistent deadlines (consent and share expiry) and recurring tasks.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    constraint scheduled_tasks_pk primary key (task_name, task_instance)
);

create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
