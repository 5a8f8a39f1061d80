#pragma once

#include <QSocketNotifier>

namespace tollgate::http {

// A socket notifier that calls a function when its socket is ready, with no signal in between.
//
// The gateway's workers handle several socket events per request. A QSocketNotifier delivers each
// one as an event through QCoreApplication and then as two signals; EpollEventDispatcher calls a
// SocketWatcher's function directly instead. Under any other dispatcher the event arrives as Qt
// sends it, and leads to the same call.
//
// The function gets `context` and may destroy the watcher's owner, as long as it touches nothing of
// it afterwards: the watcher reads nothing of its own after the call.
class SocketWatcher final : public QSocketNotifier
{
    Q_OBJECT
public:
    using Callback = void (*)(void* context);

    SocketWatcher(qintptr socket, Type type, bool enabled, Callback callback, void* context,
                  QObject* parent = nullptr);

    void fire() const { m_callback(m_context); }

protected:
    bool event(QEvent* e) override;

private:
    Callback m_callback;
    void* m_context;
};

} // namespace tollgate::http
