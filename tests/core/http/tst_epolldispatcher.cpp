#include "http/epolldispatcher.h"
#include "http/passflush.h"
#include "http/socketwatcher.h"

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

using tollgate::http::EpollEventDispatcher;
using tollgate::http::PassFlush;
using tollgate::http::SocketWatcher;

namespace {

// Runs this thread's loop, sleeping in the dispatcher between events, until cond() holds or
// timeoutMs pass. The tick only bounds each sleep; the wake-up tests below run without one.
bool spinUntil(const std::function<bool()>& cond, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QTimer tick;
    tick.start(10);
    while (!cond()) {
        if (clock.elapsed() >= timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Processes whatever comes for `ms` milliseconds, sleeping in the dispatcher in between.
void spinFor(int ms)
{
    QElapsedTimer clock;
    clock.start();
    QTimer stop;
    stop.setSingleShot(true);
    stop.setTimerType(Qt::PreciseTimer);
    stop.start(ms);
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// A connected pair of local stream sockets, closed on destruction.
struct SocketPair
{
    int fds[2] = {-1, -1};
    SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair() { closeBoth(); }
    bool ok() const { return fds[0] >= 0 && fds[1] >= 0; }
    void closeBoth()
    {
        for (int& fd : fds) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    }
    void send(int side, const char* text)
    {
        QVERIFY(::write(fds[side], text, qstrlen(text)) == ssize_t(qstrlen(text)));
    }
    QByteArray drain(int side)
    {
        QByteArray all;
        char buf[256];
        for (;;) {
            const ssize_t n = ::read(fds[side], buf, sizeof buf);
            if (n <= 0)
                return all;
            all.append(buf, n);
        }
    }
};

// A PassFlush that logs its flushes into a shared log.
class FlushProbe final : public PassFlush
{
public:
    FlushProbe(QStringList& log, QString name) : m_log(log), m_name(std::move(name)) {}
    void request() { requestFlush(); }
    void withdraw() { cancelFlush(); }
    bool pending() const { return flushPending(); }
    static bool holding() { return holdsWrites(); }
    std::function<void()> onFlush;

private:
    void flushPass() override
    {
        m_log << QStringLiteral("flush ") + m_name;
        if (onFlush)
            onFlush();
    }
    QStringList& m_log;
    QString m_name;
};

class CustomEvent : public QEvent
{
public:
    static QEvent::Type kind() { return QEvent::Type(QEvent::User + 17); }
    explicit CustomEvent(int tag) : QEvent(kind()), tag(tag) {}
    int tag;
};

class EventRecorder : public QObject
{
public:
    std::vector<int> tags;
    std::vector<int> timerIds;
    std::function<void(int)> onTimer;

protected:
    bool event(QEvent* e) override
    {
        if (e->type() == CustomEvent::kind()) {
            tags.push_back(static_cast<CustomEvent*>(e)->tag);
            return true;
        }
        return QObject::event(e);
    }
    void timerEvent(QTimerEvent* e) override
    {
        timerIds.push_back(e->timerId());
        if (onTimer)
            onTimer(e->timerId());
    }
};

} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mainThreadRunsIt();
    void workerSwitch();

    void zeroTimersFireEveryIteration();
    void singleShotZeroRuns();
    void timersFireInDeadlineOrder();
    void equalDeadlinesFireInRegistrationOrder();
    void preciseTimerNeverFiresEarly();
    void periodicTimerKeepsFiringAndStops();
    void timerKilledByAnotherTimersHandler();
    void timerDoesNotReenterFromNestedLoop();
    void veryCoarseTimerFiresOnWholeSeconds();
    void remainingTimeAndRegisteredTimers();

    void readNotifierIsLevelTriggered();
    void writeNotifierTogglesWithinOneIteration();
    void readNotifierSeesPeerClose();
    void notifierDeletedByEarlierHandlerInSameBatch();
    void socketWatcherIsCalledWithoutAnEvent();
    void socketWatcherDeletedByEarlierHandlerInSameBatch();
    void descriptorNumberReused();
    void excludeSocketNotifiersDefersThem();

    void postedEventsArriveInOrder();
    void wakeUpFromAnotherThread();
    void postFromAnotherThreadWakesTheLoop();

    void threadRunsTimersSocketsAndQuits();
    void tcpEchoOnWorkerThread();
    void busyPollingThreadServesAndThenSleeps();
    void busyPollingStopsWhileItCatchesNothing();

    void passFlushOutsideAPassIsImmediate();
    void passFlushRunsOnceAtTheOutermostEnd();
    void passFlushWithdrawnOrDestroyed();
    void passFlushMayRequestMoreWhileFlushing();
    void writesOfOnePassWaitForItsEnd();
    void aPassWithOneEventHoldsNothing();
};

void TestEpollDispatcher::mainThreadRunsIt()
{
    QVERIFY(qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance()) != nullptr);
}

void TestEpollDispatcher::workerSwitch()
{
    qunsetenv("TOLLGATE_DISPATCHER");
    std::unique_ptr<QAbstractEventDispatcher> ours(EpollEventDispatcher::createForWorker());
    QVERIFY(qobject_cast<EpollEventDispatcher*>(ours.get()) != nullptr);
    QVERIFY(static_cast<EpollEventDispatcher*>(ours.get())->isValid());

    qputenv("TOLLGATE_DISPATCHER", "poll");
    std::unique_ptr<QAbstractEventDispatcher> qts(EpollEventDispatcher::createForWorker());
    qunsetenv("TOLLGATE_DISPATCHER");
    QVERIFY(qts == nullptr);
}

// ---- timers ----

void TestEpollDispatcher::zeroTimersFireEveryIteration()
{
    QTimer zero;
    zero.setInterval(0);
    int fired = 0;
    connect(&zero, &QTimer::timeout, this, [&] { ++fired; });
    zero.start();
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // never blocks while it runs
    QCOMPARE(fired, 5);
    zero.stop();
    QCoreApplication::processEvents();
    QCOMPARE(fired, 5);
}

void TestEpollDispatcher::singleShotZeroRuns()
{
    std::vector<int> order;
    QTimer::singleShot(0, this, [&] { order.push_back(1); });
    QTimer::singleShot(0, this, [&] { order.push_back(2); });
    EventRecorder recorder;
    recorder.startTimer(0); // a real 0 ms timer, not a queued call
    QVERIFY(spinUntil([&] { return order.size() == 2 && !recorder.timerIds.empty(); }, 2000));
    QCOMPARE(order, (std::vector<int>{1, 2}));
}

void TestEpollDispatcher::timersFireInDeadlineOrder()
{
    std::vector<int> order;
    std::vector<std::unique_ptr<QTimer>> timers;
    for (int ms : {40, 10, 30, 0, 20}) {
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        connect(timer.get(), &QTimer::timeout, this, [&order, ms] { order.push_back(ms); });
        timer->start(ms);
        timers.push_back(std::move(timer));
    }
    QVERIFY(spinUntil([&] { return order.size() == 5; }, 2000));
    QCOMPARE(order, (std::vector<int>{0, 10, 20, 30, 40}));
}

void TestEpollDispatcher::equalDeadlinesFireInRegistrationOrder()
{
    EventRecorder recorder;
    // Registered within the same microsecond or not, the later one can never be due earlier.
    const int a = recorder.startTimer(5, Qt::PreciseTimer);
    const int b = recorder.startTimer(5, Qt::PreciseTimer);
    const int c = recorder.startTimer(5, Qt::PreciseTimer);
    recorder.onTimer = [&](int id) { recorder.killTimer(id); };
    QVERIFY(spinUntil([&] { return recorder.timerIds.size() == 3; }, 2000));
    QCOMPARE(recorder.timerIds, (std::vector<int>{a, b, c}));
}

void TestEpollDispatcher::preciseTimerNeverFiresEarly()
{
    for (const Qt::TimerType type : {Qt::PreciseTimer, Qt::CoarseTimer}) {
        QElapsedTimer clock;
        qint64 firedAfterMs = -1;
        QTimer timer;
        timer.setSingleShot(true);
        timer.setTimerType(type);
        connect(&timer, &QTimer::timeout, this, [&] { firedAfterMs = clock.elapsed(); });
        clock.start();
        timer.start(30);
        QVERIFY(spinUntil([&] { return firedAfterMs >= 0; }, 2000));
        QVERIFY2(firedAfterMs >= 30, QByteArray::number(firedAfterMs));
    }
}

void TestEpollDispatcher::periodicTimerKeepsFiringAndStops()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++fired == 4)
            timer.stop();
    });
    timer.start(5);
    QVERIFY(spinUntil([&] { return fired == 4; }, 2000));
    QVERIFY(!timer.isActive());
    spinFor(30);
    QCOMPARE(fired, 4);
}

