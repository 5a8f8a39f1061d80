#include "http/epolldispatcher.h"

#include "http/passflush.h"
#include "http/socketwatcher.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include <poll.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace tollgate::http {

namespace {

constexpr int kMaxEventsPerWait = 256;

// What wakes each kind of notifier. A hang-up or an error wakes the reader (it reads the end of
// stream or the error); a descriptor watched only for writing gets them as writable, so that a
// level-triggered hang-up nobody handles cannot keep the loop spinning.
constexpr std::uint32_t kReadReady = EPOLLIN | EPOLLHUP | EPOLLERR;
constexpr std::uint32_t kWriteReady = EPOLLOUT | EPOLLERR;
constexpr std::uint32_t kExceptionReady = EPOLLPRI;

const char* typeName(QSocketNotifier::Type type)
{
    switch (type) {
    case QSocketNotifier::Read:
        return "Read";
    case QSocketNotifier::Write:
        return "Write";
    case QSocketNotifier::Exception:
        return "Exception";
    }
    return "?";
}

timespec toTimespec(std::int64_t ns)
{
    return timespec{time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
}

std::atomic<bool> g_epollPwait2Works{true};

// epoll_pwait2 waits with nanosecond precision (Linux 5.11); older kernels get epoll_wait with
// the timeout rounded up to whole milliseconds, so a timer never fires early.
int epollWait(int epoll, epoll_event* events, int maxEvents, std::int64_t timeoutNs)
{
    if (timeoutNs <= 0)
        return epoll_wait(epoll, events, maxEvents, timeoutNs < 0 ? -1 : 0);
    if (g_epollPwait2Works.load(std::memory_order_relaxed)) {
        const timespec timeout = toTimespec(timeoutNs);
        const int n = epoll_pwait2(epoll, events, maxEvents, &timeout, nullptr);
        if (n >= 0 || errno != ENOSYS)
            return n;
        g_epollPwait2Works.store(false, std::memory_order_relaxed);
    }
    const std::int64_t ms = std::min<std::int64_t>((timeoutNs + 999'999) / 1'000'000, 24LL * 3600 * 1000);
    return epoll_wait(epoll, events, maxEvents, int(ms));
}

std::chrono::steady_clock::time_point wholeSecond(std::chrono::steady_clock::time_point t)
{
    return std::chrono::time_point_cast<std::chrono::seconds>(t);
}

std::chrono::seconds veryCoarseSeconds(qint64 intervalMs)
{
    return std::chrono::seconds((intervalMs + 500) / 1000);
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject* parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_wakeFd < 0) {
        qCWarning(lcHttp) << "cannot create the epoll set or the wake-up eventfd:" << qt_error_string(errno);
    } else {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = m_wakeFd;
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) != 0) {
            qCWarning(lcHttp) << "cannot watch the wake-up eventfd:" << qt_error_string(errno);
            ::close(m_wakeFd);
            m_wakeFd = -1;
        }
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    for (const std::unique_ptr<Timer>& timer : m_timers) {
        if (timer->activation)
            *timer->activation = nullptr;
    }
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

QAbstractEventDispatcher* EpollEventDispatcher::createForWorker(int busyPollUs)
{
    if (qEnvironmentVariable("TOLLGATE_DISPATCHER") == QLatin1String("poll"))
        return nullptr;
    auto dispatcher = std::make_unique<EpollEventDispatcher>();
    dispatcher->setBusyPoll(std::chrono::microseconds(busyPollUs));
    if (!dispatcher->isValid()) {
        qCWarning(lcHttp) << "the worker threads use Qt's poll-based event dispatcher";
        return nullptr;
    }
    return dispatcher.release();
}

// ---- the loop -----------------------------------------------------------------------------------

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false, std::memory_order_relaxed);
    Q_EMIT awake();
    // Events posted from here on (also by the handlers below) set it again and keep the thread
    // from sleeping before it has delivered them. Events posted before this call are delivered
    // now and, as with Qt's own dispatcher, count as the events this call waited for.
    const bool posted = m_wakeRequested.exchange(false, std::memory_order_seq_cst);
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeSockets = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool mayWait = (flags & QEventLoop::WaitForMoreEvents) && !posted &&
                         !m_wakeRequested.load(std::memory_order_relaxed) &&
                         !m_interrupted.load(std::memory_order_relaxed);
    if (mayWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.load(std::memory_order_relaxed))
        return false;

    std::int64_t timeoutNs = 0;
    if (mayWait) {
        timeoutNs = includeTimers ? nanosUntilFirstTimer(Clock::now()) : -1;
        if (includeSockets && !m_alwaysReady.empty())
            timeoutNs = 0;
    }
    int activated = waitForEvents(includeSockets, timeoutNs) + (posted ? 1 : 0);
    {
        // Writes requested while the events of this pass are handled go out together after them;
        // with a single event there is nothing to send together, and its writes leave at once.
        PassFlush::Scope pass(m_pending.size() - m_pendingNext > 1);
        if (includeSockets)
            activated += activateSocketNotifiers();
        if (includeTimers)
            activated += activateTimers();
    }
    return activated > 0;
}

int EpollEventDispatcher::waitForEvents(bool includeSockets, std::int64_t timeoutNs)
{
    if (includeSockets)
        applySocketChanges();
    const bool sleeps = timeoutNs != 0;
    if (sleeps) {
        // Pairs with wakeUp(): either it sees m_sleeping and writes the eventfd, or this sees its
        // request and does not sleep.
        m_sleeping.store(true, std::memory_order_seq_cst);
        if (m_wakeRequested.load(std::memory_order_seq_cst) || m_interrupted.load(std::memory_order_seq_cst))
            timeoutNs = 0;
    }

    int woken = 0;
    if (!includeSockets) {
        pollfd wake{m_wakeFd, POLLIN, 0};
        const timespec timeout = toTimespec(std::max<std::int64_t>(timeoutNs, 0));
        const int n = ppoll(&wake, 1, timeoutNs < 0 ? nullptr : &timeout, nullptr);
        if (sleeps)
            m_sleeping.store(false, std::memory_order_seq_cst);
        if (n > 0 && (wake.revents & POLLIN)) {
            drainWakeFd();
            woken = 1;
        }
        return woken;
    }

    epoll_event events[kMaxEventsPerWait];
    int n = -1;
    // Busy-poll for a moment before sleeping: an answer due within microseconds (a provider on
    // loopback or the LAN) is picked up without the wake-up latency of a sleeping thread. Only
    // while it pays: a spell that ends without an event lowers the score, and below kSpinWorthIt
    // the thread sleeps at once, trying a spell again only every kSpinProbeEvery waits (a gateway
    // whose providers answer in milliseconds then spends next to nothing on it).
    const bool armed = sleeps && m_spinNs > 0 && m_spinArmed;
    if (armed && (m_spinScore >= kSpinWorthIt || ++m_spinProbe % kSpinProbeEvery == 0)) {
        m_sleeping.store(false, std::memory_order_seq_cst);
        const auto start = Clock::now();
        std::int64_t budget = m_spinNs;
        if (timeoutNs > 0)
            budget = std::min(budget, timeoutNs);
        for (;;) {
            n = epoll_wait(m_epoll, events, kMaxEventsPerWait, 0);
            if (n != 0 || m_wakeRequested.load(std::memory_order_relaxed))
                break;
            if (std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count() >= budget)
                break;
            sched_yield(); // others runnable on this core go first
        }
        const bool caught = n != 0 || m_wakeRequested.load(std::memory_order_relaxed);
        m_spinScore =
            m_spinScore - m_spinScore / kSpinScoreWeight + (caught ? kSpinScoreMax / kSpinScoreWeight : 0);
        if (n == 0) {
            m_sleeping.store(true, std::memory_order_seq_cst);
            if (m_wakeRequested.load(std::memory_order_seq_cst) || m_interrupted.load(std::memory_order_seq_cst))
                timeoutNs = 0;
            if (timeoutNs > 0)
                timeoutNs = std::max<std::int64_t>(0, timeoutNs - std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                                      Clock::now() - start).count());
            n = -1;
        }
    }
    if (n < 0)
        n = epollWait(m_epoll, events, kMaxEventsPerWait, timeoutNs);
    if (sleeps)
        m_sleeping.store(false, std::memory_order_seq_cst);
    // Spin before the next sleep only after a wait that brought events: an idle thread sleeps.
    m_spinArmed = n > 0;
    if (n < 0 && errno != EINTR)
        qCWarning(lcHttp) << "epoll_wait failed:" << qt_error_string(errno);

