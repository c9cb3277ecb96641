package io.shareledger.query.position;

import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.EventPublisher;
import io.shareledger.query.support.Scenario;
import io.shareledger.query.support.StandaloneService;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new instance on the same read database resumes from the tokens the last one committed: it
 * neither applies an event again nor misses one published while no instance ran.
 */
class RestartIT {

    @Test
    void aRestartedServiceResumesFromItsTokens() throws Exception {
        TestDatabase db = TestDatabase.get().fresh();
        Scenario story = new Scenario(EventPublisher.get(), TestIssuer.get());
        Scenario.Member member = story.register();
        String id = member.id().toString();
        long changed = story.publish(id, new ProfileChangedEvent(member.id(), "Before", "before@example.org"));

        try (ConfigurableApplicationContext first = start(db)) {
            Api.Response profile = api(first).get("/api/v1/members/me?minVersion=" + changed).token(member.token()).send();
            assertThat(profile.json().path("version").asLong()).isEqualTo(changed);
            Api.Response history = api(first).get("/api/v1/members/" + id + "/history?waitFor=" + id + ":" + changed)
                    .token(member.token()).send();
            assertThat(history.json().path("items")).hasSize(2);
        }

        // Were the events read again from the start of the topic, these history rows would come back.
        sql(db, "delete from member_history where member_id = '" + id + "'");
        sql(db, "delete from member_history_position where aggregate_id = '" + id + "'");
        long whileDown = story.publish(id, new ProfileChangedEvent(member.id(), "While down", "down@example.org"));

        try (ConfigurableApplicationContext second = start(db)) {
            Api.Response profile = api(second).get("/api/v1/members/me?minVersion=" + whileDown).token(member.token()).send();
            assertThat(profile.header("Projection-Stale")).isNull();
            assertThat(profile.json().path("displayName").asText()).isEqualTo("While down");
            Api.Response history = api(second).get("/api/v1/members/" + id + "/history?waitFor=" + id + ":" + whileDown)
                    .token(member.token()).send();
            assertThat(history.header("Projection-Stale")).isNull();
            assertThat(history.json().path("items")).hasSize(1);
            assertThat(history.json().path("items").get(0).path("sequenceNumber").asLong()).isEqualTo(whileDown);
        }
        assertThat(count(db, "select count(*) from token_entry")).isEqualTo(4);
    }

    private static ConfigurableApplicationContext start(TestDatabase db) {
        return StandaloneService.start(db, "--shareledger.read-your-writes.max-wait=20s");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return StandaloneService.api(context);
    }

    private static void sql(TestDatabase db, String statement) throws Exception {
        try (Connection connection = db.connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(TestDatabase db, String query) throws Exception {
        try (Connection connection = db.connect(); Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