void TestEpollDispatcher::timerKilledByAnotherTimersHandler()
{
    EventRecorder recorder;
    const int first = recorder.startTimer(0, Qt::PreciseTimer);
    const int second = recorder.startTimer(0, Qt::PreciseTimer);
    recorder.onTimer = [&](int id) {
        recorder.killTimer(first);
        recorder.killTimer(second);
        Q_UNUSED(id);
    };
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(recorder.timerIds, (std::vector<int>{first})); // the second was due, but killed first
}

void TestEpollDispatcher::timerDoesNotReenterFromNestedLoop()
{
    EventRecorder recorder;
    int other = 0;
    QTimer otherTimer;
    otherTimer.setTimerType(Qt::PreciseTimer);
    connect(&otherTimer, &QTimer::timeout, this, [&] { ++other; });
    const int id = recorder.startTimer(0, Qt::PreciseTimer);
    int depth = 0;
    int maxDepth = 0;
    recorder.onTimer = [&](int) {
        ++depth;
        maxDepth = std::max(maxDepth, depth);
        if (recorder.timerIds.size() == 1) {
            otherTimer.start(5);
            // A nested loop: the other timer fires in it, this one does not fire again inside itself.
            QVERIFY(spinUntil([&] { return other >= 2; }, 2000));
        }
        --depth;
    };
    QVERIFY(spinUntil([&] { return recorder.timerIds.size() >= 3; }, 2000));
    recorder.killTimer(id);
    QCOMPARE(maxDepth, 1);
    QVERIFY(other >= 2);
}

