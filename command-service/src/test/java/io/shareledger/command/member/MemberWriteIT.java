package io.shareledger.command.member;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.Concurrently;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The member routes of the write API, success paths and the rules they enforce. */
class MemberWriteIT extends IntegrationTest {

    @Test
    void registrationAnswersCreatedWithLocationAndVersionZero() {
        String subject = "subject-" + UUID.randomUUID();
        String handle = uniqueHandle();

        Api.Response response = api().post("/api/v1/members").token(issuer().memberToken(subject))
                .json("{\"handle\":\"" + handle + "\",\"displayName\":\"Ann\",\"email\":\"ann@example.org\"}").send();

        assertThat(response.status()).isEqualTo(201);
        assertThat(UUID.fromString(response.id())).isNotNull();
        assertThat(response.id()).isNotEqualTo(subject);
        assertThat(response.header("Location")).isEqualTo("/api/v1/members/" + response.id());
        assertThat(response.version()).isZero();
        assertThat(StoredEvents.typesOf(response.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void profileConsentAndWithdrawalAdvanceTheVersion() {
        Api.Member member = api().register(issuer());

        Api.Response profile = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"0\"")
                .json("{\"displayName\":\"New Name\",\"email\":\"new@example.org\"}").send();
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().path("id").asText()).isEqualTo(member.id());
        assertThat(profile.version()).isEqualTo(1);

        String expiry = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        Api.Response consent = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .json("{\"purpose\":\"RECEIVE_SHARES\",\"expiresAt\":\"" + expiry + "\"}").send();
        assertThat(consent.status()).isEqualTo(201);
        assertThat(consent.header("Location")).isEqualTo("/api/v1/members/" + member.id() + "/consents/" + consent.id());
        assertThat(consent.version()).isEqualTo(2);

        Api.Response withdrawal = api().delete("/api/v1/members/" + member.id() + "/consents/" + consent.id())
                .token(member.token()).header("If-Match", "\"2\"").send();
        assertThat(withdrawal.status()).isEqualTo(200);
        assertThat(withdrawal.id()).isEqualTo(consent.id());
        assertThat(withdrawal.version()).isEqualTo(3);

        assertThat(StoredEvents.typesOf(member.id())).containsExactly(
                "MemberRegisteredEvent", "ProfileChangedEvent", "ConsentGrantedEvent", "ConsentWithdrawnEvent");
    }

    @Test
    void aStaleIfMatchIsAConflictAndAppendsNothing() {
        Api.Member member = api().register(issuer());
        api().grant(member, "SHARE_ITEMS");

        Api.Response stale = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"0\"")
                .json("{\"displayName\":\"Late\",\"email\":\"late@example.org\"}").send();

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("type").asText()).isEqualTo("urn:shareledger:problem:version-conflict");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    @Test
    void aForgottenMemberRefusesEveryCommandAndFreesItsHandle() {
        Api.Member member = api().register(issuer());

        Api.Response erasure = api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token()).send();
        assertThat(erasure.status()).isEqualTo(200);
        assertThat(erasure.version()).isEqualTo(1);

        // the account link is gone with the member, so the old token no longer names a member
        Api.Response afterwards = api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .json("{\"purpose\":\"SHARE_ITEMS\"}").send();
        assertThat(afterwards.status()).isEqualTo(403);
        Api.Response officerRetry = api().post("/api/v1/members/" + member.id() + "/erasure")
                .token(issuer().token("officer-" + UUID.randomUUID(), "privacy-officer")).send();
        assertThat(officerRetry.status()).isEqualTo(422);
        assertThat(officerRetry.json().path("code").asText()).isEqualTo("member-forgotten");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "MemberForgottenEvent");

        Api.Response reuse = api().post("/api/v1/members").token(issuer().memberToken("subject-" + UUID.randomUUID()))
                .json("{\"handle\":\"" + member.handle() + "\",\"displayName\":\"Next\",\"email\":\"next@example.org\"}").send();
        assertThat(reuse.status()).as("handle is free again").isEqualTo(201);
    }

    @Test
    void concurrentRegistrationsOfOneHandleLetExactlyOneWin() throws Exception {
        String handle = uniqueHandle();
        int requests = 16;
        List<Api.Response> responses = Concurrently.run(requests, i -> {
            String token = issuer().memberToken("subject-" + UUID.randomUUID());
            return api().post("/api/v1/members").token(token)
                    .json("{\"handle\":\"" + handle + "\",\"displayName\":\"Racer\",\"email\":\"r@example.org\"}")
                    .send();
        });

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(requests - 1)
                .allSatisfy(r -> assertThat(r.json().path("code").asText()).isEqualTo("handle-taken"));
        String winner = responses.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().id();
        assertThat(StoredEvents.typesOf(winner)).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void concurrentRegistrationsOfOneAccountLetExactlyOneWin() throws Exception {
        String token = issuer().memberToken("subject-" + UUID.randomUUID());
        int requests = 8;
        List<Api.Response> responses = Concurrently.run(requests, i -> {
            String handle = uniqueHandle();
            return api().post("/api/v1/members").token(token)
                    .json("{\"handle\":\"" + handle + "\",\"displayName\":\"Twin\",\"email\":\"t@example.org\"}")
                    .send();
        });

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(requests - 1)
                .allSatisfy(r -> assertThat(r.json().path("code").asText()).isEqualTo("already-registered"));
    }

    private static String uniqueHandle() {
        return "h_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
