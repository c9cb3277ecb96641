package io.shareledger.query.keys;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import io.shareledger.testsupport.Canary;
import io.shareledger.testsupport.RawScan;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Personal fields in the query service: decrypted with fetched keys, encrypted in dead letters, forgotten on erasure. */
class KeysIT extends IntegrationTest {

    @Autowired
    private HttpDataKeys keys;

    @Test
    void aMemberForgottenEventDropsTheCachedKeyWhateverTheKeyServiceSays() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member member = story.register();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get("/api/v1/members/me").token(member.token()).send().json().path("handle").asText())
                        .as("decrypted with the fetched key").isEqualTo(member.handle()));
        assertThat(keys.forDecryption(member.id())).isPresent();

        // the test key server would still serve the key: only the event can make it go
        story.publish(member.id().toString(), new MemberForgottenEvent(member.id(), ErasureRequester.SELF));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keys.forDecryption(member.id())).isEmpty());
    }

    @Test
    void aMemberIsScrubbedOnErasureEvenWhileEarlierEventsOfTheMemberAreParked() throws Exception {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member member = story.register();
        Canary handle = Canary.of(member.handle());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get("/api/v1/members/me").token(member.token()).send().json().path("handle").asText())
                        .isEqualTo(member.handle()));
        String aggregate = member.id().toString();
        // a poison event parks the member's later events in every read model, until an operator retries
        events().publishUnreadable(aggregate, story.reserve(aggregate), new ProfileChangedEvent(member.id(), "x", "y"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parkedCount("member-profiles", aggregate)).isEqualTo(1));
        assertThat(RawScan.tables(TestDatabase.get(), RawScan.allTables(TestDatabase.get()), List.of(handle)))
                .as("the scan finds the handle before the erasure").isNotEmpty();

        story.publish(aggregate, new MemberForgottenEvent(member.id(), ErasureRequester.SELF));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(RawScan.tables(TestDatabase.get(), RawScan.allTables(TestDatabase.get()), List.of(handle))).isEmpty());
        assertThat(parkedCount("member-profiles", aggregate)).as("the erasure itself is not parked").isEqualTo(1);
    }

    @Test
    void anErasureChangesTheETagOfTheRowsItScrubs() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId share = story.offer(owner, recipient, "Title of a member to be forgotten", Instant.now());
        String path = "/api/v1/shares/" + share;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get(path).token(recipient.token()).send().status()).isEqualTo(200));
        Api.Response before = api().get(path).token(recipient.token()).send();
        assertThat(before.json().path("itemTitle").asText()).isEqualTo("Title of a member to be forgotten");
        String etag = before.header("ETag");
        assertThat(api().get(path).token(recipient.token()).header("If-None-Match", etag).send().status()).isEqualTo(304);

        // the owner's erasure scrubs the title, though the share's version stays the same
        story.publish(owner.id().toString(), new MemberForgottenEvent(owner.id(), ErasureRequester.SELF));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response revalidated = api().get(path).token(recipient.token()).header("If-None-Match", etag).send();
            assertThat(revalidated.status()).as("a cached copy is not confirmed").isEqualTo(200);
            assertThat(revalidated.json().path("itemTitle").asText()).isNotEqualTo("Title of a member to be forgotten");
            assertThat(revalidated.json().path("version").asLong()).isEqualTo(before.json().path("version").asLong());
        });
    }

    @Test
    void aDeadLetterKeepsPersonalFieldsEncrypted() throws Exception {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        Canary title = Canary.random("Title ");
        Canary note = Canary.random("Note ");
        ShareId share = ShareId.random();
        String itemRef = "doc:parked-" + share;
        String constraint = "refuse_" + share.value().toString().replace("-", "");
        ShareOfferedEvent offered = new ShareOfferedEvent(share, owner.id(), recipient.id(), itemRef, title.value(), note.value(),
                SharePermission.VIEW, null, ConsentId.random(), ConsentId.random());
        List<Canary> canaries = List.of(title, note);
        byte[] plain = ShareLedgerSerializer.create().serialize(offered, String.class).getData().getBytes(StandardCharsets.UTF_8);
        assertThat(canaries).allSatisfy(canary -> assertThat(canary.foundIn(plain)).as("the scan finds plaintext").isNotEmpty());

        sql("alter table rm_shares_v1.share_view add constraint " + constraint + " check (item_ref <> '" + itemRef + "')");
        try {
            story.publish(share.toString(), offered);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parkedCount("shares", share.toString())).isEqualTo(1));

            assertThat(RawScan.tables(TestDatabase.get(), List.of("dead_letter_entry"), canaries)).isEmpty();
        } finally {
            sql("alter table rm_shares_v1.share_view drop constraint " + constraint);
        }
    }

    private static long parkedCount(String processingGroup, String aggregate) throws Exception {
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("select count(*) from dead_letter_entry where processing_group = '"
                     + processingGroup + "' and aggregate_identifier = '" + aggregate + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = TestDatabase.get().connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
