#include "group_commit.hpp"

#include <algorithm>

namespace madoguchi::server {

GroupCommit::GroupCommit(RunBatch run_batch, std::size_t most_per_batch)
    : m_run_batch(std::move(run_batch)), m_most_per_batch(std::max<std::size_t>(1, most_per_batch)),
      m_writer([this] { write_batches(); }) {}

GroupCommit::~GroupCommit() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_queued.notify_one();
    m_writer.join();
}

Stored<void> GroupCommit::run(const Work& work) {
    Request request;
    request.work = &work;
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(&request);
    }
    m_queued.notify_one();
    {
        std::unique_lock own(request.mutex);
        request.woken.wait(own, [&request] { return request.finished; });
    }
    if (request.exception) {
        std::rethrow_exception(request.exception);
    }
    return std::move(request.result);
}

void GroupCommit::write_batches() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_queued.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty()) {
            return;
        }
        std::vector<Request*> batch;
        if (m_queue.size() <= m_most_per_batch) {
            batch.swap(m_queue);
        } else {
            const auto split = m_queue.begin() + static_cast<std::ptrdiff_t>(m_most_per_batch);
            batch.assign(m_queue.begin(), split);
            m_queue.erase(m_queue.begin(), split);
        }
        lock.unlock();
        m_run_batch(batch);
        // A request is gone as soon as its thread sees `finished`: nothing may touch it after.
        for (Request* request : batch) {
            const std::lock_guard own(request->mutex);
            request->finished = true;
            request->woken.notify_one();
        }
        lock.lock();
    }
}

}  // namespace madoguchi::server
