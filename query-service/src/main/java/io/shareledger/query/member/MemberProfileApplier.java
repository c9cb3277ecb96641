package io.shareledger.query.member;

import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.privacy.ErasedValues;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.query.readmodel.AggregatePositions;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.readmodel.Rows;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The member profile read model. Its version is the member aggregate's version, so every member
 * event (consents included) moves it. Only a digest of the token subject is kept. Share events
 * change no profile, but their positions are recorded so that this read model can answer a
 * read-your-writes wait for a share.
 */
@Component
public class MemberProfileApplier implements BatchApplier {

    private final JdbcTemplate jdbc;

    public MemberProfileApplier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ReadModel readModel() {
        return ReadModel.MEMBER_PROFILES;
    }

    /** A member_profile row being folded. */
    private static final class Profile {
        final UUID memberId;
        String subjectDigest;
        String handle;
        String displayName;
        String email;
        String status;
        final Instant registeredAt;
        Instant updatedAt;
        long version;

        Profile(UUID memberId, String subjectDigest, String handle, String displayName, String email, String status,
                Instant registeredAt, Instant updatedAt, long version) {
            this.memberId = memberId;
            this.subjectDigest = subjectDigest;
            this.handle = handle;
            this.displayName = displayName;
            this.email = email;
            this.status = status;
            this.registeredAt = registeredAt;
            this.updatedAt = updatedAt;
            this.version = version;
        }

        void touch(Instant at, long sequence) {
            updatedAt = at;
            version = sequence;
        }
    }

    @Override
    public void apply(List<? extends EventMessage<?>> batch) {
        AggregatePositions.Fresh fresh = AggregatePositions.select(jdbc, BatchApplier.domainEvents(batch));
        Map<UUID, Profile> profiles = load(fresh.events());
        // the unique index allows one holder per digest at any time
        Map<String, UUID> holders = new HashMap<>();
        profiles.values().stream().filter(p -> p.subjectDigest != null).forEach(p -> holders.put(p.subjectDigest, p.memberId));
        Map<UUID, Profile> changed = new LinkedHashMap<>();

        for (DomainEventMessage<?> message : fresh.events()) {
            if (!(message.getPayload() instanceof MemberEvent event)) {
                continue;
            }
            UUID id = event.memberId().value();
            Instant at = message.getTimestamp();
            long sequence = message.getSequenceNumber();
            if (event instanceof MemberRegisteredEvent registered) {
                register(registered, at, sequence, profiles, holders, changed);
                continue;
            }
            Profile profile = profiles.get(id);
            if (profile == null) {
                continue;
            }
            if (event instanceof ProfileChangedEvent change) {
                profile.displayName = change.displayName();
                profile.email = change.email();
            } else if (event instanceof MemberForgottenEvent) {
                if (profile.subjectDigest != null) {
                    holders.remove(profile.subjectDigest, id);
                }
                profile.subjectDigest = null;
                profile.handle = null;
                profile.displayName = null;
                profile.email = null;
                profile.status = "FORGOTTEN";
            }
            profile.touch(at, sequence);
            changed.put(id, profile);
        }
        flush(changed.values());
        fresh.flush(jdbc);
    }

    /**
     * The write side allows one live member per account: an earlier member of this account has been
     * forgotten, though its MemberForgotten may still be on its way in another partition, and
     * registrations of different members may arrive in either order. The newest registration owns
     * the account.
     */
    private static void register(MemberRegisteredEvent event, Instant at, long sequence, Map<UUID, Profile> profiles,
                                 Map<String, UUID> holders, Map<UUID, Profile> changed) {
        String digest = digestOf(event);
        UUID holderId = digest == null ? null : holders.get(digest);
        boolean newerHolds = false;
        if (holderId != null) {
            Profile holder = profiles.get(holderId);
            if (holder.registeredAt.isBefore(at)) {
                holder.subjectDigest = null;
                holders.remove(digest);
                changed.put(holderId, holder);
            } else {
                newerHolds = true;
            }
        }
        UUID id = event.memberId().value();
        Profile profile = new Profile(id, newerHolds ? null : digest, event.handle(), event.displayName(), event.email(),
                "ACTIVE", at, at, sequence);
        if (!newerHolds && digest != null) {
            holders.put(digest, id);
        }
        profiles.put(id, profile);
        changed.put(id, profile);
    }

    /**
     * The digest of the registration's account, or null when the member has been forgotten since: its
     * subject then reads as the erased marker (on a rebuild), which names no account.
     */
    private static String digestOf(MemberRegisteredEvent event) {
        return ErasedValues.STRING.equals(event.subject()) ? null : SubjectDigest.of(event.subject());
    }

    /** The profiles of the batch's members and those holding the digests its registrations claim. */
    private Map<UUID, Profile> load(List<DomainEventMessage<?>> events) {
        String[] ids = events.stream().map(DomainEventMessage::getPayload)
                .filter(MemberEvent.class::isInstance).map(e -> ((MemberEvent) e).memberId().toString())
                .distinct().toArray(String[]::new);
        String[] digests = events.stream().map(DomainEventMessage::getPayload)
                .filter(MemberRegisteredEvent.class::isInstance)
                .map(e -> digestOf((MemberRegisteredEvent) e)).filter(java.util.Objects::nonNull).distinct()
                .toArray(String[]::new);
        Map<UUID, Profile> profiles = new HashMap<>();
        if (ids.length == 0) {
            return profiles;
        }
        jdbc.query("select * from member_profile where member_id = any(?::uuid[]) or subject_digest = any(?)", rs -> {
            UUID id = rs.getObject("member_id", UUID.class);
            profiles.put(id, new Profile(id, rs.getString("subject_digest"), rs.getString("handle"),
                    rs.getString("display_name"), rs.getString("email"), rs.getString("status"),
                    rs.getObject("registered_at", OffsetDateTime.class).toInstant(),
                    rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getLong("version")));
        }, ids, digests);
        return profiles;
    }

    /**
     * Rows that give up their digest go first: the unique index on the digest is checked row by row,
     * so a digest is released before a newer registration takes it.
     */
    private void flush(java.util.Collection<Profile> changed) {
        List<Profile> ordered = changed.stream()
                .sorted(Comparator.comparing((Profile p) -> p.subjectDigest != null)).toList();
        Rows.batch(jdbc, """
                insert into member_profile (member_id, subject_digest, handle, display_name, email, status,
                                            registered_at, updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (member_id) do update set
                    subject_digest = excluded.subject_digest, handle = excluded.handle,
                    display_name = excluded.display_name, email = excluded.email, status = excluded.status,
                    updated_at = excluded.updated_at, version = excluded.version
                """, ordered, (p, row) -> row.uuid(p.memberId).text(p.subjectDigest).text(p.handle)
                .text(p.displayName).text(p.email).text(p.status).time(p.registeredAt).time(p.updatedAt)
                .bigint(p.version));
    }
}
