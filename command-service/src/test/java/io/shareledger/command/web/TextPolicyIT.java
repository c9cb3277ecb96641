package io.shareledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text policy at the edge (ADR 0014): every free-text field of every write refuses each class
 * of character the policy excludes with 400 problem+json naming the field and the kind of
 * character, without echoing the value, and nothing is stored. Text that is hostile but valid
 * (right-to-left, combining marks, emoji, maximum lengths) is accepted.
 */
class TextPolicyIT extends IntegrationTest {

    /** A refused character as a JSON string escape, and the message its class answers. */
    record Refused(String name, String json, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Refused> REFUSED = List.of(
            new Refused("NUL", "\\u0000", "must not contain control characters"),
            new Refused("ESC (C0)", "\\u001b", "must not contain control characters"),
            new Refused("lone CR", "\\r", "must not contain control characters"),
            new Refused("DEL", "\\u007f", "must not contain control characters"),
            new Refused("NEL (C1)", "\\u0085", "must not contain control characters"),
            new Refused("lone high surrogate", "\\ud800", "must not contain unpaired surrogates"),
            new Refused("lone low surrogate", "\\udfff", "must not contain unpaired surrogates"),
            new Refused("U+FFFF", "\\uffff", "must not contain Unicode noncharacters"),
            new Refused("U+FDD0", "\\ufdd0", "must not contain Unicode noncharacters"),
            new Refused("RLO", "\\u202e", "must not contain bidirectional embeddings, overrides or isolates"),
            new Refused("LRE", "\\u202a", "must not contain bidirectional embeddings, overrides or isolates"),
            new Refused("FSI", "\\u2068", "must not contain bidirectional embeddings, overrides or isolates"),
            new Refused("LINE SEPARATOR", "\\u2028", "must not contain line or paragraph separators"));

    /** Refused only in single-line fields. */
    private static final List<Refused> LINE_BREAKS = List.of(
            new Refused("LF", "\\n", "must not contain line breaks or tabs"),
            new Refused("CR LF", "\\r\\n", "must not contain line breaks or tabs"),
            new Refused("TAB", "\\t", "must not contain line breaks or tabs"));

    private static final String MARKER = "zq" + UUID.randomUUID().toString().substring(0, 8);

    static Stream<Arguments> singleLine() {
        return Stream.of("displayName", "email", "itemRef", "itemTitle").flatMap(field ->
                Stream.concat(REFUSED.stream(), LINE_BREAKS.stream()).map(r -> Arguments.of(field, r)));
    }

    static Stream<Arguments> multiline() {
        return Stream.of("note", "revokeReason", "dataAccessReason").flatMap(field ->
                REFUSED.stream().map(r -> Arguments.of(field, r)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource({"singleLine", "multiline"})
    void aRefusedCharacterIs400NamingTheFieldAndStoresNothing(String field, Refused refused) {
        String hostile = MARKER + refused.json() + "x";
        switch (field) {
            case "displayName", "email" -> {
                register(field, hostile, refused);
                changeProfile(field, hostile, refused);
                return;
            }
            case "itemRef", "itemTitle", "note" -> offer(field, hostile, refused);
            case "revokeReason" -> revoke(hostile, refused);
            case "dataAccessReason" -> recordDataAccess(hostile, refused);
            default -> throw new IllegalArgumentException(field);
        }
    }

    private void register(String field, String hostile, Refused refusedCharacter) {
        String subject = "subject-" + UUID.randomUUID();
        String token = issuer().memberToken(subject);
        String handle = freshHandle();
        String displayName = field.equals("displayName") ? hostile : "Name";
        String email = field.equals("email") ? hostile + "@example.org" : "x@example.org";
        Api.Response refused = api().post("/api/v1/members").token(token)
                .json("{\"handle\":\"" + handle + "\",\"displayName\":\"" + displayName + "\",\"email\":\"" + email + "\"}")
                .send();
        assertRefused(refused, field, refusedCharacter.message());
        // nothing was stored: neither the account nor the handle is taken
        Api.Response registered = api().post("/api/v1/members").token(token)
                .json("{\"handle\":\"" + handle + "\",\"displayName\":\"Name\",\"email\":\"x@example.org\"}").send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(StoredEvents.typesOf(registered.id())).containsExactly("MemberRegisteredEvent");
    }

    private void changeProfile(String field, String hostile, Refused refused) {
        Api.Member member = api().register(issuer());
        String displayName = field.equals("displayName") ? hostile : "Name";
        String email = field.equals("email") ? hostile + "@example.org" : "x@example.org";
        Api.Response response = api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .json("{\"displayName\":\"" + displayName + "\",\"email\":\"" + email + "\"}").send();
        assertRefused(response, field, refused.message());
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    private void offer(String field, String hostile, Refused refused) {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        Api.Response response = api().post("/api/v1/shares").token(owner.token()).json(offerBody(recipient,
                field.equals("itemRef") ? hostile : "doc:1", field.equals("itemTitle") ? hostile : "A title",
                field.equals("note") ? hostile : "a note")).send();
        assertRefused(response, field, refused.message());
        assertThat(StoredEvents.mentioning(owner.id())).extracting(StoredEvents.StoredEvent::simpleType)
                .containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    private void revoke(String hostile, Refused refused) {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        String share = offered(owner, recipient);
        Api.Response response = api().post("/api/v1/shares/" + share + "/revoke").token(owner.token())
                .json("{\"reason\":\"" + hostile + "\"}").send();
        assertRefused(response, "reason", refused.message());
        assertThat(StoredEvents.typesOf(share)).containsExactly("ShareOfferedEvent");
    }

    private void recordDataAccess(String hostile, Refused refused) {
        Api.Member member = api().register(issuer());
        Api.Response response = api().post("/api/v1/members/" + member.id() + "/data-access")
                .token(issuer().token("officer-" + UUID.randomUUID(), "privacy-officer"))
                .json("{\"scope\":\"EXPORT\",\"reason\":\"" + hostile + "\"}").send();
        assertRefused(response, "reason", refused.message());
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void anOfficersExportReasonFollowsThePolicyToo() {
        Api.Member member = api().register(issuer());
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");
        for (String reason : List.of("a\u0000b", "a\u202Eb", "a\u0085b")) {
            Api.Response response = api().get("/api/v1/members/" + member.id() + "/export?reason="
                    + URLEncoder.encode(MARKER + reason, StandardCharsets.UTF_8)).token(officer).send();
            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("reason");
            assertThat(response.body()).doesNotContain(MARKER);
        }
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");
        Api.Response multiline = api().get("/api/v1/members/" + member.id() + "/export?reason="
                + URLEncoder.encode("Subject access request\r\nticket 12", StandardCharsets.UTF_8)).token(officer).send();
        assertThat(multiline.status()).as(multiline.body()).isEqualTo(200);
    }

    /**
     * Right-to-left names, combining marks, emoji with joiners, directional marks and the longest
     * values allowed are stored as sent; multiline fields keep their line breaks.
     */
    @Test
    void hostileButValidTextIsAcceptedAndStoredAsSent() {
        String hebrew = "\u05E9\u05E8\u05D4 \u05DB\u05D4\u05DF";
        String arabic = "\u0645\u062D\u0645\u062F \u200F(\u0639\u0644\u064A)";
        String combining = "Zoe\u0301 \u1E9B\u0323";
        String emoji = "\uD83D\uDC69\u200D\uD83D\uDCBB\uD83C\uDDEB\uD83C\uDDF7";
        String mixed = hebrew + " " + arabic + " " + combining + " " + emoji;
        String displayName = mixed + "\u05D0".repeat(100 - mixed.length());
        assertThat(displayName).hasSize(100);
        String subject = "subject-" + UUID.randomUUID();
        String token = issuer().memberToken(subject);
        Api.Response registered = api().post("/api/v1/members").token(token)
                .json("{\"handle\":\"" + freshHandle() + "\",\"displayName\":\"" + displayName
                        + "\",\"email\":\"x@example.org\"}").send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Api.Member owner = new Api.Member(subject, token, registered.id(), null);
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);

        String paragraph = emoji + "\n" + arabic + "\r\n\t" + combining + "\n";
        String note = paragraph.repeat(1000 / paragraph.length());
        note += "x".repeat(1000 - note.length());
        Api.Response offered = api().post("/api/v1/shares").token(owner.token())
                .json(offerBody(recipient, "doc:" + "\u05D0".repeat(196), emoji.repeat(20), jsonEscape(note))).send();
        assertThat(offered.status()).as(offered.body()).isEqualTo(201);
        Api.Response revoked = api().post("/api/v1/shares/" + offered.id() + "/revoke").token(owner.token())
                .json("{\"reason\":\"" + jsonEscape(hebrew + "\n" + emoji) + "\"}").send();
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        List<StoredEvents.StoredEvent> stored = StoredEvents.of(offered.id());
        assertThat(stored).extracting(StoredEvents.StoredEvent::simpleType)
                .containsExactly("ShareOfferedEvent", "ShareRevokedEvent");
        // itemRef is not personal data, so not encrypted: it is stored as sent
        assertThat(stored.get(0).payload()).contains("doc:" + "\u05D0".repeat(196));
    }

    private String offered(Api.Member owner, Api.Member recipient) {
        assertThat(api().grant(owner, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        Api.Response offered = api().offer(owner, recipient);
        assertThat(offered.status()).as(offered.body()).isEqualTo(201);
        return offered.id();
    }

    private static String offerBody(Api.Member recipient, String itemRef, String itemTitle, String note) {
        return "{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"" + itemRef + "\",\"itemTitle\":\""
                + itemTitle + "\",\"note\":\"" + note + "\",\"permission\":\"VIEW\"}";
    }

    /**
     * Only the field is named, with the policy's message for the character's class (an email may
     * also break the address syntax: a second error on the same field).
     */
    private static void assertRefused(Api.Response response, String field, String message) {
        JsonNode problem = assertProblem(response, 400, "validation");
        List<JsonNode> errors = new ArrayList<>();
        problem.path("errors").forEach(errors::add);
        assertThat(errors).extracting(e -> e.path("field").asText()).containsOnly(field);
        assertThat(errors).extracting(e -> e.path("message").asText()).contains(message);
        assertThat(response.body()).doesNotContain(MARKER);
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t");
    }

    private static String freshHandle() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
