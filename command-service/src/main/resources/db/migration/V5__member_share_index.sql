-- The shares each member takes part in, as owner or recipient: the export finds every event that
-- concerns a member through it. Written in the command's transaction (member-directory group).
create table member_share (
    member_id uuid not null,
    share_id  uuid not null,
    constraint member_share_pk primary key (member_id, share_id)
);

-- shares offered before this table existed (ids are never encrypted)
insert into member_share (member_id, share_id)
select distinct party::uuid, aggregate_identifier::uuid
from domain_event_entry,
     lateral (values (convert_from(payload, 'UTF8')::jsonb ->> 'ownerId'),
                     (convert_from(payload, 'UTF8')::jsonb ->> 'recipientId')) as parties(party)
where payload_type = 'io.shareledger.api.share.ShareOfferedEvent'
on conflict do nothing;
