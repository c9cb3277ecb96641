package io.shareledger.testsupport;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.Aes256Gcm;
import io.shareledger.api.privacy.DataKeys;

import javax.crypto.SecretKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data keys held in memory: created on first use for encryption, destroyed on request (a
 * tombstone, as in the command service's vault: a destroyed subject never gets a new key).
 */
public final class InMemoryDataKeys implements DataKeys {

    private final Map<MemberId, Optional<SecretKey>> keys = new ConcurrentHashMap<>();

    @Override
    public Optional<SecretKey> forEncryption(MemberId subject) {
        return keys.computeIfAbsent(subject, s -> Optional.of(Aes256Gcm.newKey()));
    }

    @Override
    public Optional<SecretKey> forDecryption(MemberId subject) {
        return keys.getOrDefault(subject, Optional.empty());
    }

    /** The subject's key, if it has one and it is not destroyed (e.g. to serve it over HTTP). */
    public Optional<SecretKey> existing(MemberId subject) {
        return keys.getOrDefault(subject, Optional.empty());
    }

    public boolean isDestroyed(MemberId subject) {
        return keys.containsKey(subject) && keys.get(subject).isEmpty();
    }

    public void destroy(MemberId subject) {
        keys.put(subject, Optional.empty());
    }
}
