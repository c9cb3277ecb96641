package io.shareledger.query.security;

import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessIT extends IntegrationTest {

    @Test
    void tokensAreVerifiedLikeOnTheWriteSide() {
        String path = "/api/v1/members/me";
        for (String bad : new String[]{issuer().expiredToken("s"), issuer().tokenForAudience("s", "other"),
                issuer().tokenFromIssuer("s", "http://evil"), issuer().tokenWithWrongSignature("s"),
                issuer().hmacToken("s"), issuer().unsignedToken("s"), issuer().tokenWithoutExpiry("s"),
                issuer().tokenWithoutSubject()}) {
            Api.Response response = api().get(path).token(bad).send();
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().path("type").asText()).isEqualTo("urn:shareledger:problem:unauthorized");
        }
        assertThat(api().get(path).send().status()).isEqualTo(401);
    }

    @Test
    void aMemberReadsOnlyItsOwnData() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member alice = story.register();
        Scenario.Member bob = story.register();
        assertThat(api().get("/api/v1/members/me?minVersion=0").token(alice.token()).send().status()).isEqualTo(200);
        assertThat(api().get("/api/v1/members/me?minVersion=0").token(bob.token()).send().status()).isEqualTo(200);

        for (String path : new String[]{"", "/consents", "/shares", "/history"}) {
            Api.Response response = api().get("/api/v1/members/" + alice.id() + path).token(bob.token()).send();
            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.json().path("code").asText()).as(path).isEqualTo("not-own-member");
            assertThat(response.body()).as(path).doesNotContain(alice.handle());
        }
        assertThat(api().get("/api/v1/members/" + alice.id()).token(alice.token()).send().status()).isEqualTo(200);
    }

    @Test
    void operatorEndpointsNeedTheOperatorRoleAndHealthIsOpen() {
        String member = issuer().memberToken("someone");
        assertThat(api().get("/admin/dead-letters").token(member).send().status()).isEqualTo(403);
        assertThat(api().get("/actuator/metrics").token(member).send().status()).isEqualTo(403);
        String operator = issuer().token("ops", "operator");
        assertThat(api().get("/admin/dead-letters").token(operator).send().status()).isEqualTo(200);
        assertThat(api().get("/actuator/metrics").token(operator).send().status()).isEqualTo(200);
        assertThat(api().get("/actuator/health").send().status()).isEqualTo(200);
        // operators read no member data
        assertThat(api().get("/api/v1/members/me").token(operator).send().status()).isEqualTo(403);
    }

    @Test
    void theQueryApiIsReadOnlyAndDocumented() {
        String member = issuer().memberToken("writer");
        Api.Response post = api().post("/api/v1/members/me").token(member).json("{}").send();
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().path("type").asText()).isEqualTo("urn:shareledger:problem:method-not-allowed");

        Api.Response docs = api().get("/v3/api-docs").send();
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("paths").has("/api/v1/members/{memberId}/shares")).isTrue();
        assertThat(docs.json().path("paths").has("/api/v1/members/{memberId}/history")).isTrue();
        assertThat(api().get("/swagger-ui/index.html").send().status()).isEqualTo(200);
    }
}