void TestEpollDispatcher::veryCoarseTimerFiresOnWholeSeconds()
{
    QElapsedTimer clock;
    qint64 firedAfterMs = -1;
    QTimer timer;
    timer.setSingleShot(true);
    timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&timer, &QTimer::timeout, this, [&] { firedAfterMs = clock.elapsed(); });
    clock.start();
    timer.start(1000);
    QVERIFY(timer.remainingTime() <= 1500);
    QVERIFY(spinUntil([&] { return firedAfterMs >= 0; }, 3000));
    // Within half a second of the interval either way, like Qt's own very coarse timers.
    QVERIFY2(firedAfterMs >= 500 && firedAfterMs <= 2000, QByteArray::number(firedAfterMs));
}

void TestEpollDispatcher::remainingTimeAndRegisteredTimers()
{
    auto* dispatcher = QAbstractEventDispatcher::instance();
    EventRecorder recorder;
    const int precise = recorder.startTimer(10'000, Qt::PreciseTimer);
    const int coarse = recorder.startTimer(250, Qt::CoarseTimer);
    const int remaining = dispatcher->remainingTime(precise);
    QVERIFY2(remaining > 9'000 && remaining <= 10'000, QByteArray::number(remaining));
    QCOMPARE(dispatcher->remainingTime(12345678), -1);

    const QList<QAbstractEventDispatcher::TimerInfo> timers = dispatcher->registeredTimers(&recorder);
    QCOMPARE(timers.size(), 2);
    bool sawPrecise = false;
    bool sawCoarse = false;
    for (const auto& info : timers) {
        sawPrecise = sawPrecise || (info.timerId == precise && info.interval == 10'000 &&
                                    info.timerType == Qt::PreciseTimer);
        sawCoarse = sawCoarse ||
                    (info.timerId == coarse && info.interval == 250 && info.timerType == Qt::CoarseTimer);
    }
    QVERIFY(sawPrecise);
    QVERIFY(sawCoarse);

    QVERIFY(dispatcher->unregisterTimers(&recorder));
    QVERIFY(dispatcher->registeredTimers(&recorder).isEmpty());
    QVERIFY(!dispatcher->unregisterTimers(&recorder));
}

// ---- socket notifiers ----

void TestEpollDispatcher::readNotifierIsLevelTriggered()
{
    SocketPair pair;
    QVERIFY(pair.ok());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });
    spinFor(20);
    QCOMPARE(activations, 0);

    pair.send(1, "ping");
    QVERIFY(spinUntil([&] { return activations >= 1; }, 2000));
    // Not read yet: it keeps firing, as with poll().
    QVERIFY(spinUntil([&] { return activations >= 3; }, 2000));
    QCOMPARE(pair.drain(0), QByteArray("ping"));
    const int settled = activations;
    spinFor(30);
    QCOMPARE(activations, settled);
}

