package io.shareledger.command.idempotency;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** Forgets idempotency records after the retention period, once an hour, on one instance at a time. */
@Configuration(proxyBeanMethods = false)
class IdempotencyRetention {

    @Bean
    RecurringTask<Void> purgeIdempotencyRecords(IdempotencyStore store, Clock clock,
                                                @Value("${shareledger.idempotency.retention}") Duration retention) {
        return Tasks.recurring("purge-idempotency-records", FixedDelay.ofHours(1))
                .execute((instance, context) -> store.purgeOlderThan(clock.instant().minus(retention)));
    }
}