    // A nested loop (a handler that spins one) may find descriptors of which the outer loop still
    // has notifiers queued: each is queued once.
    const bool nested = m_pendingNext < m_pending.size();
    auto queue = [&](QSocketNotifier* notifier) {
        if (nested &&
            std::find(m_pending.begin() + m_pendingNext, m_pending.end(), notifier) != m_pending.end())
            return;
        m_pending.push_back(notifier);
    };
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wakeFd) {
            drainWakeFd();
            woken = 1;
            continue;
        }
        if (fd < 0 || size_t(fd) >= m_sockets.size())
            continue;
        const SocketWatch& watch = m_sockets[fd];
        const std::uint32_t ready = events[i].events;
        QSocketNotifier* read = watch.notifiers[QSocketNotifier::Read];
        QSocketNotifier* write = watch.notifiers[QSocketNotifier::Write];
        QSocketNotifier* exception = watch.notifiers[QSocketNotifier::Exception];
        if (read && (ready & kReadReady))
            queue(read);
        if (write && ((ready & kWriteReady) || (!read && (ready & EPOLLHUP))))
            queue(write);
        if (exception && ((ready & kExceptionReady) || (!read && !write && (ready & (EPOLLHUP | EPOLLERR)))))
            queue(exception);
    }
    for (const int fd : m_alwaysReady) {
        const SocketWatch& watch = m_sockets[size_t(fd)];
        if (QSocketNotifier* read = watch.notifiers[QSocketNotifier::Read])
            queue(read);
        if (QSocketNotifier* write = watch.notifiers[QSocketNotifier::Write])
            queue(write);
    }
    return woken;
}

