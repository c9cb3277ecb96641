package io.shareledger.query.web;

import io.shareledger.api.MemberId;
import io.shareledger.query.keys.KeyServiceProperties;
import io.shareledger.query.position.ReadYourWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Read-your-writes waits only for what the reader may read: its own member, or a share it owns or
 * receives. Waiting for anything else would tell, by the time the answer takes, whether that
 * aggregate exists and how far it has got; such a wait answers at once, exactly as for an id that
 * does not exist. A share the read model already has is judged by its row; one it has not seen yet
 * (the reader's own write, a moment ago) by the command service, whose member directory knows every
 * share in the transaction that offered it (its internal parties endpoint, with the key-service
 * token). If that cannot be asked, the wait is not made.
 */
@Component
public class Readers {

    private static final Logger log = LoggerFactory.getLogger(Readers.class);

    private static final String SHARE_PARTY =
            "select owner_id = ? or recipient_id = ? from share_view where share_id = ?";

    private final ReadYourWrites readYourWrites;
    private final JdbcTemplate jdbc;
    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration timeout;

    Readers(ReadYourWrites readYourWrites, JdbcTemplate jdbc, KeyServiceProperties commandService) {
        this.readYourWrites = readYourWrites;
        this.jdbc = jdbc;
        this.base = commandService.url();
        this.token = commandService.token();
        this.timeout = commandService.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * @return true once the read model has applied the aggregate's version; false if it did not
     * within the bound, or at once if the reader may not read the aggregate
     */
    public boolean await(String readModel, MemberId reader, String aggregateId, long version) {
        return mayRead(reader, aggregateId) && readYourWrites.await(readModel, aggregateId, version);
    }

    boolean mayRead(MemberId reader, String aggregateId) {
        if (reader.toString().equals(aggregateId)) {
            return true;
        }
        UUID member = reader.value();
        List<Boolean> known = jdbc.queryForList(SHARE_PARTY, Boolean.class, member, member, UUID.fromString(aggregateId));
        return known.isEmpty() ? askCommandService(reader, aggregateId) : known.get(0);
    }

    private boolean askCommandService(MemberId reader, String aggregateId) {
        HttpRequest request = HttpRequest.newBuilder(
                        base.resolve("/internal/v1/members/" + reader + "/aggregates/" + aggregateId))
                .header("Authorization", "Bearer " + token)
                .timeout(timeout)
                .GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204 && status != 404) {
                log.warn("The command service's parties endpoint answered {}; the wait is not made", status);
            }
            return status == 204;
        } catch (IOException e) {
            log.warn("The command service's parties endpoint could not be reached ({}); the wait is not made",
                    e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
