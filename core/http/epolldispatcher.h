#pragma once

#include <QAbstractEventDispatcher>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace tollgate::http {

// The event dispatcher of the gateway's worker threads. Qt's own (QEventDispatcherUNIX) hands
// every enabled socket notifier to poll() on each loop iteration; this one keeps them in an
// epoll set (level-triggered, so QSocketNotifier's contract is unchanged) and only tells the
// kernel what changed, once per iteration: a notifier disabled and enabled again before the
// thread next waits costs no system call. Wake-ups go through an eventfd, written only while
// the thread sleeps. Timers live in a list sorted by deadline; Precise and Coarse timers fire at
// their millisecond deadline, VeryCoarse ones on whole seconds, as Qt does.
// A SocketWatcher's function is called directly, not through an event and its signals.
//
// Thread: created anywhere, then used only on the thread it belongs to (QThread::setEventDispatcher
// moves it there); wakeUp() and interrupt() may be called from any thread.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when the kernel refused the epoll set or the eventfd; such a dispatcher must not be
    // installed.
    bool isValid() const { return m_epoll >= 0 && m_wakeFd >= 0; }

    // Busy polling: after a pass that delivered events, keep polling (yielding the core to
    // anything else runnable between polls) for up to `spin` before sleeping. An answer due within
    // microseconds then arrives without the latency of waking a sleeping thread; an idle thread
    // still sleeps after one such spell. The thread polls only while at least about a quarter of
    // its recent spells caught an event; otherwise it sleeps at once and tries one spell in
    // kSpinProbeEvery. Zero (the default) always sleeps at once.
    void setBusyPoll(std::chrono::microseconds spin) { m_spinNs = std::max<std::int64_t>(0, spin.count()) * 1000; }
    // Whether the thread polls after its next pass with events (not only one spell in
    // kSpinProbeEvery). On the dispatcher's thread.
    bool busyPolling() const { return m_spinNs > 0 && m_spinScore >= kSpinWorthIt; }

    // The dispatcher for a gateway worker thread: an EpollEventDispatcher, or null (Qt then
    // creates its own) when TOLLGATE_DISPATCHER=poll asks for Qt's, or when epoll is unavailable.
    static QAbstractEventDispatcher* createForWorker(int busyPollUs = 0);

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;

    using QAbstractEventDispatcher::registerTimer;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;

    struct Timer
    {
        int id = 0;
        std::uint64_t serial = 0; // unique for the dispatcher's lifetime, unlike ids
        qint64 intervalMs = 0;    // as registered
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        Clock::time_point due;
        // Points at the activation loop's pointer to this timer while its event is being
        // delivered; unregistering the timer then nulls it. Also keeps the timer from firing
        // again from a nested event loop inside its own handler.
        Timer** activation = nullptr;
    };

    // The notifiers of one descriptor, indexed by QSocketNotifier::Type (Read, Write, Exception).
    struct SocketWatch
    {
        QSocketNotifier* notifiers[3] = {nullptr, nullptr, nullptr};
        std::uint32_t kernelEvents = 0; // what the epoll set holds for the descriptor
        bool dirty = false;             // queued in m_dirtyFds
        bool alwaysReady = false;       // a descriptor epoll refuses (a regular file): poll() semantics
    };

    static std::uint32_t wantedEvents(const SocketWatch& watch);
    void markDirty(int fd, SocketWatch& watch);
    void applySocketChanges();
    void removeFromEpoll(int fd, SocketWatch& watch);
    // Waits up to timeoutNs (-1: no limit, 0: only looks) for the sockets (unless excluded) and
    // the wake-up eventfd; queues the ready notifiers. Returns 1 when it was woken up, else 0.
    int waitForEvents(bool includeSockets, std::int64_t timeoutNs);
    void drainWakeFd();
    int activateSocketNotifiers();

    void insertTimer(std::unique_ptr<Timer> timer);
    void scheduleNext(Timer& timer, Clock::time_point now) const;
    std::int64_t nanosUntilFirstTimer(Clock::time_point now) const; // -1: no timer
    int activateTimers();

    int m_epoll = -1;
    int m_wakeFd = -1;

    std::vector<SocketWatch> m_sockets; // indexed by descriptor
    std::vector<int> m_dirtyFds;
    std::vector<int> m_alwaysReady; // descriptors with alwaysReady set
    // Notifiers whose descriptors are ready, in the order they are delivered; an entry is nulled
    // when its notifier is unregistered before its turn.
    std::vector<QSocketNotifier*> m_pending;
    size_t m_pendingNext = 0;

    std::uint64_t m_timerSerial = 0;
    std::vector<std::unique_ptr<Timer>> m_timers; // sorted by due; equal deadlines in registration order

    // Cross-thread wake-up: m_wakeRequested is set by every wakeUp(); the eventfd is written only
    // when the owning thread sleeps (m_sleeping), and at most once until it is read.
    std::atomic<bool> m_wakeRequested{false};
    std::atomic<bool> m_sleeping{false};
    std::int64_t m_spinNs = 0; // busy-poll this long before sleeping (0: never)
    bool m_spinArmed = false;  // the last wait brought events
    // How often recent spells caught an event: a moving average, kSpinScoreMax when all did.
    static constexpr int kSpinScoreMax = 256;
    static constexpr int kSpinScoreWeight = 8; // each spell moves it an eighth of the way
    static constexpr int kSpinWorthIt = kSpinScoreMax / 4;
    static constexpr unsigned kSpinProbeEvery = 16;
    int m_spinScore = kSpinScoreMax; // a new thread spins from the start
    unsigned m_spinProbe = 0;
    std::atomic<bool> m_wakeFdSignalled{false};
    std::atomic<bool> m_interrupted{false};
};

} // namespace tollgate::http