void TestEpollDispatcher::writeNotifierTogglesWithinOneIteration()
{
    SocketPair pair;
    QVERIFY(pair.ok());
    QSocketNotifier read(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier write(pair.fds[0], QSocketNotifier::Write);
    int writes = 0;
    int reads = 0;
    connect(&write, &QSocketNotifier::activated, this, [&] {
        ++writes;
        write.setEnabled(false);
    });
    connect(&read, &QSocketNotifier::activated, this, [&] {
        ++reads;
        pair.drain(0);
    });
    QVERIFY(spinUntil([&] { return writes == 1; }, 2000));
    spinFor(20);
    QCOMPARE(writes, 1);

    // Enabled and disabled before the loop waits: the kernel never hears of it.
    write.setEnabled(true);
    write.setEnabled(false);
    spinFor(20);
    QCOMPARE(writes, 1);

    // Disabled and enabled again before the loop waits: still watched.
    write.setEnabled(true);
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    write.setEnabled(false);
    write.setEnabled(true);
    QVERIFY(spinUntil([&] { return writes >= 2; }, 2000));

    // The read notifier on the same descriptor kept working through all of it.
    pair.send(1, "x");
    QVERIFY(spinUntil([&] { return reads == 1; }, 2000));
}

void TestEpollDispatcher::readNotifierSeesPeerClose()
{
    SocketPair pair;
    QVERIFY(pair.ok());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    bool sawEnd = false;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        char c;
        if (::read(pair.fds[0], &c, 1) == 0) {
            sawEnd = true;
            notifier.setEnabled(false);
        }
    });
    ::close(pair.fds[1]);
    pair.fds[1] = -1;
    QVERIFY(spinUntil([&] { return sawEnd; }, 2000));
}

void TestEpollDispatcher::notifierDeletedByEarlierHandlerInSameBatch()
{
    SocketPair first;
    SocketPair second;
    QVERIFY(first.ok() && second.ok());
    QPointer<QSocketNotifier> a = new QSocketNotifier(first.fds[0], QSocketNotifier::Read, this);
    QPointer<QSocketNotifier> b = new QSocketNotifier(second.fds[0], QSocketNotifier::Read, this);
    int firedA = 0;
    int firedB = 0;
    // Whichever fires first deletes the other, which was reported ready in the same wait.
    connect(a, &QSocketNotifier::activated, this, [&] {
        ++firedA;
        first.drain(0);
        delete b.data();
    });
    connect(b, &QSocketNotifier::activated, this, [&] {
        ++firedB;
        second.drain(0);
        delete a.data();
    });
    first.send(1, "a");
    second.send(1, "b");
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    spinFor(20);
    QCOMPARE(firedA + firedB, 1);
    QCOMPARE(int(a.isNull()) + int(b.isNull()), 1);
    delete a.data();
    delete b.data();
}

namespace {

// Counts the socket events that pass through QCoreApplication to the objects it watches.
class SocketEventCounter final : public QObject
{
public:
    int events = 0;

protected:
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::SockAct)
            ++events;
        return false;
    }
};

struct WatcherProbe
{
    SocketPair* pair = nullptr;
    int fired = 0;
    QPointer<SocketWatcher>* victim = nullptr; // deleted by the call, when set
};

void probeFired(void* context)
{
    auto* probe = static_cast<WatcherProbe*>(context);
    ++probe->fired;
    probe->pair->drain(0);
    if (probe->victim)
        delete probe->victim->data();
}

} // namespace

void TestEpollDispatcher::socketWatcherIsCalledWithoutAnEvent()
{
    SocketPair pair;
    SocketPair plainPair;
    QVERIFY(pair.ok() && plainPair.ok());
    WatcherProbe probe{&pair};
    SocketWatcher watcher(pair.fds[0], QSocketNotifier::Read, true, &probeFired, &probe);
    QSocketNotifier plain(plainPair.fds[0], QSocketNotifier::Read);
    int plainFired = 0;
    connect(&plain, &QSocketNotifier::activated, this, [&] {
        ++plainFired;
        plainPair.drain(0);
    });
    SocketEventCounter counter;
    watcher.installEventFilter(&counter);
    plain.installEventFilter(&counter);

    for (int round = 1; round <= 3; ++round) {
        pair.send(1, "x");
        plainPair.send(1, "y");
        QVERIFY(spinUntil([&] { return probe.fired == round && plainFired == round; }, 5000));
    }
    // The plain notifier's three events went through QCoreApplication; the watcher was called.
    QCOMPARE(counter.events, 3);

    // Disabled, it is not called; enabled again, it is.
    watcher.setEnabled(false);
    pair.send(1, "x");
    spinFor(20);
    QCOMPARE(probe.fired, 3);
    watcher.setEnabled(true);
    QVERIFY(spinUntil([&] { return probe.fired == 4; }, 5000));
}

