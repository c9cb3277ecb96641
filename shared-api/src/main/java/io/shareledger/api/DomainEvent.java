package io.shareledger.api;

/**
 * Marker of every event of the domain. Each event names its data subject with
 * {@link io.shareledger.api.privacy.DataSubject} and marks personal fields with
 * {@link io.shareledger.api.privacy.PersonalData}.
 */
public interface DomainEvent {
}
