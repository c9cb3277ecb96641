package io.shareledger.command.idempotency;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The first answer given to each (caller, Idempotency-Key), kept for the configured retention. */
@Component
class IdempotencyStore {

    record Entry(String requestHash, String resourceId, long version) {
    }

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Entry> find(String scope, String key) {
        return jdbc.sql("""
                        select request_hash, resource_id, version from idempotency_record
                        where scope = ? and idempotency_key = ?
                        """)
                .param(scope).param(key)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .optional();
    }

    /** @throws KeyInUse when another request with the same key was recorded first */
    void record(String scope, String key, Entry entry) {
        try {
            jdbc.sql("""
                            insert into idempotency_record (scope, idempotency_key, request_hash, resource_id, version)
                            values (?, ?, ?, ?, ?)
                            """)
                    .param(scope).param(key).param(entry.requestHash()).param(entry.resourceId()).param(entry.version())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new KeyInUse();
        }
    }

    int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("delete from idempotency_record where created_at < ?").param(Timestamp.from(cutoff)).update();
    }

    /** A concurrent request with the same key won the race; its answer is the one to give. */
    static final class KeyInUse extends RuntimeException {
        KeyInUse() {
            super("Idempotency key recorded concurrently", null, false, false);
        }
    }
}
