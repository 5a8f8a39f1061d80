#pragma once

#include <vector>

namespace tollgate::http {

// Writes held back to the end of an event-loop pass.
//
// A worker under load finds many sockets ready in one pass. Sending each request to its provider,
// and each answer to its client, the moment it is ready wakes the peer on the other end once per
// message, and a woken peer often takes the core from the worker mid-pass. Holding the writes of a
// pass and sending them together after it wakes each peer once per pass with everything due, and
// lets the worker finish its pass first. A pass with a single event (light load) holds nothing:
// its answer leaves at once, before the bookkeeping that follows it.
//
// Only EpollEventDispatcher (the gateway's workers) holds writes back: it brackets the delivery of
// socket and timer events with PassFlush::Scope. On any other thread requestFlush() flushes at
// once, so behaviour there is exactly that of writing immediately.
class PassFlush
{
public:
    PassFlush() = default;
    PassFlush(const PassFlush&) = delete;
    PassFlush& operator=(const PassFlush&) = delete;

    // Marks the end of a pass on this thread: flushes everything requested inside it (also what
    // flushing requests in turn) when it ends. Scopes nest; the outermost one flushes. A scope
    // that does not hold (a pass with one event: nothing to send together) changes nothing.
    class Scope
    {
    public:
        explicit Scope(bool hold = true);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        bool m_hold;
    };

protected:
    ~PassFlush(); // withdraws a pending request

    // flushPass() runs at the end of the current pass, once however often this is called.
    void requestFlush();
    // Withdraws a pending request (the owner flushed by itself, or is going away).
    void cancelFlush();
    bool flushPending() const { return m_pending; }
    // True inside a pass that holds writes back (requestFlush() then waits for its end).
    static bool holdsWrites();

    virtual void flushPass() = 0;

private:
    static void runPending();

    bool m_pending = false;
};

} // namespace tollgate::http
