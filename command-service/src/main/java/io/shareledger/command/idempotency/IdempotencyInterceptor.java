package io.shareledger.command.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import jakarta.annotation.Nonnull;

/**
 * Records the answer of a command sent with an idempotency key inside the command's own
 * transaction: the events and the record are committed together or not at all, so a repeated
 * request can never append twice. Axon registers this bean on the command bus by its type.
 */
@Component
class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String SCOPE = "idempotencyScope";
    static final String KEY = "idempotencyKey";
    static final String REQUEST_HASH = "idempotencyRequestHash";
    static final String RESOURCE_ID = "idempotencyResourceId";

    private final IdempotencyStore store;

    IdempotencyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        MetaData metaData = unitOfWork.getMessage().getMetaData();
        Object result = interceptorChain.proceed();
        if (metaData.containsKey(KEY)) {
            store.record((String) metaData.get(SCOPE), (String) metaData.get(KEY), new IdempotencyStore.Entry(
                    (String) metaData.get(REQUEST_HASH), (String) metaData.get(RESOURCE_ID),
                    CommandSender.versionOf(result)));
        }
        return result;
    }
}
