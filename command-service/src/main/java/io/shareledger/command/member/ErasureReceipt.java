package io.shareledger.command.member;

import io.shareledger.api.member.ErasureRequester;

import java.time.Instant;
import java.util.List;

/**
 * The answer to an erasure request: when the member was forgotten, at which version, and what was
 * erased where, including what happens after the answer. It names no personal data, only the
 * member id.
 */
record ErasureReceipt(String id, long version, Instant erasedAt, ErasureRequester requestedBy, List<Erasure> erased) {

    /**
     * @param done true when it happened in the erasure's own transaction; false when it follows
     *             asynchronously from the {@code MemberForgotten} event
     */
    record Erasure(String what, String where, String how, boolean done) {
    }

    static ErasureReceipt of(String memberId, long version, Instant erasedAt, ErasureRequester requestedBy) {
        return new ErasureReceipt(memberId, version, erasedAt, requestedBy, List.of(
                new Erasure("personal data in the member's events: account subject, handle, display name, e-mail, "
                        + "titles and notes of the member's shares, revocation explanations, audit reasons",
                        "event store, aggregate snapshots, sagas, dead letters, Kafka topic shareledger.events",
                        "crypto-shredded: the member's data key was destroyed with the erasure; those fields now read as "
                                + "the erased marker everywhere, and no new key is made for this member", true),
                new Erasure("handle and link to the sign-in account", "member directory (write database)",
                        "deleted with the erasure: the handle is free again and the account may register anew", true),
                new Erasure("profile, consents, titles and notes of shares, payloads of the history",
                        "read models (query service database)",
                        "deleted or scrubbed when the query service applies the MemberForgotten event", false),
                new Erasure("open shares the member owns or receives", "shares",
                        "revoked with reason MEMBER_FORGOTTEN, each as an event", false)));
    }
}