void TestEpollDispatcher::socketWatcherDeletedByEarlierHandlerInSameBatch()
{
    SocketPair first;
    SocketPair second;
    QVERIFY(first.ok() && second.ok());
    QPointer<SocketWatcher> a;
    QPointer<SocketWatcher> b;
    // Whichever is called first deletes the other, which was reported ready in the same wait.
    WatcherProbe probeA{&first, 0, &b};
    WatcherProbe probeB{&second, 0, &a};
    a = new SocketWatcher(first.fds[0], QSocketNotifier::Read, true, &probeFired, &probeA, this);
    b = new SocketWatcher(second.fds[0], QSocketNotifier::Read, true, &probeFired, &probeB, this);
    first.send(1, "a");
    second.send(1, "b");
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    spinFor(20);
    QCOMPARE(probeA.fired + probeB.fired, 1);
    QCOMPARE(int(a.isNull()) + int(b.isNull()), 1);
    delete a.data();
    delete b.data();
}

void TestEpollDispatcher::descriptorNumberReused()
{
    int reusedFd = -1;
    {
        SocketPair old;
        QVERIFY(old.ok());
        QSocketNotifier notifier(old.fds[0], QSocketNotifier::Read);
        old.send(1, "stale");
        QCoreApplication::processEvents(); // registered with the kernel
        reusedFd = old.fds[0];
        // The descriptor closes while the notifier is still enabled, as a careless owner might.
        old.closeBoth();
        notifier.setEnabled(false);
    }
    SocketPair fresh;
    QVERIFY(fresh.ok());
    QCOMPARE(fresh.fds[0], reusedFd); // the kernel hands out the lowest free number
    QSocketNotifier notifier(fresh.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        fresh.drain(0);
    });
    spinFor(20);
    QCOMPARE(activations, 0);
    fresh.send(1, "new");
    QVERIFY(spinUntil([&] { return activations == 1; }, 2000));
}

void TestEpollDispatcher::excludeSocketNotifiersDefersThem()
{
    SocketPair pair;
    QVERIFY(pair.ok());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        pair.drain(0);
    });
    pair.send(1, "later");
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents(QEventLoop::ExcludeSocketNotifiers);
    QCOMPARE(activations, 0);
    QVERIFY(spinUntil([&] { return activations == 1; }, 2000));
}

// ---- posted events and wake-ups ----

void TestEpollDispatcher::postedEventsArriveInOrder()
{
    EventRecorder recorder;
    for (int tag = 1; tag <= 5; ++tag)
        QCoreApplication::postEvent(&recorder, new CustomEvent(tag));
    QVERIFY(recorder.tags.empty());
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // must not sleep with events queued
    QCOMPARE(recorder.tags, (std::vector<int>{1, 2, 3, 4, 5}));

    QPointer<QObject> doomed = new QObject;
    doomed->deleteLater();
    QEventLoop loop;
    QTimer::singleShot(0, &loop, &QEventLoop::quit);
    loop.exec();
    QVERIFY(doomed.isNull());
}

void TestEpollDispatcher::wakeUpFromAnotherThread()
{
    auto* dispatcher = QAbstractEventDispatcher::instance();
    QCoreApplication::processEvents(); // nothing left to do
    std::atomic<bool> woke{false};
    std::thread waker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        woke = true;
        dispatcher->wakeUp();
    });
    QElapsedTimer clock;
    clock.start();
    // No timer, no socket: only the wake-up ends this wait.
    dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    waker.join();
    QVERIFY(woke);
    QVERIFY(clock.elapsed() < 5000);
}

void TestEpollDispatcher::postFromAnotherThreadWakesTheLoop()
{
    QEventLoop loop;
    std::vector<int> got;
    std::thread poster([&] {
        for (int i = 1; i <= 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            QMetaObject::invokeMethod(
                &loop,
                [&got, &loop, i] {
                    got.push_back(i);
                    if (i == 3)
                        loop.quit();
                },
                Qt::QueuedConnection);
        }
    });
    loop.exec(); // has no timer: hangs (and the test times out) if a post does not wake it
    poster.join();
    QCOMPARE(got, (std::vector<int>{1, 2, 3}));
}

