package io.shareledger.query.keys;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Lets a live processor's batch read its events with the keys of all their subjects fetched at once
 * ({@link BatchKeys}): at the first event of a batch, pins the keys until the batch's unit of work
 * is cleaned up.
 */
class PinKeysPerBatch implements MessageHandlerInterceptor<EventMessage<?>> {

    private final BatchKeys keys;

    PinKeysPerBatch(BatchKeys keys) {
        this.keys = keys;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork instanceof BatchingUnitOfWork<? extends EventMessage<?>> batch && batch.isFirstMessage()) {
            HttpDataKeys.Pinned pinned = keys.pin(batch.getMessages());
            unitOfWork.onCleanup(u -> pinned.close());
        }
        return interceptorChain.proceed();
    }
}
