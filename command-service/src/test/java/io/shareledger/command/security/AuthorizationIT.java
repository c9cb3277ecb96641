package io.shareledger.command.security;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object-level authorization: a member acts only on its own member; only the recipient answers a
 * share and only the owner revokes it; a privacy officer may erase anyone but change nothing else.
 * Every refusal leaves the target unchanged.
 */
class AuthorizationIT extends IntegrationTest {

    private static final String PROFILE = "{\"displayName\":\"Changed Name\",\"email\":\"changed@example.org\"}";

    // --- a member acts only on its own member ---

    @Test
    void memberCannotChangeAnotherMembersProfile() {
        Api.Member mallory = api().register(issuer());
        Api.Member victim = api().register(issuer());

        Api.Response refused = api().put("/api/v1/members/" + victim.id() + "/profile").token(mallory.token())
                .json(PROFILE).send();

        assertProblem(refused, 403, "forbidden", "not-own-member");
        assertThat(StoredEvents.typesOf(victim.id())).containsExactly("MemberRegisteredEvent");
        assertVersionUnchanged(victim, 0);
    }

    @Test
    void memberCannotGrantAConsentOnAnotherMember() {
        Api.Member mallory = api().register(issuer());
        Api.Member victim = api().register(issuer());

        Api.Response refused = api().post("/api/v1/members/" + victim.id() + "/consents").token(mallory.token())
                .json("{\"purpose\":\"RECEIVE_SHARES\"}").send();

        assertProblem(refused, 403, "forbidden", "not-own-member");
        assertThat(StoredEvents.typesOf(victim.id())).containsExactly("MemberRegisteredEvent");
        // no RECEIVE_SHARES consent was granted: the victim can grant its own, on version 0
        Api.Response own = api().post("/api/v1/members/" + victim.id() + "/consents").token(victim.token())
                .header("If-Match", "\"0\"").json("{\"purpose\":\"RECEIVE_SHARES\"}").send();
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.version()).isEqualTo(1);
    }

    @Test
    void memberCannotWithdrawAConsentOfAnotherMember() {
        Api.Member mallory = api().register(issuer());
        Api.Member victim = api().register(issuer());
        Api.Response consent = api().grant(victim, "SHARE_ITEMS");
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);

        Api.Response refused = api().delete("/api/v1/members/" + victim.id() + "/consents/" + consent.id())
                .token(mallory.token()).send();

        assertProblem(refused, 403, "forbidden", "not-own-member");
        assertThat(StoredEvents.typesOf(victim.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
        // the consent is still active, and the victim is still at version 1
        Api.Response own = api().delete("/api/v1/members/" + victim.id() + "/consents/" + consent.id())
                .token(victim.token()).header("If-Match", "\"1\"").send();
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.version()).isEqualTo(2);
    }

    @Test
    void memberCannotEraseAnotherMember() {
        Api.Member mallory = api().register(issuer());
        Api.Member victim = api().register(issuer());

        Api.Response refused = api().post("/api/v1/members/" + victim.id() + "/erasure").token(mallory.token()).send();

        assertProblem(refused, 403, "forbidden", "not-own-member");
        assertThat(StoredEvents.typesOf(victim.id())).containsExactly("MemberRegisteredEvent");
        // the victim is not forgotten and unchanged: it can still change its profile on version 0
        assertVersionUnchanged(victim, 0);
    }

    @Test
    void memberCanEraseItself() {
        Api.Member member = api().register(issuer());

        Api.Response erased = api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token()).send();

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.version()).isEqualTo(1);
        assertThat(StoredEvents.of(member.id()).get(1).payload()).contains("SELF");
    }

    @Test
    void tokenWithoutRoleIsForbiddenOnMemberRoutes() {
        Api.Member member = api().register(issuer());
        String noRole = issuer().token(member.subject());
        String noRoleStranger = issuer().token("subject-" + UUID.randomUUID());

        assertProblem(api().post("/api/v1/members").token(noRoleStranger)
                .json("{\"handle\":\"" + freshHandle() + "\",\"displayName\":\"No Role\",\"email\":\"norole@example.org\"}")
                .send(), 403, "forbidden");
        assertProblem(api().put("/api/v1/members/" + member.id() + "/profile").token(noRole)
                .json(PROFILE).send(), 403, "forbidden");
        assertProblem(api().post("/api/v1/members/" + member.id() + "/consents").token(noRole)
                .json("{\"purpose\":\"SHARE_ITEMS\"}").send(), 403, "forbidden");
        assertProblem(api().delete("/api/v1/members/" + member.id() + "/consents/" + UUID.randomUUID())
                .token(noRole).send(), 403, "forbidden");
        assertProblem(api().post("/api/v1/members/" + member.id() + "/erasure").token(noRole).send(),
                403, "forbidden");
        assertProblem(api().post("/api/v1/shares").token(noRole)
                .json("{\"recipientId\":\"" + UUID.randomUUID() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"T\","
                        + "\"permission\":\"VIEW\"}").send(), 403, "forbidden");
        assertProblem(api().post("/api/v1/shares/" + UUID.randomUUID() + "/accept").token(noRole).send(),
                403, "forbidden");
        // the member's own data is unchanged
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        assertVersionUnchanged(member, 0);
    }

    // --- a subject that has not registered ---

    @Test
    void unregisteredSubjectCannotGrantConsents() {
        Api.Member member = api().register(issuer());
        String unregistered = issuer().memberToken("subject-" + UUID.randomUUID());

        Api.Response refused = api().post("/api/v1/members/" + member.id() + "/consents").token(unregistered)
                .json("{\"purpose\":\"SHARE_ITEMS\"}").send();

        assertProblem(refused, 403, "forbidden", "not-registered");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        assertVersionUnchanged(member, 0);
    }

    @Test
    void unregisteredSubjectCannotOfferAShare() {
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        String unregistered = issuer().memberToken("subject-" + UUID.randomUUID());

        Api.Response refused = api().post("/api/v1/shares").token(unregistered)
                .json("{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"A title\","
                        + "\"permission\":\"VIEW\"}").send();

        assertProblem(refused, 403, "forbidden", "not-registered");
    }

    // --- shares ---

    @Test
    void onlyTheRecipientAcceptsAShare() {
        Parties p = parties();
        String share = offered(p);

        assertProblem(api().post("/api/v1/shares/" + share + "/accept").token(p.owner.token()).send(),
                403, "forbidden", "not-recipient");
        assertProblem(api().post("/api/v1/shares/" + share + "/accept").token(p.third.token()).send(),
                404, "not-found", "share-not-found");

        assertThat(StoredEvents.typesOf(share)).containsExactly("ShareOfferedEvent");
        // the share is still offered, at version 0: the recipient accepts it
        Api.Response accepted = api().post("/api/v1/shares/" + share + "/accept").token(p.recipient.token())
                .header("If-Match", "\"0\"").send();
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.version()).isEqualTo(1);
    }

    @Test
    void onlyTheRecipientDeclinesAShare() {
        Parties p = parties();
        String share = offered(p);

        assertProblem(api().post("/api/v1/shares/" + share + "/decline").token(p.owner.token()).send(),
                403, "forbidden", "not-recipient");
        assertProblem(api().post("/api/v1/shares/" + share + "/decline").token(p.third.token()).send(),
                404, "not-found", "share-not-found");

        assertThat(StoredEvents.typesOf(share)).containsExactly("ShareOfferedEvent");
        Api.Response declined = api().post("/api/v1/shares/" + share + "/decline").token(p.recipient.token())
                .header("If-Match", "\"0\"").send();
        assertThat(declined.status()).as(declined.body()).isEqualTo(200);
        assertThat(declined.version()).isEqualTo(1);
    }

    @Test
    void onlyTheOwnerRevokesAShare() {
        Parties p = parties();
        String share = offered(p);

        assertProblem(api().post("/api/v1/shares/" + share + "/revoke").token(p.recipient.token()).send(),
                403, "forbidden", "not-owner");
        assertProblem(api().post("/api/v1/shares/" + share + "/revoke").token(p.third.token()).send(),
                404, "not-found", "share-not-found");

        assertThat(StoredEvents.typesOf(share)).containsExactly("ShareOfferedEvent");
        // still open and unchanged: the recipient can still accept it on version 0, then the owner revokes it
        Api.Response accepted = api().post("/api/v1/shares/" + share + "/accept").token(p.recipient.token())
                .header("If-Match", "\"0\"").send();
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        Api.Response revoked = api().post("/api/v1/shares/" + share + "/revoke").token(p.owner.token())
                .header("If-Match", "\"1\"").send();
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.version()).isEqualTo(2);
    }

    @Test
    void aThirdMemberCannotTellAnExistingShareFromAnUnknownOne() {
        Parties p = parties();
        String share = offered(p);

        Api.Response existing = api().post("/api/v1/shares/" + share + "/accept").token(p.third.token()).send();
        Api.Response unknown = api().post("/api/v1/shares/" + UUID.randomUUID() + "/accept").token(p.third.token()).send();

        assertProblem(existing, 404, "not-found", "share-not-found");
        assertProblem(unknown, 404, "not-found", "share-not-found");
        assertThat(existing.body()).isEqualTo(unknown.body());
    }

    // --- privacy officer ---

    @Test
    void privacyOfficerMayEraseAnyMember() {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response erased = api().post("/api/v1/members/" + member.id() + "/erasure").token(officer).send();

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.id()).isEqualTo(member.id());
        assertThat(erased.version()).isEqualTo(1);
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "MemberForgottenEvent");
        assertThat(StoredEvents.of(member.id()).get(1).payload()).contains("PRIVACY_OFFICER");
        // the erasure took effect: the member is forgotten
        assertProblem(api().post("/api/v1/members/" + member.id() + "/erasure").token(officer).send(),
                422, "rule-violated", "member-forgotten");
    }

    @Test
    void privacyOfficerCannotChangeAProfile() {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response refused = api().put("/api/v1/members/" + member.id() + "/profile").token(officer)
                .json(PROFILE).send();

        assertProblem(refused, 403, "forbidden");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        assertVersionUnchanged(member, 0);
    }

    @Test
    void privacyOfficerCannotGrantConsents() {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response refused = api().post("/api/v1/members/" + member.id() + "/consents").token(officer)
                .json("{\"purpose\":\"SHARE_ITEMS\"}").send();

        assertProblem(refused, 403, "forbidden");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        assertVersionUnchanged(member, 0);
    }

    @Test
    void erasureOfAnUnknownMemberIs404() {
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        String unknown = UUID.randomUUID().toString();

        Api.Response response = api().post("/api/v1/members/" + unknown + "/erasure").token(officer).send();

        assertProblem(response, 404, "not-found");
        assertThat(StoredEvents.typesOf(unknown)).isEmpty();
    }

    // --- helpers ---

    /** The member is still at {@code version}: its own write conditional on that version succeeds. */
    private void assertVersionUnchanged(Api.Member member, long version) {
        Api.Response own = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"" + version + "\"").json(PROFILE).send();
        assertThat(own.status()).as("owner's conditional write: %s", own.body()).isEqualTo(200);
        assertThat(own.version()).isEqualTo(version + 1);
    }

    private record Parties(Api.Member owner, Api.Member recipient, Api.Member third) {
    }

    private Parties parties() {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        Api.Member third = api().register(issuer());
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        assertThat(api().grant(third, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(third, "RECEIVE_SHARES").status()).isEqualTo(201);
        return new Parties(owner, recipient, third);
    }

    private String offered(Parties p) {
        Api.Response offer = api().offer(p.owner, p.recipient);
        assertThat(offer.status()).as(offer.body()).isEqualTo(201);
        assertThat(offer.version()).isZero();
        return offer.id();
    }

    private static String freshHandle() {
        return "a_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
