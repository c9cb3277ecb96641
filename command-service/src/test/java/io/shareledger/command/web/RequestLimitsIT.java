package io.shareledger.command.web;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Oversized bodies and out-of-range times are refused with a problem, never a 5xx. */
class RequestLimitsIT extends IntegrationTest {

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        Api.Member member = api().register(issuer());
        String huge = "x".repeat(64 * 1024);

        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .json("{\"displayName\":\"" + huge + "\",\"email\":\"a@example.org\"}").send();

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asText()).isEqualTo("urn:shareledger:problem:payload-too-large");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void expiryTimesMustLieInTheFutureAndWithinAHundredYears() {
        Api.Member member = api().register(issuer());

        for (String expiry : new String[]{"2001-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z",
                "2999-01-01T00:00:00Z"}) {
            Api.Response response = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                    .json("{\"purpose\":\"SHARE_ITEMS\",\"expiresAt\":\"" + expiry + "\"}").send();

            assertThat(response.status()).as(expiry).isEqualTo(400);
            assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("expiresAt");
        }
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }
}
