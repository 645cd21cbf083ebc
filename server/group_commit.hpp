#pragma once
// Group commit, for both back ends: requests queue their transactions, and one writer thread
// runs everything queued so far as one batch in one database transaction, each request in a
// savepoint of its own, then commits once. A commit waits for the disk; sharing that wait, and
// taking no turns on rows between the writer's own requests, is what lets hundreds of
// terminals write at once. A request's changes still apply all or not at all, and no request
// hears back before the batch's commit.
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "server/database.hpp"

namespace madoguchi::server {

class GroupCommit {
public:
    using Work = std::function<Stored<void>(Statements&)>;

    struct Request {
        const Work* work = nullptr;
        Stored<void> result{};
        // A programming error in `work` reaches the request's own thread, as without batching.
        std::exception_ptr exception;

    private:
        friend class GroupCommit;
        // Each request is woken on its own: waking every waiting thread after each batch to see
        // whose turn it was cost more than the batch with hundreds of terminals. (A semaphore
        // would do, but libstdc++'s spins and yields first, and hundreds of yielding threads
        // take the writer's processor.)
        std::mutex mutex;
        std::condition_variable woken;
        bool finished = false;
    };

    // Runs on the writer thread: sets each request's result (or exception), committing what
    // succeeded. The back end must outlive this object.
    using RunBatch = std::function<void(std::span<Request* const>)>;

    // A batch holds at most `most_per_batch` requests.
    GroupCommit(RunBatch run_batch, std::size_t most_per_batch);
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    // Queues `work` and waits for its batch's commit.
    Stored<void> run(const Work& work);
    // True inside a batch: a transaction started there joins the batch's (a savepoint).
    bool on_writer_thread() const { return std::this_thread::get_id() == m_writer.get_id(); }

private:
    void write_batches();

    RunBatch m_run_batch;
    std::size_t m_most_per_batch;
    std::mutex m_mutex;
    std::condition_variable m_queued;
    std::vector<Request*> m_queue;
    bool m_stopping = false;
    // Last: it starts running in the constructor.
    std::thread m_writer;
};

}  // namespace madoguchi::server
