package io.shareledger.query.readmodel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTextTest {

    @Test
    void nulAndUnpairedSurrogatesBecomeTheReplacementCharacter() {
        assertThat(StoredText.of("a\u0000b\u0000")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(StoredText.of("\uD800x\uDFFF")).isEqualTo("\uFFFDx\uFFFD");
        assertThat(StoredText.of("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
        assertThat(StoredText.of("\uD83D\uD83D\uDE00")).isEqualTo("\uFFFD\uD83D\uDE00");
        assertThat(StoredText.of("end\uD83D")).isEqualTo("end\uFFFD");
    }

    @Test
    void everythingElseIsKeptAsItIs() {
        String kept = "\u0001\u001B\t\n\r\u007F\u0085\u202E\u2066 \u05E9\u05E8\u05D4 e\u0301 \uD83D\uDC69\u200D\uD83D\uDCBB \uFFFF";
        assertThat(StoredText.of(kept)).isSameAs(kept);
        assertThat(StoredText.of("")).isEmpty();
        assertThat(StoredText.of(null)).isNull();
    }

    @Test
    void theTreatmentIsIdempotent() {
        String hostile = "\u0000\uD800\uD83D\uDE00\uDC00";
        assertThat(StoredText.of(StoredText.of(hostile))).isEqualTo(StoredText.of(hostile));
    }
}
