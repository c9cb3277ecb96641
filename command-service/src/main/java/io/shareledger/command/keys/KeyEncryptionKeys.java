package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.Aes256Gcm;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The key-encryption keys (KEKs) from configuration, which wrap every data key stored in the
 * vault (AES-256-GCM, associated data = the subject id, so a wrapped key cannot be moved to
 * another subject). New keys are wrapped with the current KEK; older KEKs stay configured until
 * a rotation has re-wrapped every key under the current one. Key material is never logged or put
 * into an exception message.
 */
public final class KeyEncryptionKeys {

    private static final String HOW_TO = "; set shareledger.crypto.current-kek and shareledger.crypto.keks.<id> "
            + "(32 random bytes in Base64), or shareledger.crypto.kek-file (see docs/operations.md)";

    private final Map<String, SecretKey> keks;
    private final String currentId;

    KeyEncryptionKeys(Map<String, SecretKey> keks, String currentId) {
        this.keks = Map.copyOf(keks);
        this.currentId = currentId;
    }

    /** Reads and checks the configured KEKs; fails with a message naming what is missing, never a key. */
    public static KeyEncryptionKeys from(CryptoProperties properties) {
        Map<String, String> encoded = new TreeMap<>(properties.keks());
        if (properties.kekFile() != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(properties.kekFile(), StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the key-encryption key file " + properties.kekFile(), e);
            }
            file.stringPropertyNames().forEach(id -> encoded.put(id, file.getProperty(id)));
        }
        if (encoded.isEmpty()) {
            throw new IllegalStateException("No key-encryption key is configured" + HOW_TO);
        }
        String current = properties.currentKek();
        if (current == null || current.isBlank()) {
            throw new IllegalStateException("No current key-encryption key is named" + HOW_TO);
        }
        if (!encoded.containsKey(current)) {
            throw new IllegalStateException("The current key-encryption key '" + current + "' is not configured" + HOW_TO);
        }
        Map<String, SecretKey> keks = new TreeMap<>();
        encoded.forEach((id, value) -> keks.put(id, decode(id, value)));
        return new KeyEncryptionKeys(keks, current);
    }

    private static SecretKey decode(String id, String value) {
        try {
            return Aes256Gcm.key(Base64.getDecoder().decode(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Key-encryption key '" + id + "' is not 32 bytes in Base64" + HOW_TO);
        }
    }

    public String currentId() {
        return currentId;
    }

    /** The data key wrapped under the current KEK. */
    public byte[] wrap(MemberId subject, SecretKey dataKey) {
        return Aes256Gcm.seal(keks.get(currentId), dataKey.getEncoded(), associatedData(subject));
    }

    /**
     * Unwraps a stored data key. A missing KEK or a wrapped key that does not authenticate is an
     * operational fault (wrong configuration, damaged vault), never an erasure: it is thrown.
     */
    public SecretKey unwrap(String kekId, MemberId subject, byte[] wrapped) {
        SecretKey kek = keks.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("A data key is wrapped under key-encryption key '" + kekId
                    + "', which is not configured" + HOW_TO);
        }
        return Aes256Gcm.open(kek, wrapped, associatedData(subject))
                .map(Aes256Gcm::key)
                .orElseThrow(() -> new IllegalStateException("A data key does not unwrap under key-encryption key '"
                        + kekId + "': wrong key material configured under that id?"));
    }

    private static byte[] associatedData(MemberId subject) {
        return subject.toString().getBytes(StandardCharsets.UTF_8);
    }
}
