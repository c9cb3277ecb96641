package io.shareledger.command.web;

import io.shareledger.api.MemberId;
import io.shareledger.command.domain.Rejection;

import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller: the token subject, its roles and, once registered, its member id.
 * The subject is personal data and is never logged or echoed.
 */
public record Caller(String subject, Set<String> roles, Optional<MemberId> memberId) {

    public static final String MEMBER = "member";
    public static final String PRIVACY_OFFICER = "privacy-officer";

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The caller's own member id; fails if the caller has not registered as a member. */
    public MemberId requireMember() {
        if (!hasRole(MEMBER)) {
            throw new NotAllowed("role-required", "This action needs the member role.");
        }
        return memberId.orElseThrow(() -> new NotAllowed("not-registered", "Register as a member first."));
    }

    /** Allows the caller to act on {@code target} only if it is the caller's own member. */
    public void requireSelf(MemberId target) {
        if (!requireMember().equals(target)) {
            throw new NotAllowed("not-own-member", "A member may act only on its own data.");
        }
    }

    public static final class NotAllowed extends Rejection {
        NotAllowed(String code, String message) {
            super(Kind.FORBIDDEN, code, message);
        }
    }
}
