package io.shareledger.query.position;

import io.shareledger.api.ShareId;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReadYourWritesIT extends IntegrationTest {

    @Test
    void aReadWaitsForTheVersionItAsksFor() throws Exception {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId share = story.offer(owner, recipient);
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=0").token(owner.token()).send().status())
                .isEqualTo(200);

        // the read for version 1 is in flight before version 1 is written
        CompletableFuture<Api.Response> read = CompletableFuture.supplyAsync(() ->
                api().get("/api/v1/shares/" + share + "?minVersion=1").token(owner.token()).send());
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() ->
                story.publish(share.toString(), new ShareAcceptedEvent(share, owner.id(), recipient.id())));

        Api.Response response = read.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Projection-Stale")).isNull();
        assertThat(response.json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(response.json().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aVersionThatDoesNotArriveInTimeIsAnsweredStale() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId share = story.offer(owner, recipient);
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=0").token(owner.token()).send().status())
                .isEqualTo(200);

        long started = System.nanoTime();
        Api.Response single = api().get("/api/v1/shares/" + share + "?minVersion=7").token(owner.token()).send();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.header("Projection-Stale")).isEqualTo("true");
        assertThat(single.json().path("version").asLong()).isEqualTo(0);
        assertThat(waitedMillis).isBetween(1_900L, 5_000L);

        Api.Response list = api().get("/api/v1/members/" + owner.id() + "/shares?waitFor=" + share + ":7")
                .token(owner.token()).send();
        assertThat(list.header("Projection-Stale")).isEqualTo("true");
        assertThat(list.json().path("items")).hasSize(1);
    }
}
