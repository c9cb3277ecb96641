package io.shareledger.query.audit;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.query.web.Caller;
import io.shareledger.query.web.QueryRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * The audit trail of privacy officers' reads. Before a privacy officer is shown another member's
 * history or export, the read is recorded as an event of that member by the command service,
 * with the officer's own token (so the record names the officer) and the reason the officer gave.
 * No record, no data: when the command service cannot record the read, the read is refused (503).
 */
@Component
public class DataAccessAudit {

    static final int MAX_REASON = 500;

    private static final Logger log = LoggerFactory.getLogger(DataAccessAudit.class);

    private final RestClient commandService;

    DataAccessAudit(RestClient.Builder builder, @Value("${shareledger.command-service.url}") String url,
                    @Value("${shareledger.command-service.timeout:5s}") Duration timeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        // buffered, so the request has a Content-Length: the command service refuses bodies without one (411)
        this.commandService = builder.baseUrl(url).requestFactory(new BufferingClientHttpRequestFactory(requests)).build();
    }

    /** Whether the caller reads {@code member}'s data as a privacy officer, not as the member itself. */
    public static boolean isOfficersRead(Caller caller, MemberId member) {
        return caller.hasRole(Caller.PRIVACY_OFFICER) && !caller.memberId().map(member::equals).orElse(false);
    }

    /**
     * Records the officer's read of {@code member}'s data; refuses the read when the reason is
     * missing (400), the member is unknown (404) or the record cannot be made (503).
     */
    public void record(MemberId member, DataAccessScope scope, String reason, Jwt officerToken) {
        if (reason == null || reason.isBlank()) {
            throw QueryRejection.invalid("reason", "A privacy officer must give the reason for reading a member's data.");
        }
        if (reason.length() > MAX_REASON) {
            throw QueryRejection.invalid("reason", "The reason may have at most " + MAX_REASON + " characters.");
        }
        try {
            commandService.post()
                    .uri("/api/v1/members/{memberId}/data-access", member.value())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + officerToken.getTokenValue())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("scope", scope.name(), "reason", reason))
                    .retrieve()
                    .toBodilessEntity();
        } catch (HttpClientErrorException.NotFound unknownMember) {
            throw QueryRejection.notFound();
        } catch (RestClientException e) {
            log.warn("Refused a privacy officer's {} read of member {}: the audit record failed ({}{})", scope, member,
                    e.getClass().getSimpleName(), e instanceof RestClientResponseException answer ? " " + answer.getStatusCode() : "");
            throw QueryRejection.unavailable("audit-unavailable",
                    "The read could not be recorded in the audit trail, so it is not served; try again later.");
        }
    }
}
