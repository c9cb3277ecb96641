-- The event store is append-only, enforced by the database whatever the application does:
-- once stored, an event row can be neither updated nor deleted, and the table cannot be truncated.
-- Only the table's owner or a superuser can get around this, by disabling the triggers on purpose:
-- in production run the migrations as an owner role and the service as a role that may only
-- select and insert (see docs/adr/0002).

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
