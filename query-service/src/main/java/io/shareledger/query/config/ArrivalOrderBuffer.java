package io.shareledger.query.config;

import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live processors' buffer between the Kafka fetcher and the tracking processor: hands the
 * events on in the order they were fetched, a bounded first-in-first-out queue.
 *
 * <p>The extension's default buffer re-sorts them by record timestamp. But the tracking token
 * each event carries is made as the event is fetched, and covers every record fetched before it,
 * on every partition. Handed on in another order, an event's token covers records still in the
 * buffer (stored after a batch, such a token skips them for good when the processor restarts), and
 * the token of the last event handled may leave out records already handled (the position, and the
 * lag, then stay behind until the next event of that partition). In fetch order, each token
 * covers exactly the events handed on so far. Order within a partition, which is what the read
 * models rely on (one aggregate, one partition), is the fetch order anyway.
 */
final class ArrivalOrderBuffer implements Buffer<KafkaEventMessage> {

    private final ArrayDeque<KafkaEventMessage> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final int capacity;

    ArrivalOrderBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The capacity must be positive");
        }
        this.capacity = capacity;
    }

    @Override
    public void put(KafkaEventMessage message) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            add(message);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void putAll(Collection<KafkaEventMessage> messages) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            for (KafkaEventMessage message : messages) {
                add(message);
            }
        } finally {
            lock.unlock();
        }
    }

    private void add(KafkaEventMessage message) throws InterruptedException {
        while (queue.size() == capacity) {
            notFull.await();
        }
        queue.addLast(message);
        notEmpty.signal();
    }

    @Override
    public KafkaEventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                throwIfFailed();
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return remove();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public KafkaEventMessage take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                throwIfFailed();
                notEmpty.await();
            }
            return remove();
        } finally {
            lock.unlock();
        }
    }

    private KafkaEventMessage remove() {
        KafkaEventMessage message = queue.removeFirst();
        notFull.signal();
        return message;
    }

    @Override
    public KafkaEventMessage peek() {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                throwIfFailed();
            }
            return queue.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int remainingCapacity() {
        return capacity - size();
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            queue.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The fetcher failed: once the events fetched before are handed on, readers get the failure. */
    @Override
    public void setException(RuntimeException exception) {
        failure.set(exception);
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() {
        RuntimeException exception = failure.get();
        if (exception != null) {
            throw exception;
        }
    }
}