// ---- a worker thread running it ----

void TestEpollDispatcher::threadRunsTimersSocketsAndQuits()
{
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    SocketPair pair;
    QVERIFY(pair.ok());

    std::atomic<bool> onEpoll{false};
    std::atomic<int> ticks{0};
    std::atomic<int> reads{0};
    QByteArray received;
    QObject context;
    context.moveToThread(&thread);
    thread.start();

    QMetaObject::invokeMethod(
        &context,
        [&] {
            onEpoll = qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance()) != nullptr;
            auto* timer = new QTimer(&context);
            QObject::connect(timer, &QTimer::timeout, &context, [&] { ++ticks; });
            timer->start(5);
            auto* notifier = new QSocketNotifier(pair.fds[0], QSocketNotifier::Read, &context);
            QObject::connect(notifier, &QSocketNotifier::activated, &context, [&] {
                received += pair.drain(0);
                ++reads;
            });
        },
        Qt::QueuedConnection);
    QTRY_VERIFY(ticks >= 3);
    QVERIFY(onEpoll);
    pair.send(1, "across");
    QTRY_COMPARE(reads.load(), 1);

    // deleteLater on the worker; then quit() from here interrupts its loop.
    QPointer<QObject> doomed = new QObject;
    doomed->moveToThread(&thread);
    QMetaObject::invokeMethod(
        doomed, [d = doomed.data()] { d->deleteLater(); }, Qt::QueuedConnection);
    QTRY_VERIFY(doomed.isNull());
    QMetaObject::invokeMethod(
        &context, [&] { qDeleteAll(context.children()); }, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));
    QCOMPARE(received, QByteArray("across"));
}

namespace {

// A QTcpServer on 127.0.0.1 that echoes what each peer sends; moved to `thread`, deleted when
// it finishes.
QTcpServer* startEchoServer(QThread& thread)
{
    auto* server = new QTcpServer;
    if (!server->listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen on 127.0.0.1");
    QObject::connect(server, &QTcpServer::newConnection, server, [server] {
        while (QTcpSocket* peer = server->nextPendingConnection()) {
            peer->setParent(server);
            QObject::connect(peer, &QTcpSocket::readyRead, peer, [peer] {
                peer->write(peer->readAll());
                peer->flush();
            });
        }
    });
    server->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, server, &QObject::deleteLater);
    return server;
}

// Sends `message` to the echo server on `port` `rounds` times, each after the previous echo came
// back whole; true when all came back in time.
bool echoRounds(QObject* context, quint16 port, const QByteArray& message, int rounds)
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    if (!client.waitForConnected(5000))
        return false;
    QByteArray echoed;
    int done = 0;
    QObject::connect(&client, &QTcpSocket::readyRead, context, [&] {
        echoed += client.readAll();
        if (echoed.size() == message.size()) {
            echoed.clear();
            if (++done < rounds)
                client.write(message);
        }
    });
    client.write(message);
    const bool finished = spinUntil([&] { return done == rounds; }, 20000);
    client.disconnectFromHost();
    return finished && echoed.isEmpty();
}

} // namespace

void TestEpollDispatcher::tcpEchoOnWorkerThread()
{
    // A Qt TCP server on a worker thread with this dispatcher, a Qt client on this one (which runs
    // it too): a thousand round trips through QAbstractSocket's notifier toggling.
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    const quint16 port = startEchoServer(thread)->serverPort();
    thread.start();
    QVERIFY(echoRounds(this, port, QByteArray(700, 'm') + '\n', 1000));
    thread.quit();
    QVERIFY(thread.wait(5000));
}

namespace {

std::int64_t threadCpuUs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return std::int64_t(t.tv_sec) * 1'000'000 + t.tv_nsec / 1000;
}

} // namespace

