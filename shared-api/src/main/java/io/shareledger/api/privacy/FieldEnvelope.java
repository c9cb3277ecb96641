package io.shareledger.api.privacy;

import io.shareledger.api.MemberId;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The stored form of one personal field: {@code "enc:v1:" + base64(nonce || ciphertext || tag)},
 * AES-256-GCM under the data subject's key. The associated data binds the ciphertext to its
 * subject, message type and field, so a ciphertext copied elsewhere does not authenticate.
 */
public final class FieldEnvelope {

    public static final String PREFIX = "enc:v1:";

    /**
     * Written instead of a ciphertext when the subject had already been forgotten when the
     * message was written (its key is gone): reads as the replacement value. Not valid Base64, so
     * never a ciphertext.
     */
    public static final String SHREDDED = PREFIX + "-";

    private FieldEnvelope() {
    }

    public static String seal(SecretKey key, String value, MemberId subject, String type, String field) {
        byte[] sealed = Aes256Gcm.seal(key, value.getBytes(StandardCharsets.UTF_8), associatedData(subject, type, field));
        return PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    /** The plain value, or empty when the envelope is malformed or does not authenticate for this key, subject, type and field. */
    public static Optional<String> open(SecretKey key, String envelope, MemberId subject, String type, String field) {
        if (!isEnvelope(envelope) || SHREDDED.equals(envelope)) {
            return Optional.empty();
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(envelope.substring(PREFIX.length()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return Aes256Gcm.open(key, sealed, associatedData(subject, type, field))
                .map(plain -> new String(plain, StandardCharsets.UTF_8));
    }

    public static boolean isEnvelope(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Subject, type and field, separated by a character none of them can contain. */
    static byte[] associatedData(MemberId subject, String type, String field) {
        return (subject + "\u0000" + type + "\u0000" + field).getBytes(StandardCharsets.UTF_8);
    }
}
