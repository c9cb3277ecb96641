package io.shareledger.command.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.Aes256Gcm;
import io.shareledger.api.privacy.DataKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The data keys of every data subject, in the write database ({@code data_key}), wrapped by the
 * configured key-encryption keys, with unwrapped keys cached per instance.
 *
 * <ul>
 *   <li>A key is created on first use for encryption, inside the transaction appending the
 *       event: {@code insert ... on conflict do nothing} and a read, so concurrent first uses of
 *       one subject end with the one key that was committed first.</li>
 *   <li>{@link #destroy} leaves a tombstone: the subject never gets a key again, and its personal
 *       fields read, and are written, as the replacement value.</li>
 *   <li>Keys are cached only once their transaction has committed (a key created by a transaction
 *       that rolls back never existed). Destruction is announced with {@code NOTIFY}, which
 *       PostgreSQL delivers on commit to every instance's {@link KeyEvictionListener}, which then
 *       caches the subject as destroyed (so that a transaction that read the key earlier and commits
 *       later cannot put it back); the cache's time-to-live is the backstop.</li>
 * </ul>
 */
@Component
public class KeyVault implements DataKeys {

    /** The PostgreSQL notification channel announcing a destroyed key; the payload is the subject id. */
    static final String DESTROYED_CHANNEL = "data_key_destroyed";

    private final JdbcClient jdbc;
    private final KeyEncryptionKeys keks;
    private final Cache<MemberId, Optional<SecretKey>> cache;

    KeyVault(JdbcClient jdbc, KeyEncryptionKeys keks, CryptoProperties properties) {
        this.jdbc = jdbc;
        this.keks = keks;
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.cache().maximumSize())
                .expireAfterWrite(properties.cache().ttl())
                .build();
    }

    /** What the vault holds for a subject: a live key, or a tombstone ({@code key} empty). */
    public record StoredKey(Optional<SecretKey> key) {
    }

    @Override
    public Optional<SecretKey> forEncryption(MemberId subject) {
        Optional<SecretKey> cached = cache.getIfPresent(subject);
        if (cached != null) {
            return cached;
        }
        Optional<StoredKey> stored = stored(subject);
        if (stored.isEmpty()) {
            SecretKey created = Aes256Gcm.newKey();
            jdbc.sql("""
                            insert into data_key (subject_id, wrapped_key, kek_id) values (?, ?, ?)
                            on conflict (subject_id) do nothing""")
                    .param(subject.value()).param(keks.wrap(subject, created)).param(keks.currentId())
                    .update();
            stored = stored(subject);
        }
        return remember(subject, stored.orElseThrow().key());
    }

    @Override
    public Optional<SecretKey> forDecryption(MemberId subject) {
        Optional<SecretKey> cached = cache.getIfPresent(subject);
        if (cached != null) {
            return cached;
        }
        StoredKey stored = stored(subject).orElseThrow(() ->
                new IllegalStateException("The vault holds no data key for a subject whose fields are encrypted"));
        return remember(subject, stored.key());
    }

    /** The subject's entry as committed (or written by the current transaction), without creating one. */
    public Optional<StoredKey> stored(MemberId subject) {
        return Optional.ofNullable(stored(List.of(subject)).get(subject));
    }

    /** The entries of those of the subjects that have one, read in one query; never creates one. */
    public Map<MemberId, StoredKey> stored(Collection<MemberId> subjects) {
        Map<MemberId, StoredKey> found = new HashMap<>();
        if (subjects.isEmpty()) {
            return found;
        }
        jdbc.sql("select subject_id, kek_id, wrapped_key from data_key where subject_id in (:subjects)")
                .param("subjects", subjects.stream().map(MemberId::value).toList())
                .query(rs -> {
                    MemberId subject = new MemberId(rs.getObject("subject_id", UUID.class));
                    byte[] wrapped = rs.getBytes("wrapped_key");
                    found.put(subject, new StoredKey(wrapped == null ? Optional.empty()
                            : Optional.of(keks.unwrap(rs.getString("kek_id"), subject, wrapped))));
                });
        return found;
    }

    /**
     * Destroys the subject's key in the current transaction, leaving a tombstone, and announces it
     * to every instance once the transaction commits.
     */
    public void destroy(MemberId subject) {
        jdbc.sql("""
                        insert into data_key (subject_id, wrapped_key, kek_id, destroyed_at) values (?, null, null, now())
                        on conflict (subject_id) do update
                        set wrapped_key = null, kek_id = null, destroyed_at = coalesce(data_key.destroyed_at, now())""")
                .param(subject.value())
                .update();
        jdbc.sql("select pg_notify(?, ?)").param(DESTROYED_CHANNEL).param(subject.toString()).query().listOfRows();
        cache.invalidate(subject);
        afterCommit(() -> destroyed(subject));
    }

    /**
     * The subject's key was destroyed (committed): remembered as such, so that a transaction that
     * read the key before and commits after cannot put it back into the cache.
     */
    void destroyed(MemberId subject) {
        cache.put(subject, Optional.empty());
    }

    void evictAll() {
        cache.invalidateAll();
    }

    private Optional<SecretKey> remember(MemberId subject, Optional<SecretKey> key) {
        if (key.isEmpty()) {
            destroyed(subject);
        } else {
            afterCommit(() -> cache.asMap().compute(subject, (s, known) -> known != null && known.isEmpty() ? known : key));
        }
        return key;
    }

    /** Runs after the current transaction commits, or now when there is none. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
