-- The key vault: one data key per data subject (member), encrypting that member's personal fields
-- in events, snapshots, sagas and on Kafka. The key is stored only wrapped (AES-256-GCM) by a
-- key-encryption key from configuration, named by kek_id. Erasure destroys the key and leaves a
-- tombstone (wrapped_key null, destroyed_at set), so that no later event can create a new key for
-- a forgotten member. See docs/adr/0010-field-encryption.md.
create table data_key (
    subject_id   uuid                     not null,
    wrapped_key  bytea,
    kek_id       text,
    created_at   timestamp with time zone not null default now(),
    destroyed_at timestamp with time zone,
    constraint data_key_pk primary key (subject_id),
    constraint data_key_live_or_destroyed check (
        (wrapped_key is not null and kek_id is not null and destroyed_at is null)
        or (wrapped_key is null and kek_id is null and destroyed_at is not null))
);

-- KEK rotation looks for live keys not yet under the current KEK.
create index data_key_kek_idx on data_key (kek_id) where wrapped_key is not null;
