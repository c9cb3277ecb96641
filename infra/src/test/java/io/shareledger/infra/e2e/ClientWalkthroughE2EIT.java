package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareledger.client.command.model.ConsentRequest;
import io.shareledger.client.command.model.DataAccessRequest;
import io.shareledger.client.command.model.ErasureReceipt;
import io.shareledger.client.command.model.MemberExport;
import io.shareledger.client.command.model.OfferRequest;
import io.shareledger.client.command.model.ProfileRequest;
import io.shareledger.client.command.model.RegisterRequest;
import io.shareledger.client.command.model.RevokeRequest;
import io.shareledger.client.command.model.WriteResponse;
import io.shareledger.client.query.model.ConsentView;
import io.shareledger.client.query.model.HistoryEntry;
import io.shareledger.client.query.model.MemberView;
import io.shareledger.client.query.model.ShareView;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The README walkthrough, an export and an erasure, through Java clients generated at build time from the
 * committed public documents (openapi-generator-maven-plugin in infra/pom.xml), against both services
 * running from their jars; and the rest of the public API (profile change, stale If-Match, idempotent
 * retry, decline, revoke with an explanation, paging, an officer's audited read), so that every operation
 * of both public documents is answered with success at least once: what a team integrating with
 * ShareLedger would do. Every answer the clients receive, errors and 304s included, is validated against
 * the document it was generated from ({@link DocumentedResponses}); a test after the walkthrough requires
 * that none mismatched, and the last two show on altered documents and an undocumented status that the
 * validator does report a mismatch, both on captured answers and through generated clients wired to
 * altered documents.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientWalkthroughE2EIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final String COMMAND_DOCUMENT = "command-service-public.json";
    private static final String QUERY_DOCUMENT = "query-service-public.json";

    private static final DocumentedResponses commandAnswers = DocumentedResponses.committed(COMMAND_DOCUMENT);
    private static final DocumentedResponses queryAnswers = DocumentedResponses.committed(QUERY_DOCUMENT);

    private static E2eStack stack;
    private static GeneratedClients.Caller alice;
    private static GeneratedClients.Caller bob;
    private static GeneratedClients.Caller officer;
    private static UUID aliceId;
    private static UUID bobId;
    private static UUID shareId;

    @BeforeAll
    static void startServices() throws Exception {
        stack = E2eStack.start("client-walkthrough");
        TestIssuer issuer = TestIssuer.get();
        GeneratedClients clients = new GeneratedClients(stack.command().baseUrl(), commandAnswers,
                stack.query().baseUrl(), queryAnswers);
        alice = clients.caller(issuer.memberToken("alice-" + UUID.randomUUID()));
        bob = clients.caller(issuer.memberToken("bob-" + UUID.randomUUID()));
        officer = clients.caller(issuer.token("officer-" + UUID.randomUUID(), "privacy-officer"));
    }

    @AfterAll
    static void stopServices() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void membersRegisterAndSeeThemselves() throws Exception {
        var registered = alice.members().registerWithHttpInfo(new RegisterRequest().handle("alice_" + suffix())
                .displayName("Alice").email("alice@example.org"), null);
        assertThat(registered.getStatusCode()).isEqualTo(201);
        aliceId = UUID.fromString(registered.getData().getId());
        assertThat(registered.getHeaders().get("Location")).singleElement().asString().endsWith("/api/v1/members/" + aliceId);
        bobId = UUID.fromString(bob.members().register(new RegisterRequest().handle("bob_" + suffix())
                .displayName("Bob").email("bob@example.org"), null).getId());

        // a problem answer is validated too: one member per token subject
        assertThatThrownBy(() -> alice.members().register(new RegisterRequest().handle("alice_" + suffix())
                .displayName("Alice").email("alice@example.org"), null))
                .isInstanceOfSatisfying(io.shareledger.client.command.ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        await().atMost(EVENTUALLY).ignoreException(io.shareledger.client.query.ApiException.class).untilAsserted(() -> {
            MemberView me = alice.queryMembers().getOwnMember(null, null);
            assertThat(me.getId()).isEqualTo(aliceId.toString());
            assertThat(me.getDisplayName()).isEqualTo("Alice");
            assertThat(me.getStatus()).isEqualTo("ACTIVE");
        });
    }

    @Test
    @Order(2)
    void bothGrantTheConsentsSharingNeeds() throws Exception {
        WriteResponse aliceConsent = alice.members().grantConsent(aliceId,
                new ConsentRequest().purpose(ConsentRequest.PurposeEnum.SHARE_ITEMS), null, null);
        WriteResponse bobConsent = bob.members().grantConsent(bobId,
                new ConsentRequest().purpose(ConsentRequest.PurposeEnum.RECEIVE_SHARES), null, null);

        List<ConsentView> bobs = bob.queryMembers().listConsents(bobId, bobId + ":" + bobConsent.getVersion()).getItems();
        assertThat(bobs).singleElement().satisfies(c -> {
            assertThat(c.getConsentId()).isEqualTo(bobConsent.getId());
            assertThat(c.getPurpose()).isEqualTo("RECEIVE_SHARES");
            assertThat(c.getStatus()).isEqualTo("ACTIVE");
        });
        assertThat(alice.queryMembers().listConsents(aliceId, aliceId + ":" + aliceConsent.getVersion()).getItems())
                .singleElement().satisfies(c -> assertThat(c.getConsentId()).isEqualTo(aliceConsent.getId()));
    }

    @Test
    @Order(3)
    void aliceOffersAndBobAccepts() throws Exception {
        var offered = alice.shares().offerWithHttpInfo(new OfferRequest().recipientId(bobId).itemRef("photo:42")
                .itemTitle("Holiday photo").note("For you").permission(OfferRequest.PermissionEnum.VIEW), null);
        assertThat(offered.getStatusCode()).isEqualTo(201);
        shareId = UUID.fromString(offered.getData().getId());

        assertThat(bob.queryShares().listShares(bobId, "incoming", null, null, null, null,
                shareId + ":" + offered.getData().getVersion()).getItems()).singleElement().satisfies(s -> {
            assertThat(s.getShareId()).isEqualTo(shareId.toString());
            assertThat(s.getItemTitle()).isEqualTo("Holiday photo");
            assertThat(s.getStatus()).isEqualTo("OFFERED");
        });

        WriteResponse accepted = bob.shares().accept(shareId, null, null);
        var view = alice.queryShares().getShareWithHttpInfo(shareId, accepted.getVersion(), null);
        assertThat(view.getData().getStatus()).isEqualTo("ACCEPTED");
        assertThat(view.getData().getOwnerId()).isEqualTo(aliceId.toString());

        // the ETag makes a repeat conditional: 304, which the generated client throws as an ApiException
        String etag = view.getHeaders().get("ETag").get(0);
        assertThatThrownBy(() -> alice.queryShares().getShare(shareId, null, etag))
                .isInstanceOfSatisfying(io.shareledger.client.query.ApiException.class, e -> assertThat(e.getCode()).isEqualTo(304));
    }

    @Test
    @Order(4)
    void withdrawingTheConsentRevokesTheShare() throws Exception {
        String bobConsent = bob.queryMembers().listConsents(bobId, null).getItems().get(0).getConsentId();

        bob.members().withdrawConsent(bobId, UUID.fromString(bobConsent), null);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            ShareView view = alice.queryShares().getShare(shareId, null, null);
            assertThat(view.getStatus()).isEqualTo("REVOKED");
            assertThat(view.getRevocationReason()).isEqualTo("CONSENT_WITHDRAWN");
            assertThat(bob.queryMembers().listConsents(bobId, null).getItems().get(0).getStatus()).isEqualTo("WITHDRAWN");
        });
    }

    @Test
    @Order(5)
    void theHistoriesShowItAll() {
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(eventTypes(alice, aliceId)).containsExactly(
                    "MemberRegistered", "ConsentGranted", "ShareOffered", "ShareAccepted", "ShareRevoked");
            assertThat(eventTypes(bob, bobId)).containsExactly(
                    "MemberRegistered", "ConsentGranted", "ShareOffered", "ShareAccepted", "ConsentWithdrawn", "ShareRevoked");
        });
    }

    @Test
    @Order(6)
    void aliceExportsEverythingHeldAboutHer() throws Exception {
        MemberExport export = alice.members().export(aliceId, null);

        assertThat(export.getMember().getId()).isEqualTo(aliceId.toString());
        assertThat(export.getMember().getDisplayName()).isEqualTo("Alice");
        assertThat(export.getMember().getEmail()).isEqualTo("alice@example.org");
        assertThat(export.getConsents()).singleElement().satisfies(c -> assertThat(c.getPurpose()).isEqualTo("SHARE_ITEMS"));
        assertThat(export.getShares().getOutgoing()).singleElement().satisfies(s -> {
            assertThat(s.getShareId()).isEqualTo(shareId.toString());
            assertThat(s.getStatus()).isEqualTo("REVOKED");
        });
        assertThat(export.getEvents()).extracting(e -> e.getType()).containsSubsequence(
                "MemberRegistered", "ConsentGranted", "ShareOffered", "ShareAccepted", "ShareRevoked");
    }

    @Test
    @Order(7)
    void theRestOfThePublicApi() throws Exception {
        // a profile change, read back; a write on a stale version is refused
        var changed = alice.members().changeProfileWithHttpInfo(aliceId,
                new ProfileRequest().displayName("Alice A.").email("alice.a@example.org"), null);
        assertThat(changed.getStatusCode()).isEqualTo(200);
        var member = alice.queryMembers().getMemberWithHttpInfo(aliceId, changed.getData().getVersion(), null);
        assertThat(member.getData().getDisplayName()).isEqualTo("Alice A.");
        assertThat(member.getData().getEmail()).isEqualTo("alice.a@example.org");
        String memberTag = member.getHeaders().get("ETag").get(0);
        assertThatThrownBy(() -> alice.queryMembers().getMember(aliceId, null, memberTag))
                .isInstanceOfSatisfying(io.shareledger.client.query.ApiException.class, e -> assertThat(e.getCode()).isEqualTo(304));
        assertThatThrownBy(() -> alice.members().changeProfile(aliceId,
                new ProfileRequest().displayName("Alice B.").email("alice.b@example.org"), "\"0\""))
                .isInstanceOfSatisfying(io.shareledger.client.command.ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        // Bob consents again; an offer retried with its Idempotency-Key is answered the first answer; he declines it
        bob.members().grantConsent(bobId, new ConsentRequest().purpose(ConsentRequest.PurposeEnum.RECEIVE_SHARES), null, null);
        OfferRequest offer = new OfferRequest().recipientId(bobId).itemRef("doc:7").itemTitle("Recipe").permission(OfferRequest.PermissionEnum.COMMENT);
        String key = "offer-" + suffix();
        WriteResponse declinable = alice.shares().offer(offer, key);
        WriteResponse retried = alice.shares().offer(offer, key);
        assertThat(retried.getId()).isEqualTo(declinable.getId());
        assertThat(retried.getVersion()).isEqualTo(declinable.getVersion());
        WriteResponse declined = bob.shares().decline(UUID.fromString(declinable.getId()), null, null);
        assertThat(alice.queryShares().getShare(UUID.fromString(declinable.getId()), declined.getVersion(), null).getStatus())
                .isEqualTo("DECLINED");

        // Alice revokes an offer with an explanation
        WriteResponse revocable = alice.shares().offer(new OfferRequest().recipientId(bobId).itemRef("doc:8").itemTitle("Draft")
                .permission(OfferRequest.PermissionEnum.EDIT), null);
        WriteResponse revoked = alice.shares().revoke(UUID.fromString(revocable.getId()), null, null,
                new RevokeRequest().reason("Sent by mistake"));
        ShareView revokedView = alice.queryShares().getShare(UUID.fromString(revocable.getId()), revoked.getVersion(), null);
        assertThat(revokedView.getStatus()).isEqualTo("REVOKED");
        assertThat(revokedView.getRevocationExplanation()).isEqualTo("Sent by mistake");

        // Alice's three outgoing shares, one page of two and the rest through the cursor
        var first = alice.queryShares().listShares(aliceId, "outgoing", null, null, null, 2,
                revocable.getId() + ":" + revoked.getVersion());
        assertThat(first.getItems()).hasSize(2);
        assertThat(first.getNextCursor()).isNotNull();
        var rest = alice.queryShares().listShares(aliceId, "outgoing", null, null, first.getNextCursor(), 2, null);
        assertThat(rest.getItems()).hasSize(1);
        assertThat(java.util.stream.Stream.concat(first.getItems().stream(), rest.getItems().stream()).map(ShareView::getShareId))
                .containsExactlyInAnyOrder(shareId.toString(), declinable.getId(), revocable.getId());

        // a privacy officer's read of Alice's history, audited in it, and an access recorded directly
        assertThat(officer.members().recordDataAccess(aliceId, new DataAccessRequest().scope(DataAccessRequest.ScopeEnum.HISTORY)
                .reason("Audit ticket 2")).getId()).isEqualTo(aliceId.toString());
        assertThat(officer.queryMembers().getHistory(aliceId, null, 100, null, "Audit ticket 3").getItems())
                .extracting(HistoryEntry::getEventType).contains("MemberDataAccessed");
    }

    @Test
    @Order(8)
    void bobIsForgotten() throws Exception {
        ErasureReceipt receipt = bob.members().erase(bobId, "erase-" + suffix(), null);
        assertThat(receipt.getId()).isEqualTo(bobId.toString());
        assertThat(receipt.getRequestedBy()).isEqualTo(ErasureReceipt.RequestedByEnum.SELF);
        assertThat(receipt.getErased()).isNotEmpty();

        // his token no longer names a member: 404 on the query side
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThatThrownBy(() -> bob.queryMembers().getOwnMember(null, null))
                .isInstanceOfSatisfying(io.shareledger.client.query.ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404)));

        // an officer's export, audited, holds no personal field of his any more
        MemberExport export = officer.members().export(bobId, "Subject access request, ticket 1");
        assertThat(export.getMember().getStatus()).isEqualTo("FORGOTTEN");
        assertThat(export.getMember().getHandle()).isNull();
        assertThat(export.getMember().getDisplayName()).isNull();
        assertThat(export.getMember().getEmail()).isNull();
        assertThat(export.getEvents()).extracting(e -> e.getType()).contains("MemberForgotten", "MemberDataAccessed")
                .doesNotContainNull();
        assertThat(export.getEvents()).allSatisfy(e -> assertThat(e.getPayload()).isNull());
    }

    @Test
    @Order(9)
    void everyAnswerWasAsDocumented() {
        assertThat(commandAnswers.mismatches()).as("answers of the command service not as %s", COMMAND_DOCUMENT).isEmpty();
        assertThat(queryAnswers.mismatches()).as("answers of the query service not as %s", QUERY_DOCUMENT).isEmpty();
        // every operation the walkthrough calls, and the problem and 304 answers, went through the validation
        assertThat(commandAnswers.validated()).extracting(e -> e.method() + " " + e.status()).contains(
                "POST 201", "POST 409", "PUT 409", "POST 200", "PUT 200", "DELETE 200", "GET 200");
        assertThat(queryAnswers.validated()).extracting(e -> e.status()).contains(200, 304, 404);
        // and every operation of both public documents answered with success at least once
        assertThat(commandAnswers.operationsNeverAnsweredWithSuccess()).as(COMMAND_DOCUMENT).isEmpty();
        assertThat(queryAnswers.operationsNeverAnsweredWithSuccess()).as(QUERY_DOCUMENT).isEmpty();
        System.out.printf("validated %d answers of the command service and %d of the query service: 0 mismatches%n",
                commandAnswers.validated().size(), queryAnswers.validated().size());
    }

    @Test
    @Order(10)
    void theValidatorReportsWhatIsNotAsDocumented() throws Exception {
        // the first share, whose answers carry a note (the revoked draft has none)
        DocumentedResponses.Exchange share = queryAnswers.last("GET", "/api/v1/shares/" + shareId, 200);
        DocumentedResponses.Exchange registered = commandAnswers.last("POST", "/api/v1/members", 201);
        assertThat(queryAnswers.mismatches(share)).isEmpty();
        assertThat(commandAnswers.mismatches(registered)).isEmpty();

        // the same answers against documents altered in one place each
        ObjectMapper json = new ObjectMapper();
        ObjectNode narrowed = (ObjectNode) json.readTree(DocumentedResponses.read(QUERY_DOCUMENT));
        ((ObjectNode) narrowed.at("/components/schemas/ShareView/properties/version")).put("type", "string");
        assertThat(DocumentedResponses.of("version as a string", json.writeValueAsString(narrowed)).mismatches(share))
                .anySatisfy(m -> assertThat(m).startsWith("validation.response.body.schema.type"));

        ObjectNode fieldRemoved = (ObjectNode) json.readTree(DocumentedResponses.read(QUERY_DOCUMENT));
        ((ObjectNode) fieldRemoved.at("/components/schemas/ShareView/properties")).remove("note");
        assertThat(DocumentedResponses.of("note undocumented", json.writeValueAsString(fieldRemoved)).mismatches(share))
                .anySatisfy(m -> assertThat(m).startsWith("validation.response.body.schema.additionalProperties"));

        ObjectNode headerRequired = (ObjectNode) json.readTree(DocumentedResponses.read(COMMAND_DOCUMENT));
        ((ObjectNode) headerRequired.at("/paths/~1api~1v1~1members/post/responses/201/headers"))
                .putObject("Projection-Stale").put("required", true).putObject("schema").put("type", "string");
        assertThat(DocumentedResponses.of("a header required", json.writeValueAsString(headerRequired)).mismatches(registered))
                .anySatisfy(m -> assertThat(m).startsWith("validation.response.header.missing"));

        // and an answer with a status the committed document does not list for the operation
        assertThat(commandAnswers.mismatches(registered.withStatus(418)))
                .anySatisfy(m -> assertThat(m).startsWith("validation.response.status.unknown"));
    }

    @Test
    @Order(11)
    void generatedClientsWiredToAlteredDocumentsCollectTheirMismatches() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode exportNarrowed = (ObjectNode) json.readTree(DocumentedResponses.read(COMMAND_DOCUMENT));
        ((ObjectNode) exportNarrowed.at("/components/schemas/MemberExport/properties/exportedAt")).put("type", "integer");
        ObjectNode shareNarrowed = (ObjectNode) json.readTree(DocumentedResponses.read(QUERY_DOCUMENT));
        ((ObjectNode) shareNarrowed.at("/components/schemas/ShareView/properties/version")).put("type", "string");
        DocumentedResponses alteredCommand = DocumentedResponses.of("exportedAt as an integer", json.writeValueAsString(exportNarrowed));
        DocumentedResponses alteredQuery = DocumentedResponses.of("version as a string", json.writeValueAsString(shareNarrowed));
        GeneratedClients.Caller aliceAgainstAltered = new GeneratedClients(stack.command().baseUrl(), alteredCommand,
                stack.query().baseUrl(), alteredQuery).caller(alice.token());

        // the generated clients parse these answers fine: only the validation sees that they differ from the documents
        aliceAgainstAltered.members().export(aliceId, null);
        aliceAgainstAltered.queryShares().getShare(shareId, null, null);

        assertThat(alteredCommand.validated()).hasSize(1);
        assertThat(alteredCommand.mismatches()).anySatisfy(m -> assertThat(m)
                .startsWith("GET /api/v1/members/" + aliceId + "/export 200: validation.response.body.schema.type"));
        assertThat(alteredQuery.validated()).hasSize(1);
        assertThat(alteredQuery.mismatches()).anySatisfy(m -> assertThat(m)
                .startsWith("GET /api/v1/shares/" + shareId + " 200: validation.response.body.schema.type"));
    }

    private static List<String> eventTypes(GeneratedClients.Caller caller, UUID member) throws Exception {
        return caller.queryMembers().getHistory(member, null, 100, null, null).getItems().stream()
                .map(HistoryEntry::getEventType).toList();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
