package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.SecretKey;
import java.util.List;
import java.util.UUID;

/**
 * Re-wraps every live data key that is not yet under the current key-encryption key, in small
 * batches, each in its own transaction. The data keys themselves do not change, so no event is
 * touched and no cache needs evicting. Interrupted, it leaves every key wrapped under either the
 * old or the new KEK (both still configured), and a re-run continues where it stopped.
 */
public final class KekRotation {

    private static final Logger log = LoggerFactory.getLogger(KekRotation.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KeyEncryptionKeys keks;
    private final int batchSize;

    public KekRotation(JdbcClient jdbc, TransactionTemplate transactions, KeyEncryptionKeys keks, int batchSize) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keks = keks;
        this.batchSize = batchSize;
    }

    private record Wrapped(UUID subjectId, String kekId, byte[] wrappedKey) {
    }

    /** Re-wraps every key not yet under the current KEK; answers how many it re-wrapped. */
    public long rotateAll() {
        log.info("Re-wrapping data keys under key-encryption key '{}': {} to go", keks.currentId(), remaining());
        long total = 0;
        for (int done = rotateBatch(); done > 0; done = rotateBatch()) {
            total += done;
            log.info("Re-wrapped {} data keys so far", total);
        }
        log.info("KEK rotation complete: {} data keys re-wrapped, none left under another key-encryption key", total);
        return total;
    }

    /** Re-wraps one batch in one transaction; answers its size (0 when nothing is left). */
    public int rotateBatch() {
        Integer done = transactions.execute(status -> {
            List<Wrapped> batch = jdbc.sql("""
                            select subject_id, kek_id, wrapped_key from data_key
                            where wrapped_key is not null and kek_id <> ?
                            order by subject_id limit ? for update""")
                    .param(keks.currentId()).param(batchSize)
                    .query(Wrapped.class)
                    .list();
            for (Wrapped key : batch) {
                MemberId subject = new MemberId(key.subjectId());
                SecretKey dataKey = keks.unwrap(key.kekId(), subject, key.wrappedKey());
                jdbc.sql("update data_key set wrapped_key = ?, kek_id = ? where subject_id = ?")
                        .param(keks.wrap(subject, dataKey)).param(keks.currentId()).param(key.subjectId())
                        .update();
            }
            return batch.size();
        });
        return done == null ? 0 : done;
    }

    /** Live keys not yet under the current KEK. */
    public long remaining() {
        return jdbc.sql("select count(*) from data_key where wrapped_key is not null and kek_id <> ?")
                .param(keks.currentId()).query(Long.class).single();
    }
}
