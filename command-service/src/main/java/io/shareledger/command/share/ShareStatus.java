package io.shareledger.command.share;

enum ShareStatus {
    OFFERED,
    ACCEPTED,
    DECLINED,
    REVOKED,
    EXPIRED;

    boolean isOpen() {
        return this == OFFERED || this == ACCEPTED;
    }
}
