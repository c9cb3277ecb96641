package io.shareledger.command.member;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The write side looks members up by their token subject without keeping the subject itself in a
 * table: only its SHA-256 digest is stored, and the row is deleted when the member is forgotten.
 */
public final class SubjectDigest {

    private SubjectDigest() {
    }

    public static String of(String subject) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
