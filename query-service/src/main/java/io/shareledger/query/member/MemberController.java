package io.shareledger.query.member;

import io.shareledger.api.MemberId;
import io.shareledger.query.position.ReadYourWrites;
import io.shareledger.query.web.Caller;
import io.shareledger.query.web.Callers;
import io.shareledger.query.web.Conditional;
import io.shareledger.query.web.QueryRejection;
import io.shareledger.query.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "members")
class MemberController {

    private final MemberProfiles profiles;
    private final ReadYourWrites readYourWrites;
    private final Callers callers;

    MemberController(MemberProfiles profiles, ReadYourWrites readYourWrites, Callers callers) {
        this.profiles = profiles;
        this.readYourWrites = readYourWrites;
        this.callers = callers;
    }

    @Operation(operationId = "getOwnMember", summary = "The caller's own member profile",
            description = "404 until the caller has registered and its profile is projected.")
    @Rejects(status = 404, codes = "not-found")
    @GetMapping("/me")
    ResponseEntity<MemberProfiles.MemberView> me(
            Caller caller,
            @Parameter(description = "wait (bounded, 5 s by default) until the profile has this version; if it does not, the answer is the current one with Projection-Stale: true")
            @RequestParam(required = false) Long minVersion,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Caller resolved = callers.awaitRegistered(caller, minVersion != null);
        MemberId id = resolved.memberId().orElseThrow(QueryRejection::notFound);
        resolved.requireSelf(id);
        return profile(id, minVersion, ifNoneMatch);
    }

    @Operation(operationId = "getMember", summary = "A member profile (only the caller's own)")
    @Rejects(status = 403, codes = {"not-registered", "not-own-member"})
    @GetMapping("/{memberId}")
    ResponseEntity<MemberProfiles.MemberView> member(
            Caller caller, @PathVariable UUID memberId,
            @Parameter(description = "wait (bounded, 5 s by default) until the profile has this version; if it does not, the answer is the current one with Projection-Stale: true")
            @RequestParam(required = false) Long minVersion,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        MemberId id = new MemberId(memberId);
        callers.awaitRegistered(caller, minVersion != null).requireSelf(id);
        return profile(id, minVersion, ifNoneMatch);
    }

    private ResponseEntity<MemberProfiles.MemberView> profile(MemberId id, Long minVersion, String ifNoneMatch) {
        boolean stale = minVersion != null && !readYourWrites.await(MemberProfileProjection.READ_MODEL, id.toString(), minVersion);
        MemberProfiles.MemberView view = profiles.find(id).orElseThrow(QueryRejection::notFound);
        return Conditional.single(view, view.version(), ifNoneMatch, stale);
    }
}