void EpollEventDispatcher::drainWakeFd()
{
    eventfd_t value = 0;
    eventfd_read(m_wakeFd, &value);
    m_wakeFdSignalled.store(false, std::memory_order_seq_cst);
}

void EpollEventDispatcher::wakeUp()
{
    m_wakeRequested.store(true, std::memory_order_seq_cst);
    if (m_sleeping.load(std::memory_order_seq_cst) &&
        !m_wakeFdSignalled.exchange(true, std::memory_order_seq_cst))
        eventfd_write(m_wakeFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_seq_cst);
    wakeUp();
}

// ---- socket notifiers ---------------------------------------------------------------------------

std::uint32_t EpollEventDispatcher::wantedEvents(const SocketWatch& watch)
{
    std::uint32_t events = 0;
    if (watch.notifiers[QSocketNotifier::Read])
        events |= EPOLLIN;
    if (watch.notifiers[QSocketNotifier::Write])
        events |= EPOLLOUT;
    if (watch.notifiers[QSocketNotifier::Exception])
        events |= EPOLLPRI;
    return events;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const qintptr socket = notifier->socket();
    const QSocketNotifier::Type type = notifier->type();
    if (socket < 0 || socket > qintptr(1) << 30) {
        qWarning("QSocketNotifier: Internal error");
        return;
    }
    const int fd = int(socket);
    if (size_t(fd) >= m_sockets.size())
        m_sockets.resize(size_t(fd) + 1);
    SocketWatch& watch = m_sockets[size_t(fd)];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier) {
        qWarning("QSocketNotifier: Multiple socket notifiers for same socket %d and type %s", fd,
                 typeName(type));
        // The old notifier's descriptor may have been closed and the number reused: register
        // the descriptor afresh.
        removeFromEpoll(fd, watch);
    }
    watch.notifiers[type] = notifier;
    markDirty(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const qintptr socket = notifier->socket();
    const QSocketNotifier::Type type = notifier->type();
    for (size_t i = m_pendingNext; i < m_pending.size(); ++i) {
        if (m_pending[i] == notifier)
            m_pending[i] = nullptr;
    }
    if (socket < 0 || size_t(socket) >= m_sockets.size())
        return;
    const int fd = int(socket);
    SocketWatch& watch = m_sockets[size_t(fd)];
    if (watch.notifiers[type] != notifier)
        return;
    watch.notifiers[type] = nullptr;
    if (wantedEvents(watch) == 0)
        removeFromEpoll(fd, watch); // now: the descriptor may be closed and its number reused next
    else
        markDirty(fd, watch);
}

