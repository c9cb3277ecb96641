package io.shareledger.command.publishing;

import io.shareledger.command.web.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/**
 * Operator trigger of a {@link TopicRefill} (role {@code operator}, see SecurityConfig). Synchronous:
 * the answer, 202 with the number of events published, comes when the refill has finished.
 */
@RestController
class TopicRefillController {

    /** Kafka back from an outage or a restart takes tens of seconds, and a refill republishes the whole store. */
    static final String RETRY_AFTER_SECONDS = "30";

    private final TopicRefill refill;

    TopicRefillController(TopicRefill refill) {
        this.refill = refill;
    }

    @PostMapping("/admin/topic/refill")
    ResponseEntity<Map<String, Long>> refill() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("events", refill.refill()));
    }

    @ExceptionHandler(TopicRefill.AlreadyRunning.class)
    ResponseEntity<ProblemDetail> alreadyRunning(TopicRefill.AlreadyRunning e) {
        return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
    }

    /** Kafka unreachable or refusing: try again later; nothing is lost, duplicates are harmless. */
    @ExceptionHandler(TopicRefill.RefillFailed.class)
    ResponseEntity<ProblemDetail> failed(TopicRefill.RefillFailed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The topic refill failed; see the log and try again.");
        problem.setType(ProblemTypes.INTERNAL);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
