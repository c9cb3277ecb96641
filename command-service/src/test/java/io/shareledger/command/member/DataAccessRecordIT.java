package io.shareledger.command.member;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail of privacy officers' reads: the query service records each read of a member's
 * history or export by an officer here before it answers. Only officers may record; nothing else
 * is appended by a refused request.
 */
class DataAccessRecordIT extends IntegrationTest {

    private static final String EXPORT = "{\"scope\":\"EXPORT\",\"reason\":\"Subject access request\"}";

    @Test
    void anOfficersReadIsRecordedAsAnEventOfTheMember() {
        Api.Member member = api().register(issuer());
        String officerSubject = "officer-" + UUID.randomUUID();

        Api.Response recorded = api().post("/api/v1/members/" + member.id() + "/data-access")
                .token(issuer().token(officerSubject, "privacy-officer")).json(EXPORT).send();

        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.id()).isEqualTo(member.id());
        assertThat(recorded.version()).isEqualTo(1);
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "MemberDataAccessedEvent");
        assertThat(StoredEvents.of(member.id()).get(1).payload()).contains(officerSubject).contains("EXPORT");
    }

    @Test
    void readsOfAForgottenMembersDataAreRecordedToo() {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");
        assertThat(api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token()).send().status()).isEqualTo(200);

        Api.Response recorded = api().post("/api/v1/members/" + member.id() + "/data-access").token(officer).json(EXPORT).send();

        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(StoredEvents.typesOf(member.id()))
                .containsExactly("MemberRegisteredEvent", "MemberForgottenEvent", "MemberDataAccessedEvent");
    }

    @Test
    void membersCannotRecordAccessesNotEvenToThemselves() {
        Api.Member member = api().register(issuer());

        assertProblem(api().post("/api/v1/members/" + member.id() + "/data-access").token(member.token()).json(EXPORT).send(),
                403, "forbidden");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"scope\":\"EXPORT\"}", "{\"scope\":\"EXPORT\",\"reason\":\"  \"}", "{\"reason\":\"why\"}",
            "{\"scope\":\"EVERYTHING\",\"reason\":\"why\"}", "{\"scope\":\"EXPORT\",\"reason\":\"why\",\"extra\":1}"})
    void anIncompleteRecordIsRefusedAndAppendsNothing(String body) {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response refused = api().post("/api/v1/members/" + member.id() + "/data-access").token(officer).json(body).send();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void anOverlongReasonIsRefused() {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response refused = api().post("/api/v1/members/" + member.id() + "/data-access").token(officer)
                .json("{\"scope\":\"HISTORY\",\"reason\":\"" + "x".repeat(501) + "\"}").send();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void anUnknownMemberIs404() {
        String unknown = UUID.randomUUID().toString();

        assertProblem(api().post("/api/v1/members/" + unknown + "/data-access")
                        .token(issuer().token("officer-" + UUID.randomUUID(), "privacy-officer")).json(EXPORT).send(),
                404, "not-found");
        assertThat(StoredEvents.typesOf(unknown)).isEmpty();
    }
}
