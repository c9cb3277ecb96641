package io.shareledger.command.web;

import io.shareledger.command.web.TextPolicy.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TextPolicyTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Ada Lovelace",
            "\u05E9\u05E8\u05D4 \u05DB\u05D4\u05DF",                 // Hebrew, right to left
            "\u0645\u062D\u0645\u062F \u0639\u0644\u064A",           // Arabic
            "\u0627\u0644\u0639\u0631\u0628\u064A\u0629 (Arabic) \u200F", // mixed, with a right-to-left mark
            "Zo\u0065\u0301 and \u1E9B\u0323",                         // combining marks
            "\uD83D\uDC69\u200D\uD83D\uDCBB \uD83C\uDDEB\uD83C\uDDF7", // emoji with a joiner, a flag
            "\uD834\uDD1E clef",                                      // astral plane letter
            "\uFEFFzero width no-break space",
            "\u00A0non-breaking \u00E9\u00E8",
            "\uFFFD replacement character",
            ""})
    void allowsPrintableTextOfEveryScript(String text) {
        assertThat(TextPolicy.check(text, false)).isEmpty();
        assertThat(TextPolicy.check(text, true)).isEmpty();
    }

    @Test
    void refusesEveryC0ControlDelAndC1Control() {
        IntStream.concat(IntStream.rangeClosed(0x00, 0x1F), IntStream.rangeClosed(0x7F, 0x9F))
                .filter(c -> c != '\n' && c != '\t' && c != '\r')
                .forEach(c -> {
                    String text = "a" + (char) c + "b";
                    assertThat(TextPolicy.check(text, false)).as("U+%04X", c).contains(Violation.CONTROL_CHARACTER);
                    assertThat(TextPolicy.check(text, true)).as("U+%04X multiline", c).contains(Violation.CONTROL_CHARACTER);
                });
    }

    @Test
    void lineBreaksAndTabsOnlyInMultilineText() {
        for (String text : new String[]{"a\nb", "a\r\nb", "a\tb", "a\n\n", "\r\n"}) {
            assertThat(TextPolicy.check(text, true)).as(text).isEmpty();
            assertThat(TextPolicy.check(text, false)).as(text).contains(Violation.LINE_BREAK);
        }
        // a carriage return alone is no line break on any platform that matters here
        assertThat(TextPolicy.check("a\rb", true)).contains(Violation.CONTROL_CHARACTER);
        assertThat(TextPolicy.check("a\r", true)).contains(Violation.CONTROL_CHARACTER);
        // they break lines only where a renderer knows them: LF is the one line break of this API
        assertThat(TextPolicy.check("a\u2028b", true)).contains(Violation.SEPARATOR);
        assertThat(TextPolicy.check("a\u2029b", false)).contains(Violation.SEPARATOR);
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThat(TextPolicy.check("a\uD800", false)).contains(Violation.UNPAIRED_SURROGATE);
        assertThat(TextPolicy.check("\uDC00a", false)).contains(Violation.UNPAIRED_SURROGATE);
        assertThat(TextPolicy.check("\uDE00\uD83D", true)).contains(Violation.UNPAIRED_SURROGATE);
        assertThat(TextPolicy.check("\uD83D\uD83D\uDE00", true)).contains(Violation.UNPAIRED_SURROGATE);
    }

    @Test
    void refusesNoncharacters() {
        IntStream.rangeClosed(0xFDD0, 0xFDEF).forEach(c ->
                assertThat(TextPolicy.check("a" + (char) c, false)).as("U+%04X", c).contains(Violation.NONCHARACTER));
        IntStream.rangeClosed(0, 16).forEach(plane -> {
            for (int low : new int[]{0xFFFE, 0xFFFF}) {
                int codePoint = plane << 16 | low;
                assertThat(TextPolicy.check("a" + Character.toString(codePoint), false))
                        .as("U+%X", codePoint).contains(Violation.NONCHARACTER);
            }
        });
        assertThat(TextPolicy.check(Character.toString(0x1FFFD), false)).isEmpty();
    }

    @Test
    void refusesBidirectionalEmbeddingsOverridesAndIsolates() {
        IntStream.concat(IntStream.rangeClosed(0x202A, 0x202E), IntStream.rangeClosed(0x2066, 0x2069)).forEach(c -> {
            assertThat(TextPolicy.check("evil" + (char) c + "txt.exe", false)).as("U+%04X", c)
                    .contains(Violation.BIDI_CONTROL);
            assertThat(TextPolicy.check("note" + (char) c, true)).as("U+%04X multiline", c)
                    .contains(Violation.BIDI_CONTROL);
        });
    }

    @Test
    void messagesNameTheKindAndNeverTheValue() {
        for (Violation violation : Violation.values()) {
            assertThat(violation.message()).startsWith("must not contain").doesNotContain("{").doesNotContain("$");
        }
    }
}
