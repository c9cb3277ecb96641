package io.shareledger.command.web;

import java.util.Optional;

/**
 * The text policy of the write API (ADR 0014). Allowed: any Unicode text, right-to-left scripts,
 * combining marks, emoji and the directional marks (U+200E, U+200F, U+061C) included. Refused: C0
 * controls (U+0000 to U+001F), DEL and the C1 controls (U+007F to U+009F), unpaired surrogates,
 * noncharacters (U+FDD0 to U+FDEF and every code point ending in FFFE or FFFF), the bidirectional
 * embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) and the line and paragraph
 * separators (U+2028, U+2029). Multiline text may also hold line feeds, a carriage return followed
 * by a line feed, and tabs.
 */
public final class TextPolicy {

    private TextPolicy() {
    }

    /** Why a text is refused; each kind answers its own fixed message. */
    public enum Violation {
        CONTROL_CHARACTER("must not contain control characters"),
        LINE_BREAK("must not contain line breaks or tabs"),
        UNPAIRED_SURROGATE("must not contain unpaired surrogates"),
        NONCHARACTER("must not contain Unicode noncharacters"),
        BIDI_CONTROL("must not contain bidirectional embeddings, overrides or isolates"),
        SEPARATOR("must not contain line or paragraph separators");

        private final String message;

        Violation(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /**
     * The first violation in {@code text}, if any: the check itself, usable without Bean Validation.
     */
    public static Optional<Violation> check(String text, boolean multiline) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, text.charAt(++i));
                    if ((codePoint & 0xFFFE) == 0xFFFE) {
                        return Optional.of(Violation.NONCHARACTER);
                    }
                    continue;
                }
                return Optional.of(Violation.UNPAIRED_SURROGATE);
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of(Violation.UNPAIRED_SURROGATE);
            }
            if (c == '\n' || c == '\t' || (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n')) {
                if (!multiline) {
                    return Optional.of(Violation.LINE_BREAK);
                }
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return Optional.of(Violation.CONTROL_CHARACTER);
            }
            if (c == '\u2028' || c == '\u2029') {
                return Optional.of(Violation.SEPARATOR);
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return Optional.of(Violation.BIDI_CONTROL);
            }
            if ((c >= '\uFDD0' && c <= '\uFDEF') || c == '\uFFFE' || c == '\uFFFF') {
                return Optional.of(Violation.NONCHARACTER);
            }
        }
        return Optional.empty();
    }
}