void EpollEventDispatcher::markDirty(int fd, SocketWatch& watch)
{
    if (watch.dirty)
        return;
    watch.dirty = true;
    m_dirtyFds.push_back(fd);
}

void EpollEventDispatcher::removeFromEpoll(int fd, SocketWatch& watch)
{
    if (watch.alwaysReady) {
        watch.alwaysReady = false;
        m_alwaysReady.erase(std::find(m_alwaysReady.begin(), m_alwaysReady.end(), fd));
    }
    if (watch.kernelEvents == 0)
        return;
    // Fails harmlessly when the descriptor was closed already (the kernel dropped it then).
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    watch.kernelEvents = 0;
}

void EpollEventDispatcher::applySocketChanges()
{
    if (m_dirtyFds.empty())
        return;
    std::vector<int> dirty;
    dirty.swap(m_dirtyFds);
    for (const int fd : dirty) {
        SocketWatch& watch = m_sockets[size_t(fd)];
        watch.dirty = false;
        const std::uint32_t wanted = wantedEvents(watch);
        if (watch.alwaysReady || wanted == watch.kernelEvents)
            continue;
        if (wanted == 0) {
            removeFromEpoll(fd, watch);
            continue;
        }
        epoll_event event{};
        event.events = wanted;
        event.data.fd = fd;
        int op = watch.kernelEvents == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
        int rc = epoll_ctl(m_epoll, op, fd, &event);
        if (rc != 0 && op == EPOLL_CTL_MOD && errno == ENOENT) {
            // Closed while watched and its number reused since: the kernel forgot it.
            op = EPOLL_CTL_ADD;
            rc = epoll_ctl(m_epoll, op, fd, &event);
        } else if (rc != 0 && op == EPOLL_CTL_ADD && errno == EEXIST) {
            op = EPOLL_CTL_MOD;
            rc = epoll_ctl(m_epoll, op, fd, &event);
        }
        if (rc == 0) {
            watch.kernelEvents = wanted;
        } else if (errno == EPERM) {
            // Regular files and directories cannot be watched; poll() reports them always ready.
            watch.kernelEvents = 0;
            watch.alwaysReady = true;
            m_alwaysReady.push_back(fd);
        } else {
            const int error = errno;
            for (QSocketNotifier* notifier : watch.notifiers) {
                if (!notifier)
                    continue;
                qWarning("QSocketNotifier: Invalid socket %d and type '%s', disabling...", fd,
                         typeName(notifier->type()));
                notifier->setEnabled(false);
            }
            qCDebug(lcHttp) << "epoll_ctl failed for descriptor" << fd << qt_error_string(error);
        }
    }
    if (m_dirtyFds.empty()) {
        dirty.clear();
        m_dirtyFds.swap(dirty); // keeps the capacity
    }
}

int EpollEventDispatcher::activateSocketNotifiers()
{
    int activated = 0;
    while (m_pendingNext < m_pending.size()) {
        QSocketNotifier* notifier = m_pending[m_pendingNext++];
        if (!notifier)
            continue;
        ++activated;
        if (notifier->metaObject() == &SocketWatcher::staticMetaObject) {
            static_cast<SocketWatcher*>(notifier)->fire(); // no event, no signal
            continue;
        }
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
    }
    m_pending.clear();
    m_pendingNext = 0;
    return activated;
}

// ---- timers -------------------------------------------------------------------------------------

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject* object)
{
    if (timerId < 1 || interval < 0 || !object) {
        qWarning("QEventDispatcher::registerTimer: invalid arguments");
        return;
    }
    auto timer = std::make_unique<Timer>();
    timer->id = timerId;
    timer->serial = ++m_timerSerial;
    timer->intervalMs = interval;
    timer->type = timerType;
    timer->object = object;
    const Clock::time_point now = Clock::now();
    if (timerType == Qt::VeryCoarseTimer) {
        // Whole seconds, rounded to the nearest one, from the nearest whole second.
        timer->due = wholeSecond(now) + veryCoarseSeconds(interval);
        if (now - wholeSecond(now) > std::chrono::milliseconds(500))
            timer->due += std::chrono::seconds(1);
    } else {
        // Coarse timers are allowed to be late, not early: they fire like precise ones.
        timer->due = now + std::chrono::milliseconds(interval);
    }
    insertTimer(std::move(timer));
}

