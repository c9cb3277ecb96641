package io.shareledger.api.privacy;

/**
 * What a personal field reads as once its data subject's key has been destroyed, or when its
 * ciphertext does not authenticate (moved to another field, subject or message type, or
 * tampered with). Every marked field is a {@code String} (checked by the encrypting serializer),
 * so one value serves every field; records and aggregates must accept it wherever a marked value
 * can appear.
 */
public final class ErasedValues {

    /** The replacement of every {@link PersonalData} string field. */
    public static final String STRING = "[erased]";

    private ErasedValues() {
    }
}
