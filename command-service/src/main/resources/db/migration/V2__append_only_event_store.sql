-- The event store is append-only, enforced by the database whatever the application does:
-- once stored, an event row can be neither updated nor deleted, and the table cannot be truncated.
-- (Only a superuser who disables the triggers on purpose can get around this.)

create function reject_event_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'domain_event_entry is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger domain_event_entry_no_update
    before update on domain_event_entry
    for each row execute function reject_event_change();

create trigger domain_event_entry_no_delete
    before delete on domain_event_entry
    for each row execute function reject_event_change();

create trigger domain_event_entry_no_truncate
    before truncate on domain_event_entry
    for each statement execute function reject_event_change();
