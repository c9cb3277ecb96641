package io.shareledger.api.privacy;

import io.shareledger.api.MemberId;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where the field-encrypting serializer gets each data subject's own key. Each service plugs in
 * its own source: the command service owns the key vault, the query service asks the command
 * service. An implementation never logs a key.
 *
 * <p>Both methods answer empty once the subject's key has been destroyed (the subject was
 * forgotten): the personal fields of that subject are then written and read as
 * {@link ErasedValues replacement values}. A failure to reach the keys (as opposed to a
 * destroyed key) must be thrown, never answered empty, so that a message is retried rather
 * than read as erased.
 */
public interface DataKeys {

    /** The key to encrypt the subject's fields with; a source that may create keys creates one on first use. */
    Optional<SecretKey> forEncryption(MemberId subject);

    /** The key to decrypt the subject's fields with. */
    Optional<SecretKey> forDecryption(MemberId subject);
}