void EpollEventDispatcher::insertTimer(std::unique_ptr<Timer> timer)
{
    const Clock::time_point due = timer->due;
    auto at = std::upper_bound(
        m_timers.begin(), m_timers.end(), due,
        [](Clock::time_point value, const std::unique_ptr<Timer>& t) { return value < t->due; });
    m_timers.insert(at, std::move(timer));
}

void EpollEventDispatcher::scheduleNext(Timer& timer, Clock::time_point now) const
{
    if (timer.type == Qt::VeryCoarseTimer) {
        const std::chrono::seconds step = veryCoarseSeconds(timer.intervalMs);
        timer.due += step;
        if (timer.due < now)
            timer.due = wholeSecond(now) + step;
        return;
    }
    const std::chrono::milliseconds step(timer.intervalMs);
    // Keeps the phase of a periodic timer; one that fell behind restarts from now.
    timer.due += step;
    if (timer.due < now)
        timer.due = now + step;
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    for (auto it = m_timers.begin(); it != m_timers.end(); ++it) {
        if ((*it)->id != timerId)
            continue;
        if ((*it)->activation)
            *(*it)->activation = nullptr;
        m_timers.erase(it);
        return true;
    }
    return false;
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    bool found = false;
    auto kept = std::remove_if(m_timers.begin(), m_timers.end(), [&](std::unique_ptr<Timer>& timer) {
        if (timer->object != object)
            return false;
        if (timer->activation)
            *timer->activation = nullptr;
        found = true;
        return true;
    });
    m_timers.erase(kept, m_timers.end());
    return found;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject* object) const
{
    QList<TimerInfo> timers;
    for (const std::unique_ptr<Timer>& timer : m_timers) {
        if (timer->object == object)
            timers.append(TimerInfo(timer->id, int(timer->intervalMs), timer->type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const Clock::time_point now = Clock::now();
    for (const std::unique_ptr<Timer>& timer : m_timers) {
        if (timer->id != timerId)
            continue;
        if (timer->due <= now)
            return 0;
        return int(std::chrono::duration_cast<std::chrono::milliseconds>(timer->due - now).count());
    }
    return -1;
}

std::int64_t EpollEventDispatcher::nanosUntilFirstTimer(Clock::time_point now) const
{
    // A timer whose handler runs a nested loop cannot fire in it: it must not keep that loop awake.
    for (const std::unique_ptr<Timer>& timer : m_timers) {
        if (timer->activation)
            continue;
        if (timer->due <= now)
            return 0;
        return std::chrono::duration_cast<std::chrono::nanoseconds>(timer->due - now).count();
    }
    return -1;
}

int EpollEventDispatcher::activateTimers()
{
    if (m_timers.empty())
        return 0;
    const Clock::time_point now = Clock::now();
    size_t expired = 0;
    while (expired < m_timers.size() && m_timers[expired]->due <= now)
        ++expired;

    // Each timer due now fires once in this pass, in deadline order, even when rescheduling puts
    // it back in front (an interval of 0, or one shorter than the time its handlers took).
    int activated = 0;
    std::uint64_t firstSerial = 0; // the shortest interval fired so far in this pass
    qint64 firstInterval = 0;
    while (expired-- > 0 && !m_timers.empty()) {
        Timer* timer = m_timers.front().get();
        if (now < timer->due)
            break;
        if (firstSerial == 0 || (timer->serial != firstSerial && timer->intervalMs <= firstInterval)) {
            firstSerial = timer->serial;
            firstInterval = timer->intervalMs;
        } else if (timer->serial == firstSerial) {
            break;
        }

        std::unique_ptr<Timer> owned = std::move(m_timers.front());
        m_timers.erase(m_timers.begin());
        scheduleNext(*owned, now);
        insertTimer(std::move(owned));
        if (timer->intervalMs > 0)
            ++activated;

        if (timer->activation)
            continue; // its handler is running further up this thread's stack
        timer->activation = &timer;
        QTimerEvent event(timer->id);
        QCoreApplication::sendEvent(timer->object, &event);
        if (timer) // null when the handler unregistered it
            timer->activation = nullptr;
    }
    return activated;
}

} // namespace tollgate::http
