package io.shareledger.command.web;

/**
 * The answer to every write: the id of the resource written and the version of the aggregate that
 * holds it after the write (the sequence number of its last event, starting at 0). Send it back
 * as {@code If-Match: "<version>"} to make the next write conditional.
 */
public record WriteResponse(String id, long version) {
}
