#pragma once

#include "conversationstore.h"
#include "storethread.h"

#include <QSemaphore>

#include <memory>
#include <utility>

// Keeps the database thread busy until it goes out of scope (or release()), so that a test
// can see what happens while the work it posts waits.
class StoreBlocker
{
public:
    explicit StoreBlocker(StoreThread &store)
        : m_semaphores(std::make_shared<Semaphores>())
    {
        // The work holds its own reference: it may still be leaving acquire() when this is gone.
        store.post([semaphores = m_semaphores](ConversationStore &) {
            semaphores->started.release();
            semaphores->released.acquire();
        });
        m_semaphores->started.acquire();
    }
    ~StoreBlocker() { release(); }
    void release()
    {
        if (!std::exchange(m_done, true))
            m_semaphores->released.release();
    }

private:
    struct Semaphores
    {
        QSemaphore started;
        QSemaphore released;
    };
    std::shared_ptr<Semaphores> m_semaphores;
    bool m_done = false;
};