void TestEpollDispatcher::busyPollingThreadServesAndThenSleeps()
{
    // With busy polling on, a worker still answers every round trip, fires its timers, takes
    // posts from other threads, and sleeps once the traffic stops: idle, it does not spin.
    QThread thread;
    auto* dispatcher = new EpollEventDispatcher;
    dispatcher->setBusyPoll(std::chrono::microseconds(1000));
    thread.setEventDispatcher(dispatcher);
    QTcpServer* server = startEchoServer(thread);
    const quint16 port = server->serverPort();
    std::atomic<int> ticks{0};
    auto* timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, server, [&ticks] { ++ticks; });
    timer->start(20);
    timer->moveToThread(&thread);
    timer->setParent(server);
    thread.start();

    QVERIFY(echoRounds(this, port, QByteArray(300, 'b') + '\n', 300));
    QVERIFY(spinUntil([&] { return ticks >= 3; }, 5000));

    auto cpuOfWorker = [&] {
        std::int64_t us = 0;
        QMetaObject::invokeMethod(server, [&us] { us = threadCpuUs(); }, Qt::BlockingQueuedConnection);
        return us;
    };
    // From here on the worker has nothing to do.
    QMetaObject::invokeMethod(server, [timer] { timer->stop(); }, Qt::BlockingQueuedConnection);
    const std::int64_t before = cpuOfWorker();
    QTest::qWait(600);
    const std::int64_t idleCpuUs = cpuOfWorker() - before;
    // A thread that kept spinning would have used about 600 ms; a sleeping one next to nothing.
    QVERIFY2(idleCpuUs < 150'000, qPrintable(QString::number(idleCpuUs)));

    thread.quit();
    QVERIFY(thread.wait(5000));
}

