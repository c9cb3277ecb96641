package io.shareledger.query.web;

import io.shareledger.query.position.WaitFor;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

    @Test
    void aCursorRoundTripsAndAForgedOneIsRefused() {
        Cursor cursor = new Cursor(Instant.parse("2026-01-02T03:04:05.123456Z"), UUID.randomUUID().toString());
        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(Cursor.decode(null)).isNull();
        assertThatThrownBy(() -> Cursor.decode("bm9wZQ")).isInstanceOf(QueryRejection.InvalidParameter.class);
        // well-formed, but at a time no row can have: once a 500 from the date conversion
        for (String forged : new String[]{"31556889864403199:0:1", "99999999999999:0:" + UUID.randomUUID(),
                "-99999999999999:0:1"}) {
            String encoded = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> Cursor.decode(encoded)).as(forged).isInstanceOf(QueryRejection.InvalidParameter.class);
        }
        assertThatThrownBy(() -> new Cursor(Instant.EPOCH, "abc").longId()).isInstanceOf(QueryRejection.InvalidParameter.class);
    }

    @Test
    void limitsDefaultTo20AndAreCappedAt100() {
        assertThat(Cursor.limit(null)).isEqualTo(20);
        assertThat(Cursor.limit(500)).isEqualTo(100);
        assertThatThrownBy(() -> Cursor.limit(0)).isInstanceOf(QueryRejection.class);
    }

    @Test
    void waitForNamesAnAggregateAndAVersion() {
        UUID id = UUID.randomUUID();
        assertThat(WaitFor.parse(id + ":3")).isEqualTo(new WaitFor(id.toString(), 3));
        assertThat(WaitFor.parse(null)).isNull();
        assertThatThrownBy(() -> WaitFor.parse(id + ":-1")).isInstanceOf(WaitFor.InvalidWaitFor.class);
        assertThatThrownBy(() -> WaitFor.parse("x:1")).isInstanceOf(WaitFor.InvalidWaitFor.class);
    }

    @Test
    void ifNoneMatchAnswers304OnlyForTheCurrentVersionAndView() {
        String etag = Conditional.single("body", 3, null, false).getHeaders().getETag();
        assertThat(etag).matches("\"3-[0-9a-f]{16}\"");
        assertThat(Conditional.single("body", 3, etag, false).getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(Conditional.single("body", 3, "W/" + etag, false).getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(Conditional.single("body", 3, "\"x\", " + etag, false).getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(Conditional.single("body", 3, "*", false).getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(Conditional.single("body", 3, "\"3\"", false).getStatusCode()).as("the version alone").isEqualTo(HttpStatus.OK);
        assertThat(Conditional.single("body", 4, etag, false).getStatusCode()).as("another version").isEqualTo(HttpStatus.OK);
        assertThat(Conditional.single("scrubbed", 3, etag, false).getStatusCode()).as("same version, another view")
                .isEqualTo(HttpStatus.OK);
        assertThat(Conditional.single("body", 4, null, true).getHeaders().getFirst("Projection-Stale")).isEqualTo("true");
    }
}
