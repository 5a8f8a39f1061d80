#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace tollgate::budget {

// Lets many short passes (settlements, any thread) run concurrently and one rare closer (a budget
// recount during a config reload) wait until none is inside and keep new ones out. Unlike
// std::shared_mutex, whose glibc implementation prefers readers, a closer is never starved by a
// steady stream of passes: closing shuts the door first, then waits for those inside.
// The open path is two atomic operations and takes no lock.
class SettleGate
{
public:
    class Pass
    {
    public:
        explicit Pass(SettleGate& gate) : m_gate(gate) { m_gate.enter(); }
        ~Pass() { m_gate.leave(); }
        Pass(const Pass&) = delete;
        Pass& operator=(const Pass&) = delete;

    private:
        SettleGate& m_gate;
    };

    class Closed
    {
    public:
        explicit Closed(SettleGate& gate) : m_gate(gate) { m_gate.close(); }
        ~Closed() { m_gate.open(); }
        Closed(const Closed&) = delete;
        Closed& operator=(const Closed&) = delete;

    private:
        SettleGate& m_gate;
    };

private:
    void enter()
    {
        for (;;) {
            m_inside.fetch_add(1); // seq_cst: ordered against close()'s store and load
            if (!m_closed.load())
                return;
            leave();
            std::unique_lock lock(m_mutex);
            m_reopened.wait(lock, [&] { return !m_closed.load(); });
        }
    }
    void leave() { m_inside.fetch_sub(1); }

    // One closer at a time (callers serialize, e.g. under an admin mutex).
    void close()
    {
        m_closed.store(true);
        // Passes inside take microseconds; a closer is rare.
        while (m_inside.load() != 0)
            std::this_thread::yield();
    }
    void open()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed.store(false);
        }
        m_reopened.notify_all();
    }

    std::atomic<int> m_inside{0};
    std::atomic<bool> m_closed{false};
    std::mutex m_mutex; // only for waiting while closed
    std::condition_variable m_reopened;
};

} // namespace tollgate::budget