void TestEpollDispatcher::busyPollingStopsWhileItCatchesNothing()
{
    // A worker polls before it sleeps only while polling catches events: messages 20 ms apart
    // never arrive within a 5 ms spell, so the worker soon sleeps at once instead of polling 5 ms
    // after each; round trips back to back bring the polling back.
    QThread thread;
    auto* dispatcher = new EpollEventDispatcher;
    dispatcher->setBusyPoll(std::chrono::microseconds(5000));
    thread.setEventDispatcher(dispatcher);
    QTcpServer* server = startEchoServer(thread);
    const quint16 port = server->serverPort();
    thread.start();
    auto onWorker = [server](auto f) { QMetaObject::invokeMethod(server, f, Qt::BlockingQueuedConnection); };
    auto cpuOfWorker = [&] {
        std::int64_t us = 0;
        onWorker([&us] { us = threadCpuUs(); });
        return us;
    };
    auto polling = [&] {
        bool on = false;
        onWorker([&on, dispatcher] { on = dispatcher->busyPolling(); });
        return on;
    };

    QVERIFY(echoRounds(this, port, QByteArray(100, 'a') + '\n', 200));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    constexpr int kMessages = 50;
    const std::int64_t before = cpuOfWorker();
    int sent = 0;
    QByteArray echoed;
    QObject::connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
    QTimer pace;
    QObject::connect(&pace, &QTimer::timeout, this, [&] {
        if (sent < kMessages) {
            client.write("ping\n");
            ++sent;
        }
    });
    pace.start(20);
    QVERIFY(spinUntil([&] { return echoed.size() == kMessages * 5; }, 20000));
    const std::int64_t spentUs = cpuOfWorker() - before;
    // Polling 5 ms after each of the 50 messages would take about 250 ms of the worker's CPU;
    // stopping after about a dozen spells that caught nothing (and trying one in 16 waits after
    // that) takes about 70 ms.
    QVERIFY2(spentUs < 150'000, qPrintable(QString::number(spentUs)));
    QVERIFY(!polling());
    client.disconnectFromHost();

    QVERIFY(echoRounds(this, port, QByteArray(100, 'b') + '\n', 300));
    QVERIFY(polling());

    thread.quit();
    QVERIFY(thread.wait(5000));
}

void TestEpollDispatcher::passFlushOutsideAPassIsImmediate()
{
    QStringList log;
    FlushProbe probe(log, QStringLiteral("a"));
    QVERIFY(!FlushProbe::holding());
    probe.request();
    probe.request();
    QCOMPARE(log, QStringList({QStringLiteral("flush a"), QStringLiteral("flush a")}));
    QVERIFY(!probe.pending());
}

void TestEpollDispatcher::passFlushRunsOnceAtTheOutermostEnd()
{
    QStringList log;
    FlushProbe a(log, QStringLiteral("a"));
    FlushProbe b(log, QStringLiteral("b"));
    {
        PassFlush::Scope pass;
        QVERIFY(FlushProbe::holding());
        a.request();
        b.request();
        a.request(); // once per pass, in the order first asked
        {
            PassFlush::Scope inner;
            b.request();
        }
        QVERIFY(log.isEmpty()); // an inner scope's end is not the pass's
        QVERIFY(a.pending() && b.pending());
    }
    QCOMPARE(log, QStringList({QStringLiteral("flush a"), QStringLiteral("flush b")}));
    QVERIFY(!a.pending() && !b.pending());
    QVERIFY(!FlushProbe::holding());
}

void TestEpollDispatcher::passFlushWithdrawnOrDestroyed()
{
    QStringList log;
    FlushProbe kept(log, QStringLiteral("kept"));
    FlushProbe withdrawn(log, QStringLiteral("withdrawn"));
    {
        PassFlush::Scope pass;
        withdrawn.request();
        kept.request();
        withdrawn.withdraw();
        FlushProbe gone(log, QStringLiteral("gone"));
        gone.request();
    } // `gone` was destroyed before the pass ended: its request went with it
    QCOMPARE(log, QStringList({QStringLiteral("flush kept")}));

    // One flush destroying another that is still due: the second never runs.
    log.clear();
    auto victim = std::make_unique<FlushProbe>(log, QStringLiteral("victim"));
    FlushProbe killer(log, QStringLiteral("killer"));
    killer.onFlush = [&victim] { victim.reset(); };
    {
        PassFlush::Scope pass;
        killer.request();
        victim->request();
    }
    QCOMPARE(log, QStringList({QStringLiteral("flush killer")}));
}

void TestEpollDispatcher::passFlushMayRequestMoreWhileFlushing()
{
    QStringList log;
    FlushProbe first(log, QStringLiteral("first"));
    FlushProbe second(log, QStringLiteral("second"));
    int firstFlushes = 0;
    first.onFlush = [&] {
        if (++firstFlushes > 1)
            return;
        second.request();
        first.request(); // asks again, from its own flush
    };
    {
        PassFlush::Scope pass;
        first.request();
    }
    QCOMPARE(log, QStringList({QStringLiteral("flush first"), QStringLiteral("flush second"),
                               QStringLiteral("flush first")}));
    QVERIFY(!first.pending() && !second.pending());
}

void TestEpollDispatcher::writesOfOnePassWaitForItsEnd()
{
    // Two descriptors ready in the same pass: what their handlers ask to flush runs after both
    // handlers, not after each. Qt's own dispatcher would give "read 0, flush 0, read 1, flush 1".
    SocketPair pairs[2];
    QVERIFY(pairs[0].ok() && pairs[1].ok());
    QStringList log;
    FlushProbe probes[2] = {FlushProbe(log, QStringLiteral("0")), FlushProbe(log, QStringLiteral("1"))};
    std::unique_ptr<QSocketNotifier> notifiers[2];
    for (int i = 0; i < 2; ++i) {
        notifiers[i] = std::make_unique<QSocketNotifier>(pairs[i].fds[1], QSocketNotifier::Read);
        QObject::connect(notifiers[i].get(), &QSocketNotifier::activated, [&, i] {
            pairs[i].drain(1);
            log << QStringLiteral("read %1").arg(i);
            probes[i].request();
        });
    }
    pairs[0].send(0, "x");
    pairs[1].send(0, "y");
    QVERIFY(spinUntil([&] { return log.size() >= 4; }, 5000));
    QCOMPARE(log.size(), 4);
    QVERIFY2(log[0].startsWith(QLatin1String("read")) && log[1].startsWith(QLatin1String("read")),
             qPrintable(log.join(QLatin1String(", "))));
    QVERIFY2(log[2].startsWith(QLatin1String("flush")) && log[3].startsWith(QLatin1String("flush")),
             qPrintable(log.join(QLatin1String(", "))));
    // Outside the loop's passes nothing is held.
    QVERIFY(!FlushProbe::holding());
}

void TestEpollDispatcher::aPassWithOneEventHoldsNothing()
{
    // Light load: one descriptor ready. Its flush runs inside its handler, so an answer is not kept
    // waiting behind whatever the handler does after asking for it.
    SocketPair pair;
    QVERIFY(pair.ok());
    QStringList log;
    FlushProbe probe(log, QStringLiteral("0"));
    QSocketNotifier notifier(pair.fds[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        pair.drain(1);
        log << QStringLiteral("read 0");
        probe.request();
        log << QStringLiteral("handler done");
    });
    pair.send(0, "x");
    QVERIFY(spinUntil([&] { return log.size() >= 3; }, 5000));
    QCOMPARE(log, QStringList({QStringLiteral("read 0"), QStringLiteral("flush 0"), QStringLiteral("handler done")}));
}

int main(int argc, char** argv)
{
    // Before the application object exists: the main thread runs it too.
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
